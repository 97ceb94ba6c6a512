#include "flow/flow_entity_input.hpp"

#include <fmt/core.h>

#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

namespace {

const std::string* text_of(const FlowVariables& values, const char* key) {
  const auto it = values.find(key);
  if (it == values.end()) return nullptr;
  const auto* text = std::get_if<std::string>(&it->second);
  return text != nullptr && !text->empty() ? text : nullptr;
}

std::optional<std::int64_t> whole_of(const FlowVariables& values, const char* key) {
  const auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  if (const auto* whole = std::get_if<std::int64_t>(&it->second)) return *whole;
  return std::nullopt;
}

void set_if(nlohmann::json& object, const char* key, const std::string* text) {
  if (text != nullptr) object[key] = *text;
}

void link(nlohmann::json& object, const FlowVariables& contact,
          std::optional<std::int64_t> interaction_id) {
  if (auto id = contact_id_of(contact)) object["contact_id"] = *id;
  if (interaction_id) object["interaction_id"] = *interaction_id;
}

}  // namespace

OrderResult order_result(const Result<nlohmann::json>& stored) {
  OrderResult result;
  if (stored) {
    result.ok = true;
    result.number = stored->value("order_number", "");
  } else {
    result.error = stored.error().message;
  }
  return result;
}

TicketResult ticket_result(const Result<nlohmann::json>& stored) {
  TicketResult result;
  if (stored) {
    result.ok = true;
    result.number = stored->value("ticket_number", "");
  } else {
    result.error = stored.error().message;
  }
  return result;
}

CallbackResult callback_result(const Result<nlohmann::json>& stored) {
  CallbackResult result;
  if (stored) {
    result.ok = true;  // due at once: `when` stays empty ("so bald wie möglich")
  } else {
    result.error = stored.error().message;
  }
  return result;
}

std::optional<std::int64_t> contact_id_of(const FlowVariables& contact) {
  auto id = whole_of(contact, "id");
  if (id && *id > 0) return id;
  return std::nullopt;
}

nlohmann::json order_entity_input(const CreateOrder& request,
                                  std::optional<std::int64_t> interaction_id,
                                  std::string_view channel) {
  const FlowVariables& order = request.order;
  nlohmann::json line = nlohmann::json::object();
  if (auto product = whole_of(order, "product_id")) line["product_id"] = *product;
  const std::string* product_name = text_of(order, "product");
  const std::string* variant = text_of(order, "variant");
  std::string description = product_name != nullptr ? *product_name : std::string();
  if (variant != nullptr) description += (description.empty() ? "" : ", ") + *variant;
  if (!description.empty()) line["description"] = description;
  line["quantity"] = whole_of(order, "quantity").value_or(1);
  if (auto price = whole_of(order, "unit_price_cents")) line["unit_price_cents"] = *price;

  nlohmann::json input{
      {"status", "new"}, {"currency", "EUR"}, {"lines", nlohmann::json::array({std::move(line)})}};
  link(input, request.contact, interaction_id);
  set_if(input, "delivery_name", text_of(request.contact, "name"));
  set_if(input, "delivery_street", text_of(order, "street"));
  set_if(input, "delivery_postcode", text_of(order, "postcode"));
  set_if(input, "delivery_city", text_of(order, "city"));
  input["notes"] = fmt::format("Vom virtuellen Agenten aufgenommen ({}).", channel);
  return input;
}

nlohmann::json ticket_entity_input(const CreateTicket& request,
                                   std::optional<std::int64_t> interaction_id,
                                   std::optional<std::int64_t> order_id, TimeMs now) {
  const std::string category = request.category.empty() ? "Sonstiges" : request.category;
  std::string subject = category;
  if (!request.order_number.empty()) subject += ", Bestellung " + request.order_number;
  nlohmann::json input{{"category", category},
                       {"subject", subject},
                       {"priority", "normal"},
                       {"status", "open"},
                       {"due_at", now + static_cast<TimeMs>(request.sla_hours) * 3'600'000}};
  link(input, request.contact, interaction_id);
  if (order_id) input["order_id"] = *order_id;
  // The caller's own words; on the phone, where nothing is described, the order number the
  // caller typed is the only detail beyond the category.
  std::string description = request.description;
  if (!request.order_number.empty() && !order_id)
    description += fmt::format("{}Genannte Bestellnummer: {}", description.empty() ? "" : "\n",
                               request.order_number);
  if (!description.empty()) input["description"] = description;
  if (!request.remedy.empty()) input["desired_remedy"] = request.remedy;
  return input;
}

nlohmann::json callback_entity_input(const ScheduleCallback& request,
                                     std::optional<std::int64_t> interaction_id,
                                     std::optional<std::int64_t> queue_id) {
  nlohmann::json input{{"number", request.number}, {"status", "pending"}};
  link(input, request.contact, interaction_id);
  if (queue_id) input["queue_id"] = *queue_id;
  if (!request.summary.empty()) input["summary"] = request.summary;
  input["variables"] = variables_to_json(request.variables);
  // The store knows de and en; "en-GB" and the like are English.
  if (!request.language.empty())
    input["language"] = input_parts::is_english(request.language) ? "en" : "de";
  return input;
}

}  // namespace callwerk::flow

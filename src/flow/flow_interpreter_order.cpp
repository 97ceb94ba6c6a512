// The order node: product (flow_interpreter_order_product.cpp), quantity, delivery address
// (the contact's when known), the price read back and an explicit yes before CreateOrder.
// Variables under the node's `variable` (bestellung): artikelnummer, artikel, einzelpreis
// and summe (cents), menge, strasse, plz, ort, adresse, and nummer once the order exists.

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"
#include "flow/flow_interpreter_order.hpp"

namespace callwerk::flow {

using namespace order_parts;

namespace order_parts {

std::string field(const OrderNode& node, std::string_view name) {
  return node.variable + "." + std::string(name);
}

const CatalogProduct* chosen_product(const StepContext& ctx, const OrderNode& node) {
  const auto it = ctx.state.variables.find(field(node, "artikelnummer"));
  if (it == ctx.state.variables.end()) return nullptr;
  const auto* sku = std::get_if<std::string>(&it->second);
  if (sku == nullptr) return nullptr;
  const auto& products = ctx.compiled_node().products;
  const int index = product_by_sku(products, *sku);
  return index < 0 ? nullptr : products[static_cast<std::size_t>(index)];
}

}  // namespace order_parts

namespace {

const std::string* text_variable(const FlowState& state, const std::string& name) {
  const auto it = state.variables.find(name);
  if (it == state.variables.end()) return nullptr;
  const auto* text = std::get_if<std::string>(&it->second);
  return text != nullptr && !text->empty() ? text : nullptr;
}

std::int64_t whole_variable(const FlowState& state, const std::string& name) {
  const auto it = state.variables.find(name);
  if (it == state.variables.end()) return 0;
  const auto* number = std::get_if<std::int64_t>(&it->second);
  return number == nullptr ? 0 : *number;
}

// A fresh run of the node forgets what an earlier run collected.
void forget_earlier_run(StepContext& ctx, const OrderNode& node) {
  FlowVariables& variables = ctx.state.variables;
  const std::string prefix = node.variable + ".";
  auto it = variables.lower_bound(prefix);
  while (it != variables.end() && it->first.starts_with(prefix)) it = variables.erase(it);
}

void set_address(StepContext& ctx, const OrderNode& node) {
  const FlowState& state = ctx.state;
  const std::string* street = text_variable(state, field(node, "strasse"));
  const std::string* postcode = text_variable(state, field(node, "plz"));
  const std::string* city = text_variable(state, field(node, "ort"));
  std::string address = street != nullptr ? *street : std::string();
  std::string place = postcode != nullptr ? *postcode : std::string();
  if (city != nullptr) place += (place.empty() ? "" : " ") + *city;
  if (!place.empty()) address += (address.empty() ? "" : ", ") + place;
  ctx.set_variable(field(node, "adresse"), std::move(address));
}

// The contact's address (kontakt.strasse, kontakt.plz, kontakt.ort) when it has street and
// postcode: then nobody needs to ask.
bool take_contact_address(StepContext& ctx, const OrderNode& node) {
  const std::string* street = text_variable(ctx.state, "kontakt.strasse");
  const std::string* postcode = text_variable(ctx.state, "kontakt.plz");
  if (street == nullptr || postcode == nullptr) return false;
  ctx.set_variable(field(node, "strasse"), *street);
  ctx.set_variable(field(node, "plz"), *postcode);
  if (const std::string* city = text_variable(ctx.state, "kontakt.ort"))
    ctx.set_variable(field(node, "ort"), *city);
  set_address(ctx, node);
  return true;
}

// --- asking ------------------------------------------------------------------------------------

void ask_quantity(StepContext& ctx, const OrderNode& node, const CatalogProduct& product) {
  ctx.say_text(
      phrase_format(ctx, Phrase::order_quantity_prompt, unit_plural(product, ctx.state.language)));
  ctx.await_input(open_request(ctx, node.input, product.max_quantity <= 9 ? 1 : 0));
}

std::string delivery_text(const StepContext& ctx, const OrderNode& node) {
  const std::string* street = text_variable(ctx.state, field(node, "strasse"));
  const std::string* address = text_variable(ctx.state, field(node, "adresse"));
  if (address == nullptr) return {};
  if (street == nullptr && ctx.state.channel == Channel::voice) {
    // Only the postcode is known on the phone: read it digit by digit.
    const bool english = input_parts::is_english(ctx.state.language);
    return fmt::format("{} {}", english ? "postcode" : "die Postleitzahl",
                       spoken_value(InputKind::postcode, *address, ctx.state.language));
  }
  return *address;
}

void read_back(StepContext& ctx, const OrderNode& node, const CatalogProduct& product) {
  const std::string& language = ctx.state.language;
  const std::int64_t quantity = whole_variable(ctx.state, field(node, "menge"));
  const std::int64_t total = quantity * product.price_cents;
  ctx.state.variables.insert_or_assign(field(node, "summe"), total);
  std::string text =
      product.max_quantity <= 1
          ? phrase_format(ctx, Phrase::order_readback_single, product_title(product),
                          input_parts::euro_text(product.price_cents, language))
          : phrase_format(ctx, Phrase::order_readback,
                          quantity_text(static_cast<int>(quantity), product, language),
                          product_title(product),
                          input_parts::euro_text(product.price_cents, language),
                          input_parts::euro_text(total, language));
  if (const std::string delivery = delivery_text(ctx, node); !delivery.empty())
    text += " " + phrase_format(ctx, Phrase::order_delivery, delivery);
  text += " ";
  text += ctx.phrase_text(Phrase::order_confirm);
  ctx.say_text(std::move(text));
  ctx.await_input(ctx.yes_no_request(node.input.no_input_ms));
}

// --- answers -----------------------------------------------------------------------------------

void failed(StepContext& ctx, const OrderNode& node, std::string_view input,
            std::string_view reason) {
  retry_or(ctx, ctx.failed_attempt(node.input, false, input, reason), [&ctx] { ctx.give_up(); });
}

void quantity_input(StepContext& ctx, const OrderNode& node, const CatalogProduct& product,
                    const InputEvent& input) {
  ctx.record_input(input.text, {});
  AskNode check;
  check.kind = InputKind::number;
  check.min_value = 1;
  check.max_value = product.max_quantity;
  auto quantity = parse_input(check, input.text, ctx.state.channel, ctx.state.language);
  if (!quantity) {
    failed(ctx, node, input.text, quantity.error().message);
    return;
  }
  ctx.state.escalation.clear();
  ctx.set_variable(field(node, "menge"), *quantity);
  next_part(ctx);
}

void street_input(StepContext& ctx, const OrderNode& node, const InputEvent& input) {
  ctx.record_input(input.text, {});
  const std::string_view street = input_parts::trim_space(input.text);
  bool digit = false;
  bool letter = false;
  for (const char c : street) {
    digit = digit || (c >= '0' && c <= '9');
    letter = letter || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c & 0x80);
  }
  if (!digit || !letter || street.size() > 200 || !input_parts::valid_utf8(street)) {
    failed(ctx, node, input.text, ctx.phrase_text(Phrase::order_street_prompt));
    return;
  }
  ctx.set_variable(field(node, "strasse"), std::string(street));
  next_part(ctx);
}

// Phone: five digits. Chat: "65343 Eltville" (the town may be left out).
void postcode_input(StepContext& ctx, const OrderNode& node, const InputEvent& input) {
  ctx.record_input(input.text, {});
  const std::string_view text = input_parts::keypad_text(input.text, ctx.state.channel);
  std::string postcode;
  std::string town;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find_first_of(" ,", at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(at, end - at);
    if (postcode.empty() && word.size() == 5 && input_parts::all_digits(word)) {
      postcode = std::string(word);
    } else if (!word.empty()) {
      town += (town.empty() ? "" : " ") + std::string(word);
    }
    at = end + 1;
  }
  const bool voice = ctx.state.channel == Channel::voice;
  if (postcode.empty() || postcode == "00000" || (voice && !town.empty()) ||
      !input_parts::valid_utf8(town)) {
    failed(ctx, node, input.text, ctx.phrase_text(Phrase::order_address_invalid));
    return;
  }
  ctx.state.escalation.clear();
  ctx.set_variable(field(node, "plz"), postcode);
  if (!town.empty()) ctx.set_variable(field(node, "ort"), town);
  set_address(ctx, node);
  next_part(ctx);
}

CreateOrder order_request(const StepContext& ctx, const OrderNode& node,
                          const CatalogProduct& product) {
  const FlowState& state = ctx.state;
  CreateOrder request;
  request.order = {{"sku", product.sku},
                   {"product", product.name},
                   {"quantity", whole_variable(state, field(node, "menge"))},
                   {"unit_price_cents", product.price_cents},
                   {"total_cents", whole_variable(state, field(node, "summe"))}};
  if (product.id != 0) request.order.emplace("product_id", product.id);
  if (!product.variant.empty()) request.order.emplace("variant", product.variant);
  if (!product.unit.empty()) request.order.emplace("unit", product.unit);
  for (const auto& [name, key] : {std::pair<const char*, const char*>{"strasse", "street"},
                                  {"plz", "postcode"},
                                  {"ort", "city"}}) {
    if (const std::string* value = text_variable(state, field(node, name)))
      request.order.emplace(key, *value);
  }
  request.contact = contact_of(state);
  return request;
}

void confirm_input(StepContext& ctx, const OrderNode& node, const CatalogProduct& product,
                   const InputEvent& input) {
  ctx.record_input(input.text, {});
  auto yes = parse_yes_no(input.text, ctx.state.channel, ctx.state.language);
  if (!yes) {
    failed(ctx, node, input.text, ctx.phrase_text(Phrase::confirm_again));
    return;
  }
  if (!*yes) {
    ctx.record("flow.confirm", "Bestellung nicht bestätigt",
               {{"node", ctx.node_id()}, {"confirmed", false}});
    ctx.say_phrase(Phrase::order_cancelled);
    ctx.go_to(node.cancelled);
    return;
  }
  ctx.record("flow.confirm", "Bestellung bestätigt",
             {{"node", ctx.node_id()}, {"confirmed", true}});
  CreateOrder request = order_request(ctx, node, product);
  ctx.record(
      "flow.order",
      fmt::format("Bestellung wird angelegt: {} {} ({}), zusammen {}",
                  whole_variable(ctx.state, field(node, "menge")), product_title(product),
                  product.sku,
                  input_parts::euro_text(whole_variable(ctx.state, field(node, "summe")), "de")),
      {{"node", ctx.node_id()}, {"order", request.order}});
  ctx.state.sub_step = kCreating;
  ctx.await_result(std::move(request));
}

void order_result(StepContext& ctx, const OrderNode& node, const OrderResult& result) {
  if (!result.ok) {
    ctx.record("flow.order",
               fmt::format("Bestellung fehlgeschlagen{}{}", result.error.empty() ? "" : ": ",
                           result.error),
               {{"node", ctx.node_id()}, {"ok", false}, {"error", result.error}});
    failed_to_fallback(ctx, Phrase::order_failed, "order_failed");
    return;
  }
  ctx.set_variable(field(node, "nummer"), result.number);
  ctx.record("flow.order", "Bestellung angelegt: " + result.number,
             {{"node", ctx.node_id()}, {"ok", true}, {"number", result.number}});
  ctx.say_text(phrase_format(ctx, Phrase::order_created, result.number));
  ctx.go_to_or_end(node.next);
}

}  // namespace

void enter(StepContext& ctx, const OrderNode& node) {
  FlowState& state = ctx.state;
  if (state.sub_step == kProduct) {
    const auto& products = ctx.compiled_node().products;
    if (state.retries == 0 && is_null(state.pending)) forget_earlier_run(ctx, node);
    if (products.empty()) {
      ctx.record("flow.order",
                 node.category.empty()
                     ? std::string("Keine Produkte im Katalog")
                     : fmt::format("Keine Produkte in der Kategorie „{}“", node.category),
                 {{"node", ctx.node_id()}, {"ok", false}});
      failed_to_fallback(ctx, Phrase::order_unavailable, "order_unavailable");
      return;
    }
    ask_product(ctx, node);
    return;
  }
  const CatalogProduct* product = chosen_product(ctx, node);
  if (product == nullptr) {
    ctx.fail("das gewählte Produkt fehlt im Katalog");
    return;
  }
  if (state.sub_step == kQuantity) {
    if (whole_variable(state, field(node, "menge")) > 0) {
      next_part(ctx);
    } else {
      ask_quantity(ctx, node, *product);
    }
    return;
  }
  if (state.sub_step == kStreet) {
    if (take_contact_address(ctx, node) || !node.ask_address) {
      state.sub_step = kConfirm;
      ctx.repeat();
    } else if (state.channel == Channel::voice) {
      next_part(ctx);  // the keypad has no letters: the postcode only
    } else {
      ctx.say_phrase(Phrase::order_street_prompt);
      ctx.await_input(open_request(ctx, node.input, 0));
    }
    return;
  }
  if (state.sub_step == kPostcode) {
    ctx.say_phrase(Phrase::order_postcode_prompt);
    ctx.await_input(open_request(ctx, node.input, 5));
    return;
  }
  read_back(ctx, node, *product);
}

void react(StepContext& ctx, const OrderNode& node, const FlowEvent& event) {
  if (const auto* result = std::get_if<OrderResult>(&event)) {
    order_result(ctx, node, *result);
    return;
  }
  if (std::holds_alternative<NoInputEvent>(event)) {
    retry_or(ctx, ctx.failed_attempt(node.input, true, {}, {}), [&ctx] { ctx.give_up(); });
    return;
  }
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) return;
  const int part = ctx.state.sub_step;
  if (part == kProduct) {
    product_input(ctx, node, *input);
    return;
  }
  const CatalogProduct* product = chosen_product(ctx, node);
  if (product == nullptr) {
    ctx.fail("das gewählte Produkt fehlt im Katalog");
    return;
  }
  if (part == kQuantity) quantity_input(ctx, node, *product, *input);
  if (part == kStreet) street_input(ctx, node, *input);
  if (part == kPostcode) postcode_input(ctx, node, *input);
  if (part == kConfirm) confirm_input(ctx, node, *product, *input);
}

}  // namespace callwerk::flow

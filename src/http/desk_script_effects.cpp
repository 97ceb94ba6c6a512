#include "http/desk_script_effects.hpp"

#include <spdlog/spdlog.h>

#include "flow/flow_entity_input.hpp"
#include "http/flow_contacts.hpp"
#include "store/unique_lookup.hpp"

namespace callwerk::http {

using store::Json;

namespace {

// The one contact the flow means, or nothing when none or several fit. By caller number the
// call's own contact is the answer (the telephony matched it when the call came in).
std::optional<Json> find_contact(store::StoreReader& reader, const ScriptEffects& effects,
                                 const flow::LookupContact& lookup) {
  const auto& contacts = *store::find_entity("contacts");
  if (lookup.by == flow::IdentifyBy::caller_number) {
    std::optional<store::Id> id = effects.contact_id;
    if (!id && !lookup.caller_number.empty() && lookup.caller_number[0] == '+') {
      if (auto known = reader.contact_by_phone(effects.tenant_id, lookup.caller_number))
        id = known->contact_id;
    }
    if (!id) return std::nullopt;
    auto row = reader.get(contacts, effects.tenant_id, *id);
    if (!row) return std::nullopt;
    return *row;
  }
  return find_flow_contact(reader, effects.tenant_id, lookup);
}

std::optional<store::Id> stored_id(const Result<Json>& stored) {
  if (!stored) return std::nullopt;
  return stored->value("id", store::Id{0});
}

void log_failure(const char* what, const Result<Json>& stored) {
  if (!stored) spdlog::error("desk script: {} not stored: {}", what, stored.error().describe());
}

}  // namespace

void run_script_effect(const ScriptEffects& effects, const flow::FlowAction& effect,
                       ServerState& server, store::StoreReader& reader, EffectAnswer answer) {
  const store::Id tenant = effects.tenant_id;
  const store::Id interaction = effects.interaction_id;
  if (const auto* lookup = std::get_if<flow::LookupContact>(&effect)) {
    flow::ContactLookupResult result;
    result.request = lookup->request;
    Json note{{"effect", "contact"}, {"ok", false}};
    if (auto row = find_contact(reader, effects, *lookup)) {
      result.found = true;
      result.fields = contact_fields(*row);
      note = Json{{"effect", "contact"},
                  {"ok", true},
                  {"id", row->value("id", store::Id{0})},
                  {"name", contact_name(*row)}};
    }
    return answer(std::move(result), std::move(note));
  }
  if (const auto* search = std::get_if<flow::SearchKb>(&effect)) {
    flow::KbSearchResult result;
    result.request = search->request;
    if (server.kb != nullptr) {
      auto hits = server.kb->search(tenant, search->query, 1);
      if (!hits) {
        spdlog::error("desk script: knowledge-base search: {}", hits.error().describe());
      } else if (!hits->empty()) {
        const KbSearchHit& best = hits->front();
        result.found = true;
        result.article_id = std::to_string(best.id);
        result.title = best.title;
        result.summary = best.summary;
        result.score = best.score;
      }
    }
    Json note{{"effect", "kb"}, {"ok", result.found}, {"query", search->query}};
    if (result.found) {
      note["id"] = std::stoll(result.article_id);
      note["title"] = result.title;
    }
    return answer(std::move(result), std::move(note));
  }
  if (const auto* order = std::get_if<flow::CreateOrder>(&effect)) {
    Json input = flow::order_entity_input(*order, interaction, effects.channel_label);
    return server.writer.submit(
        [tenant, input = std::move(input), agent = effects.agent](store::WriteContext& ctx) {
          return ctx.create(*store::find_entity("orders"), tenant, input, agent);
        },
        [answer = std::move(answer), request = order->request](Result<Json> stored) {
          log_failure("order", stored);
          flow::OrderResult result = flow::order_result(stored);
          result.request = request;
          Json note{{"effect", "order"}, {"ok", result.ok}, {"number", result.number}};
          if (auto id = stored_id(stored)) note["id"] = *id;
          if (!result.ok) note["error"] = result.error;
          answer(std::move(result), std::move(note));
        });
  }
  if (const auto* ticket = std::get_if<flow::CreateTicket>(&effect)) {
    const auto order_id = ticket->order_number.empty()
                              ? std::nullopt
                              : store::unique_id_where(reader, "orders", tenant, "order_number",
                                                       ticket->order_number);
    Json input = flow::ticket_entity_input(*ticket, interaction, order_id, now_ms());
    return server.writer.submit(
        [tenant, input = std::move(input), agent = effects.agent](store::WriteContext& ctx) {
          return ctx.create(*store::find_entity("tickets"), tenant, input, agent);
        },
        [answer = std::move(answer), request = ticket->request](Result<Json> stored) {
          log_failure("ticket", stored);
          flow::TicketResult result = flow::ticket_result(stored);
          result.request = request;
          Json note{{"effect", "ticket"}, {"ok", result.ok}, {"number", result.number}};
          if (auto id = stored_id(stored)) note["id"] = *id;
          if (!result.ok) note["error"] = result.error;
          answer(std::move(result), std::move(note));
        });
  }
  if (const auto* callback = std::get_if<flow::ScheduleCallback>(&effect)) {
    const auto queue_id = store::unique_id_where(reader, "queues", tenant, "name", callback->queue);
    Json input = flow::callback_entity_input(*callback, interaction, queue_id);
    return server.writer.submit(
        [tenant, input = std::move(input), agent = effects.agent](store::WriteContext& ctx) {
          return ctx.create(*store::find_entity("callbacks"), tenant, input, agent);
        },
        [answer = std::move(answer), request = callback->request](Result<Json> stored) {
          log_failure("call back", stored);
          flow::CallbackResult result = flow::callback_result(stored);
          result.request = request;
          Json note{{"effect", "callback"}, {"ok", result.ok}, {"when", result.when}};
          if (auto id = stored_id(stored)) note["id"] = *id;
          if (!result.ok) note["error"] = result.error;
          answer(std::move(result), std::move(note));
        });
  }
  if (const auto* webhook = std::get_if<flow::CallWebhook>(&effect)) {
    const auto respond = [answer = std::move(answer)](flow::WebhookResult result) {
      Json note{{"effect", "webhook"}, {"ok", result.ok}, {"status", result.status}};
      answer(std::move(result), std::move(note));
    };
    if (server.chat_flows == nullptr) {
      flow::WebhookResult result;
      result.request = webhook->request;
      result.error = "webhooks are not available here";
      return respond(std::move(result));
    }
    return server.chat_flows->call_webhook(*webhook, respond);
  }
  spdlog::error("desk script: an effect without a result was awaited");
}

}  // namespace callwerk::http

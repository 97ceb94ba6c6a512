#include "http/chat_recorder.hpp"

#include <spdlog/spdlog.h>

#include "flow/flow_entity_input.hpp"

namespace callwerk::http {

using store::Json;

namespace {

const store::Actor kChat{std::nullopt, "chat"};
// Orders and tickets a flow creates: the audit log names the virtual agent, as on the phone.
const store::Actor kVirtualAgent{std::nullopt, "virtual-agent"};

void log_failure(const char* what, const Result<Json>& result) {
  if (!result) spdlog::error("chat: {} not stored: {}", what, result.error().describe());
}

Error no_interaction() {
  return make_error(ErrorKind::not_found, "chat without interaction");
}

}  // namespace

ChatRecorder::ChatRecorder(store::StoreWriter& writer, store::Id tenant_id)
    : writer_(writer), ids_(std::make_shared<Ids>(Ids{tenant_id, 0})) {}

void ChatRecorder::started(TimeMs at, const std::string& flow) {
  // The visitor's IP address stays out of the protocol: it is personal data the conversation
  // does not need (GDPR data minimisation); the admission limits keep it in memory only.
  Json input{{"channel", "chat"}, {"direction", "inbound"}, {"started_at", at},
             {"answered_at", at}, {"subject", "Web-Chat"},  {"remote_address", "Web-Chat"}};
  writer_.submit(
      [ids = ids_, input = std::move(input), flow, at](store::WriteContext& ctx) -> Result<Json> {
        auto created =
            ctx.create(*store::find_entity("interactions"), ids->tenant_id, input, kChat);
        if (!created) return created.error();
        ids->interaction_id = created->value("id", store::Id{0});
        auto entry = ctx.append_timeline(ids->tenant_id, ids->interaction_id, "chat.started",
                                         Json{{"flow", flow}}, kChat, at);
        if (!entry) return entry.error();
        return Json();
      },
      [](Result<Json> result) { log_failure("chat start", result); });
}

void ChatRecorder::append(std::vector<chat::TimelineEntry> entries, TimeMs at) {
  if (entries.empty()) return;
  writer_.submit(
      [ids = ids_, entries = std::move(entries), at](store::WriteContext& ctx) -> Result<Json> {
        if (ids->interaction_id == 0) return no_interaction();
        for (const chat::TimelineEntry& entry : entries) {
          auto stored =
              ctx.append_timeline(ids->tenant_id, ids->interaction_id, entry.type, entry.payload,
                                  store::Actor{std::nullopt, entry.actor}, at);
          if (!stored) return stored.error();
        }
        return Json();
      },
      [](Result<Json> result) { log_failure("chat timeline", result); });
}

void ChatRecorder::handed_over(const std::string& queue, std::optional<store::Id> queue_id,
                               TimeMs at) {
  writer_.submit(
      [ids = ids_, queue, queue_id, at](store::WriteContext& ctx) -> Result<Json> {
        if (ids->interaction_id == 0) return no_interaction();
        Json payload{{"queue", queue}, {"queue_id", queue_id ? Json(*queue_id) : Json()}};
        auto entry = ctx.append_timeline(ids->tenant_id, ids->interaction_id, "transfer.queue",
                                         payload, kChat, at);
        if (!entry) return entry.error();
        if (!queue_id) return Json();
        auto updated = ctx.update(*store::find_entity("interactions"), ids->tenant_id,
                                  ids->interaction_id, Json{{"queue_id", *queue_id}}, kChat);
        if (!updated) return updated.error();
        return Json();
      },
      [](Result<Json> result) { log_failure("chat hand-over", result); });
}

void ChatRecorder::create_order(const flow::CreateOrder& order, OrderDone done) {
  writer_.submit(
      [ids = ids_, order](store::WriteContext& ctx) -> Result<Json> {
        if (ids->interaction_id == 0) return no_interaction();
        return ctx.create(*store::find_entity("orders"), ids->tenant_id,
                          flow::order_entity_input(order, ids->interaction_id, "Chat"),
                          kVirtualAgent);
      },
      [done = std::move(done)](Result<Json> stored) {
        log_failure("order", stored);
        done(flow::order_result(stored));
      });
}

void ChatRecorder::create_ticket(const flow::CreateTicket& ticket,
                                 std::optional<store::Id> order_id, TicketDone done) {
  writer_.submit(
      [ids = ids_, ticket, order_id](store::WriteContext& ctx) -> Result<Json> {
        if (ids->interaction_id == 0) return no_interaction();
        return ctx.create(
            *store::find_entity("tickets"), ids->tenant_id,
            flow::ticket_entity_input(ticket, ids->interaction_id, order_id, now_ms()),
            kVirtualAgent);
      },
      [done = std::move(done)](Result<Json> stored) {
        log_failure("ticket", stored);
        done(flow::ticket_result(stored));
      });
}

void ChatRecorder::schedule_callback(const flow::ScheduleCallback& callback,
                                     std::optional<store::Id> queue_id, CallbackDone done) {
  writer_.submit(
      [ids = ids_, callback, queue_id](store::WriteContext& ctx) -> Result<Json> {
        if (ids->interaction_id == 0) return no_interaction();
        return ctx.create(*store::find_entity("callbacks"), ids->tenant_id,
                          flow::callback_entity_input(callback, ids->interaction_id, queue_id),
                          kVirtualAgent);
      },
      [done = std::move(done)](Result<Json> stored) {
        log_failure("call back", stored);
        done(flow::callback_result(stored));
      });
}

void ChatRecorder::ended(TimeMs at, const std::string& reason) {
  if (ended_) return;
  ended_ = true;
  writer_.submit(
      [ids = ids_, at, reason](store::WriteContext& ctx) -> Result<Json> {
        if (ids->interaction_id == 0) return no_interaction();
        auto entry = ctx.append_timeline(ids->tenant_id, ids->interaction_id, "chat.ended",
                                         Json{{"reason", reason}}, kChat, at);
        if (!entry) return entry.error();
        auto updated =
            ctx.update(*store::find_entity("interactions"), ids->tenant_id, ids->interaction_id,
                       Json{{"ended_at", at}, {"end_reason", reason}}, kChat);
        if (!updated) return updated.error();
        return Json();
      },
      [](Result<Json> result) { log_failure("chat end", result); });
}

}  // namespace callwerk::http

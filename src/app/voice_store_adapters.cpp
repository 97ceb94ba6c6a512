#include "app/voice_store_adapters.hpp"

#include <spdlog/spdlog.h>

#include <unordered_map>

#include "flow/flow_entity_input.hpp"

namespace callwerk::app {

using store::Json;

namespace {

voice::SipAccount to_account(const store::SipAccountRecord& record) {
  return voice::SipAccount{.user_id = record.user_id,
                           .tenant_id = record.tenant_id,
                           .username = record.username,
                           .display_name = record.display_name,
                           .extension = record.extension,
                           .password = record.sip_password,
                           .active = record.active};
}

const store::Actor kTelephony{std::nullopt, "telephony"};
// Orders and tickets that a flow creates on the phone: the audit log names the virtual agent.
const store::Actor kVirtualAgent{std::nullopt, "virtual-agent"};

void log_failure(const char* what, const Result<Json>& result) {
  if (!result) spdlog::error("voice: {} not stored: {}", what, result.error().describe());
}

}  // namespace

std::optional<voice::SipAccount> StoreVoiceDirectory::sip_account(const std::string& username) {
  auto record = reader_->sip_account(username);
  if (!record) return std::nullopt;
  return to_account(*record);
}

std::optional<voice::SipAccount> StoreVoiceDirectory::sip_account_by_extension(
    int64_t tenant_id, const std::string& extension) {
  auto record = reader_->sip_account_by_extension(tenant_id, extension);
  if (!record) return std::nullopt;
  return to_account(*record);
}

std::optional<int64_t> StoreVoiceDirectory::tenant_id(const std::string& slug) {
  return reader_->tenant_id_by_slug(slug);
}

std::optional<voice::CallerContact> StoreVoiceDirectory::contact_by_phone(
    int64_t tenant_id, const std::string& number) {
  if (number.empty() || number[0] != '+') return std::nullopt;  // only E.164 can match
  auto record = reader_->contact_by_phone(tenant_id, number);
  if (!record) return std::nullopt;
  return voice::CallerContact{record->contact_id, record->name,     record->customer_number,
                              record->street,     record->postcode, record->city};
}

struct StoreCallLog::Interactions {
  struct Ids {
    store::Id tenant_id = 0;
    store::Id interaction_id = 0;
  };
  std::unordered_map<voice::CallKey, Ids> by_call;  // writer thread only
};

StoreCallLog::StoreCallLog(store::StoreWriter& writer)
    : writer_(writer), interactions_(std::make_shared<Interactions>()) {}

void StoreCallLog::call_started(voice::CallKey call, const voice::CallStart& start) {
  // Only what the interaction needs crosses to the writer thread.
  store::CallInteractionStart fields{.direction = start.direction,
                                     .remote_address = start.remote_address,
                                     .local_address = start.local_address,
                                     .contact_id = start.contact_id,
                                     .started_at = start.started_at};
  writer_.submit(
      [interactions = interactions_, call, tenant_id = start.tenant_id, fields = std::move(fields),
       payload = start.payload](store::WriteContext& ctx) -> Result<Json> {
        auto id = ctx.start_call(tenant_id, fields, "call.started", payload, kTelephony);
        if (!id) return id.error();
        interactions->by_call[call] = {tenant_id, *id};
        return Json();
      },
      [](Result<Json> result) { log_failure("call start", result); });
}

void StoreCallLog::call_event(voice::CallKey call, const std::string& type,
                              const nlohmann::json& payload, const std::string& actor, TimeMs at) {
  writer_.submit(
      [interactions = interactions_, call, type, payload, actor,
       at](store::WriteContext& ctx) -> Result<Json> {
        const auto it = interactions->by_call.find(call);
        if (it == interactions->by_call.end())
          return make_error(ErrorKind::not_found, "call without interaction");
        auto entry = ctx.append_timeline(it->second.tenant_id, it->second.interaction_id, type,
                                         payload, store::Actor{std::nullopt, actor}, at);
        if (!entry) return entry.error();
        return Json();
      },
      [](Result<Json> result) { log_failure("call event", result); });
}

void StoreCallLog::update(voice::CallKey call, store::CallInteractionPatch patch, bool last) {
  writer_.submit(
      [interactions = interactions_, call, patch = std::move(patch),
       last](store::WriteContext& ctx) -> Result<Json> {
        const auto it = interactions->by_call.find(call);
        if (it == interactions->by_call.end())
          return make_error(ErrorKind::not_found, "call without interaction");
        const auto ids = it->second;
        if (last) interactions->by_call.erase(it);
        auto updated = ctx.update_call(ids.tenant_id, ids.interaction_id, patch, kTelephony, last);
        if (!updated) return updated.error();
        return Json();
      },
      [](Result<Json> result) { log_failure("call update", result); });
}

void StoreCallLog::call_answered(voice::CallKey call, TimeMs at) {
  update(call, {.answered_at = at}, false);
}

void StoreCallLog::call_agent(voice::CallKey call, int64_t user_id) {
  update(call, {.agent_id = user_id}, false);
}

void StoreCallLog::call_queue(voice::CallKey call, int64_t queue_id) {
  update(call, {.queue_id = queue_id}, false);
}

void StoreCallLog::interaction_of(voice::CallKey call,
                                  std::function<void(std::optional<int64_t>)> done) {
  writer_.submit(
      [interactions = interactions_, call](store::WriteContext&) -> Result<Json> {
        const auto it = interactions->by_call.find(call);
        if (it == interactions->by_call.end())
          return make_error(ErrorKind::not_found, "call without interaction");
        return Json(it->second.interaction_id);
      },
      [done = std::move(done)](Result<Json> found) {
        done(found ? std::optional<int64_t>(found->get<int64_t>()) : std::nullopt);
      });
}

void StoreCallLog::call_ended(voice::CallKey call, TimeMs at, const std::string& reason) {
  update(call, {.ended_at = at, .end_reason = reason}, true);
}

void StoreCallLog::create_order(voice::CallKey call, const flow::CreateOrder& order,
                                OrderDone done) {
  writer_.submit(
      [interactions = interactions_, call, order](store::WriteContext& ctx) -> Result<Json> {
        const auto it = interactions->by_call.find(call);
        if (it == interactions->by_call.end())
          return make_error(ErrorKind::not_found, "call without interaction");
        const auto ids = it->second;
        return ctx.create(*store::find_entity("orders"), ids.tenant_id,
                          flow::order_entity_input(order, ids.interaction_id, "Telefon"),
                          kVirtualAgent);
      },
      [done = std::move(done)](Result<Json> stored) {
        log_failure("order", stored);
        done(flow::order_result(stored));
      });
}

void StoreCallLog::create_ticket(voice::CallKey call, const flow::CreateTicket& ticket,
                                 std::optional<int64_t> order_id, TicketDone done) {
  writer_.submit(
      [interactions = interactions_, call, ticket,
       order_id](store::WriteContext& ctx) -> Result<Json> {
        const auto it = interactions->by_call.find(call);
        if (it == interactions->by_call.end())
          return make_error(ErrorKind::not_found, "call without interaction");
        const auto ids = it->second;
        return ctx.create(*store::find_entity("tickets"), ids.tenant_id,
                          flow::ticket_entity_input(ticket, ids.interaction_id, order_id, now_ms()),
                          kVirtualAgent);
      },
      [done = std::move(done)](Result<Json> stored) {
        log_failure("ticket", stored);
        done(flow::ticket_result(stored));
      });
}

void StoreCallLog::schedule_callback(voice::CallKey call, const flow::ScheduleCallback& callback,
                                     std::optional<int64_t> queue_id, CallbackDone done) {
  writer_.submit(
      [interactions = interactions_, call, callback,
       queue_id](store::WriteContext& ctx) -> Result<Json> {
        const auto it = interactions->by_call.find(call);
        if (it == interactions->by_call.end())
          return make_error(ErrorKind::not_found, "call without interaction");
        const auto ids = it->second;
        return ctx.create(*store::find_entity("callbacks"), ids.tenant_id,
                          flow::callback_entity_input(callback, ids.interaction_id, queue_id),
                          kVirtualAgent);
      },
      [done = std::move(done)](Result<Json> stored) {
        log_failure("call back", stored);
        done(flow::callback_result(stored));
      });
}

}  // namespace callwerk::app

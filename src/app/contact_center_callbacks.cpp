// Call backs in the ACD. A pending call back with a queue waits in that queue like a caller
// on the line, keeping the place of the call in which it was asked for (`queued_since`); when
// an agent is free, the voice channel rings the agent and then calls the customer through an
// authorised outbound route (VoiceService::dial_callback). The row follows: dialing while an
// agent handles it, done when the customer answered, pending again (later) when not, failed
// after kMaxAttempts. A waiting caller's choice of a call back (the key the announcement
// offers) becomes such a row at once.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <chrono>

#include "app/contact_center.hpp"
#include "app/import_fields.hpp"
#include "app/json_fields.hpp"
#include "app/queue_overflow.hpp"
#include "app/voice_store_adapters.hpp"
#include "voice/system_phrases.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

namespace asio = boost::asio;
using store::Json;

namespace {

// Attempts before a call back that never reaches the customer is given up.
constexpr int kMaxAttempts = 3;
// The next attempt after busy or no answer.
constexpr TimeMs kRetryDelayMs = 10 * 60'000;
// Call backs due later (a time the customer chose) are looked for this often.
constexpr TimeMs kScanIntervalMs = 30'000;
constexpr int kScanLimit = 500;

const store::Actor kAcd{std::nullopt, "acd"};

std::optional<TimeMs> time_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  if (it == row.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<TimeMs>();
  if (it->is_string()) return parse_iso8601(it->get<std::string>());
  return std::nullopt;
}

std::optional<store::Id> id_field(const Json& row, const char* key) {
  const std::int64_t id = int_field(row, key);
  if (id <= 0) return std::nullopt;
  return id;
}

}  // namespace

bool ContactCenter::unstarted_callback(acd::CallId call) const {
  const auto it = callbacks_.find(call);
  return it != callbacks_.end() && !it->second.started;
}

void ContactCenter::schedule_callback_scan(TimeMs delay_ms) {
  if (stopped_) return;
  const TimeMs at = now_ms() + delay_ms;
  if (callback_scan_pending_ && callback_scan_at_ <= at) return;
  callback_scan_pending_ = true;
  callback_scan_at_ = at;
  callback_timer_.expires_after(std::chrono::milliseconds(delay_ms));
  callback_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive || stopped_) return;
    callback_scan_pending_ = false;
    load_due_callbacks();
    schedule_callback_scan(kScanIntervalMs);
  });
}

void ContactCenter::load_due_callbacks() {
  if (voice_ == nullptr || stopped_) return;
  auto tenants = reader_->tenants();
  if (!tenants) {
    spdlog::error("acd: call backs not loaded: {}", tenants.error().describe());
    return;
  }
  const TimeMs now = now_ms();
  const bool recover = !callbacks_recovered_;
  callbacks_recovered_ = true;
  for (const Json& tenant : *tenants) {
    const store::Id tenant_id = int_field(tenant, "id");
    if (tenant_id <= 0) continue;
    std::string tenant_language = text_field(tenant, "language");
    if (tenant_language.empty()) tenant_language = "de";
    for (const char* status : {"pending", "dialing"}) {
      const bool dialing = std::string_view(status) == "dialing";
      if (dialing && !recover) continue;
      store::ListQuery query;
      query.tenant_id = tenant_id;
      query.limit = kScanLimit;
      query.equals = {{"status", status}};
      if (!dialing) query.to = now + 1;
      query.sort = "due_at";
      query.descending = false;
      auto page = reader_->list(*store::find_entity("callbacks"), query);
      if (!page) {
        spdlog::error("acd: call backs of tenant {}: {}", tenant_id, page.error().describe());
        continue;
      }
      for (const Json& row : page->items) {
        const store::Id callback_id = int_field(row, "id");
        if (callback_calls_.count(callback_id) != 0) continue;
        if (dialing) {
          // Left over from a run that ended while an agent handled it: nobody handles it now.
          update_callback(tenant_id, callback_id, {{"status", "pending"}});
          continue;
        }
        const auto queue_id = id_field(row, "queue_id");
        if (!queue_id || queues_.count(*queue_id) == 0) continue;  // for people, not the ACD
        std::string number = text_field(row, "number_e164");
        if (number.empty()) number = text_field(row, "number");
        if (!voice_->can_call_back(tenant_id, number)) continue;  // no authorised route
        CallbackInfo info;
        info.callback_id = callback_id;
        info.tenant_id = tenant_id;
        info.number = number;
        info.contact_id = id_field(row, "contact_id");
        info.origin_interaction_id = id_field(row, "interaction_id");
        info.language = text_field(row, "language");
        if (info.language.empty()) info.language = tenant_language;
        info.tenant_language = tenant_language;
        info.attempts = static_cast<int>(int_field(row, "attempts"));
        if (next_callback_call_ == 0)
          next_callback_call_ = static_cast<acd::CallId>(voice::VoiceService::kExternalCallKeys);
        const acd::CallId call = next_callback_call_++;
        acd::WaitingCallSpec spec;
        spec.call = call;
        spec.queue = *queue_id;
        spec.ignores_max_wait = true;  // promised: it waits for an agent, however long
        // The place in line of the call in which the customer asked for it.
        if (const auto since = time_field(row, "queued_since"); since && *since < now)
          spec.base_score = (now - *since) / 1000;
        CallInfo& call_info = calls_[call];
        call_info.tenant_id = tenant_id;
        call_info.queue = *queue_id;
        call_info.interaction_id = info.origin_interaction_id;  // the desk shows that call
        call_info.enqueued_at = now;
        callbacks_[call] = info;
        callback_calls_[callback_id] = call;
        if (auto queued = acd_.enqueue(spec, now); !queued) {
          spdlog::warn("acd: call back {} not queued: {}", callback_id, queued.error().describe());
          calls_.erase(call);
          callbacks_.erase(call);
          callback_calls_.erase(callback_id);
        }
      }
    }
  }
  reschedule();
}

void ContactCenter::ring_callback(const acd::RingRequest& ring, CallbackInfo& callback) {
  const auto key = static_cast<voice::CallKey>(ring.call);
  if (callback.started) {
    voice_->ring_agent(key, ring.agent, ring.extension);  // the next agent after a failed ring
    return;
  }
  voice::VoiceService::CallbackDial dial;
  dial.tenant_id = callback.tenant_id;
  dial.callback_id = callback.callback_id;
  dial.number = callback.number;
  dial.contact_id = callback.contact_id;
  dial.origin_interaction_id = callback.origin_interaction_id;
  dial.agent_user_id = ring.agent;
  dial.agent_extension = ring.extension;
  dial.language = callback.language;
  // The agent hears the notice in the language of the desktop the agent chose.
  const auto agent = reader_->user_by_id(ring.agent);
  dial.agent_language =
      agent && !agent->language.empty() ? agent->language : callback.tenant_language;
  if (auto dialled = voice_->dial_callback(key, dial); !dialled) {
    spdlog::warn("acd: call back {} not started: {}", callback.callback_id,
                 dialled.error().describe());
    // The route went away: out of the queue (the agent is released), and the row says why.
    update_callback(callback.tenant_id, callback.callback_id,
                    {{"status", "failed"}, {"notes", "Nicht gewählt: " + dialled.error().message}});
    callback_calls_.erase(callback.callback_id);
    callbacks_.erase(ring.call);
    asio::post(core_, [this, call = ring.call, alive = alive_] {
      if (!*alive) return;
      (void)acd_.caller_left(call, acd::LeaveReason::abandoned, now_ms());
      reschedule();
    });
    return;
  }
  callback.started = true;
  if (log_ != nullptr) log_->call_queue(key, calls_[ring.call].queue);
  update_callback(callback.tenant_id, callback.callback_id,
                  {{"status", "dialing"}, {"agent_id", ring.agent}});
}

bool ContactCenter::callback_requested(voice::CallKey key) {
  const auto call = static_cast<acd::CallId>(key);
  const auto info = calls_.find(call);
  if (voice_ == nullptr || info == calls_.end() || !acd_.position(call)) return false;
  const auto queue = queues_.find(info->second.queue);
  if (queue == queues_.end() || !queue->second.offer_callback) return false;
  if (!voice_->callback_target(key)) return false;
  // Copied: leaving the queue completes the call's record, which forgets the call.
  const CallInfo waiting = info->second;
  if (auto left = acd_.caller_left(call, acd::LeaveReason::callback_chosen, now_ms()); !left) {
    spdlog::debug("acd: call back for {} refused: {}", call, left.error().describe());
    return false;
  }
  reschedule();
  return store_callback_for(
      call, waiting, "Rückruf gewünscht während der Wartezeit in „" + queue->second.name + "“");
}

bool ContactCenter::store_callback_for(acd::CallId call, const CallInfo& waiting,
                                       const std::string& summary) {
  const auto target =
      voice_ != nullptr ? voice_->callback_target(static_cast<voice::CallKey>(call)) : std::nullopt;
  if (!target) return false;
  Json input{{"queue_id", waiting.queue},
             {"number", target->number},
             {"due_at", now_ms()},
             {"queued_since", waiting.enqueued_at},
             {"summary", summary}};
  if (target->contact_id) input["contact_id"] = *target->contact_id;
  if (waiting.interaction_id) input["interaction_id"] = *waiting.interaction_id;
  // The caller is called back in the language the call spoke.
  input["language"] = voice::language_code(voice_->language_of(static_cast<voice::CallKey>(call)));
  writer_.submit(
      [tenant = waiting.tenant_id, input = std::move(input)](store::WriteContext& ctx) {
        return ctx.create(*store::find_entity("callbacks"), tenant, input, kAcd);
      },
      [](Result<Json> stored) {
        if (!stored) spdlog::error("acd: call back not stored: {}", stored.error().describe());
      });
  return true;
}

bool ContactCenter::overflow(acd::CallId call, const CallInfo& waiting, const QueueInfo& queue) {
  if (voice_ == nullptr) return false;
  for (const OverflowStep step : overflow_steps(queue.overflow_action)) {
    switch (step) {
      case OverflowStep::voicemail:
        if (overflow_to_voicemail(call, waiting, queue)) return true;
        break;  // no recordings directory: a call back, if one can be made
      case OverflowStep::callback:
        if (store_callback_for(call, waiting,
                               "Rückruf nach Ablauf der Wartezeit in „" + queue.name + "“")) {
          voice_->callback_instead(static_cast<voice::CallKey>(call));
          return true;
        }
        break;  // an anonymous caller, or no route
      case OverflowStep::queue:
        return overflow_to_queue(call, waiting, queue);
    }
  }
  return false;  // the flow goes on as "nobody free"
}

bool ContactCenter::overflow_to_queue(acd::CallId call, const CallInfo& waiting,
                                      const QueueInfo& queue) {
  const auto key = static_cast<voice::CallKey>(call);
  const auto target = queue_by_name_.find({queue.tenant_id, queue.overflow_queue});
  if (target == queue_by_name_.end() || target->second == waiting.queue) {
    spdlog::warn("acd: queue '{}' overflows into '{}', which it does not know", queue.name,
                 queue.overflow_queue);
    return false;
  }
  // In the next turn: the ACD is still delivering this expiry.
  asio::post(
      core_, [this, call, key, info = waiting, to = target->second, alive = alive_]() mutable {
        if (!*alive || stopped_ || !voice_->waiting_in_queue(key)) return;
        const TimeMs now = now_ms();
        const auto from = info.queue;
        info.queue = to;
        info.next_announcement = now;
        calls_[call] = info;
        protocol(call, "queue.overflow", {{"from_queue_id", from}, {"queue_id", to}});
        acd::WaitingCallSpec spec;
        spec.call = call;
        spec.queue = to;
        spec.priority = info.priority;
        spec.base_score = std::max<TimeMs>(0, now - info.enqueued_at) / 1000;  // keeps the place
        if (auto queued = acd_.enqueue(spec, now); !queued) {
          calls_.erase(call);
          protocol(call, "queue.refused", {{"queue_id", to}, {"reason", queued.error().message}});
          voice_->queue_gave_up(key, "overflow refused");
          return;
        }
        if (const auto settings = queues_.find(to); settings != queues_.end())
          voice_->set_wait_music(key, settings->second.music_on_hold);
        if (log_ != nullptr) log_->call_queue(key, to);
        announce_due();
        reschedule();
      });
  return true;
}

void ContactCenter::callback_finished(voice::CallKey key, CallbackOutcome outcome,
                                      const std::string& reason) {
  const auto call = static_cast<acd::CallId>(key);
  const auto it = callbacks_.find(call);
  if (it == callbacks_.end()) return;
  const CallbackInfo callback = it->second;
  callbacks_.erase(it);
  callback_calls_.erase(callback.callback_id);
  Json patch;
  switch (outcome) {
    case CallbackOutcome::reached:
      patch = {{"status", "done"}, {"attempts", callback.attempts + 1}};
      break;
    case CallbackOutcome::unreached: {
      const int attempts = callback.attempts + 1;
      patch = {{"attempts", attempts}};
      if (attempts >= kMaxAttempts) {
        patch["status"] = "failed";
        patch["notes"] =
            "Nach " + std::to_string(attempts) + " Versuchen nicht erreicht (" + reason + ")";
      } else {
        patch["status"] = "pending";
        patch["due_at"] = now_ms() + kRetryDelayMs;
      }
      break;
    }
    case CallbackOutcome::not_dialled:
      patch = {{"status", "pending"}};
      break;
  }
  update_callback(callback.tenant_id, callback.callback_id, std::move(patch));
}

void ContactCenter::update_callback(store::Id tenant_id, store::Id callback_id, Json patch) {
  writer_.submit(
      [tenant_id, callback_id, patch = std::move(patch)](store::WriteContext& ctx) {
        return ctx.update(*store::find_entity("callbacks"), tenant_id, callback_id, patch, kAcd);
      },
      [callback_id](Result<Json> stored) {
        if (!stored)
          spdlog::error("acd: call back {} not updated: {}", callback_id,
                        stored.error().describe());
      });
}

}  // namespace callwerk::app

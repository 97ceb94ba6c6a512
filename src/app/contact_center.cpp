#include "app/contact_center.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <chrono>
#include <future>

#include "app/queue_announcement.hpp"
#include "app/voice_store_adapters.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

namespace asio = boost::asio;
using store::Json;

namespace {

// How often a waiting caller hears the place in line and the expected wait again.
constexpr TimeMs kAnnouncementIntervalMs = 60'000;

// The queue runtime writes as itself in the audit log and the protocol.
const store::Actor kAcd{std::nullopt, "acd"};

const char* exit_name(acd::QueueExit exit) {
  switch (exit) {
    case acd::QueueExit::answered:
      return "answered";
    case acd::QueueExit::abandoned:
      return "abandoned";
    case acd::QueueExit::callback_chosen:
      return "callback";
    case acd::QueueExit::overflowed:
      return "overflow";
    case acd::QueueExit::timed_out:
      return "timeout";
    case acd::QueueExit::waiting:
      break;
  }
  return "waiting";
}

std::optional<int64_t> decimal(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void log_failure(const char* what, const Result<Json>& result) {
  if (!result) spdlog::error("acd: {} not stored: {}", what, result.error().describe());
}

}  // namespace

ContactCenter::ContactCenter(asio::io_context& core, store::StoreWriter& writer,
                             std::unique_ptr<store::StoreReader> reader, Publish publish)
    : core_(core),
      writer_(writer),
      reader_(std::move(reader)),
      publish_(std::move(publish)),
      acd_(*this),
      timer_(core),
      announcement_timer_(core),
      callback_timer_(core) {}

ContactCenter::~ContactCenter() {
  *alive_ = false;
}

Status ContactCenter::start() {
  std::promise<Status> loaded;
  asio::post(core_, [this, &loaded] { loaded.set_value(load_all()); });
  return loaded.get_future().get();
}

void ContactCenter::store_changed(const store::StoredEvent& event) {
  const std::string_view type = event.type;
  const std::string_view prefix = type.substr(0, type.find('.'));
  if (prefix == "callback") {
    // A new or changed call back may be due: look soon, once for a burst of changes.
    asio::post(core_, [this, alive = alive_] {
      if (*alive && !stopped_) schedule_callback_scan(200);
    });
    return;
  }
  if (prefix != "queue" && prefix != "user" && prefix != "skill") return;
  if (type == "queue.changed") return;  // our own live event
  asio::post(core_, [this, tenant = event.tenant_id, alive = alive_] {
    if (!*alive || stopped_) return;
    if (auto loaded = load_tenant(tenant); !loaded)
      spdlog::error("acd: tenant {} not reloaded: {}", tenant, loaded.error().describe());
  });
}

void ContactCenter::attach_voice(voice::VoiceService* voice, StoreCallLog* log,
                                 std::function<bool(const std::string&)> registered) {
  voice_ = voice;
  log_ = log;
  registered_ = std::move(registered);
  if (voice_ != nullptr) schedule_callback_scan(0);
  if (!registered_) return;
  const TimeMs now = now_ms();
  for (const auto& [id, info] : agents_)
    (void)acd_.registration_changed(id, registered_(info.username), now);
  reschedule();
}

void ContactCenter::stop() {
  stopped_ = true;
  timer_.cancel();
  announcement_timer_.cancel();
  callback_timer_.cancel();
}

// --- voice::CallQueues --------------------------------------------------------------------

Status ContactCenter::enqueue(voice::CallKey key, int64_t tenant_id, const std::string& queue,
                              int priority) {
  const auto found = queue_by_name_.find({tenant_id, queue});
  if (found == queue_by_name_.end())
    return make_error(ErrorKind::not_found, "no queue '" + queue + "'");
  const auto call = static_cast<acd::CallId>(key);
  const TimeMs now = now_ms();
  if (const auto previous = calls_.find(call); previous != calls_.end()) {
    // Transferred from another queue: that stay's record completes after the wrap-up.
    finishing_[call] = previous->second;
  }
  CallInfo& info = calls_[call];
  info = CallInfo{};
  info.tenant_id = tenant_id;
  info.queue = found->second;
  info.priority = priority;
  info.enqueued_at = now;
  if (const auto previous = finishing_.find(call); previous != finishing_.end())
    info.interaction_id = previous->second.interaction_id;
  // Before the ACD acts: it may ring an agent at once, and the protocol keeps the order.
  protocol(call, "queue.entered",
           {{"queue", queue}, {"queue_id", found->second}, {"priority", priority}});
  auto position = acd_.enqueue(call, found->second, priority, now);
  if (!position) {
    calls_.erase(call);
    protocol(call, "queue.refused",
             {{"queue_id", found->second}, {"reason", position.error().message}});
    return position.error();
  }
  if (const auto settings = queues_.find(found->second);
      settings != queues_.end() && voice_ != nullptr)
    voice_->set_wait_music(key, settings->second.music_on_hold);
  if (*position > 0) {
    // Nobody free: the caller hears why, the place in line and the expected wait at once,
    // then again every kAnnouncementIntervalMs.
    if (auto it = calls_.find(call); it != calls_.end()) it->second.next_announcement = now_ms();
    announce_due();
  }
  if (log_ != nullptr) {
    log_->call_queue(key, found->second);
    log_->interaction_of(key, [this, call, alive = alive_](std::optional<int64_t> interaction) {
      asio::post(core_, [this, call, interaction, alive] {
        if (!*alive) return;
        const auto it = calls_.find(call);
        if (it == calls_.end()) return;
        it->second.interaction_id = interaction;
        // An agent rung before the id was known sees the call's protocol now.
        for (const acd::AgentSnapshot& agent : acd_.agent_snapshots()) {
          if (agent.call != call) continue;
          if (const AgentInfo* info = agent_info(agent.agent))
            publish(info->tenant_id, "desk.state", status_json(agent.agent));
        }
      });
    });
  }
  reschedule();
  return ok_status();
}

void ContactCenter::caller_left(voice::CallKey key) {
  auto call = static_cast<acd::CallId>(key);
  if (const auto taken = taken_over_.find(key); taken != taken_over_.end()) {
    call = taken->second;  // a colleague took the caller over in a consultation
    consultations_.erase(call);
    taken_over_.erase(taken);
  }
  if (auto left = acd_.caller_left(call, acd::LeaveReason::abandoned, now_ms()); !left)
    spdlog::debug("acd: caller_left {}: {}", call, left.error().describe());
  reschedule();
}

void ContactCenter::agent_ringing(voice::CallKey key, int64_t user_id) {
  const auto call = static_cast<acd::CallId>(key);
  if (auto ringing = acd_.agent_ringing(call, user_id, now_ms()); !ringing)
    spdlog::debug("acd: agent_ringing {}: {}", call, ringing.error().describe());
  reschedule();
}

void ContactCenter::agent_answered(voice::CallKey key, int64_t user_id) {
  const auto call = static_cast<acd::CallId>(key);
  if (auto answered = acd_.agent_answered(call, user_id, now_ms()); !answered) {
    // Not this agent's offer any more (the ring timed out a moment before the 200): the
    // call is connected anyway, so the ACD learns of it as the agent's call.
    spdlog::warn("acd: answer of call {} by agent {} refused: {}", call, user_id,
                 answered.error().describe());
  }
  reschedule();
}

void ContactCenter::ring_failed(voice::CallKey key, int64_t user_id, const std::string& why) {
  const auto call = static_cast<acd::CallId>(key);
  if (auto failed = acd_.ring_failed(call, user_id, now_ms()); !failed) {
    spdlog::debug("acd: ring_failed {} ({}): {}", call, why, failed.error().describe());
  }
  reschedule();
}

void ContactCenter::call_ended(voice::CallKey key) {
  auto call = static_cast<acd::CallId>(key);
  if (const auto taken = taken_over_.find(key); taken != taken_over_.end()) {
    call = taken->second;  // a colleague took the caller over in a consultation
    consultations_.erase(call);
    taken_over_.erase(taken);
  }
  if (auto ended = acd_.call_ended(call, now_ms()); !ended)
    spdlog::debug("acd: call_ended {}: {}", call, ended.error().describe());
  reschedule();
}

void ContactCenter::phone_registration(const std::string& username, bool registered) {
  const auto it = agent_by_username_.find(username);
  if (it == agent_by_username_.end()) return;
  if (auto changed = acd_.registration_changed(it->second, registered, now_ms()); !changed)
    spdlog::debug("acd: registration of {}: {}", username, changed.error().describe());
  reschedule();
}

// --- acd::AcdOutput -----------------------------------------------------------------------

void ContactCenter::ring_agent(const acd::RingRequest& ring) {
  if (stopped_ || voice_ == nullptr) {
    // Nothing can ring: the ACD hears it as a failed ring in the next turn.
    asio::post(core_, [this, ring, alive = alive_] {
      if (*alive) ring_failed(static_cast<voice::CallKey>(ring.call), ring.agent, "no telephony");
    });
    return;
  }
  if (const auto callback = callbacks_.find(ring.call); callback != callbacks_.end()) {
    ring_callback(ring, callback->second);
    return;
  }
  if (consultations_.count(ring.call) != 0) return;  // the voice channel rings it already
  voice_->ring_agent(static_cast<voice::CallKey>(ring.call), ring.agent, ring.extension);
}

void ContactCenter::stop_ringing(acd::CallId call, acd::AgentId agent) {
  if (voice_ == nullptr) return;
  if (const auto consult = consultations_.find(call); consult != consultations_.end()) {
    voice_->stop_consult_ringing(consult->second.call);  // the consultation fails
    return;
  }
  voice_->stop_ringing(static_cast<voice::CallKey>(call), agent);
}

void ContactCenter::call_expired(acd::CallId call, acd::QueueId queue, acd::ExpiryReason reason) {
  if (reason == acd::ExpiryReason::not_answered) {
    // A consultation nobody took: the voice channel has told the agent (consult_changed).
    consultations_.erase(call);
    calls_.erase(call);
    return;
  }
  if (unstarted_callback(call)) {
    // Nobody was rung: the row stays pending and the next scan queues it again.
    callback_calls_.erase(callbacks_[call].callback_id);
    callbacks_.erase(call);
    return;
  }
  protocol(call, "queue.expired",
           {{"queue_id", queue}, {"reason", std::string(acd::expiry_reason_name(reason))}});
  std::optional<CallInfo> waiting;
  if (const auto it = calls_.find(call); it != calls_.end()) {
    waiting = it->second;
    calls_.erase(it);
  }
  const auto info = queues_.find(queue);
  if (reason == acd::ExpiryReason::max_wait && waiting && info != queues_.end() &&
      overflow(call, *waiting, info->second))
    return;
  if (voice_ != nullptr)
    voice_->queue_gave_up(static_cast<voice::CallKey>(call),
                          std::string(acd::expiry_reason_name(reason)));
}

void ContactCenter::agent_state_changed(const acd::AgentStateChange& change,
                                        const acd::AgentStatus& status) {
  const AgentInfo* info = agent_info(change.agent);
  if (info == nullptr) return;
  Json input{{"user_id", change.agent},
             {"state", api_name(acd::agent_state_name(change.to))},
             {"previous_state", api_name(acd::agent_state_name(change.from))},
             {"at", change.at}};
  if (!change.reason.empty()) input["reason"] = change.reason;
  std::optional<store::Id> interaction;
  if (change.call) {
    if (auto it = calls_.find(*change.call); it != calls_.end())
      interaction = it->second.interaction_id;
  }
  if (interaction) input["interaction_id"] = *interaction;
  writer_.submit(
      [tenant = info->tenant_id, input = std::move(input)](store::WriteContext& ctx) {
        return ctx.create(*store::find_entity("agent_states"), tenant, input, kAcd);
      },
      [](Result<Json> stored) { log_failure("agent state", stored); });
  Json live = status_json(change.agent);
  live["previous_state"] = api_name(acd::agent_state_name(change.from));
  publish(info->tenant_id, "desk.state", std::move(live));
  (void)status;
}

void ContactCenter::queue_call_updated(const acd::QueuedCallRecord& record) {
  const auto call_id = decimal(record.interaction_id);
  const auto queue_id = decimal(record.queue);
  if (!call_id || !queue_id) return;
  if (record.exit != acd::QueueExit::waiting && record.exit != acd::QueueExit::answered) {
    protocol(*call_id, "queue.left",
             {{"queue_id", *queue_id},
              {"exit", exit_name(record.exit)},
              {"waited_seconds", (record.left_queue_at - record.enqueued_at) / 1000}});
  }
  if (!acd::queued_call_record_complete(record)) return;
  // The stay this record is of: the current one, or one the call was transferred away from
  // (enqueued before the current stay began).
  std::unordered_map<acd::CallId, CallInfo>* owner = &calls_;
  if (const auto current = calls_.find(*call_id);
      finishing_.count(*call_id) != 0 &&
      (current == calls_.end() || record.enqueued_at < current->second.enqueued_at))
    owner = &finishing_;
  const auto info = owner->find(*call_id);
  const auto queue = queues_.find(*queue_id);
  if (queue == queues_.end() || info == owner->end()) {
    if (info != owner->end()) owner->erase(info);
    return;
  }
  Json input{{"queue_id", *queue_id},
             {"exit", exit_name(record.exit)},
             {"priority", info->second.priority},
             {"entry_position", record.entry_position},
             {"enqueued_at", record.enqueued_at},
             {"left_at", record.left_queue_at},
             {"hold_ms", record.hold_ms}};
  if (auto agent = decimal(record.agent)) input["agent_id"] = *agent;
  if (record.talk_ended_at) input["talk_ended_at"] = *record.talk_ended_at;
  if (record.wrap_up_ended_at) input["wrap_up_ended_at"] = *record.wrap_up_ended_at;
  if (info->second.interaction_id) input["interaction_id"] = *info->second.interaction_id;
  writer_.submit(
      [tenant = queue->second.tenant_id, input = std::move(input)](store::WriteContext& ctx) {
        return ctx.create(*store::find_entity("queue_calls"), tenant, input, kAcd);
      },
      [](Result<Json> stored) { log_failure("queue call", stored); });
  // A call that waited too long is still needed by call_expired, which comes next.
  if (record.exit != acd::QueueExit::timed_out || owner == &finishing_) owner->erase(info);
}

void ContactCenter::queue_changed(acd::QueueId queue) {
  const auto it = queues_.find(queue);
  if (it == queues_.end()) return;
  Json data{{"queue_id", queue}, {"name", it->second.name}};
  if (auto snapshot = acd_.queue_snapshot(queue, now_ms())) {
    data["waiting"] = snapshot->waiting.size() + snapshot->offered.size();
    data["longest_wait_seconds"] = snapshot->longest_wait_ms / 1000;
    data["agents_available"] = snapshot->agents_available;
  }
  publish(it->second.tenant_id, "queue.changed", std::move(data));
}

// --- helpers ------------------------------------------------------------------------------

std::string ContactCenter::api_name(std::string_view name) {
  std::string text(name);
  for (char& c : text)
    if (c == '_') c = '-';
  return text;
}

void ContactCenter::announce_due() {
  const TimeMs now = now_ms();
  bool pending = false;
  for (auto& [call, info] : calls_) {
    if (info.next_announcement == 0) continue;
    const auto position = acd_.position(call);
    if (!position) continue;  // being rung, or answered: the next turn decides
    pending = true;
    if (now < info.next_announcement) continue;
    const bool first = info.announcements == 0;
    std::optional<std::int64_t> wait_seconds;
    if (auto estimate = acd_.estimated_wait(call, now);
        estimate && estimate->confidence != acd::EstimateConfidence::none)
      wait_seconds = estimate->wait_seconds;
    if (voice_ != nullptr) {
      const auto key = static_cast<voice::CallKey>(call);
      const auto queue = queues_.find(info.queue);
      const bool offer = queue != queues_.end() && queue->second.offer_callback &&
                         voice_->callback_target(key).has_value();
      voice_->announce(key, queue_announcement(*position, wait_seconds, first,
                                               offer ? std::optional<char>(voice::kQueueCallbackKey)
                                                     : std::nullopt,
                                               voice_->language_of(key)));
    }
    ++info.announcements;
    info.next_announcement = now + kAnnouncementIntervalMs;
  }
  if (pending) schedule_announcements();
}

void ContactCenter::schedule_announcements() {
  if (announcing_ || stopped_) return;
  announcing_ = true;
  announcement_timer_.expires_after(std::chrono::seconds(5));
  announcement_timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (!*alive) return;
    announcing_ = false;
    if (ec || stopped_) return;
    announce_due();
  });
}

void ContactCenter::reschedule() {
  if (stopped_) return;
  const auto next = acd_.next_deadline();
  if (!next) {
    timer_.cancel();
    return;
  }
  const TimeMs delay = std::max<TimeMs>(0, *next - now_ms());
  timer_.expires_after(std::chrono::milliseconds(delay + 1));
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive || stopped_) return;
    acd_.tick(now_ms());
    reschedule();
  });
}

void ContactCenter::protocol(acd::CallId call, const std::string& type, Json payload) {
  // A call back waiting for an agent has no call (and no protocol) yet.
  if (log_ == nullptr || unstarted_callback(call)) return;
  log_->call_event(static_cast<voice::CallKey>(call), type, payload, "acd", now_ms());
}

void ContactCenter::publish(store::Id tenant_id, const std::string& type, Json data) {
  if (publish_) publish_(store::StoredEvent{tenant_id, type, std::move(data)});
}

const ContactCenter::AgentInfo* ContactCenter::agent_info(acd::AgentId agent) const {
  const auto it = agents_.find(agent);
  return it == agents_.end() ? nullptr : &it->second;
}

}  // namespace callwerk::app

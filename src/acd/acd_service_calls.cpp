// AcdService: the calls (enqueue, ringing, answer, failures, hang-ups) and their records.

#include <string>

#include <fmt/format.h>

#include "acd/acd_service.hpp"

namespace callwerk::acd {

namespace {

QueueExit exit_for(LeaveReason reason) {
  switch (reason) {
    case LeaveReason::abandoned:
      return QueueExit::abandoned;
    case LeaveReason::callback_chosen:
      return QueueExit::callback_chosen;
    case LeaveReason::moved:
      return QueueExit::overflowed;
  }
  return QueueExit::abandoned;
}

Error unknown_call(CallId call) {
  return make_error(ErrorKind::not_found, fmt::format("call {} is not known", call), "call");
}

}  // namespace

Result<std::size_t> AcdService::enqueue(CallId call, QueueId queue, int priority, TimeMs now) {
  WaitingCallSpec spec;
  spec.call = call;
  spec.queue = queue;
  spec.priority = priority;
  return enqueue(spec, now);
}

Result<std::size_t> AcdService::enqueue(const WaitingCallSpec& spec, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (spec.call <= 0) return make_error(ErrorKind::invalid_input, "a call id must be > 0", "call");
  auto queue = queues_.find(spec.queue);
  if (queue == queues_.end())
    return make_error(ErrorKind::not_found, fmt::format("queue {} is not known", spec.queue),
                      "queue");
  if (calls_.count(spec.call) != 0)
    return make_error(ErrorKind::conflict,
                      fmt::format("call {} is already queued or talking", spec.call), "call");
  auto outcome = router_.enqueue(spec, now);
  if (!outcome) return outcome.error();

  CallEntry entry = new_call_entry(spec, queue->second.config.tenant, now);
  entry.record.entry_position = static_cast<int>(router_.position(spec.call).value_or(1));
  outbox_.queue_call_updated(entry.record);
  calls_.emplace(spec.call, std::move(entry));
  changed_queues_.insert(spec.queue);

  handle(*outcome, now);
  process_due(now);
  return router_.position(spec.call).value_or(0);
}

void AcdService::leave_queue(CallEntry& entry, QueueExit exit, TimeMs now) {
  QueuedCallRecord record = std::move(entry.record);
  const QueueId queue = entry.queue;
  calls_.erase(entry.call);  // `entry` is gone from here on
  record.exit = exit;
  record.left_queue_at = now;
  changed_queues_.insert(queue);
  finish_record(std::move(record), queue);
}

void AcdService::finish_record(QueuedCallRecord record, QueueId queue) {
  outbox_.queue_call_updated(record);
  if (record.exit == QueueExit::answered && record.wrap_up_ended_at) {
    if (auto q = queues_.find(queue); q != queues_.end()) {
      auto& window = q->second.handle_times;
      window.push_back(*record.wrap_up_ended_at - record.left_queue_at);
      if (window.size() > kHandleTimeWindow) window.pop_front();
    }
  }
  finished_.push_back(std::move(record));
  if (finished_.size() > kMaxFinishedRecords) finished_.pop_front();
  // In the order they finished, so roughly by age: a young one in front holds older ones
  // behind it back only until it is old enough itself.
  const TimeMs oldest_kept = latest_now_ - kFinishedRecordsMaxAgeMs;
  while (!finished_.empty() && finished_.front().enqueued_at < oldest_kept) finished_.pop_front();
}

void AcdService::finish_wrap_up(AgentId agent, TimeMs now) {
  auto it = wrap_ups_.find(agent);
  if (it == wrap_ups_.end()) return;
  QueuedCallRecord record = std::move(it->second.record);
  const QueueId queue = it->second.queue;
  wrap_ups_.erase(it);
  record.wrap_up_ended_at = now;
  finish_record(std::move(record), queue);
}

Status AcdService::caller_left(CallId call, LeaveReason reason, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  auto it = calls_.find(call);
  if (it == calls_.end()) return unknown_call(call);
  if (it->second.agent) {
    auto ended = end_talk(call, now);
    if (!ended) return ended;
    process_due(now);
    return ok_status();
  }
  auto outcome = router_.remove_call(call);
  if (!outcome) {
    note_internal(outcome.error());
    return make_error(ErrorKind::internal, outcome.error().describe());
  }
  leave_queue(it->second, exit_for(reason), now);
  handle(*outcome, now);  // ringing agents: stop_ringing, available again
  process_due(now);
  return ok_status();
}

Status AcdService::check_offer(CallId call, AgentId agent) const {
  if (agent_configs_.count(agent) == 0)
    return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent), "agent");
  auto it = calls_.find(call);
  if (it == calls_.end()) return unknown_call(call);
  if (it->second.agent)
    return make_error(ErrorKind::conflict, fmt::format("call {} is already answered by agent {}",
                                                       call, *it->second.agent));
  if (router_.offer_of(agent) != call)
    return make_error(ErrorKind::conflict,
                      fmt::format("call {} is not being offered to agent {}", call, agent));
  return ok_status();
}

Status AcdService::agent_ringing(CallId call, AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (auto offered = check_offer(call, agent); !offered) return offered;
  const AgentStatus& status = *agents_.find(agent);
  // A second 180, or one after the ring deadline (the tick below gives up on it).
  if (status.state != AgentState::reserved || status.deadline <= now) {
    process_due(now);
    return ok_status();
  }
  auto rung = apply_agent(agent, AgentEvent::ring(status.deadline), now);
  if (!rung) return rung;
  process_due(now);
  return ok_status();
}

Status AcdService::agent_answered(CallId call, AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (auto offered = check_offer(call, agent); !offered) return offered;
  // Accepted even just after the ring deadline when tick() has not run yet: the phone did
  // answer, and the caller is connected.
  auto change = agents_.apply(agent, AgentEvent::answer(), now);
  if (!change) return change.error();
  auto outcome = router_.offer_answered(call, agent);
  if (!outcome) note_internal(outcome.error());

  CallEntry& entry = calls_.at(call);
  entry.agent = agent;
  if (auto queue = queues_.find(entry.queue); queue != queues_.end())
    entry.wrap_up_seconds = queue->second.config.wrap_up_seconds;
  entry.record.exit = QueueExit::answered;
  entry.record.left_queue_at = now;
  entry.record.agent = std::to_string(agent);
  outbox_.queue_call_updated(entry.record);
  changed_queues_.insert(entry.queue);

  on_agent_change(*change, now);
  if (outcome) handle(*outcome, now);  // ring-all colleagues: stop_ringing, available
  process_due(now);
  return ok_status();
}

Status AcdService::ring_failed(CallId call, AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (auto offered = check_offer(call, agent); !offered) return offered;
  auto change = agents_.apply(agent, AgentEvent::no_answer(), now);
  if (!change) return change.error();
  on_agent_change(*change, now, /*owner_ended_ring=*/true);
  process_due(now);
  return ok_status();
}

Status AcdService::call_ended(CallId call, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  auto it = calls_.find(call);
  if (it == calls_.end()) return unknown_call(call);
  if (!it->second.agent)
    return make_error(ErrorKind::conflict,
                      fmt::format("call {} has not been answered (use caller_left)", call), "call");
  auto ended = end_talk(call, now);
  if (!ended) return ended;
  process_due(now);
  return ok_status();
}

AcdService::CallEntry AcdService::new_call_entry(const WaitingCallSpec& spec, TenantId tenant,
                                                 TimeMs now) {
  CallEntry entry;
  entry.call = spec.call;
  entry.queue = spec.queue;
  entry.priority = spec.priority;
  entry.record.tenant = std::to_string(tenant);
  entry.record.queue = std::to_string(spec.queue);
  entry.record.interaction_id = std::to_string(spec.call);
  // The stay in this queue starts now, even when the routing keeps an older time.
  entry.record.enqueued_at = now;
  entry.record.entry_position = 1;
  return entry;
}

Status AcdService::call_held(CallId call, bool held, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  const auto it = calls_.find(call);
  if (it == calls_.end()) return make_error(ErrorKind::not_found, fmt::format("no call {}", call));
  CallEntry& entry = it->second;
  if (!entry.agent)
    return make_error(ErrorKind::conflict, fmt::format("call {} is not answered", call));
  if (held == entry.held_since.has_value()) return ok_status();
  if (held) {
    entry.held_since = now;
  } else {
    entry.record.hold_ms += now - *entry.held_since;
    entry.held_since.reset();
  }
  return ok_status();
}

Status AcdService::end_talk(CallId call, TimeMs now) {
  CallEntry& entry = calls_.at(call);
  const AgentId agent = *entry.agent;
  const AgentStatus* status = agents_.find(agent);
  if (status == nullptr || status->state != AgentState::on_call || status->call != call) {
    Error error =
        make_error(ErrorKind::internal, fmt::format("call {}: agent {} is not on it", call, agent));
    note_internal(error);
    return error;
  }
  auto agent_entry = agent_configs_.find(agent);
  const bool retiring = agent_entry != agent_configs_.end() && agent_entry->second.removal_pending;
  int wrap_up_seconds = entry.wrap_up_seconds;
  if (auto queue = queues_.find(entry.queue); queue != queues_.end())
    wrap_up_seconds = queue->second.config.wrap_up_seconds;
  if (retiring) wrap_up_seconds = 0;

  auto change = agents_.apply(agent, AgentEvent::call_ended(wrap_up_seconds), now);
  if (!change) {
    note_internal(change.error());
    return change.error();
  }
  CallEntry ended = std::move(entry);
  calls_.erase(call);
  ended.record.talk_ended_at = now;
  if (ended.held_since) ended.record.hold_ms += now - *ended.held_since;
  changed_queues_.insert(ended.queue);
  if (change->to == AgentState::wrap_up) {
    outbox_.queue_call_updated(ended.record);
    wrap_ups_[agent] = std::move(ended);
  } else {
    ended.record.wrap_up_ended_at = now;
    finish_record(std::move(ended.record), ended.queue);
  }
  if (retiring) {
    publish_change(*change);
    retire_agent_after_call(agent, now);
  } else {
    on_agent_change(*change, now);
  }
  return ok_status();
}

}  // namespace callwerk::acd

#include "acd/acd_service.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace callwerk::acd {

namespace {

constexpr std::size_t kMaxInternalErrors = 100;

bool is_offered(AgentState state) {
  return state == AgentState::reserved || state == AgentState::ringing;
}

}  // namespace

AcdService::AcdService(AcdOutput& output) : output_(output) {}

TimeMs AcdService::advance_clock(TimeMs now) {
  latest_now_ = std::max(latest_now_, now);
  return latest_now_;
}

void AcdService::finish_operation() {
  if (--depth_ > 0) return;
  for (QueueId queue : changed_queues_) outbox_.queue_changed(queue);
  changed_queues_.clear();
  outbox_.deliver(output_);
}

void AcdService::note_internal(const Error& error) {
  // The router and the state machine disagree with the service's bookkeeping: a bug, not
  // bad input. Kept (bounded) for check() rather than thrown, so one bad call cannot take
  // the core thread down.
  if (internal_errors_.size() < kMaxInternalErrors) internal_errors_.push_back(error.describe());
}

void AcdService::handle(const Result<RoutingOutcome>& outcome, TimeMs now) {
  if (!outcome) {
    note_internal(outcome.error());
    return;
  }
  handle(*outcome, now);
}

void AcdService::handle(const RoutingOutcome& outcome, TimeMs now) {
  for (AgentId agent : outcome.released) release(agent, now);
  for (const Assignment& assignment : outcome.assignments) reserve_and_ring(assignment, now);
  for (CallId call : outcome.unanswered) drop_unanswered(call);
}

void AcdService::release(AgentId agent, TimeMs now) {
  const AgentStatus* status = agents_.find(agent);
  if (status == nullptr || !is_offered(status->state)) {
    note_internal(make_error(ErrorKind::internal,
                             fmt::format("released agent {} is not reserved or ringing", agent)));
    return;
  }
  if (status->call) outbox_.stop_ringing(*status->call, agent);
  auto change = agents_.apply(agent, AgentEvent::reservation_lost(), now);
  if (!change) {
    note_internal(change.error());
    return;
  }
  on_agent_change(*change, now);
}

void AcdService::reserve_and_ring(const Assignment& assignment, TimeMs now) {
  auto queue = queues_.find(assignment.queue);
  const int ring_seconds = queue != queues_.end() ? queue->second.config.ring_timeout_seconds : 20;
  const TimeMs ring_until = now + TimeMs{ring_seconds} * 1000;
  changed_queues_.insert(assignment.queue);
  for (AgentId agent : assignment.agents) {
    auto change = agents_.apply(agent, AgentEvent::reserve(assignment.call, ring_until), now);
    if (!change) {
      // The router offered an agent the state machine does not have available; take the
      // offer back so the call is not lost.
      note_internal(change.error());
      handle(router_.offer_failed(assignment.call, agent, now), now);
      continue;
    }
    on_agent_change(*change, now);
    RingRequest ring;
    ring.call = assignment.call;
    ring.agent = agent;
    ring.queue = assignment.queue;
    ring.ring_until = ring_until;
    if (auto config = agent_configs_.find(agent); config != agent_configs_.end())
      ring.extension = config->second.config.extension;
    outbox_.ring_agent(std::move(ring));
  }
}

void AcdService::publish_change(const AgentStateChange& change) {
  outbox_.agent_state_changed(change, *agents_.find(change.agent));
  mark_agent_queues_changed(change.agent);
  if (change.from == AgentState::wrap_up && change.to != AgentState::wrap_up)
    finish_wrap_up(change.agent, change.at);
}

void AcdService::on_agent_change(const AgentStateChange& change, TimeMs now,
                                 bool owner_ended_ring) {
  publish_change(change);
  handle(router_.agent_changed(*agents_.find(change.agent), now), now);
  const bool offer_ended = is_offered(change.from) && !is_offered(change.to) &&
                           change.to != AgentState::on_call && change.call.has_value();
  if (offer_ended && router_.offer_of(change.agent) == change.call) {
    if (!owner_ended_ring) outbox_.stop_ringing(*change.call, change.agent);
    handle(router_.offer_failed(*change.call, change.agent, now), now);
  }
}

Status AcdService::apply_agent(AgentId agent, const AgentEvent& event, TimeMs now) {
  auto change = agents_.apply(agent, event, now);
  if (!change) return change.error();
  on_agent_change(*change, now);
  return ok_status();
}

void AcdService::mark_agent_queues_changed(AgentId agent) {
  for (const auto& [queue, tier] : router_.eligible_queues(agent)) changed_queues_.insert(queue);
}

void AcdService::process_due(TimeMs now) {
  for (const AgentStateChange& change : agents_.tick(now)) on_agent_change(change, now);
  for (const ExpiredCall& expired : router_.tick(now)) {
    auto it = calls_.find(expired.call);
    if (it == calls_.end()) {
      note_internal(make_error(ErrorKind::internal,
                               fmt::format("expired call {} has no entry", expired.call)));
      continue;
    }
    leave_queue(it->second, QueueExit::timed_out, now);
    outbox_.call_expired(expired.call, expired.queue, ExpiryReason::max_wait);
  }
}

void AcdService::tick(TimeMs now) {
  Operation operation(*this);
  process_due(advance_clock(now));
}

std::optional<TimeMs> AcdService::next_deadline() const {
  const std::optional<TimeMs> agent = agents_.next_deadline();
  const std::optional<TimeMs> call = router_.next_deadline();
  if (agent && call) return std::min(*agent, *call);
  return agent ? agent : call;
}

}  // namespace callwerk::acd

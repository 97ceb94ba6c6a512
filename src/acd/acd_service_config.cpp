// AcdService: queues and agents as configured in the store; re-applied whenever they change.

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "acd/acd_service.hpp"
#include "acd/queue_router_skills.hpp"

namespace callwerk::acd {

QueueSpec QueueConfig::routing_spec() const {
  QueueSpec spec;
  spec.id = id;
  spec.tenant = tenant;
  spec.required_skills = required_skills;
  spec.strategy = strategy;
  spec.priority_step_seconds = priority_step_seconds;
  spec.max_wait_seconds = max_wait_seconds;
  spec.service_level_seconds = service_level_seconds;
  spec.wrap_up_seconds = wrap_up_seconds;
  spec.ring_timeout_seconds = ring_timeout_seconds;
  return spec;
}

AgentSpec AgentConfig::routing_spec() const {
  AgentSpec spec;
  spec.id = id;
  spec.tenant = tenant;
  spec.skills = skills;
  spec.queues = queues;
  return spec;
}

void AcdService::recompute_members(QueueEntry& queue) {
  const QueueSpec spec = queue.config.routing_spec();
  queue.members.clear();
  for (const auto& [id, agent] : agent_configs_)
    if (skill_tier(spec, agent.config.routing_spec())) queue.members.insert(id);
}

void AcdService::recompute_memberships(AgentId agent) {
  const AgentSpec spec = agent_configs_.at(agent).config.routing_spec();
  for (auto& [id, queue] : queues_) {
    if (skill_tier(queue.config.routing_spec(), spec))
      queue.members.insert(agent);
    else
      queue.members.erase(agent);
  }
}

Status AcdService::set_queue(const QueueConfig& config, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (config.id <= 0) return make_error(ErrorKind::invalid_input, "a queue id must be > 0", "id");
  if (config.tenant <= 0)
    return make_error(ErrorKind::invalid_input, "a tenant id must be > 0", "tenant");
  // The router validates the rest (skills, timers) and changes nothing when it refuses.
  auto outcome = router_.set_queue(config.routing_spec(), now);
  if (!outcome) return outcome.error();
  QueueEntry& queue = queues_[config.id];
  queue.config = config;
  recompute_members(queue);
  changed_queues_.insert(config.id);
  handle(*outcome, now);
  process_due(now);
  return ok_status();
}

Status AcdService::remove_queue(QueueId queue, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (queues_.count(queue) == 0)
    return make_error(ErrorKind::not_found, fmt::format("queue {} is not known", queue), "queue");
  std::vector<CallId> leaving;
  for (const auto& [id, call] : calls_)
    if (call.queue == queue && !call.agent) leaving.push_back(id);
  std::sort(leaving.begin(), leaving.end());
  // All calls leave the router before any released agent is handled, so that no agent is
  // offered another call of this queue on the way out.
  RoutingOutcome released;
  for (CallId id : leaving) {
    auto outcome = router_.remove_call(id);
    if (!outcome) {
      note_internal(outcome.error());
      continue;
    }
    released.released.insert(released.released.end(), outcome->released.begin(),
                             outcome->released.end());
    released.assignments.insert(released.assignments.end(), outcome->assignments.begin(),
                                outcome->assignments.end());
    leave_queue(calls_.at(id), QueueExit::overflowed, now);
    outbox_.call_expired(id, queue, ExpiryReason::queue_removed);
  }
  if (auto removed = router_.remove_queue(queue); !removed) note_internal(removed.error());
  queues_.erase(queue);
  changed_queues_.insert(queue);
  handle(released, now);
  process_due(now);
  return ok_status();
}

Status AcdService::set_agent(const AgentConfig& config, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (config.id <= 0) return make_error(ErrorKind::invalid_input, "an agent id must be > 0", "id");
  if (config.tenant <= 0)
    return make_error(ErrorKind::invalid_input, "a tenant id must be > 0", "tenant");
  const bool is_new = agent_configs_.count(config.id) == 0;
  mark_agent_queues_changed(config.id);  // the queues it leaves
  auto outcome = router_.set_agent(config.routing_spec(), now);
  if (!outcome) return outcome.error();
  if (is_new) {
    if (auto added = agents_.add(config.id, now); !added) note_internal(added.error());
  }
  AgentEntry& entry = agent_configs_[config.id];
  entry.config = config;
  entry.removal_pending = false;
  recompute_memberships(config.id);
  mark_agent_queues_changed(config.id);  // the queues it joins
  handle(*outcome, now);
  process_due(now);
  return ok_status();
}

}  // namespace callwerk::acd

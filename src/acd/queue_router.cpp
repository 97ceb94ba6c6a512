#include "acd/queue_router.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "acd/queue_router_skills.hpp"

namespace callwerk::acd {

namespace {

Error unknown_call(CallId call) {
  return make_error(ErrorKind::not_found, fmt::format("call {} is not in any queue", call));
}

// A freed slot again, or a new one at the end: slots stay stable while others come and go.
template <typename Slots>
std::uint32_t take_slot(Slots& slots, std::vector<std::uint32_t>& free) {
  if (!free.empty()) {
    const std::uint32_t slot = free.back();
    free.pop_back();
    return slot;
  }
  slots.emplace_back();
  return static_cast<std::uint32_t>(slots.size() - 1);
}

}  // namespace

// ---- configuration -------------------------------------------------------------------------

std::uint32_t QueueRouter::add_queue_slot(const QueueSpec& spec) {
  const std::uint32_t slot = take_slot(queues_, free_queue_slots_);
  queues_[slot].emplace();
  queues_[slot]->spec = spec;
  queues_[slot]->agents.restart(spec.strategy);
  queue_slots_[spec.id] = slot;
  return slot;
}

std::uint32_t QueueRouter::add_agent_slot(const AgentSpec& spec) {
  const std::uint32_t slot = take_slot(agents_, free_agent_slots_);
  agents_[slot].emplace();
  agents_[slot]->spec = spec;
  agent_slots_[spec.id] = slot;
  return slot;
}

AgentOrderKey QueueRouter::key_in(std::uint32_t agent_slot, const Membership& m) const {
  const AgentEntry& a = *agents_[agent_slot];
  return agent_order_key(queues_[m.queue]->agents.strategy(), a.facts, m.tier, a.spec.id,
                         agent_slot);
}

void QueueRouter::join(std::uint32_t agent_slot, std::uint32_t queue_slot, int tier) {
  AgentEntry& a = *agents_[agent_slot];
  QueueEntry& q = *queues_[queue_slot];
  a.queues.push_back({queue_slot, tier});
  q.members.push_back(agent_slot);
  if (a.indexed) q.agents.insert(key_in(agent_slot, a.queues.back()));
}

void QueueRouter::leave_all(std::uint32_t agent_slot) {
  AgentEntry& a = *agents_[agent_slot];
  for (const Membership& m : a.queues) {
    auto& members = queues_[m.queue]->members;
    members.erase(std::find(members.begin(), members.end(), agent_slot));
  }
  a.queues.clear();
}

void QueueRouter::leave_queue(std::uint32_t queue_slot) {
  QueueEntry& q = *queues_[queue_slot];
  for (std::uint32_t agent_slot : q.members) {
    auto& memberships = agents_[agent_slot]->queues;
    memberships.erase(std::find_if(memberships.begin(), memberships.end(),
                                   [&](const Membership& m) { return m.queue == queue_slot; }));
  }
  q.members.clear();
  q.agents.restart(q.spec.strategy);
}

Result<RoutingOutcome> QueueRouter::set_queue(const QueueSpec& spec, TimeMs /*now*/) {
  if (auto valid = validate_queue_spec(spec); !valid) return valid.error();
  RoutingOutcome out;
  std::uint32_t slot;
  if (auto it = queue_slots_.find(spec.id); it != queue_slots_.end()) {
    slot = it->second;
    leave_queue(slot);
    QueueEntry& q = *queues_[slot];
    std::vector<CallId> waiting;
    for (const WaitingKey& key : q.waiting) waiting.push_back(key.call);
    for (CallId id : waiting) stop_waiting(calls_.at(id));
    q.spec = spec;
    q.agents.restart(spec.strategy);
    for (CallId id : waiting) start_waiting(calls_.at(id));
  } else {
    slot = add_queue_slot(spec);
  }
  for (std::uint32_t agent_slot = 0; agent_slot < agents_.size(); ++agent_slot) {
    if (!agents_[agent_slot]) continue;
    if (auto tier = skill_tier(spec, agents_[agent_slot]->spec)) join(agent_slot, slot, *tier);
  }
  match_queue(slot, out);
  return out;
}

Status QueueRouter::remove_queue(QueueId queue) {
  auto it = queue_slots_.find(queue);
  if (it == queue_slots_.end())
    return make_error(ErrorKind::not_found, fmt::format("queue {} is not known", queue));
  const std::uint32_t slot = it->second;
  for (const auto& [id, call] : calls_)
    if (call.queue == slot)
      return make_error(ErrorKind::conflict,
                        fmt::format("queue {} still has calls (call {})", queue, id));
  leave_queue(slot);
  queues_[slot].reset();
  free_queue_slots_.push_back(slot);
  queue_slots_.erase(it);
  return ok_status();
}

Result<RoutingOutcome> QueueRouter::set_agent(const AgentSpec& spec, TimeMs /*now*/) {
  if (auto valid = validate_agent_spec(spec); !valid) return valid.error();
  RoutingOutcome out;
  std::uint32_t slot;
  if (auto it = agent_slots_.find(spec.id); it != agent_slots_.end()) {
    slot = it->second;
    unindex(slot);
    leave_all(slot);
    agents_[slot]->spec = spec;
  } else {
    slot = add_agent_slot(spec);
  }
  for (std::uint32_t queue_slot = 0; queue_slot < queues_.size(); ++queue_slot) {
    if (!queues_[queue_slot]) continue;
    if (auto tier = skill_tier(queues_[queue_slot]->spec, spec)) join(slot, queue_slot, *tier);
  }
  AgentEntry& a = *agents_[slot];
  if (a.reported_available && !a.offer) {
    index(slot);
    match_agent(slot, out);
  }
  return out;
}

Status QueueRouter::remove_agent(AgentId agent) {
  auto slot = agent_slot_of(agent);
  if (!slot) return slot.error();
  if (auto offer = agents_[*slot]->offer)
    return make_error(ErrorKind::conflict,
                      fmt::format("agent {} is being offered call {}", agent, *offer));
  unindex(*slot);
  leave_all(*slot);
  agents_[*slot].reset();
  free_agent_slots_.push_back(*slot);
  agent_slots_.erase(agent);
  return ok_status();
}

// ---- agents --------------------------------------------------------------------------------

Result<std::uint32_t> QueueRouter::agent_slot_of(AgentId agent) const {
  auto it = agent_slots_.find(agent);
  if (it == agent_slots_.end())
    return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent));
  return it->second;
}

void QueueRouter::index(std::uint32_t agent_slot) {
  AgentEntry& a = *agents_[agent_slot];
  if (a.indexed) return;
  for (const Membership& m : a.queues) queues_[m.queue]->agents.insert(key_in(agent_slot, m));
  a.indexed = true;
}

void QueueRouter::unindex(std::uint32_t agent_slot) {
  AgentEntry& a = *agents_[agent_slot];
  if (!a.indexed) return;
  for (const Membership& m : a.queues) queues_[m.queue]->agents.erase(key_in(agent_slot, m));
  a.indexed = false;
}

Result<RoutingOutcome> QueueRouter::agent_changed(const AgentStatus& status, TimeMs /*now*/) {
  auto slot = agent_slot_of(status.agent);
  if (!slot) return slot.error();
  RoutingOutcome out;
  AgentEntry& a = *agents_[*slot];
  // The index keys are made of the facts: take the agent out before they change.
  unindex(*slot);
  a.facts = {status.idle_since, status.calls_handled, status.talk_ms};
  a.reported_available = status.state == AgentState::available;
  if (a.reported_available && !a.offer) {
    index(*slot);
    match_agent(*slot, out);
  }
  return out;
}

void QueueRouter::clear_offer(std::uint32_t agent_slot, RoutingOutcome& out) {
  AgentEntry& a = *agents_[agent_slot];
  a.offer.reset();
  if (a.reported_available) {
    index(agent_slot);
    match_agent(agent_slot, out);
  }
}

// ---- calls ---------------------------------------------------------------------------------

void QueueRouter::start_waiting(CallEntry& call) {
  QueueEntry& q = *queues_[call.queue];
  call.key.score_ms = waiting_score_ms(call.routed.spec, q.spec.priority_step_seconds);
  q.waiting.insert(call.key);
  call.expires_at = 0;
  if (q.spec.max_wait_seconds > 0 && !call.routed.spec.ignores_max_wait) {
    call.expires_at = call.routed.spec.enqueued_at + TimeMs{q.spec.max_wait_seconds} * 1000;
    expiries_.insert({call.expires_at, call.key.call});
  }
}

void QueueRouter::stop_waiting(CallEntry& call) {
  queues_[call.queue]->waiting.erase(call.key);
  if (call.expires_at != 0) expiries_.erase({call.expires_at, call.key.call});
  call.expires_at = 0;
}

Result<std::uint32_t> QueueRouter::check_new_call(const WaitingCallSpec& spec) const {
  const auto q = queue_slots_.find(spec.queue);
  if (q == queue_slots_.end())
    return make_error(ErrorKind::not_found, fmt::format("queue {} is not known", spec.queue),
                      "queue");
  if (calls_.count(spec.call) != 0)
    return make_error(ErrorKind::conflict, fmt::format("call {} is already queued", spec.call),
                      "call");
  if (std::abs(spec.priority) > kMaxPriority)
    return make_error(ErrorKind::invalid_input,
                      fmt::format("the priority must be between -{0} and {0}", kMaxPriority),
                      "priority");
  return q->second;
}

QueueRouter::CallEntry& QueueRouter::add_call(const WaitingCallSpec& spec, std::uint32_t queue_slot,
                                              TimeMs now) {
  CallEntry& call = calls_[spec.call];
  call.routed.spec = spec;
  if (call.routed.spec.enqueued_at == 0) call.routed.spec.enqueued_at = now;
  call.queue = queue_slot;
  call.key.sequence = next_sequence_++;
  call.key.call = spec.call;
  return call;
}

Result<RoutingOutcome> QueueRouter::enqueue(const WaitingCallSpec& spec, TimeMs now) {
  auto queue_slot = check_new_call(spec);
  if (!queue_slot) return queue_slot.error();
  if (spec.base_score < -kMaxBaseScore || spec.base_score > kMaxBaseScore)
    return make_error(ErrorKind::invalid_input,
                      fmt::format("the base score must be between -{0} and {0}", kMaxBaseScore),
                      "base_score");
  CallEntry& call = add_call(spec, *queue_slot, now);
  start_waiting(call);
  RoutingOutcome out;
  match_queue(call.queue, out);
  return out;
}

Result<RoutingOutcome> QueueRouter::offer_answered(CallId call_id, AgentId agent) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return unknown_call(call_id);
  auto slot = agent_slot_of(agent);
  if (!slot) return slot.error();
  if (agents_[*slot]->offer != call_id)
    return make_error(ErrorKind::conflict,
                      fmt::format("call {} is not offered to agent {}", call_id, agent));
  std::vector<AgentId> offered = std::move(it->second.routed.offered_to);
  calls_.erase(it);
  RoutingOutcome out;
  for (AgentId other : offered) {
    if (other != agent) out.released.push_back(other);
    clear_offer(agent_slots_.at(other), out);
  }
  return out;
}

Result<RoutingOutcome> QueueRouter::offer_failed(CallId call_id, AgentId agent, TimeMs /*now*/) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return unknown_call(call_id);
  auto slot = agent_slot_of(agent);
  if (!slot) return slot.error();
  if (agents_[*slot]->offer != call_id)
    return make_error(ErrorKind::conflict,
                      fmt::format("call {} is not offered to agent {}", call_id, agent));
  CallEntry& call = it->second;
  auto& offered = call.routed.offered_to;
  offered.erase(std::find(offered.begin(), offered.end(), agent));
  RoutingOutcome out;
  if (offered.empty() && call.leave_on_failure) {
    out.unanswered.push_back(call_id);
    calls_.erase(it);
  } else if (offered.empty()) {
    start_waiting(call);
    match_queue(call.queue, out);
  }
  clear_offer(*slot, out);
  return out;
}

Result<RoutingOutcome> QueueRouter::remove_call(CallId call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return unknown_call(call_id);
  std::vector<AgentId> offered = std::move(it->second.routed.offered_to);
  if (offered.empty()) stop_waiting(it->second);
  calls_.erase(it);
  RoutingOutcome out;
  for (AgentId agent : offered) {
    out.released.push_back(agent);
    clear_offer(agent_slots_.at(agent), out);
  }
  return out;
}

std::vector<ExpiredCall> QueueRouter::tick(TimeMs now) {
  std::vector<ExpiredCall> expired;
  while (!expiries_.empty() && expiries_.begin()->first <= now) {
    const CallId id = expiries_.begin()->second;
    CallEntry& call = calls_.at(id);
    expired.push_back({id, queues_[call.queue]->spec.id, now - call.routed.spec.enqueued_at});
    stop_waiting(call);
    calls_.erase(id);
  }
  return expired;
}

std::optional<TimeMs> QueueRouter::next_deadline() const {
  if (expiries_.empty()) return std::nullopt;
  return expiries_.begin()->first;
}

// ---- decisions -----------------------------------------------------------------------------

void QueueRouter::match_queue(std::uint32_t queue_slot, RoutingOutcome& out) {
  QueueEntry& q = *queues_[queue_slot];
  while (!q.waiting.empty() && !q.agents.empty()) {
    CallEntry& call = calls_.at(q.waiting.begin()->call);
    stop_waiting(call);
    std::vector<std::uint32_t> chosen;
    if (q.spec.strategy == RoutingStrategy::ring_all) {
      for (const AgentOrderKey& key : q.agents.ordered()) chosen.push_back(key.slot);
    } else {
      const AgentOrderKey& key = q.agents.pick();
      q.agents.note_offered(key.agent);
      chosen.push_back(key.slot);
    }
    Assignment assignment{call.key.call, q.spec.id, {}};
    for (std::uint32_t agent_slot : chosen) {
      unindex(agent_slot);
      AgentEntry& a = *agents_[agent_slot];
      a.offer = call.key.call;
      // Busy from now on, until the state machine reports it available again.
      a.reported_available = false;
      assignment.agents.push_back(a.spec.id);
    }
    call.routed.offered_to = assignment.agents;
    out.assignments.push_back(std::move(assignment));
  }
}

void QueueRouter::match_agent(std::uint32_t agent_slot, RoutingOutcome& out) {
  AgentEntry& a = *agents_[agent_slot];
  while (a.indexed) {
    const WaitingKey* best = nullptr;
    std::uint32_t best_queue = 0;
    for (const Membership& m : a.queues) {
      const WaitingLine& waiting = queues_[m.queue]->waiting;
      if (waiting.empty()) continue;
      if (best == nullptr || *waiting.begin() < *best) {
        best = &*waiting.begin();
        best_queue = m.queue;
      }
    }
    if (best == nullptr) return;
    match_queue(best_queue, out);
  }
}

// ---- reading -------------------------------------------------------------------------------

const QueueSpec* QueueRouter::find_queue(QueueId queue) const {
  auto it = queue_slots_.find(queue);
  return it == queue_slots_.end() ? nullptr : &queues_[it->second]->spec;
}

const AgentSpec* QueueRouter::find_agent(AgentId agent) const {
  auto it = agent_slots_.find(agent);
  return it == agent_slots_.end() ? nullptr : &agents_[it->second]->spec;
}

const RoutedCall* QueueRouter::find_call(CallId call) const {
  auto it = calls_.find(call);
  return it == calls_.end() ? nullptr : &it->second.routed;
}

std::vector<CallId> QueueRouter::waiting_calls(QueueId queue) const {
  std::vector<CallId> ids;
  auto it = queue_slots_.find(queue);
  if (it == queue_slots_.end()) return ids;
  for (const WaitingKey& key : queues_[it->second]->waiting) ids.push_back(key.call);
  return ids;
}

std::size_t QueueRouter::waiting_count(QueueId queue) const {
  auto it = queue_slots_.find(queue);
  return it == queue_slots_.end() ? 0 : queues_[it->second]->waiting.size();
}

std::optional<std::size_t> QueueRouter::position(CallId call_id) const {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || !it->second.routed.offered_to.empty()) return std::nullopt;
  std::size_t place = 1;
  for (const WaitingKey& key : queues_[it->second.queue]->waiting) {
    if (key.call == call_id) return place;
    ++place;
  }
  return std::nullopt;
}

std::vector<AgentId> QueueRouter::available_agents(QueueId queue) const {
  std::vector<AgentId> ids;
  auto it = queue_slots_.find(queue);
  if (it == queue_slots_.end()) return ids;
  for (const AgentOrderKey& key : queues_[it->second]->agents.ordered()) ids.push_back(key.agent);
  return ids;
}

std::vector<std::pair<QueueId, int>> QueueRouter::eligible_queues(AgentId agent) const {
  std::vector<std::pair<QueueId, int>> result;
  auto it = agent_slots_.find(agent);
  if (it == agent_slots_.end()) return result;
  for (const Membership& m : agents_[it->second]->queues)
    result.emplace_back(queues_[m.queue]->spec.id, m.tier);
  return result;
}

std::optional<CallId> QueueRouter::offer_of(AgentId agent) const {
  auto it = agent_slots_.find(agent);
  if (it == agent_slots_.end()) return std::nullopt;
  return agents_[it->second]->offer;
}

bool QueueRouter::routable(AgentId agent) const {
  auto it = agent_slots_.find(agent);
  return it != agent_slots_.end() && agents_[it->second]->indexed;
}

std::vector<QueueId> QueueRouter::queue_ids() const {
  std::vector<QueueId> ids;
  for (const auto& [id, slot] : queue_slots_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<AgentId> QueueRouter::agent_ids() const {
  std::vector<AgentId> ids;
  for (const auto& [id, slot] : agent_slots_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<CallId> QueueRouter::call_ids() const {
  std::vector<CallId> ids;
  for (const auto& [id, call] : calls_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace callwerk::acd

// AcdService: what the wallboard, the desktop and announcements read, and the health check.

#include <algorithm>

#include <fmt/format.h>

#include "acd/acd_service.hpp"

namespace callwerk::acd {

std::string AcdHealth::describe() const {
  std::string text = describe_violations(routing);
  for (const std::string& line : bookkeeping) text += line + "\n";
  return text;
}

const QueueConfig* AcdService::find_queue(QueueId queue) const {
  auto it = queues_.find(queue);
  return it == queues_.end() ? nullptr : &it->second.config;
}

const AgentConfig* AcdService::find_agent(AgentId agent) const {
  auto it = agent_configs_.find(agent);
  return it == agent_configs_.end() ? nullptr : &it->second.config;
}

Result<QueueSnapshot> AcdService::queue_snapshot(QueueId queue_id, TimeMs now) const {
  auto it = queues_.find(queue_id);
  if (it == queues_.end())
    return make_error(ErrorKind::not_found, fmt::format("queue {} is not known", queue_id),
                      "queue");
  const QueueEntry& queue = it->second;
  QueueSnapshot snap;
  snap.queue = queue_id;
  snap.tenant = queue.config.tenant;
  snap.name = queue.config.name;
  for (CallId call : router_.waiting_calls(queue_id)) {
    const CallEntry& entry = calls_.at(call);
    const TimeMs waited = std::max<TimeMs>(0, now - entry.record.enqueued_at);
    snap.waiting.push_back({call, entry.priority, entry.record.enqueued_at, waited});
    snap.longest_wait_ms = std::max(snap.longest_wait_ms, waited);
  }
  for (const auto& [id, entry] : calls_) {
    if (entry.queue != queue_id || entry.agent) continue;
    const RoutedCall* routed = router_.find_call(id);
    if (routed == nullptr || routed->offered_to.empty()) continue;
    const TimeMs waited = std::max<TimeMs>(0, now - entry.record.enqueued_at);
    snap.offered.push_back({id, routed->offered_to, waited});
    snap.longest_wait_ms = std::max(snap.longest_wait_ms, waited);
  }
  std::sort(snap.offered.begin(), snap.offered.end(),
            [](const OfferedCallView& a, const OfferedCallView& b) { return a.call < b.call; });
  for (AgentId agent : queue.members) {
    const AgentStatus* status = agents_.find(agent);
    if (status == nullptr || status->state == AgentState::offline) continue;
    snap.agents_logged_in += 1;
    if (status->state == AgentState::available)
      snap.agents_available += 1;
    else if (status->state == AgentState::paused)
      snap.agents_paused += 1;
    else
      snap.agents_busy += 1;
  }
  return snap;
}

std::vector<QueueSnapshot> AcdService::queue_snapshots(TimeMs now) const {
  std::vector<QueueSnapshot> snaps;
  for (const auto& [id, queue] : queues_) snaps.push_back(*queue_snapshot(id, now));
  return snaps;
}

Result<AgentSnapshot> AcdService::agent_snapshot(AgentId agent) const {
  auto config = agent_configs_.find(agent);
  const AgentStatus* status = agents_.find(agent);
  if (config == agent_configs_.end() || status == nullptr)
    return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent), "agent");
  AgentSnapshot snap;
  snap.agent = agent;
  snap.tenant = config->second.config.tenant;
  snap.extension = config->second.config.extension;
  snap.state = status->state;
  snap.pause_reason = status->pause_reason;
  snap.state_since = status->state_since;
  snap.call = status->call;
  snap.phone_registered = status->phone_registered;
  snap.calls_handled = status->calls_handled;
  snap.talk_ms = status->talk_ms;
  snap.removal_pending = config->second.removal_pending;
  if (status->call) {
    if (auto call = calls_.find(*status->call); call != calls_.end())
      snap.queue = call->second.queue;
    else if (auto wrap = wrap_ups_.find(agent); wrap != wrap_ups_.end())
      snap.queue = wrap->second.queue;
  }
  for (const auto& [id, queue] : queues_)
    if (queue.members.count(agent) != 0) snap.queues.push_back(id);
  return snap;
}

std::vector<AgentSnapshot> AcdService::agent_snapshots() const {
  std::vector<AgentSnapshot> snaps;
  for (const auto& [id, config] : agent_configs_) snaps.push_back(*agent_snapshot(id));
  return snaps;
}

std::optional<std::size_t> AcdService::position(CallId call) const {
  return router_.position(call);
}

Result<WaitEstimate> AcdService::estimated_wait(CallId call, TimeMs now) const {
  auto it = calls_.find(call);
  if (it == calls_.end())
    return make_error(ErrorKind::not_found, fmt::format("call {} is not known", call), "call");
  const CallEntry& entry = it->second;
  if (entry.agent)
    return make_error(ErrorKind::conflict, fmt::format("call {} is already answered", call),
                      "call");
  const QueueEntry& queue = queues_.at(entry.queue);
  const HandleTimeProfile profile(
      std::vector<std::int64_t>(queue.handle_times.begin(), queue.handle_times.end()));
  const std::optional<std::size_t> place = router_.position(call);
  if (!place) {  // an agent is being rung for it
    WaitEstimate rung;
    rung.wait_ms = 0;
    rung.wait_seconds = 0;
    rung.confidence = EstimateConfidence::high;
    rung.samples = profile.samples();
    return rung;
  }
  WaitEstimateInput input;
  input.position = static_cast<int>(*place);
  input.available_agents = static_cast<int>(router_.available_agents(entry.queue).size());
  for (AgentId agent : queue.members) {
    const AgentStatus* status = agents_.find(agent);
    if (status == nullptr) continue;
    switch (status->state) {
      case AgentState::reserved:
      case AgentState::ringing:
        input.busy_elapsed_ms.push_back(0);  // starts a new call
        break;
      case AgentState::on_call:
        input.busy_elapsed_ms.push_back(std::max<TimeMs>(0, now - status->answered_at));
        break;
      case AgentState::wrap_up:
        if (auto wrap = wrap_ups_.find(agent); wrap != wrap_ups_.end())
          input.busy_elapsed_ms.push_back(
              std::max<TimeMs>(0, now - wrap->second.record.left_queue_at));
        break;
      default:
        break;  // offline and paused agents are not expected back at any known time
    }
  }
  return estimate_wait(input, profile);
}

std::vector<std::int64_t> AcdService::handle_times(QueueId queue) const {
  auto it = queues_.find(queue);
  if (it == queues_.end()) return {};
  return {it->second.handle_times.begin(), it->second.handle_times.end()};
}

std::vector<QueuedCallRecord> AcdService::records_since(TimeMs from) const {
  std::vector<QueuedCallRecord> records;
  for (const QueuedCallRecord& record : finished_)
    if (record.enqueued_at >= from) records.push_back(record);
  for (const auto& [id, entry] : calls_) records.push_back(entry.record);
  for (const auto& [id, entry] : wrap_ups_) records.push_back(entry.record);
  std::stable_sort(records.begin(), records.end(),
                   [](const QueuedCallRecord& a, const QueuedCallRecord& b) {
                     return a.enqueued_at < b.enqueued_at;
                   });
  return records;
}

std::vector<QueueLiveSnapshot> AcdService::live_snapshots(TimeMs day_start, TimeMs now,
                                                          const KpiOptions& options) const {
  const std::vector<QueuedCallRecord> records = records_since(day_start);
  return queue_live_snapshots(records, day_start, now, options);
}

void AcdService::forget_records_before(TimeMs t) {
  std::erase_if(finished_, [t](const QueuedCallRecord& r) { return r.enqueued_at < t; });
}

AcdHealth AcdService::check(TimeMs now) const {
  AcdHealth health;
  health.routing = check_acd_invariants(router_, agents_, now);
  auto& problems = health.bookkeeping;
  for (CallId call : router_.call_ids()) {
    auto it = calls_.find(call);
    if (it == calls_.end() || it->second.agent)
      problems.push_back(fmt::format("call {}: routed but not waiting in the service", call));
  }
  for (const auto& [id, entry] : calls_) {
    if (!entry.agent) {
      if (router_.find_call(id) == nullptr)
        problems.push_back(fmt::format("call {}: waiting in the service, unknown to router", id));
      continue;
    }
    const AgentStatus* status = agents_.find(*entry.agent);
    if (status == nullptr || status->state != AgentState::on_call || status->call != id)
      problems.push_back(fmt::format("call {}: answered, agent {} not on it", id, *entry.agent));
  }
  for (const auto& [agent, entry] : wrap_ups_) {
    const AgentStatus* status = agents_.find(agent);
    if (status == nullptr || status->state != AgentState::wrap_up || status->call != entry.call)
      problems.push_back(
          fmt::format("agent {}: wrap-up of call {} not in wrap_up", agent, entry.call));
  }
  for (const auto& [agent, status] : agents_.all()) {
    if (agent_configs_.count(agent) == 0)
      problems.push_back(fmt::format("agent {}: has a state but no config", agent));
    if (status.state == AgentState::on_call &&
        (!status.call || calls_.count(*status.call) == 0 || calls_.at(*status.call).agent != agent))
      problems.push_back(fmt::format("agent {}: on a call the service does not know", agent));
    if (status.state == AgentState::wrap_up && wrap_ups_.count(agent) == 0)
      problems.push_back(fmt::format("agent {}: in wrap-up without a record", agent));
  }
  for (const auto& [agent, config] : agent_configs_)
    if (agents_.find(agent) == nullptr || router_.find_agent(agent) == nullptr)
      problems.push_back(fmt::format("agent {}: configured but not known everywhere", agent));
  for (const std::string& error : internal_errors_) problems.push_back("internal: " + error);
  return health;
}

}  // namespace callwerk::acd

// AcdService: a call offered to one named agent (transfer to a colleague, consultation).

#include <fmt/format.h>

#include "acd/acd_service.hpp"

namespace callwerk::acd {

Status AcdService::offer_to_agent(const WaitingCallSpec& spec, AgentId agent, bool consultation,
                                  TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (spec.call <= 0) return make_error(ErrorKind::invalid_input, "a call id must be > 0", "call");
  const auto queue = queues_.find(spec.queue);
  if (queue == queues_.end())
    return make_error(ErrorKind::not_found, fmt::format("queue {} is not known", spec.queue),
                      "queue");
  const auto config = agent_configs_.find(agent);
  if (config == agent_configs_.end() || config->second.config.tenant != queue->second.config.tenant)
    return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent), "agent");
  if (calls_.count(spec.call) != 0)
    return make_error(ErrorKind::conflict,
                      fmt::format("call {} is already queued or talking", spec.call), "call");
  const AgentStatus* status = agents_.find(agent);
  if (status == nullptr || status->state != AgentState::available || config->second.removal_pending)
    return make_error(ErrorKind::conflict, fmt::format("agent {} is not available", agent),
                      "agent");
  auto outcome = router_.offer_directly(spec, agent, consultation, now);
  if (!outcome) return outcome.error();

  CallEntry entry = new_call_entry(spec, queue->second.config.tenant, now);
  // A consultation's stay is of interest once the colleague answers.
  if (!consultation) outbox_.queue_call_updated(entry.record);
  calls_.emplace(spec.call, std::move(entry));
  changed_queues_.insert(spec.queue);

  handle(*outcome, now);  // reserve and ring the agent
  process_due(now);
  return ok_status();
}

Status AcdService::withdraw_offer(CallId call, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  const auto it = calls_.find(call);
  if (it == calls_.end())
    return make_error(ErrorKind::not_found, fmt::format("call {} is not known", call), "call");
  if (it->second.agent)
    return make_error(ErrorKind::conflict, fmt::format("call {} is answered", call), "call");
  auto outcome = router_.remove_call(call);
  if (!outcome) {
    note_internal(outcome.error());
    return make_error(ErrorKind::internal, outcome.error().describe());
  }
  changed_queues_.insert(it->second.queue);
  calls_.erase(it);
  handle(*outcome, now);  // the ringing agent: stop_ringing, available again
  process_due(now);
  return ok_status();
}

void AcdService::drop_unanswered(CallId call) {
  const auto it = calls_.find(call);
  if (it == calls_.end()) {
    note_internal(make_error(ErrorKind::internal,
                             fmt::format("unanswered direct offer {} has no entry", call)));
    return;
  }
  const QueueId queue = it->second.queue;
  calls_.erase(it);  // its waiting record was never complete: nothing to finish
  changed_queues_.insert(queue);
  outbox_.call_expired(call, queue, ExpiryReason::not_answered);
}

}  // namespace callwerk::acd

// QueueRouter: a call offered to one named agent, outside the lines (a transfer to a
// colleague, or a consultation while the caller holds).

#include <cstdlib>

#include <fmt/format.h>

#include "acd/queue_router.hpp"

namespace callwerk::acd {

Result<RoutingOutcome> QueueRouter::offer_directly(const WaitingCallSpec& spec, AgentId agent,
                                                   bool leave_on_failure, TimeMs now) {
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
  auto slot = agent_slot_of(agent);
  if (!slot) return slot.error();
  AgentEntry& a = *agents_[*slot];
  // Only an agent the router would route now: available as last reported, no open offer.
  if (!a.indexed || a.offer)
    return make_error(ErrorKind::conflict, fmt::format("agent {} is not available", agent),
                      "agent");
  CallEntry& call = calls_[spec.call];
  call.routed.spec = spec;
  if (call.routed.spec.enqueued_at == 0) call.routed.spec.enqueued_at = now;
  call.queue = q->second;
  call.key.sequence = next_sequence_++;
  call.key.call = spec.call;
  call.leave_on_failure = leave_on_failure;
  // As match_queue does for a chosen agent: busy from now on, until the state machine says
  // otherwise. The call does not wait meanwhile, so no maximum wait runs.
  unindex(*slot);
  a.offer = spec.call;
  a.reported_available = false;
  call.routed.offered_to = {agent};
  RoutingOutcome out;
  out.assignments.push_back(Assignment{spec.call, spec.queue, {agent}});
  return out;
}

}  // namespace callwerk::acd

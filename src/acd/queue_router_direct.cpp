// QueueRouter: a call offered to one named agent, outside the lines (a transfer to a
// colleague, or a consultation while the caller holds).

#include <fmt/format.h>

#include "acd/queue_router.hpp"

namespace callwerk::acd {

Result<RoutingOutcome> QueueRouter::offer_directly(const WaitingCallSpec& spec, AgentId agent,
                                                   bool leave_on_failure, TimeMs now) {
  auto queue_slot = check_new_call(spec);
  if (!queue_slot) return queue_slot.error();
  auto slot = agent_slot_of(agent);
  if (!slot) return slot.error();
  AgentEntry& a = *agents_[*slot];
  // Only an agent the router would route now: available as last reported, no open offer.
  if (!a.indexed || a.offer)
    return make_error(ErrorKind::conflict, fmt::format("agent {} is not available", agent),
                      "agent");
  CallEntry& call = add_call(spec, *queue_slot, now);
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

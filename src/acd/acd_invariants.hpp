#pragma once
// Checks that the router and the agent states agree and that nothing is stuck. Meant for
// tests (run after every step of a simulation) and for a debug endpoint; it reads
// everything, so it is O(agents * queues of an agent + calls), not for the decision path.

#include <string>
#include <string_view>
#include <vector>

#include "acd/agent_state.hpp"
#include "acd/queue_router.hpp"

namespace callwerk::acd {

enum class InvariantKind {
  stuck_offer,                 // reserved or ringing past its deadline
  stuck_wrap_up,               // wrap-up past its timer
  reserved_for_gone_call,      // reserved/ringing for a call the router does not offer it
  offer_not_reserved,          // the router offers a call to an agent not reserved/ringing for it
  agent_in_two_calls,          // one agent offered two calls, or listed twice
  idle_while_call_waits,       // available, no offer, and a queue it serves has a waiting call
  index_out_of_sync,           // the router's availability differs from the state machine's
  unknown_agent,               // known to one side only
  overdue_call,                // still waiting past its queue's maximum wait
  answered_call_still_routed,  // an agent on the call while the router still routes it
};

std::string_view invariant_kind_name(InvariantKind kind);

struct InvariantViolation {
  InvariantKind kind = InvariantKind::stuck_offer;
  AgentId agent = 0;  // 0 when it concerns a call only
  CallId call = 0;    // 0 when it concerns an agent only
  std::string detail;
};

std::vector<InvariantViolation> check_acd_invariants(const QueueRouter& router,
                                                     const AgentStates& agents, TimeMs now);

// One line per violation, for test failure messages.
std::string describe_violations(const std::vector<InvariantViolation>& violations);

}  // namespace callwerk::acd

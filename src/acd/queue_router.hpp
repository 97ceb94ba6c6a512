#pragma once
// The queue router: which waiting call goes to which available agent. Pure and single
// threaded (the core thread's AcdService owns it); time comes in as arguments.
//
// It keeps, per queue, the waiting calls in serving order (queue_router_waiting.hpp) and the
// available eligible agents in strategy order (queue_router_agent_index.hpp), both updated
// incrementally, so a decision costs O(queues of the agent * log n), never a scan of all
// agents or queues. Invariant after every operation: no queue has both a waiting call and an
// available agent; whatever would break it is matched at once and returned as assignments.
//
// The caller's loop (every operation returns a RoutingOutcome to carry out):
//   call enters a queue         -> enqueue()
//   any agent state change      -> agent_changed(status) (after AgentStates::apply or tick)
//   assignment                  -> reserve each agent (AgentEvent::reserve), then agent_changed
//   agent answers               -> offer_answered(); released ring-all colleagues get
//                                  reservation_lost
//   no answer, reservation or   -> offer_failed(); the call is offered again at its old place
//   ring deadline, phone lost
//   caller hangs up or is moved -> remove_call(); released agents get reservation_lost
//   timer                       -> tick(now): calls past the queue's maximum wait (overflow)
//
// An agent becomes routable only when agent_changed reports it available and no offer of
// the router is still open for it. An offer makes the agent busy at once (before the caller
// reserves it), so two decisions never pick the same agent.
//
// An agent serving several queues takes the waiting call that would be served first if all
// its queues were one line: the highest score, then the earliest enqueued (with equal
// priorities and base scores: the head call that has waited longest).

#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "acd/agent_state.hpp"
#include "acd/queue_router_agent_index.hpp"
#include "acd/queue_router_types.hpp"
#include "acd/queue_router_waiting.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

// A waiting or offered call as the router sees it.
struct RoutedCall {
  WaitingCallSpec spec;
  std::vector<AgentId> offered_to;  // empty while it waits
};

class QueueRouter {
 public:
  // Adds the queue or replaces its configuration (skills, strategy, timers). Agents are
  // re-matched and waiting calls re-ordered; round-robin memory survives a replacement.
  Result<RoutingOutcome> set_queue(const QueueSpec& queue, TimeMs now);
  // Refused while calls wait in it or are offered from it.
  Status remove_queue(QueueId queue);

  // Adds the agent (not routable until agent_changed reports it available) or replaces its
  // skills and queue list.
  Result<RoutingOutcome> set_agent(const AgentSpec& agent, TimeMs now);
  // Refused while a call is offered to the agent.
  Status remove_agent(AgentId agent);

  // The agent's state as the state machine has it now. Unknown agents are refused.
  Result<RoutingOutcome> agent_changed(const AgentStatus& status, TimeMs now);

  // Refused for an unknown queue, a call id already routed, or a priority or base score out
  // of range.
  Result<RoutingOutcome> enqueue(const WaitingCallSpec& call, TimeMs now);
  // Offers the call to this one agent, outside any line (a transfer to a named colleague).
  // The agent must be routable (available, no open offer); it need not serve the call's
  // queue. When the agent does not answer (offer_failed) the call waits in spec.queue with
  // spec's score and enqueue time (its old place), or, with leave_on_failure, leaves the
  // router and is listed in RoutingOutcome::unanswered. queue_router_direct.cpp.
  Result<RoutingOutcome> offer_directly(const WaitingCallSpec& call, AgentId agent,
                                        bool leave_on_failure, TimeMs now);
  // The agent answered: the call leaves the router; other ring-all agents are released.
  Result<RoutingOutcome> offer_answered(CallId call, AgentId agent);
  // The offer to the agent ended without an answer. When no other agent still rings for the
  // call it waits again with its old score (and enqueue time), and is offered on.
  Result<RoutingOutcome> offer_failed(CallId call, AgentId agent, TimeMs now);
  // The call leaves (hung up, moved to another queue, callback taken): agents still offered
  // it are released.
  Result<RoutingOutcome> remove_call(CallId call);

  // Removes and returns the waiting calls whose queue's maximum wait has run out, earliest
  // deadline first. A call being offered is not cut off while its agents ring; if it comes
  // back to waiting after its deadline, the next tick reports it.
  std::vector<ExpiredCall> tick(TimeMs now);
  std::optional<TimeMs> next_deadline() const;

  // Reading (announcements, wallboard, invariant checks).
  const QueueSpec* find_queue(QueueId queue) const;
  const AgentSpec* find_agent(AgentId agent) const;
  const RoutedCall* find_call(CallId call) const;
  // Calls waiting in the queue, in serving order.
  std::vector<CallId> waiting_calls(QueueId queue) const;
  std::size_t waiting_count(QueueId queue) const;
  // 1-based place in its queue's line; nullopt unless the call waits. O(position).
  std::optional<std::size_t> position(CallId call) const;
  // The queue's available eligible agents in the order its strategy would pick them (round
  // robin: by id, not rotated).
  std::vector<AgentId> available_agents(QueueId queue) const;
  // Queues the agent qualifies for, with its tier on each.
  std::vector<std::pair<QueueId, int>> eligible_queues(AgentId agent) const;
  // The call the router has an open offer of to the agent.
  std::optional<CallId> offer_of(AgentId agent) const;
  // Whether the router counts the agent as available (last reported available, no offer).
  bool routable(AgentId agent) const;
  std::vector<QueueId> queue_ids() const;
  std::vector<AgentId> agent_ids() const;
  std::vector<CallId> call_ids() const;

 private:
  struct Membership {
    std::uint32_t queue = 0;  // queue slot
    int tier = 0;
  };
  struct AgentEntry {
    AgentSpec spec;
    std::vector<Membership> queues;
    bool reported_available = false;
    bool indexed = false;
    AgentRoutingFacts facts;
    std::optional<CallId> offer;
  };
  struct QueueEntry {
    QueueSpec spec;
    AvailableAgents agents{RoutingStrategy::longest_idle};
    WaitingLine waiting;
    std::vector<std::uint32_t> members;  // agent slots
  };
  struct CallEntry {
    RoutedCall routed;
    std::uint32_t queue = 0;  // queue slot
    WaitingKey key;
    TimeMs expires_at = 0;          // 0: no maximum wait
    bool leave_on_failure = false;  // a direct offer that must not wait in the line
  };

  std::uint32_t add_queue_slot(const QueueSpec& spec);
  std::uint32_t add_agent_slot(const AgentSpec& spec);
  void join(std::uint32_t agent_slot, std::uint32_t queue_slot, int tier);
  void leave_all(std::uint32_t agent_slot);
  void leave_queue(std::uint32_t queue_slot);
  AgentOrderKey key_in(std::uint32_t agent_slot, const Membership& m) const;
  void index(std::uint32_t agent_slot);
  void unindex(std::uint32_t agent_slot);
  // Shared by enqueue and offer_directly: the checks of a new call (its queue's slot), and its
  // entry in calls_.
  Result<std::uint32_t> check_new_call(const WaitingCallSpec& spec) const;
  CallEntry& add_call(const WaitingCallSpec& spec, std::uint32_t queue_slot, TimeMs now);
  void start_waiting(CallEntry& call);
  void stop_waiting(CallEntry& call);
  // Offers head calls of the queue while it has both calls and agents.
  void match_queue(std::uint32_t queue_slot, RoutingOutcome& out);
  // Offers the agent the best head call among its queues.
  void match_agent(std::uint32_t agent_slot, RoutingOutcome& out);
  // Ends the agent's open offer; an agent already reported available is routed again.
  void clear_offer(std::uint32_t agent_slot, RoutingOutcome& out);
  Result<std::uint32_t> agent_slot_of(AgentId agent) const;

  std::vector<std::optional<QueueEntry>> queues_;
  std::vector<std::optional<AgentEntry>> agents_;
  std::vector<std::uint32_t> free_queue_slots_;
  std::vector<std::uint32_t> free_agent_slots_;
  std::unordered_map<QueueId, std::uint32_t> queue_slots_;
  std::unordered_map<AgentId, std::uint32_t> agent_slots_;
  std::unordered_map<CallId, CallEntry> calls_;
  std::set<std::pair<TimeMs, CallId>> expiries_;
  std::uint64_t next_sequence_ = 1;
};

}  // namespace callwerk::acd

#pragma once
// What the AcdService is configured with (queues and agents as the store has them) and what
// it answers to the wallboard, the agent desktop and announcements.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "acd/acd_invariants.hpp"
#include "acd/agent_state.hpp"
#include "acd/queue_router_types.hpp"
#include "core/clock.hpp"

namespace callwerk::acd {

struct QueueConfig {
  QueueId id = 0;
  TenantId tenant = 0;
  std::string name;
  RoutingStrategy strategy = RoutingStrategy::longest_idle;
  std::vector<SkillLevel> required_skills;  // every one at least at its level
  int service_level_seconds = 20;
  int max_wait_seconds = 0;  // 0: no limit
  int wrap_up_seconds = 0;   // 0: the agent is available again when the call ends
  int ring_timeout_seconds = 20;
  // Seconds of waiting one priority step is worth (QueueSpec); the default is strict.
  std::int64_t priority_step_seconds = kStrictPrioritySeconds;

  QueueSpec routing_spec() const;
};

struct AgentConfig {
  AgentId id = 0;  // the user id
  TenantId tenant = 0;
  std::string extension;  // handed to the owner in RingRequest
  std::vector<SkillLevel> skills;
  std::vector<QueueId> queues;  // empty: every queue of the tenant whose skills it meets

  AgentSpec routing_spec() const;
};

// Why a caller left the queue before (or instead of) talking to an agent.
enum class LeaveReason {
  abandoned,        // hung up (record exit abandoned)
  callback_chosen,  // took the callback offer (record exit callback_chosen)
  moved,            // the owner moved the call elsewhere, e.g. to voicemail (exit overflowed)
};

struct WaitingCallView {
  CallId call = 0;
  int priority = 0;
  TimeMs enqueued_at = 0;  // when it entered this queue
  TimeMs waited_ms = 0;
};

struct OfferedCallView {
  CallId call = 0;
  std::vector<AgentId> agents;  // reserved or ringing for it
  TimeMs waited_ms = 0;
};

struct QueueSnapshot {
  QueueId queue = 0;
  TenantId tenant = 0;
  std::string name;
  std::vector<WaitingCallView> waiting;  // serving order: waiting[0] is position 1
  std::vector<OfferedCallView> offered;  // being rung at agents, by call id
  TimeMs longest_wait_ms = 0;            // over waiting and offered calls
  // Agents who serve the queue (skills, tenant, queue list), by state.
  int agents_logged_in = 0;  // not offline
  int agents_available = 0;
  int agents_busy = 0;  // reserved, ringing, on call or in wrap-up (for any queue)
  int agents_paused = 0;
};

struct AgentSnapshot {
  AgentId agent = 0;
  TenantId tenant = 0;
  std::string extension;
  AgentState state = AgentState::offline;
  std::string pause_reason;
  TimeMs state_since = 0;
  std::optional<CallId> call;    // offered, talking or wrapped up
  std::optional<QueueId> queue;  // the queue of that call
  bool phone_registered = true;
  std::uint32_t calls_handled = 0;
  TimeMs talk_ms = 0;
  std::vector<QueueId> queues;   // the queues it serves, by id
  bool removal_pending = false;  // removed while on a call: goes when the call ends
};

// The result of AcdService::check: the routing invariants (acd_invariants.hpp) and the
// service's own bookkeeping (calls, wrap-ups, agents known to all parts).
struct AcdHealth {
  std::vector<InvariantViolation> routing;
  std::vector<std::string> bookkeeping;

  bool ok() const { return routing.empty() && bookkeeping.empty(); }
  std::string describe() const;
};

}  // namespace callwerk::acd

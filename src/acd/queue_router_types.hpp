#pragma once
// What the queue router is told (queues, agents, waiting calls) and what it answers
// (assignments of calls to agents, calls whose maximum wait ran out).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "acd/queue_router_ids.hpp"
#include "core/clock.hpp"

namespace callwerk::acd {

enum class RoutingStrategy {
  longest_idle,     // the agent available the longest (AgentStatus::idle_since)
  round_robin,      // the next agent after the one this queue picked last, by agent id
  fewest_calls,     // the agent with the fewest calls handled (across all queues)
  least_talk_time,  // the agent with the least talk time (across all queues)
  ring_all,         // every eligible available agent at once; the first to answer wins
  skill_tiers,      // higher skill on the queue's skills first (strict tiers), then longest idle
};

// "longest-idle", "round-robin", "fewest-calls", "least-talk-time", "ring-all", "skill-tiers".
std::string_view routing_strategy_name(RoutingStrategy strategy);
std::optional<RoutingStrategy> parse_routing_strategy(std::string_view name);

inline constexpr int kMinSkillLevel = 1;
inline constexpr int kMaxSkillLevel = 10;

struct SkillLevel {
  SkillId skill;
  int level = kMinSkillLevel;  // 1..10; for a queue: the minimum level required
};

// A priority step this large makes priorities strict in practice (11.5 days of waiting per
// step), as Asterisk adds penalty * 1e6 to every metric.
inline constexpr std::int64_t kStrictPrioritySeconds = 1'000'000;
inline constexpr int kMaxPriority = 1000;                 // |priority| at most this
inline constexpr std::int64_t kMaxBaseScore = 1'000'000;  // |base score| at most this

struct QueueSpec {
  QueueId id = 0;
  TenantId tenant = 0;
  std::vector<SkillLevel> required_skills;  // an agent needs every one at its minimum level
  RoutingStrategy strategy = RoutingStrategy::longest_idle;
  // How many seconds of waiting one priority step is worth (see WaitingCallSpec). The
  // default keeps priorities strict; e.g. 120 lets a call overtake a one-step-higher call
  // that arrived more than two minutes later.
  std::int64_t priority_step_seconds = kStrictPrioritySeconds;
  int max_wait_seconds = 0;        // 0: no limit; else tick() reports the call after this
  int service_level_seconds = 20;  // answered within this counts for the service level
  int wrap_up_seconds = 0;         // the caller passes it to AgentEvent::call_ended
  int ring_timeout_seconds = 20;   // the caller's ring deadline for AgentEvent::ring
};

struct AgentSpec {
  AgentId id = 0;
  TenantId tenant = 0;
  std::vector<SkillLevel> skills;  // levels 1..10, each skill at most once
  // Empty: the agent serves every queue of its tenant whose required skills it meets. Not
  // empty: only these queues, and still only where it meets the required skills (a queue's
  // minimum levels are a promise to its callers).
  std::vector<QueueId> queues;
};

struct WaitingCallSpec {
  CallId call = 0;
  QueueId queue = 0;
  // Higher first. score(t) = base_score + priority * priority_step_seconds + seconds waited
  // at t; the call with the highest score is served first, the earlier enqueued among equal
  // scores (FIFO). Since every call's score grows at the same rate, that order never changes
  // while calls wait, so it is kept as a fixed key.
  int priority = 0;
  std::int64_t base_score = 0;  // seconds credited, e.g. the wait in a queue before overflow
  // max_wait_seconds counts from here too; 0 means the time of enqueue(). An overflow may
  // pass the original time to keep the caller's place relative to older calls.
  TimeMs enqueued_at = 0;
  // The queue's maximum wait does not apply: a promised call back has nobody on the line to
  // move on, and it must not leave the queue (nor be counted as timed out) before an agent.
  bool ignores_max_wait = false;
};

// The caller reserves every agent for the call (AgentEvent::reserve) and rings them.
struct Assignment {
  CallId call = 0;
  QueueId queue = 0;
  std::vector<AgentId> agents;  // one, except ring-all: every eligible available agent
};

// What one router operation asks of the caller.
struct RoutingOutcome {
  std::vector<Assignment> assignments;
  // Offers that ended without these agents (the call was answered by a ring-all colleague or
  // left): the caller cancels their ringing and applies AgentEvent::reservation_lost.
  std::vector<AgentId> released;
  // Direct offers made to leave on failure (QueueRouter::offer_directly) whose agent did not
  // answer: the calls have left the router; the caller ends them (a failed consultation).
  std::vector<CallId> unanswered;

  bool empty() const { return assignments.empty() && released.empty() && unanswered.empty(); }
};

struct ExpiredCall {
  CallId call = 0;
  QueueId queue = 0;
  TimeMs waited_ms = 0;
};

}  // namespace callwerk::acd

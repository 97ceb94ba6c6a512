#pragma once
// Which agents may serve which queue, and how well (the skill tier). Checked when queues or
// agents are configured, never per routing decision.

#include <optional>

#include "acd/queue_router_types.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

// The agent's tier on the queue, or nullopt when it does not qualify (another tenant, a
// required skill missing or below its minimum level, not in its explicit queue list). The
// tier is the sum of the agent's levels on the queue's required skills: every required skill
// counts the same, and a higher sum is a strictly earlier tier under skill-tiers. A queue
// without required skills takes every agent of its tenant at tier 0.
std::optional<int> skill_tier(const QueueSpec& queue, const AgentSpec& agent);

// Ids, levels 1..10, no skill twice, limits of the priority step and the timers.
Status validate_queue_spec(const QueueSpec& queue);
Status validate_agent_spec(const AgentSpec& agent);

}  // namespace callwerk::acd

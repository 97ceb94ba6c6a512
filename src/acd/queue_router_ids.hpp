#pragma once
// Ids shared by the agent state machine and the queue router. They are the store's row ids
// (64-bit integers) so the AcdService can pass them through without a mapping table; skills
// are names ("billing", "de") because they come from configuration.

#include <cstdint>
#include <string>

namespace callwerk::acd {

using AgentId = std::int64_t;
using CallId = std::int64_t;  // the interaction id of the waiting call
using QueueId = std::int64_t;
using TenantId = std::int64_t;
using SkillId = std::string;

}  // namespace callwerk::acd

#include "acd/queue_router_skills.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace callwerk::acd {

namespace {

const SkillLevel* find_skill(const std::vector<SkillLevel>& skills, const SkillId& skill) {
  for (const auto& s : skills)
    if (s.skill == skill) return &s;
  return nullptr;
}

Status validate_skills(const std::vector<SkillLevel>& skills, std::string_view field) {
  std::set<SkillId> seen;
  for (const auto& s : skills) {
    if (s.skill.empty())
      return make_error(ErrorKind::invalid_input, "a skill needs a name", std::string(field));
    if (s.level < kMinSkillLevel || s.level > kMaxSkillLevel)
      return make_error(ErrorKind::invalid_input,
                        fmt::format("skill {}: level {} is not between {} and {}", s.skill, s.level,
                                    kMinSkillLevel, kMaxSkillLevel),
                        std::string(field));
    if (!seen.insert(s.skill).second)
      return make_error(ErrorKind::invalid_input, fmt::format("skill {} is listed twice", s.skill),
                        std::string(field));
  }
  return ok_status();
}

}  // namespace

std::optional<int> skill_tier(const QueueSpec& queue, const AgentSpec& agent) {
  if (queue.tenant != agent.tenant) return std::nullopt;
  if (!agent.queues.empty() &&
      std::find(agent.queues.begin(), agent.queues.end(), queue.id) == agent.queues.end())
    return std::nullopt;
  int tier = 0;
  for (const auto& required : queue.required_skills) {
    const SkillLevel* has = find_skill(agent.skills, required.skill);
    if (has == nullptr || has->level < required.level) return std::nullopt;
    tier += has->level;
  }
  return tier;
}

Status validate_queue_spec(const QueueSpec& queue) {
  if (auto s = validate_skills(queue.required_skills, "required_skills"); !s) return s;
  if (queue.priority_step_seconds < 1 || queue.priority_step_seconds > kStrictPrioritySeconds)
    return make_error(
        ErrorKind::invalid_input,
        fmt::format("the priority step must be between 1 and {} seconds", kStrictPrioritySeconds),
        "priority_step_seconds");
  if (queue.max_wait_seconds < 0)
    return make_error(ErrorKind::invalid_input, "the maximum wait must not be negative",
                      "max_wait_seconds");
  if (queue.service_level_seconds < 0)
    return make_error(ErrorKind::invalid_input, "the service-level time must not be negative",
                      "service_level_seconds");
  if (queue.wrap_up_seconds < 0)
    return make_error(ErrorKind::invalid_input, "the wrap-up time must not be negative",
                      "wrap_up_seconds");
  if (queue.ring_timeout_seconds < 1)
    return make_error(ErrorKind::invalid_input, "the ring timeout must be at least 1 second",
                      "ring_timeout_seconds");
  return ok_status();
}

Status validate_agent_spec(const AgentSpec& agent) {
  return validate_skills(agent.skills, "skills");
}

}  // namespace callwerk::acd

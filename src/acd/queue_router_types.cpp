#include "acd/queue_router_types.hpp"

#include <array>
#include <utility>

namespace callwerk::acd {

namespace {

constexpr std::array<std::pair<RoutingStrategy, std::string_view>, 6> kStrategyNames{{
    {RoutingStrategy::longest_idle, "longest-idle"},
    {RoutingStrategy::round_robin, "round-robin"},
    {RoutingStrategy::fewest_calls, "fewest-calls"},
    {RoutingStrategy::least_talk_time, "least-talk-time"},
    {RoutingStrategy::ring_all, "ring-all"},
    {RoutingStrategy::skill_tiers, "skill-tiers"},
}};

}  // namespace

std::string_view routing_strategy_name(RoutingStrategy strategy) {
  for (const auto& [s, name] : kStrategyNames)
    if (s == strategy) return name;
  return "unknown";
}

std::optional<RoutingStrategy> parse_routing_strategy(std::string_view name) {
  for (const auto& [s, n] : kStrategyNames)
    if (n == name) return s;
  return std::nullopt;
}

}  // namespace callwerk::acd

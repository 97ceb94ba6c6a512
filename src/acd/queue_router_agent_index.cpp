#include "acd/queue_router_agent_index.hpp"

namespace callwerk::acd {

AgentOrderKey agent_order_key(RoutingStrategy strategy, const AgentRoutingFacts& facts, int tier,
                              AgentId agent, std::uint32_t slot) {
  AgentOrderKey key;
  key.agent = agent;
  key.slot = slot;
  switch (strategy) {
    case RoutingStrategy::longest_idle:
    case RoutingStrategy::ring_all:
      key.primary = facts.idle_since;
      break;
    case RoutingStrategy::round_robin:
      break;
    case RoutingStrategy::fewest_calls:
      key.primary = facts.calls_handled;
      key.secondary = facts.idle_since;
      break;
    case RoutingStrategy::least_talk_time:
      key.primary = facts.talk_ms;
      key.secondary = facts.idle_since;
      break;
    case RoutingStrategy::skill_tiers:
      key.primary = -tier;
      key.secondary = facts.idle_since;
      break;
  }
  return key;
}

const AgentOrderKey& AvailableAgents::pick() const {
  if (strategy_ == RoutingStrategy::round_robin && has_last_offered_) {
    AgentOrderKey after;
    after.agent = last_offered_;
    auto it = keys_.upper_bound(after);
    if (it != keys_.end()) return *it;
  }
  return *keys_.begin();
}

}  // namespace callwerk::acd

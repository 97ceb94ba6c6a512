#pragma once
// One queue's available eligible agents, ordered by its strategy's key, so that a decision
// takes the first one (or, for round robin, the first after the last picked) in O(log n)
// instead of scanning. Keys change only while an agent is out of every index (its counters
// move while it is busy), so an entry never has to be re-sorted in place.

#include <cstdint>
#include <set>

#include "acd/queue_router_types.hpp"

namespace callwerk::acd {

// The facts the strategies order by, as the agent state machine last reported them.
struct AgentRoutingFacts {
  TimeMs idle_since = 0;
  std::uint32_t calls_handled = 0;
  TimeMs talk_ms = 0;
};

// Lower sorts first. Ties of (primary, secondary) go to the lower agent id, so every
// decision is deterministic.
struct AgentOrderKey {
  std::int64_t primary = 0;
  std::int64_t secondary = 0;
  AgentId agent = 0;
  std::uint32_t slot = 0;  // the router's index of the agent; not part of the order

  bool operator<(const AgentOrderKey& other) const {
    if (primary != other.primary) return primary < other.primary;
    if (secondary != other.secondary) return secondary < other.secondary;
    return agent < other.agent;
  }
};

// longest-idle, ring-all: (idle_since, 0); round-robin: (0, 0), the id order is the ring;
// fewest-calls: (calls_handled, idle_since); least-talk-time: (talk_ms, idle_since);
// skill-tiers: (-tier, idle_since).
AgentOrderKey agent_order_key(RoutingStrategy strategy, const AgentRoutingFacts& facts, int tier,
                              AgentId agent, std::uint32_t slot);

class AvailableAgents {
 public:
  explicit AvailableAgents(RoutingStrategy strategy) : strategy_(strategy) {}

  RoutingStrategy strategy() const { return strategy_; }
  // Empties the index for a new strategy; round-robin memory is kept.
  void restart(RoutingStrategy strategy) {
    strategy_ = strategy;
    keys_.clear();
  }
  void insert(const AgentOrderKey& key) { keys_.insert(key); }
  void erase(const AgentOrderKey& key) { keys_.erase(key); }
  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }
  const std::set<AgentOrderKey>& ordered() const { return keys_; }

  // The agent a one-agent strategy offers the next call to. Precondition: not empty.
  const AgentOrderKey& pick() const;
  // Round robin remembers whom this queue offered a call to last.
  void note_offered(AgentId agent) {
    last_offered_ = agent;
    has_last_offered_ = true;
  }

 private:
  RoutingStrategy strategy_;
  std::set<AgentOrderKey> keys_;
  AgentId last_offered_ = 0;
  bool has_last_offered_ = false;
};

}  // namespace callwerk::acd

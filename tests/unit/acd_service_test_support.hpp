#pragma once
// A recording AcdOutput for the AcdService tests: keeps every message, the phone legs that
// are ringing (ring_agent until stop_ringing, an answer or a reported failure), and checks
// that each agent's state changes form one chain (every `from` is the previous `to`).

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "acd/acd_service.hpp"

namespace callwerk::acd::test {

struct Expiry {
  CallId call = 0;
  QueueId queue = 0;
  ExpiryReason reason = ExpiryReason::max_wait;
};

class RecordingOutput : public AcdOutput {
 public:
  std::vector<RingRequest> rings;
  std::vector<std::pair<CallId, AgentId>> stops;
  std::vector<Expiry> expiries;
  std::vector<AgentStateChange> changes;
  std::vector<QueuedCallRecord> records;
  std::vector<QueueId> queue_changes;
  std::set<std::pair<CallId, AgentId>> ringing_legs;
  std::vector<std::string> chain_breaks;
  std::size_t messages = 0;
  // Hooks for the owner's reactions (may call back into the service).
  std::function<void(const RingRequest&)> on_ring;
  std::function<void(const Expiry&)> on_expired;

  void ring_agent(const RingRequest& ring) override {
    ++messages;
    rings.push_back(ring);
    ringing_legs.insert({ring.call, ring.agent});
    if (on_ring) on_ring(ring);
  }
  void stop_ringing(CallId call, AgentId agent) override {
    ++messages;
    stops.emplace_back(call, agent);
    ringing_legs.erase({call, agent});
  }
  void call_expired(CallId call, QueueId queue, ExpiryReason reason) override {
    ++messages;
    expiries.push_back({call, queue, reason});
    if (on_expired) on_expired(expiries.back());
  }
  void agent_state_changed(const AgentStateChange& change, const AgentStatus& status) override {
    ++messages;
    auto last = last_state_.find(change.agent);
    const AgentState before = last == last_state_.end() ? AgentState::offline : last->second;
    if (before != change.from)
      chain_breaks.push_back("agent " + std::to_string(change.agent) + ": " +
                             std::string(agent_state_name(before)) + " then a change from " +
                             std::string(agent_state_name(change.from)));
    last_state_[change.agent] = change.to;
    if (status.agent != change.agent) chain_breaks.push_back("status of another agent");
    changes.push_back(change);
  }
  void queue_call_updated(const QueuedCallRecord& record) override {
    ++messages;
    records.push_back(record);
  }
  void queue_changed(QueueId queue) override {
    ++messages;
    queue_changes.push_back(queue);
  }

  // The owner's side of a leg that ended by its own report (answer or failure).
  void leg_ended(CallId call, AgentId agent) { ringing_legs.erase({call, agent}); }

  // The latest record of the call (the store's upsert result).
  const QueuedCallRecord* record_of(CallId call) const {
    for (auto it = records.rbegin(); it != records.rend(); ++it)
      if (it->interaction_id == std::to_string(call)) return &*it;
    return nullptr;
  }

  std::vector<AgentStateChange> changes_of(AgentId agent) const {
    std::vector<AgentStateChange> found;
    for (const auto& c : changes)
      if (c.agent == agent) found.push_back(c);
    return found;
  }

 private:
  std::map<AgentId, AgentState> last_state_;
};

inline QueueConfig queue_config(QueueId id,
                                RoutingStrategy strategy = RoutingStrategy::longest_idle,
                                std::vector<SkillLevel> skills = {}) {
  QueueConfig q;
  q.id = id;
  q.tenant = 1;
  q.name = "Queue " + std::to_string(id);
  q.strategy = strategy;
  q.required_skills = std::move(skills);
  q.ring_timeout_seconds = 20;
  return q;
}

inline AgentConfig agent_config(AgentId id, std::vector<SkillLevel> skills = {}) {
  AgentConfig a;
  a.id = id;
  a.tenant = 1;
  a.extension = std::to_string(100 + id);
  a.skills = std::move(skills);
  return a;
}

// The fixture: a fake clock, the recording port and the service.
class AcdServiceTest : public ::testing::Test {
 protected:
  TimeMs now = 1'700'000'000'000;
  RecordingOutput out;
  AcdService acd{out};

  void ok(const Status& status) { ASSERT_TRUE(status.ok()) << status.error().describe(); }

  void add_queue(const QueueConfig& q) { ok(acd.set_queue(q, now)); }
  // Adds the agent and logs it in; agents added one after another differ in idle time.
  void add_agent(const AgentConfig& a, bool log_in = true) {
    ok(acd.set_agent(a, now));
    if (log_in) ok(acd.log_in(a.id, now));
    now += 1000;
  }
  std::size_t enqueue(CallId call, QueueId queue, int priority = 0) {
    auto position = acd.enqueue(call, queue, priority, now);
    EXPECT_TRUE(position.ok()) << position.error().describe();
    return position.ok() ? *position : 0;
  }
  void advance(TimeMs ms) {
    now += ms;
    acd.tick(now);
  }
  const AgentSnapshot agent(AgentId id) const { return *acd.agent_snapshot(id); }
  AgentState state(AgentId id) const { return agent(id).state; }
  void expect_healthy() {
    const AcdHealth health = acd.check(now);
    EXPECT_TRUE(health.ok()) << health.describe();
    EXPECT_TRUE(out.chain_breaks.empty()) << out.chain_breaks.front();
  }
};

}  // namespace callwerk::acd::test

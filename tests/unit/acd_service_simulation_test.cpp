// AcdService: randomized days at the call center, driven only through the service's API the
// way the voice channel and the desktops would (including calls back into the service from
// the port). After every step: the routing invariants and the service's bookkeeping hold,
// each agent's state changes form one chain, and the phones the owner has ringing are
// exactly the offers the service holds. At the end every stay in a queue has a final record.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::RecordingOutput;

constexpr int kQueues = 5;
constexpr int kAgents = 24;
const std::vector<RoutingStrategy> kStrategies = {
    RoutingStrategy::longest_idle,    RoutingStrategy::round_robin, RoutingStrategy::fewest_calls,
    RoutingStrategy::least_talk_time, RoutingStrategy::ring_all,    RoutingStrategy::skill_tiers};
const std::vector<SkillId> kSkills = {"de", "en", "billing", "tech"};

class ServiceSimulation {
 public:
  explicit ServiceSimulation(unsigned seed) : rng_(seed) {
    out_.on_expired = [this](const test::Expiry& e) { overflow(e); };
    out_.on_ring = [this](const RingRequest& ring) {
      // Now and then the phone cannot be reached at all: the owner says so at once.
      if (pick(100) < 3) {
        out_.leg_ended(ring.call, ring.agent);
        expect_ok(acd_.ring_failed(ring.call, ring.agent, now_), "ring_failed in ring_agent");
      }
    };
  }

  void setup() {
    for (QueueId q = 1; q <= kQueues; ++q) expect_ok(acd_.set_queue(random_queue(q), now_), "q");
    for (AgentId a = 1; a <= kAgents; ++a) {
      expect_ok(acd_.set_agent(random_agent(a), now_), "agent");
      if (pick(4) != 0) expect_ok(acd_.log_in(a, now_), "log_in");
    }
  }

  void step() {
    const unsigned what = pick(100);
    if (what < 18) {
      enqueue();
    } else if (what < 22) {
      caller_leaves();
    } else if (what < 50) {
      act_on_ringing_leg();
    } else if (what < 60) {
      end_a_talk();
    } else if (what < 85) {
      act_on_agent(1 + static_cast<AgentId>(pick(kAgents)));
    } else if (what < 88) {
      reconfigure();
    } else if (what < 90) {
      refused_event();
    }
    now_ += pick(3000);
    if (auto due = acd_.next_deadline(); due && *due <= now_) acd_.tick(now_);
  }

  void check(int step_no) {
    const AcdHealth health = acd_.check(now_);
    ASSERT_TRUE(health.ok()) << "after step " << step_no << ":\n" << health.describe();
    ASSERT_TRUE(out_.chain_breaks.empty()) << out_.chain_breaks.front();
    std::set<std::pair<CallId, AgentId>> offers;
    for (const AgentSnapshot& a : acd_.agent_snapshots()) {
      if (a.state == AgentState::reserved || a.state == AgentState::ringing)
        offers.insert({*a.call, a.agent});
      if (a.state == AgentState::on_call) {
        ASSERT_EQ(talking_.count(*a.call), 1u) << "agent " << a.agent << " on an unknown call";
        ASSERT_EQ(talking_.at(*a.call), a.agent);
      }
    }
    ASSERT_EQ(offers, out_.ringing_legs) << "after step " << step_no;
  }

  // Everyone hangs up, time runs out: nothing may remain reserved, ringing or in wrap-up.
  void wind_down() {
    for (auto [call, agent] : std::map<CallId, AgentId>(talking_))
      expect_ok(acd_.call_ended(call, now_), "call_ended at the end");
    talking_.clear();
    for (CallId call : std::set<CallId>(in_queue_))
      expect_ok(acd_.caller_left(call, LeaveReason::abandoned, now_), "caller_left at the end");
    in_queue_.clear();
    now_ += 3'600'000;
    acd_.tick(now_);
    EXPECT_EQ(acd_.next_deadline(), std::nullopt);
    EXPECT_TRUE(out_.ringing_legs.empty());
    for (const AgentSnapshot& a : acd_.agent_snapshots()) {
      EXPECT_NE(a.state, AgentState::reserved) << a.agent;
      EXPECT_NE(a.state, AgentState::ringing) << a.agent;
      EXPECT_NE(a.state, AgentState::on_call) << a.agent;
      EXPECT_NE(a.state, AgentState::wrap_up) << a.agent;
    }
    const AcdHealth health = acd_.check(now_);
    EXPECT_TRUE(health.ok()) << health.describe();
  }

  void check_records() {
    // The store's view: the last version of each stay.
    std::map<std::tuple<std::string, std::string, TimeMs>, QueuedCallRecord> stays;
    for (const QueuedCallRecord& r : out_.records)
      stays[{r.interaction_id, r.queue, r.enqueued_at}] = r;
    EXPECT_EQ(stays.size(), static_cast<std::size_t>(accepted_enqueues_));
    int answered = 0;
    for (const auto& [key, r] : stays) {
      EXPECT_TRUE(queued_call_record_complete(r)) << r.interaction_id;
      EXPECT_GE(r.left_queue_at, r.enqueued_at);
      if (r.exit == QueueExit::answered) {
        ++answered;
        EXPECT_FALSE(r.agent.empty());
        ASSERT_TRUE(r.talk_ended_at && r.wrap_up_ended_at) << r.interaction_id;
        EXPECT_GE(*r.talk_ended_at, r.left_queue_at);
        EXPECT_GE(*r.wrap_up_ended_at, *r.talk_ended_at);
      }
    }
    EXPECT_GT(answered, 100);
    EXPECT_GT(out_.expiries.size(), 0u);
    EXPECT_GT(out_.stops.size(), 0u);
    int no_answer = 0;
    for (const auto& c : out_.changes) no_answer += c.reason == kPauseNoAnswer ? 1 : 0;
    EXPECT_GT(no_answer, 0);
  }

 private:
  unsigned pick(unsigned n) { return static_cast<unsigned>(rng_() % n); }

  void expect_ok(const Status& status, const char* what) {
    EXPECT_TRUE(status.ok()) << what << ": " << status.error().describe();
  }

  QueueConfig random_queue(QueueId id) {
    QueueConfig q = test::queue_config(id, kStrategies[(id + pick(2)) % kStrategies.size()]);
    q.required_skills = {{kSkills[pick(2)], 1 + static_cast<int>(pick(4))}};
    if (pick(2) == 0) q.required_skills.push_back({kSkills[2 + pick(2)], 1});
    q.max_wait_seconds = pick(2) == 0 ? 0 : 60 + static_cast<int>(pick(180));
    q.priority_step_seconds = pick(2) == 0 ? kStrictPrioritySeconds : 30;
    q.wrap_up_seconds = static_cast<int>(pick(3)) * 5;
    q.ring_timeout_seconds = 5 + static_cast<int>(pick(15));
    return q;
  }

  AgentConfig random_agent(AgentId id) {
    AgentConfig a = test::agent_config(id);
    for (const SkillId& skill : kSkills)
      if (pick(3) != 0) a.skills.push_back({skill, 1 + static_cast<int>(pick(10))});
    return a;
  }

  bool try_enqueue(CallId call, QueueId queue) {
    auto position = acd_.enqueue(call, queue, static_cast<int>(pick(3)), now_);
    if (!position) {
      EXPECT_EQ(position.error().kind, ErrorKind::not_found);  // a removed queue
      return false;
    }
    ++accepted_enqueues_;
    in_queue_.insert(call);
    return true;
  }

  void enqueue() { try_enqueue(next_call_++, 1 + pick(kQueues)); }

  // The owner's overflow rule, from inside call_expired: half go to the next queue.
  void overflow(const test::Expiry& e) {
    in_queue_.erase(e.call);
    if (pick(2) == 0) try_enqueue(e.call, e.queue % kQueues + 1);
  }

  void caller_leaves() {
    if (in_queue_.empty()) return;
    auto it = std::next(in_queue_.begin(), pick(static_cast<unsigned>(in_queue_.size())));
    const CallId call = *it;
    const LeaveReason reason = pick(4) == 0 ? LeaveReason::callback_chosen : LeaveReason::abandoned;
    expect_ok(acd_.caller_left(call, reason, now_), "caller_left");
    in_queue_.erase(call);
  }

  void act_on_ringing_leg() {
    if (out_.ringing_legs.empty()) return;
    auto it =
        std::next(out_.ringing_legs.begin(), pick(static_cast<unsigned>(out_.ringing_legs.size())));
    const auto [call, agent] = *it;
    const unsigned roll = pick(100);
    if (roll < 40) {
      expect_ok(acd_.agent_ringing(call, agent, now_), "agent_ringing");
    } else if (roll < 75) {
      out_.leg_ended(call, agent);
      expect_ok(acd_.agent_answered(call, agent, now_), "agent_answered");
      in_queue_.erase(call);
      talking_[call] = agent;
    } else if (roll < 90) {
      out_.leg_ended(call, agent);
      expect_ok(acd_.ring_failed(call, agent, now_), "ring_failed");
    }
  }

  void end_a_talk() {
    if (talking_.empty()) return;
    auto it = std::next(talking_.begin(), pick(static_cast<unsigned>(talking_.size())));
    const CallId call = it->first;
    talking_.erase(it);
    if (pick(2) == 0)
      expect_ok(acd_.call_ended(call, now_), "call_ended");
    else
      expect_ok(acd_.caller_left(call, LeaveReason::abandoned, now_), "caller hangs up");
    // Now and then the agent transfers the caller to a queue.
    if (pick(10) == 0) try_enqueue(call, 1 + pick(kQueues));
  }

  void act_on_agent(AgentId agent) {
    auto snap = acd_.agent_snapshot(agent);
    if (!snap) {
      if (pick(5) == 0) expect_ok(acd_.set_agent(random_agent(agent), now_), "agent back");
      return;
    }
    const unsigned roll = pick(100);
    switch (snap->state) {
      case AgentState::offline:
        if (roll < 30) expect_ok(acd_.log_in(agent, now_), "log_in");
        break;
      case AgentState::available:
        if (roll < 8)
          expect_ok(acd_.pause(agent, roll < 4 ? "Pause" : "Schulung", now_), "pause");
        else if (roll < 10)
          expect_ok(acd_.log_out(agent, now_), "log_out");
        break;
      case AgentState::paused:
        if (roll < 60 && snap->phone_registered) expect_ok(acd_.ready(agent, now_), "ready");
        break;
      case AgentState::wrap_up:
        if (roll < 40)
          expect_ok(acd_.ready(agent, now_), "ready in wrap-up");
        else if (roll < 45)
          expect_ok(acd_.pause(agent, "Pause", now_), "pause in wrap-up");
        break;
      default:
        break;
    }
    if (pick(100) < 4)
      expect_ok(acd_.registration_changed(agent, !snap->phone_registered, now_), "registration");
  }

  void reconfigure() {
    const unsigned roll = pick(100);
    if (roll < 35) {
      expect_ok(acd_.set_queue(random_queue(1 + pick(kQueues)), now_), "set_queue");
    } else if (roll < 45) {
      const QueueId queue = 1 + pick(kQueues);
      if (acd_.find_queue(queue) != nullptr) expect_ok(acd_.remove_queue(queue, now_), "remove_q");
    } else if (roll < 85) {
      expect_ok(acd_.set_agent(random_agent(1 + pick(kAgents)), now_), "set_agent");
    } else {
      const AgentId agent = 1 + pick(kAgents);
      if (acd_.find_agent(agent) != nullptr) expect_ok(acd_.remove_agent(agent, now_), "remove");
    }
  }

  // An answer or failure for a phone that is not ringing for that call must be refused.
  void refused_event() {
    const CallId call = 1 + pick(static_cast<unsigned>(next_call_));
    const AgentId agent = 1 + pick(kAgents);
    if (out_.ringing_legs.count({call, agent}) != 0) return;
    const std::size_t messages = out_.messages;
    EXPECT_FALSE(acd_.agent_answered(call, agent, now_).ok());
    EXPECT_FALSE(acd_.ring_failed(call, agent, now_).ok());
    EXPECT_EQ(out_.messages, messages);
  }

  std::mt19937 rng_;
  RecordingOutput out_;
  AcdService acd_{out_};
  TimeMs now_ = 1'700'000'000'000;
  CallId next_call_ = 1;
  int accepted_enqueues_ = 0;
  std::set<CallId> in_queue_;
  std::map<CallId, AgentId> talking_;
};

class AcdServiceSimulation : public ::testing::TestWithParam<unsigned> {};

TEST_P(AcdServiceSimulation, InvariantsHoldAndEveryStayEnds) {
  ServiceSimulation sim(GetParam());
  sim.setup();
  for (int i = 0; i < 5000; ++i) {
    sim.step();
    sim.check(i);
    if (::testing::Test::HasFatalFailure() || ::testing::Test::HasNonfatalFailure()) return;
  }
  sim.wind_down();
  sim.check_records();
}

INSTANTIATE_TEST_SUITE_P(Seeds, AcdServiceSimulation, ::testing::Values(1u, 2u, 3u, 42u, 2024u));

}  // namespace
}  // namespace callwerk::acd

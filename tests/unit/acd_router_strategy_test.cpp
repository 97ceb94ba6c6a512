#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "acd/queue_router_skills.hpp"
#include "acd_router_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::AcdHarness;
using test::agent_spec;
using test::queue_spec;

// Serves `count` calls one after another on queue 1: each is answered and ended at once.
std::map<AgentId, int> serve_sequentially(AcdHarness& h, int count, CallId first_call = 1000) {
  std::map<AgentId, int> served;
  for (int i = 0; i < count; ++i) {
    h.now += 1000;
    const std::size_t before = h.assignments.size();
    h.enqueue(first_call + i, 1);
    EXPECT_EQ(h.assignments.size(), before + 1);
    const AgentId agent = h.last_assignment().agents.at(0);
    served[agent] += 1;
    h.answer(agent);
    h.now += 1000;
    h.end_call(agent);
  }
  return served;
}

TEST(AcdRouterStrategy, LongestIdlePicksTheAgentAvailableLongest) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  h.add_agent(agent_spec(3));
  h.now += 1000;
  h.add_agent(agent_spec(1));
  h.now += 1000;
  h.add_agent(agent_spec(2));
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{3, 1, 2}));
  h.enqueue(100, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{3});
  EXPECT_EQ(h.status(3).state, AgentState::reserved);
  EXPECT_EQ(h.status(3).call, 100);
  h.enqueue(101, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  EXPECT_TRUE(h.violations().empty()) << describe_violations(h.violations());
}

TEST(AcdRouterStrategy, TiesGoToTheLowestAgentId) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  for (AgentId id : {30, 10, 20}) h.add_agent(agent_spec(id));  // same idle time
  h.enqueue(100, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{10});
  h.enqueue(101, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{20});
}

TEST(AcdRouterStrategy, LongestIdleRotatesWhenEveryoneWorks) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  for (AgentId id : {1, 2, 3}) h.add_agent(agent_spec(id));
  const auto served = serve_sequentially(h, 30);
  for (AgentId id : {1, 2, 3}) EXPECT_EQ(served.at(id), 10) << "agent " << id;
}

TEST(AcdRouterStrategy, RoundRobinContinuesAfterTheLastAgentOffered) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::round_robin));
  for (AgentId id : {1, 2, 3, 4}) h.add_agent(agent_spec(id));
  std::vector<AgentId> order;
  for (CallId c = 1; c <= 6; ++c) {
    h.enqueue(c, 1);
    const AgentId agent = h.last_assignment().agents.at(0);
    order.push_back(agent);
    h.answer(agent);
    h.end_call(agent);
  }
  EXPECT_EQ(order, (std::vector<AgentId>{1, 2, 3, 4, 1, 2}));
  // With agent 3 busy the ring skips it and remembers 4, not 3.
  h.enqueue(7, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{3});
  h.enqueue(8, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{4});
  h.enqueue(9, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
}

TEST(AcdRouterStrategy, RoundRobinMemoryIsPerQueue) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::round_robin, {{"a", 1}}));
  h.add_queue(queue_spec(2, RoutingStrategy::round_robin, {{"a", 1}}));
  for (AgentId id : {1, 2, 3}) h.add_agent(agent_spec(id, {{"a", 5}}));
  h.enqueue(10, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  h.answer(1);
  h.end_call(1);
  h.enqueue(11, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
  h.answer(2);
  h.end_call(2);
  h.enqueue(20, 2);  // queue 2 starts its own ring
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
}

TEST(AcdRouterStrategy, FewestCallsPicksTheAgentWithFewestCalls) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::fewest_calls));
  for (AgentId id : {1, 2, 3}) h.add_agent(agent_spec(id));
  // Agent 1 handles two calls, agent 2 one, agent 3 none.
  for (int i = 0; i < 3; ++i) {
    h.apply(2, AgentEvent::pause("Pause"));
    h.apply(3, AgentEvent::pause("Pause"));
    if (i == 2) h.apply(2, AgentEvent::resume());
    h.enqueue(100 + i, 1);
    const AgentId agent = h.last_assignment().agents.at(0);
    h.answer(agent);
    h.end_call(agent);
    if (h.status(2).state == AgentState::paused) h.apply(2, AgentEvent::resume());
    h.apply(3, AgentEvent::resume());
  }
  ASSERT_EQ(h.status(1).calls_handled, 2u);
  ASSERT_EQ(h.status(2).calls_handled, 1u);
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{3, 2, 1}));
  h.enqueue(200, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{3});
}

TEST(AcdRouterStrategy, LeastTalkTimePicksTheAgentWhoTalkedLeast) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::least_talk_time));
  for (AgentId id : {1, 2}) h.add_agent(agent_spec(id));
  h.enqueue(100, 1);
  h.enqueue(101, 1);
  h.answer(1);
  h.answer(2);
  h.now += 10'000;
  h.end_call(2);  // agent 2: 10 s
  h.now += 50'000;
  h.end_call(1);  // agent 1: 60 s, but became available later (longest idle would pick 2 too)
  h.apply(2, AgentEvent::pause("Pause"));
  h.apply(2, AgentEvent::resume());  // now agent 2 is the one who idled shortest
  h.enqueue(102, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
}

TEST(AcdRouterStrategy, FewestCallsAndRoundRobinSpreadCallsEvenly) {
  for (RoutingStrategy strategy : {RoutingStrategy::fewest_calls, RoutingStrategy::round_robin,
                                   RoutingStrategy::least_talk_time}) {
    SCOPED_TRACE(std::string(routing_strategy_name(strategy)));
    AcdHarness h;
    h.add_queue(queue_spec(1, strategy));
    for (AgentId id = 1; id <= 7; ++id) h.add_agent(agent_spec(id));
    // Overlapping calls of random length: several agents busy at once.
    std::mt19937 rng(11);
    std::vector<std::pair<TimeMs, AgentId>> ends;
    CallId next_call = 1;
    for (int step = 0; step < 700; ++step) {
      h.now += 1000;
      std::sort(ends.begin(), ends.end());
      while (!ends.empty() && ends.front().first <= h.now) {
        h.end_call(ends.front().second);
        ends.erase(ends.begin());
      }
      if (rng() % 2 == 0 || h.router.waiting_count(1) > 0) continue;
      const std::size_t before = h.assignments.size();
      h.enqueue(next_call++, 1);
      if (h.assignments.size() == before) continue;  // waits; served when an agent frees up
      const AgentId agent = h.last_assignment().agents.at(0);
      h.answer(agent);
      // least-talk-time is only even with equal call lengths.
      const TimeMs length =
          strategy == RoutingStrategy::least_talk_time ? 3000 : 1000 * (1 + rng() % 5);
      ends.push_back({h.now + length, agent});
    }
    std::map<AgentId, int> served;
    for (const auto& a : h.assignments) served[a.agents.at(0)] += 1;
    int lo = 1 << 30, hi = 0;
    for (AgentId id = 1; id <= 7; ++id) {
      lo = std::min(lo, served[id]);
      hi = std::max(hi, served[id]);
    }
    EXPECT_GT(h.assignments.size(), 200u);
    EXPECT_LE(hi - lo, 1) << "lo " << lo << " hi " << hi;
  }
}

TEST(AcdRouterStrategy, RingAllOffersEveryAvailableAgentAndReleasesTheOthers) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::ring_all));
  for (AgentId id : {1, 2, 3}) h.add_agent(agent_spec(id));
  h.apply(2, AgentEvent::pause("Pause"));
  h.enqueue(100, 1);
  EXPECT_EQ(h.last_assignment().agents, (std::vector<AgentId>{1, 3}));
  EXPECT_EQ(h.status(1).state, AgentState::reserved);
  EXPECT_EQ(h.status(3).state, AgentState::reserved);
  // While both ring, a second call waits: both are taken.
  h.enqueue(101, 1);
  EXPECT_EQ(h.router.waiting_count(1), 1u);
  h.ring(1);
  h.ring(3);
  h.answer(3);
  // Agent 1 is released, comes back available and takes the waiting call.
  EXPECT_EQ(h.status(3).state, AgentState::on_call);
  EXPECT_EQ(h.last_assignment().call, 101);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  EXPECT_EQ(h.status(1).call, 101);
  EXPECT_EQ(h.router.find_call(100), nullptr);
  EXPECT_TRUE(h.violations().empty()) << describe_violations(h.violations());
}

TEST(AcdRouterStrategy, RingAllWaitsUntilEveryRingingAgentFailed) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::ring_all));
  for (AgentId id : {1, 2}) h.add_agent(agent_spec(id));
  h.enqueue(100, 1);
  h.no_answer(1);
  EXPECT_EQ(h.router.find_call(100)->offered_to, std::vector<AgentId>{2});
  EXPECT_EQ(h.router.waiting_count(1), 0u);
  h.no_answer(2);
  EXPECT_EQ(h.router.waiting_count(1), 1u);
  EXPECT_EQ(h.status(1).pause_reason, "no-answer");
  h.apply(1, AgentEvent::resume());
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
}

TEST(AcdRouterStrategy, SkillTiersServeHigherLevelsFirstThenLongestIdle) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::skill_tiers, {{"billing", 3}}));
  h.add_agent(agent_spec(1, {{"billing", 5}}));  // idle longest, but a lower tier
  h.now += 1000;
  h.add_agent(agent_spec(2, {{"billing", 9}}));
  h.now += 1000;
  h.add_agent(agent_spec(3, {{"billing", 9}}));
  h.add_agent(agent_spec(4, {{"billing", 2}}));  // below the minimum: never
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{2, 3, 1}));
  h.enqueue(100, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
  h.enqueue(101, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{3});
  h.enqueue(102, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  h.enqueue(103, 1);
  EXPECT_EQ(h.router.waiting_count(1), 1u);
  EXPECT_EQ(h.status(4).state, AgentState::available);
}

TEST(AcdRouterStrategy, SkillTierSumsTheLevelsOfEveryRequiredSkill) {
  QueueSpec queue = queue_spec(1, RoutingStrategy::skill_tiers, {{"de", 1}, {"billing", 4}});
  EXPECT_EQ(skill_tier(queue, agent_spec(1, {{"de", 10}, {"billing", 4}, {"fr", 9}})), 14);
  EXPECT_EQ(skill_tier(queue, agent_spec(1, {{"billing", 10}})), std::nullopt);
  EXPECT_EQ(skill_tier(queue, agent_spec(1, {{"de", 5}, {"billing", 3}})), std::nullopt);
  EXPECT_EQ(skill_tier(queue, agent_spec(1, {{"de", 5}, {"billing", 5}}, 2)), std::nullopt);
  AgentSpec member = agent_spec(1, {{"de", 5}, {"billing", 5}});
  member.queues = {7};
  EXPECT_EQ(skill_tier(queue, member), std::nullopt);
  member.queues = {7, 1};
  EXPECT_EQ(skill_tier(queue, member), 10);
  EXPECT_EQ(skill_tier(queue_spec(2, RoutingStrategy::ring_all), agent_spec(5)), 0);
}

TEST(AcdRouterStrategy, AgentsServeOnlyQueuesOfTheirTenantAndSkills) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle, {{"de", 1}}, 1));
  h.add_queue(queue_spec(2, RoutingStrategy::longest_idle, {{"de", 1}}, 2));
  h.add_agent(agent_spec(1, {{"de", 5}}, 2));
  h.add_agent(agent_spec(2, {{"fr", 5}}, 1));
  h.enqueue(100, 1);
  EXPECT_TRUE(h.assignments.empty());
  h.enqueue(200, 2);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  // Agent 2 learns German: the waiting call of tenant 1 goes to it at once.
  h.handle(test::must(h.router.set_agent(agent_spec(2, {{"fr", 5}, {"de", 2}}, 1), h.now)));
  EXPECT_EQ(h.last_assignment().call, 100);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
}

TEST(AcdRouterStrategy, ChangingTheStrategyReordersAvailableAgents) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle, {{"a", 1}}));
  h.add_agent(agent_spec(2, {{"a", 9}}));
  h.now += 10;
  h.add_agent(agent_spec(1, {{"a", 2}}));
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{2, 1}));
  h.add_queue(queue_spec(1, RoutingStrategy::round_robin, {{"a", 1}}));
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{1, 2}));
  h.add_queue(queue_spec(1, RoutingStrategy::skill_tiers, {{"a", 1}}));
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{2, 1}));
  h.add_queue(queue_spec(1, RoutingStrategy::skill_tiers, {{"a", 5}}));
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{2}));
}

TEST(AcdRouterStrategy, NamesRoundTrip) {
  for (RoutingStrategy s :
       {RoutingStrategy::longest_idle, RoutingStrategy::round_robin, RoutingStrategy::fewest_calls,
        RoutingStrategy::least_talk_time, RoutingStrategy::ring_all, RoutingStrategy::skill_tiers})
    EXPECT_EQ(parse_routing_strategy(routing_strategy_name(s)), s);
  EXPECT_EQ(routing_strategy_name(RoutingStrategy::skill_tiers), "skill-tiers");
  EXPECT_FALSE(parse_routing_strategy("random"));
}

TEST(AcdRouterStrategy, RejectsBadConfiguration) {
  QueueRouter router;
  EXPECT_EQ(router.set_queue(queue_spec(1, RoutingStrategy::ring_all, {{"a", 11}}), 0).error().kind,
            ErrorKind::invalid_input);
  EXPECT_EQ(router.set_queue(queue_spec(1, RoutingStrategy::ring_all, {{"a", 1}, {"a", 2}}), 0)
                .error()
                .location,
            "required_skills");
  QueueSpec bad_step = queue_spec(1, RoutingStrategy::ring_all);
  bad_step.priority_step_seconds = 0;
  EXPECT_FALSE(router.set_queue(bad_step, 0).ok());
  EXPECT_EQ(router.set_agent(agent_spec(1, {{"a", 0}}), 0).error().location, "skills");
  EXPECT_EQ(router.set_agent(agent_spec(1, {{"", 3}}), 0).error().kind, ErrorKind::invalid_input);
  AgentStatus unknown;
  unknown.agent = 99;
  EXPECT_EQ(router.agent_changed(unknown, 0).error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace callwerk::acd

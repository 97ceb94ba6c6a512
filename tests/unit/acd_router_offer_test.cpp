#include <gtest/gtest.h>

#include "acd_router_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::AcdHarness;
using test::agent_spec;
using test::queue_spec;

class AcdRouterOffer : public ::testing::Test {
 protected:
  void SetUp() override {
    QueueSpec queue = queue_spec(1, RoutingStrategy::longest_idle);
    queue.ring_timeout_seconds = 15;
    h.add_queue(queue);
    for (AgentId id : {1, 2, 3}) {
      h.add_agent(agent_spec(id));
      h.now += 1000;  // idle order 1, 2, 3
    }
  }
  void expect_sound() {
    EXPECT_TRUE(h.violations().empty()) << describe_violations(h.violations());
  }
  AcdHarness h;
};

TEST_F(AcdRouterOffer, NoAnswerPausesTheAgentAndOffersTheNextOne) {
  h.enqueue(100, 1);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  h.ring(1);
  h.no_answer(1);
  EXPECT_EQ(h.status(1).state, AgentState::paused);
  EXPECT_EQ(h.status(1).pause_reason, "no-answer");
  EXPECT_EQ(h.last_assignment().call, 100);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
  EXPECT_EQ(h.status(2).state, AgentState::reserved);
  expect_sound();
}

TEST_F(AcdRouterOffer, RingTimeoutFoundByTickMovesTheCallOn) {
  h.enqueue(100, 1);
  h.ring(1);
  h.advance(14'999);
  EXPECT_EQ(h.status(1).state, AgentState::ringing);
  h.advance(1);
  EXPECT_EQ(h.status(1).pause_reason, "no-answer");
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
  h.advance(test::kReserveMs);  // agent 2's phone never even rang: same treatment
  EXPECT_EQ(h.status(2).pause_reason, "no-answer");
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{3});
  expect_sound();
}

TEST_F(AcdRouterOffer, ReofferedCallKeepsItsPlaceBeforeNewerCalls) {
  h.enqueue(100, 1);  // -> agent 1
  h.apply(2, AgentEvent::pause("Pause"));
  h.apply(3, AgentEvent::pause("Pause"));
  h.now += 5000;
  h.enqueue(101, 1);
  h.enqueue(102, 1);
  h.no_answer(1);
  EXPECT_EQ(h.router.waiting_calls(1), (std::vector<CallId>{100, 101, 102}));
  h.apply(3, AgentEvent::resume());
  EXPECT_EQ(h.last_assignment().call, 100);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{3});
  expect_sound();
}

TEST_F(AcdRouterOffer, CallerHangingUpWhileRingingFreesTheAgentForTheNextCall) {
  h.apply(2, AgentEvent::pause("Pause"));
  h.apply(3, AgentEvent::pause("Pause"));
  h.enqueue(100, 1);
  h.ring(1);
  h.enqueue(101, 1);
  const TimeMs idle_before = h.status(1).idle_since;
  h.hang_up_waiting(100);  // the router releases agent 1; the harness applies reservation_lost
  EXPECT_EQ(h.last_assignment().call, 101);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  EXPECT_EQ(h.status(1).state, AgentState::reserved);
  EXPECT_EQ(h.status(1).idle_since, idle_before);
  expect_sound();
}

TEST_F(AcdRouterOffer, ReleaseReportedBeforeTheRouterKnowsStillRoutesTheAgent) {
  // The caller may apply reservation_lost before telling the router the call left.
  h.apply(2, AgentEvent::pause("Pause"));
  h.apply(3, AgentEvent::pause("Pause"));
  h.enqueue(100, 1);
  h.enqueue(101, 1);
  auto change = h.agents.apply(1, AgentEvent::reservation_lost(), h.now);
  ASSERT_TRUE(change.ok());
  EXPECT_TRUE(test::must(h.router.agent_changed(h.status(1), h.now)).empty());
  RoutingOutcome out = test::must(h.router.remove_call(100));
  EXPECT_EQ(out.released, std::vector<AgentId>{1});
  ASSERT_EQ(out.assignments.size(), 1u);
  EXPECT_EQ(out.assignments[0].call, 101);
  EXPECT_EQ(out.assignments[0].agents, std::vector<AgentId>{1});
}

TEST_F(AcdRouterOffer, AnOfferKeepsTheAgentBusyUntilTheStateMachineSaysOtherwise) {
  WaitingCallSpec call;
  call.call = 100;
  call.queue = 1;
  RoutingOutcome first = test::must(h.router.enqueue(call, h.now));
  ASSERT_EQ(first.assignments.at(0).agents, std::vector<AgentId>{1});
  EXPECT_FALSE(h.router.routable(1));
  // The reservation never happened (say the state machine refused it): the offer fails.
  RoutingOutcome second = test::must(h.router.offer_failed(100, 1, h.now));
  ASSERT_EQ(second.assignments.size(), 1u);
  EXPECT_EQ(second.assignments[0].agents, std::vector<AgentId>{2});
  EXPECT_FALSE(h.router.routable(1));  // until agent_changed reports it available
  EXPECT_TRUE(test::must(h.router.agent_changed(h.status(1), h.now)).empty());
  EXPECT_TRUE(h.router.routable(1));
}

TEST_F(AcdRouterOffer, LostPhoneWhileRingingSendsTheCallToTheNextAgent) {
  h.enqueue(100, 1);
  h.ring(1);
  h.registration_lost(1);
  EXPECT_EQ(h.status(1).pause_reason, "registration-lost");
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{2});
  h.apply(1, AgentEvent::registration_restored());
  EXPECT_EQ(h.status(1).state, AgentState::available);
  expect_sound();
}

TEST_F(AcdRouterOffer, LostPhoneOnACallStopsDeliveryAfterIt) {
  h.enqueue(100, 1);
  h.answer(1);
  h.registration_lost(1);
  EXPECT_EQ(h.status(1).state, AgentState::on_call);
  h.apply(2, AgentEvent::pause("Pause"));
  h.apply(3, AgentEvent::pause("Pause"));
  h.enqueue(101, 1);
  h.end_call(1, 0);
  EXPECT_EQ(h.status(1).pause_reason, "registration-lost");
  EXPECT_EQ(h.router.waiting_calls(1), std::vector<CallId>{101});
  expect_sound();
}

TEST_F(AcdRouterOffer, WrapUpHoldsTheAgentBackUntilItsTimerRunsOut) {
  h.apply(2, AgentEvent::pause("Pause"));
  h.apply(3, AgentEvent::pause("Pause"));
  h.enqueue(100, 1);
  h.answer(1);
  h.end_call(1, 30);
  h.enqueue(101, 1);
  EXPECT_EQ(h.router.waiting_count(1), 1u);
  h.advance(29'999);
  EXPECT_EQ(h.router.waiting_count(1), 1u);
  h.advance(1);
  EXPECT_EQ(h.last_assignment().call, 101);
  EXPECT_EQ(h.last_assignment().agents, std::vector<AgentId>{1});
  expect_sound();
}

TEST_F(AcdRouterOffer, AnsweringTakesTheCallOutOfTheRouter) {
  h.enqueue(100, 1);
  EXPECT_EQ(h.router.offer_answered(100, 2).error().kind, ErrorKind::conflict);
  EXPECT_EQ(h.router.offer_failed(100, 3, h.now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(h.router.offer_answered(555, 1).error().kind, ErrorKind::not_found);
  EXPECT_EQ(h.router.remove_agent(1).error().kind, ErrorKind::conflict);
  h.answer(1);
  EXPECT_EQ(h.router.find_call(100), nullptr);
  EXPECT_FALSE(h.router.offer_of(1));
  EXPECT_FALSE(h.router.position(100));
  expect_sound();
}

TEST_F(AcdRouterOffer, RemovingAnAgentAndAQueue) {
  h.apply(3, AgentEvent::log_out());
  ASSERT_TRUE(h.router.remove_agent(3).ok());
  ASSERT_TRUE(h.agents.remove(3).ok());
  EXPECT_EQ(h.router.available_agents(1), (std::vector<AgentId>{1, 2}));
  EXPECT_EQ(h.router.find_agent(3), nullptr);
  ASSERT_TRUE(h.router.remove_queue(1).ok());
  EXPECT_TRUE(h.router.eligible_queues(1).empty());
  EXPECT_EQ(h.router.remove_queue(1).error().kind, ErrorKind::not_found);
  // A new queue reuses the freed slot and finds the agents again.
  h.add_queue(queue_spec(5, RoutingStrategy::round_robin));
  EXPECT_EQ(h.router.available_agents(5), (std::vector<AgentId>{1, 2}));
  expect_sound();
}

}  // namespace
}  // namespace callwerk::acd

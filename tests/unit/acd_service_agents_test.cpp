// AcdService: agents logging in, pausing, losing their phones, being removed; refused events.

#include <gtest/gtest.h>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::agent_config;
using test::queue_config;

class AcdServiceAgents : public test::AcdServiceTest {
 protected:
  void SetUp() override {
    QueueConfig q = queue_config(1);
    q.wrap_up_seconds = 20;
    add_queue(q);
  }
};

TEST_F(AcdServiceAgents, AgentLoggingInWhileACallWaitsIsRungAtOnce) {
  add_agent(agent_config(1), /*log_in=*/false);
  EXPECT_EQ(enqueue(100, 1), 1u);
  EXPECT_TRUE(out.rings.empty());
  ok(acd.log_in(1, now));
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_EQ(out.rings[0].call, 100);
  EXPECT_EQ(state(1), AgentState::reserved);
  EXPECT_EQ(acd.position(100), std::nullopt);
  expect_healthy();
}

TEST_F(AcdServiceAgents, ResumingFromAPauseTakesTheWaitingCall) {
  add_agent(agent_config(1));
  ok(acd.pause(1, "Pause", now));
  enqueue(100, 1);
  EXPECT_EQ(state(1), AgentState::paused);
  ok(acd.ready(1, now));
  EXPECT_EQ(agent(1).call, 100);
  expect_healthy();
}

TEST_F(AcdServiceAgents, RegistrationLostWhileAvailable) {
  add_agent(agent_config(1));
  ok(acd.registration_changed(1, false, now));
  EXPECT_EQ(state(1), AgentState::paused);
  EXPECT_EQ(agent(1).pause_reason, "registration-lost");
  enqueue(100, 1);
  EXPECT_TRUE(out.rings.empty());
  // The agent cannot resume without a phone; the registrar's refreshes change nothing.
  EXPECT_EQ(acd.ready(1, now).error().kind, ErrorKind::conflict);
  ok(acd.registration_changed(1, false, now));
  ok(acd.registration_changed(1, true, now));
  EXPECT_EQ(agent(1).call, 100);  // back and rung
  expect_healthy();
}

TEST_F(AcdServiceAgents, RegistrationLostWhileRingingMovesTheCallOn) {
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);
  ok(acd.agent_ringing(100, 1, now));
  ok(acd.registration_changed(1, false, now));
  EXPECT_EQ(agent(1).pause_reason, "registration-lost");
  EXPECT_EQ(out.stops, (std::vector<std::pair<CallId, AgentId>>{{100, 1}}));
  EXPECT_EQ(agent(2).call, 100);
  expect_healthy();
}

TEST_F(AcdServiceAgents, RegistrationLostOnACallKeepsTheCallThenPauses) {
  add_agent(agent_config(1));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));
  ok(acd.registration_changed(1, false, now));
  EXPECT_EQ(state(1), AgentState::on_call);
  EXPECT_FALSE(agent(1).phone_registered);
  now += 30'000;
  ok(acd.call_ended(100, now));
  EXPECT_EQ(state(1), AgentState::wrap_up);
  advance(20'000);
  EXPECT_EQ(state(1), AgentState::paused);
  EXPECT_EQ(agent(1).pause_reason, "registration-lost");
  EXPECT_EQ(out.record_of(100)->wrap_up_ended_at, now);
  expect_healthy();
}

TEST_F(AcdServiceAgents, LogOutIsRefusedWhileRingingAndFineInWrapUp) {
  add_agent(agent_config(1));
  enqueue(100, 1);
  const std::size_t messages = out.messages;
  EXPECT_EQ(acd.log_out(1, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(out.messages, messages);
  ok(acd.agent_answered(100, 1, now));
  now += 1'000;
  ok(acd.call_ended(100, now));
  now += 2'000;
  ok(acd.log_out(1, now));
  EXPECT_EQ(state(1), AgentState::offline);
  EXPECT_EQ(out.record_of(100)->wrap_up_ended_at, now);
  expect_healthy();
}

TEST_F(AcdServiceAgents, PauseDuringWrapUpEndsTheWrapUp) {
  add_agent(agent_config(1));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));
  ok(acd.call_ended(100, now + 1'000));
  now += 4'000;
  ok(acd.pause(1, "Schulung", now));
  EXPECT_EQ(agent(1).pause_reason, "Schulung");
  EXPECT_EQ(out.record_of(100)->wrap_up_ended_at, now);
  EXPECT_EQ(acd.pause(1, "", now).error().kind, ErrorKind::invalid_input);
  expect_healthy();
}

TEST_F(AcdServiceAgents, RemovingARingingAgentGivesTheCallToTheNext) {
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);
  ASSERT_EQ(agent(1).call, 100);
  ok(acd.remove_agent(1, now));
  EXPECT_EQ(acd.find_agent(1), nullptr);
  EXPECT_EQ(acd.agent_snapshot(1).error().kind, ErrorKind::not_found);
  EXPECT_EQ(out.stops, (std::vector<std::pair<CallId, AgentId>>{{100, 1}}));
  EXPECT_EQ(out.changes.back().agent, 2);  // the next one reserved after 1 went offline
  EXPECT_EQ(out.changes_of(1).back().to, AgentState::offline);
  EXPECT_EQ(agent(2).call, 100);
  expect_healthy();
}

TEST_F(AcdServiceAgents, RemovingAnAgentOnACallWaitsForTheCallToEnd) {
  add_agent(agent_config(1));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));
  ok(acd.remove_agent(1, now));
  EXPECT_TRUE(agent(1).removal_pending);
  enqueue(101, 1);  // must not go to the leaving agent
  now += 10'000;
  ok(acd.call_ended(100, now));
  EXPECT_EQ(acd.find_agent(1), nullptr);
  EXPECT_EQ(out.changes_of(1).back().to, AgentState::offline);
  EXPECT_EQ(out.record_of(100)->wrap_up_ended_at, now);  // no wrap-up for a leaver
  EXPECT_EQ(acd.position(101), 1u);
  EXPECT_TRUE(acd.queue_snapshot(1, now)->offered.empty());
  expect_healthy();
}

TEST_F(AcdServiceAgents, SetAgentCancelsAPendingRemoval) {
  add_agent(agent_config(1));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));
  ok(acd.remove_agent(1, now));
  ok(acd.set_agent(agent_config(1), now));
  EXPECT_FALSE(agent(1).removal_pending);
  ok(acd.call_ended(100, now));
  EXPECT_EQ(state(1), AgentState::wrap_up);
  expect_healthy();
}

TEST_F(AcdServiceAgents, EventsForUnknownIdsAreRefusedAndChangeNothing) {
  add_agent(agent_config(1));
  enqueue(100, 1);
  const std::size_t messages = out.messages;
  EXPECT_EQ(acd.log_in(9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.log_out(9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.pause(9, "Pause", now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.ready(9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.registration_changed(9, false, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.remove_agent(9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.agent_answered(100, 9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.agent_answered(999, 1, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.ring_failed(999, 1, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.agent_ringing(999, 1, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.call_ended(999, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.caller_left(999, LeaveReason::abandoned, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.enqueue(101, 9, 0, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.enqueue(100, 1, 0, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.enqueue(101, 1, 5000, now).error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(acd.remove_queue(9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.queue_snapshot(9, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(acd.estimated_wait(999, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(out.messages, messages);
  EXPECT_EQ(agent(1).call, 100);
  EXPECT_EQ(acd.position(101), std::nullopt);
  expect_healthy();
}

TEST_F(AcdServiceAgents, EventsThatDoNotFitTheStateAreConflicts) {
  add_agent(agent_config(1));
  add_agent(agent_config(2), /*log_in=*/false);
  enqueue(100, 1);  // to agent 1
  const std::size_t messages = out.messages;
  EXPECT_EQ(acd.agent_answered(100, 2, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.ring_failed(100, 2, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.call_ended(100, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.log_in(1, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.pause(1, "Pause", now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.ready(1, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.ready(2, now).error().kind, ErrorKind::conflict);  // offline
  EXPECT_EQ(out.messages, messages);
  expect_healthy();
}

TEST_F(AcdServiceAgents, PhoneRefusingInsideRingAgentIsHandledInOrder) {
  // The owner reports a failure from inside ring_agent (no route to the phone): a nested
  // call into the service, which must see a consistent state and keep the order.
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  out.on_ring = [this](const RingRequest& ring) {
    if (ring.agent == 1) {
      out.leg_ended(ring.call, ring.agent);
      ok(acd.ring_failed(ring.call, ring.agent, now));
    }
  };
  enqueue(100, 1);
  EXPECT_EQ(agent(1).pause_reason, "no-answer");
  EXPECT_EQ(agent(2).call, 100);
  EXPECT_EQ(out.rings.size(), 2u);
  EXPECT_EQ(out.ringing_legs, (std::set<std::pair<CallId, AgentId>>{{100, 2}}));
  expect_healthy();
}

TEST_F(AcdServiceAgents, AgentSnapshotShowsStateCallAndQueues) {
  add_queue(queue_config(2, RoutingStrategy::longest_idle, {{"en", 5}}));
  add_agent(agent_config(1, {{"en", 7}}));
  add_agent(agent_config(2));
  enqueue(100, 2);
  const AgentSnapshot a = agent(1);
  EXPECT_EQ(a.state, AgentState::reserved);
  EXPECT_EQ(a.call, 100);
  EXPECT_EQ(a.queue, 2);
  EXPECT_EQ(a.extension, "101");
  EXPECT_EQ(a.queues, (std::vector<QueueId>{1, 2}));
  EXPECT_EQ(agent(2).queues, (std::vector<QueueId>{1}));
  EXPECT_EQ(acd.agent_snapshots().size(), 2u);
  const QueueSnapshot q2 = *acd.queue_snapshot(2, now + 3'000);
  ASSERT_EQ(q2.offered.size(), 1u);
  EXPECT_EQ(q2.offered[0].agents, std::vector<AgentId>{1});
  EXPECT_EQ(q2.longest_wait_ms, 3'000);
  EXPECT_EQ(q2.agents_busy, 1);
  EXPECT_EQ(q2.agents_available, 0);
  const QueueSnapshot q1 = *acd.queue_snapshot(1, now);
  EXPECT_EQ(q1.agents_logged_in, 2);
  EXPECT_EQ(q1.agents_available, 1);
  EXPECT_EQ(q1.agents_busy, 1);
  expect_healthy();
}

}  // namespace
}  // namespace callwerk::acd

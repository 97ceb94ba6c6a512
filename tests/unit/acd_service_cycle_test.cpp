// AcdService: a call's life from enqueue to the agent's wrap-up, ring failures, ring-all,
// and callers who leave.

#include <gtest/gtest.h>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::agent_config;
using test::queue_config;

class AcdServiceCycle : public test::AcdServiceTest {};

TEST_F(AcdServiceCycle, HoldTimeIsSummedIntoTheRecordUpToTheTalkEnd) {
  add_queue(queue_config(1));
  add_agent(agent_config(7));
  EXPECT_EQ(enqueue(100, 1), 0u);
  // Not answered yet: there is nothing to hold.
  EXPECT_EQ(acd.call_held(100, true, now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(acd.call_held(999, true, now).error().kind, ErrorKind::not_found);
  ok(acd.agent_answered(100, 7, now));

  now += 10'000;
  ok(acd.call_held(100, true, now));
  now += 4'000;
  ok(acd.call_held(100, true, now));  // a second hold changes nothing
  now += 3'000;
  ok(acd.call_held(100, false, now));  // 7 s on hold
  now += 5'000;
  ok(acd.call_held(100, false, now));  // already talking: nothing
  ok(acd.call_held(100, true, now));
  now += 2'500;
  ok(acd.call_ended(100, now));  // still on hold at the end: 2.5 s more
  advance(60'000);

  const QueuedCallRecord* record = out.record_of(100);
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->hold_ms, 9'500);
  EXPECT_TRUE(queued_call_record_complete(*record));
}

TEST_F(AcdServiceCycle, FullCycleFromEnqueueToAvailable) {
  QueueConfig q = queue_config(1);
  q.wrap_up_seconds = 30;
  add_queue(q);
  add_agent(agent_config(7));

  const TimeMs enqueued = now;
  EXPECT_EQ(enqueue(100, 1), 0u);  // rung at once
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_EQ(out.rings[0].call, 100);
  EXPECT_EQ(out.rings[0].agent, 7);
  EXPECT_EQ(out.rings[0].queue, 1);
  EXPECT_EQ(out.rings[0].extension, "107");
  EXPECT_EQ(out.rings[0].ring_until, now + 20'000);
  EXPECT_EQ(state(7), AgentState::reserved);
  EXPECT_EQ(acd.next_deadline(), now + 20'000);

  now += 300;
  ok(acd.agent_ringing(100, 7, now));
  EXPECT_EQ(state(7), AgentState::ringing);
  now += 4'000;
  const TimeMs answered = now;
  ok(acd.agent_answered(100, 7, now));
  EXPECT_EQ(state(7), AgentState::on_call);
  EXPECT_EQ(agent(7).call, 100);
  EXPECT_EQ(agent(7).queue, 1);
  EXPECT_EQ(acd.next_deadline(), std::nullopt);

  now += 95'000;
  const TimeMs talk_end = now;
  ok(acd.call_ended(100, now));
  EXPECT_EQ(state(7), AgentState::wrap_up);
  EXPECT_EQ(acd.next_deadline(), now + 30'000);
  advance(29'999);
  EXPECT_EQ(state(7), AgentState::wrap_up);
  advance(1);
  EXPECT_EQ(state(7), AgentState::available);

  const QueuedCallRecord* record = out.record_of(100);
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->tenant, "1");
  EXPECT_EQ(record->queue, "1");
  EXPECT_EQ(record->exit, QueueExit::answered);
  EXPECT_EQ(record->agent, "7");
  EXPECT_EQ(record->enqueued_at, enqueued);
  EXPECT_EQ(record->left_queue_at, answered);
  EXPECT_EQ(record->talk_ended_at, talk_end);
  EXPECT_EQ(record->wrap_up_ended_at, talk_end + 30'000);
  EXPECT_EQ(record->entry_position, 1);
  EXPECT_TRUE(queued_call_record_complete(*record));
  // created, answered, talk ended, wrap-up ended
  ASSERT_EQ(out.records.size(), 4u);
  EXPECT_EQ(out.records[0].exit, QueueExit::waiting);
  EXPECT_FALSE(queued_call_record_complete(out.records[2]));

  const auto changes = out.changes_of(7);
  const std::vector<std::pair<AgentState, AgentState>> expected = {
      {AgentState::offline, AgentState::available}, {AgentState::available, AgentState::reserved},
      {AgentState::reserved, AgentState::ringing},  {AgentState::ringing, AgentState::on_call},
      {AgentState::on_call, AgentState::wrap_up},   {AgentState::wrap_up, AgentState::available}};
  ASSERT_EQ(changes.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(changes[i].from, expected[i].first) << i;
    EXPECT_EQ(changes[i].to, expected[i].second) << i;
  }
  EXPECT_EQ(changes[3].at, answered);
  EXPECT_EQ(changes[3].call, 100);
  EXPECT_EQ(acd.handle_times(1), std::vector<std::int64_t>{95'000 + 30'000});
  EXPECT_TRUE(out.stops.empty());
  expect_healthy();
}

TEST_F(AcdServiceCycle, ReadyEndsTheWrapUpEarlyAndTheRecordSaysWhen) {
  QueueConfig q = queue_config(1);
  q.wrap_up_seconds = 60;
  add_queue(q);
  add_agent(agent_config(1));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));  // straight from reserved (auto-answer)
  now += 10'000;
  ok(acd.call_ended(100, now));
  now += 5'000;
  ok(acd.ready(1, now));
  EXPECT_EQ(state(1), AgentState::available);
  EXPECT_EQ(out.record_of(100)->wrap_up_ended_at, now);
  EXPECT_EQ(acd.next_deadline(), std::nullopt);  // the wrap-up timer is gone
  ok(acd.ready(1, now));                         // twice is fine
  expect_healthy();
}

TEST_F(AcdServiceCycle, NoWrapUpMakesTheAgentAvailableAtTalkEnd) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  enqueue(100, 1);
  enqueue(101, 1);
  EXPECT_EQ(acd.position(101), 1u);
  ok(acd.agent_answered(100, 1, now));
  now += 10'000;
  ok(acd.call_ended(100, now));
  EXPECT_EQ(out.record_of(100)->wrap_up_ended_at, now);
  EXPECT_EQ(out.record_of(100)->talk_ended_at, now);
  // The waiting call goes to the agent at once.
  EXPECT_EQ(state(1), AgentState::reserved);
  EXPECT_EQ(agent(1).call, 101);
  expect_healthy();
}

TEST_F(AcdServiceCycle, RingTimeoutPausesTheAgentAndRingsTheNext) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);
  ASSERT_EQ(out.rings.back().agent, 1);  // idle longest
  ok(acd.agent_ringing(100, 1, now));
  advance(*acd.next_deadline() - now);
  EXPECT_EQ(state(1), AgentState::paused);
  EXPECT_EQ(agent(1).pause_reason, "no-answer");
  ASSERT_EQ(out.stops.size(), 1u);
  EXPECT_EQ(out.stops[0], std::make_pair(CallId{100}, AgentId{1}));
  EXPECT_EQ(out.rings.back().agent, 2);
  EXPECT_EQ(state(2), AgentState::reserved);
  // The stop comes before the next ring in the owner's order.
  EXPECT_EQ(out.ringing_legs, (std::set<std::pair<CallId, AgentId>>{{100, 2}}));
  expect_healthy();
}

TEST_F(AcdServiceCycle, RingFailedFromThePhoneGoesToTheNextAgentWithoutStopRinging) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);
  now += 500;
  ok(acd.ring_failed(100, 1, now));  // 486 Busy Here
  EXPECT_EQ(agent(1).pause_reason, "no-answer");
  EXPECT_TRUE(out.stops.empty());
  EXPECT_EQ(out.rings.back().agent, 2);
  // The first agent is back after resuming and gets the next call.
  ok(acd.ready(1, now));
  enqueue(101, 1);
  EXPECT_EQ(agent(1).call, 101);
  expect_healthy();
}

TEST_F(AcdServiceCycle, RingAllAnswerStopsTheOthersAndASecondAnswerIsRefused) {
  add_queue(queue_config(1, RoutingStrategy::ring_all));
  for (AgentId id : {1, 2, 3}) add_agent(agent_config(id));
  enqueue(100, 1);
  ASSERT_EQ(out.rings.size(), 3u);
  for (AgentId id : {1, 2, 3}) EXPECT_EQ(state(id), AgentState::reserved);

  now += 2'000;
  ok(acd.agent_answered(100, 2, now));
  out.leg_ended(100, 2);
  EXPECT_EQ(state(2), AgentState::on_call);
  EXPECT_EQ(state(1), AgentState::available);
  EXPECT_EQ(state(3), AgentState::available);
  EXPECT_TRUE(out.ringing_legs.empty());
  EXPECT_EQ(out.stops.size(), 2u);

  const std::size_t messages = out.messages;
  auto second = acd.agent_answered(100, 3, now);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::conflict);
  auto again = acd.agent_answered(100, 2, now);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(out.messages, messages);
  EXPECT_EQ(state(3), AgentState::available);
  expect_healthy();
}

TEST_F(AcdServiceCycle, CallerAbandonsWhileWaiting) {
  add_queue(queue_config(1));
  add_agent(agent_config(1), /*log_in=*/false);
  EXPECT_EQ(enqueue(100, 1), 1u);
  EXPECT_EQ(enqueue(101, 1), 2u);
  now += 12'000;
  ok(acd.caller_left(100, LeaveReason::abandoned, now));
  const QueuedCallRecord* record = out.record_of(100);
  EXPECT_EQ(record->exit, QueueExit::abandoned);
  EXPECT_EQ(record->left_queue_at, now);
  EXPECT_TRUE(queued_call_record_complete(*record));
  EXPECT_EQ(acd.position(101), 1u);
  EXPECT_EQ(acd.position(100), std::nullopt);
  ok(acd.caller_left(101, LeaveReason::callback_chosen, now));
  EXPECT_EQ(out.record_of(101)->exit, QueueExit::callback_chosen);
  EXPECT_TRUE(acd.queue_snapshot(1, now)->waiting.empty());
  // Gone means gone.
  EXPECT_EQ(acd.caller_left(100, LeaveReason::abandoned, now).error().kind, ErrorKind::not_found);
  expect_healthy();
}

TEST_F(AcdServiceCycle, CallerAbandonsWhileRingingFreesTheAgents) {
  add_queue(queue_config(1, RoutingStrategy::ring_all));
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);
  ok(acd.agent_ringing(100, 1, now));
  now += 3'000;
  ok(acd.caller_left(100, LeaveReason::abandoned, now));
  EXPECT_EQ(out.record_of(100)->exit, QueueExit::abandoned);
  EXPECT_EQ(state(1), AgentState::available);
  EXPECT_EQ(state(2), AgentState::available);
  EXPECT_TRUE(out.ringing_legs.empty());
  EXPECT_EQ(acd.next_deadline(), std::nullopt);
  // A late answer of the vanished call is refused and changes nothing.
  EXPECT_EQ(acd.agent_answered(100, 1, now).error().kind, ErrorKind::not_found);
  EXPECT_EQ(state(1), AgentState::available);
  expect_healthy();
}

TEST_F(AcdServiceCycle, CallerHangingUpDuringTheTalkEndsIt) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));
  now += 8'000;
  ok(acd.caller_left(100, LeaveReason::abandoned, now));
  EXPECT_EQ(out.record_of(100)->exit, QueueExit::answered);
  EXPECT_EQ(out.record_of(100)->talk_ended_at, now);
  EXPECT_EQ(state(1), AgentState::available);
  // call_ended on a call still waiting is refused.
  ok(acd.pause(1, "Pause", now));
  enqueue(101, 1);
  EXPECT_EQ(acd.call_ended(101, now).error().kind, ErrorKind::conflict);
  expect_healthy();
}

TEST_F(AcdServiceCycle, AnswerJustAfterTheDeadlineBeforeTheTickIsAccepted) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  enqueue(100, 1);
  now += 20'500;  // the owner's timer has not fired yet
  ok(acd.agent_answered(100, 1, now));
  EXPECT_EQ(state(1), AgentState::on_call);
  expect_healthy();
}

TEST_F(AcdServiceCycle, TransferBackToAQueueWhileTheFirstAgentWrapsUp) {
  QueueConfig q = queue_config(1);
  q.wrap_up_seconds = 30;
  add_queue(q);
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));
  now += 5'000;
  ok(acd.call_ended(100, now));  // blind transfer to the queue
  EXPECT_EQ(enqueue(100, 1), 0u);
  EXPECT_EQ(agent(2).call, 100);
  ok(acd.agent_answered(100, 2, now));
  advance(30'000);
  EXPECT_EQ(state(1), AgentState::available);
  // Two stays, two records.
  int answered = 0;
  for (const auto& r : acd.records_since(0)) answered += r.exit == QueueExit::answered ? 1 : 0;
  EXPECT_EQ(answered, 2);
  expect_healthy();
}

}  // namespace
}  // namespace callwerk::acd

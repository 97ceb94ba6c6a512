#include <gtest/gtest.h>

#include "acd/queue_router_waiting.hpp"
#include "acd_router_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::AcdHarness;
using test::agent_spec;
using test::queue_spec;

// Lets the queue's calls wait (no agent), then frees one agent per call and returns the
// order in which the calls were served.
std::vector<CallId> serving_order(AcdHarness& h, QueueId queue, std::size_t calls) {
  std::vector<CallId> order;
  h.add_agent(agent_spec(999), false);
  h.apply(999, AgentEvent::log_in());
  for (std::size_t i = 0; i < calls; ++i) {
    if (h.assignments.empty()) break;
    order.push_back(h.last_assignment().call);
    h.answer(999);
    h.end_call(999);
  }
  EXPECT_EQ(h.router.waiting_count(queue), 0u);
  return order;
}

TEST(AcdRouterWaiting, EqualPriorityIsServedFirstInFirstOut) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  for (CallId c : {30, 10, 20, 40}) {
    h.enqueue(c, 1);
    h.now += 1000;
  }
  EXPECT_EQ(h.router.waiting_calls(1), (std::vector<CallId>{30, 10, 20, 40}));
  EXPECT_EQ(h.router.position(20), 3u);
  EXPECT_EQ(serving_order(h, 1, 4), (std::vector<CallId>{30, 10, 20, 40}));
}

TEST(AcdRouterWaiting, SameMillisecondKeepsArrivalOrder) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  for (CallId c : {9, 3, 7}) h.enqueue(c, 1);
  EXPECT_EQ(h.router.waiting_calls(1), (std::vector<CallId>{9, 3, 7}));
}

TEST(AcdRouterWaiting, HigherPriorityIsServedFirstByDefault) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  h.enqueue(1, 1, 0);
  h.now += 3'600'000;  // an hour later: strict priority does not age away
  h.enqueue(2, 1, 5);
  h.enqueue(3, 1, 1);
  h.enqueue(4, 1, 5);
  EXPECT_EQ(serving_order(h, 1, 4), (std::vector<CallId>{2, 4, 3, 1}));
}

TEST(AcdRouterWaiting, AgingLetsALongWaiterOvertakeAHigherPriority) {
  AcdHarness h;
  QueueSpec queue = queue_spec(1, RoutingStrategy::longest_idle);
  queue.priority_step_seconds = 60;  // one priority step is worth a minute of waiting
  h.add_queue(queue);
  h.enqueue(1, 1, 0);  // t0
  h.now += 30'000;
  h.enqueue(2, 1, 1);  // t0+30 s, priority 1: score 60 - 30 ahead of call 1
  h.now += 60'000;
  h.enqueue(3, 1, 1);  // t0+90 s, priority 1: 30 s behind call 1
  h.now += 1;
  h.enqueue(4, 1, 1, 31);  // a base score of 31 s puts it ahead of call 1 again
  EXPECT_EQ(serving_order(h, 1, 4), (std::vector<CallId>{2, 4, 1, 3}));
}

TEST(AcdRouterWaiting, ScoreGrowsOnePerSecondWaited) {
  WaitingCallSpec call;
  call.enqueued_at = 10'000;
  call.priority = 2;
  call.base_score = 7;
  EXPECT_EQ(waiting_score_at(call, 60, 10'000), 127);
  EXPECT_EQ(waiting_score_at(call, 60, 15'999), 132);
  EXPECT_EQ(waiting_score_at(call, 60, 16'000), 133);
  EXPECT_EQ(waiting_score_ms(call, 60), 127'000 - 10'000);
  WaitingCallSpec low;
  low.enqueued_at = 10'000;
  low.priority = -1;
  EXPECT_EQ(waiting_score_at(low, 60, 10'500), -60);
}

TEST(AcdRouterWaiting, AgentOfSeveralQueuesTakesTheLongestWaitingHead) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle, {{"a", 1}}));
  h.add_queue(queue_spec(2, RoutingStrategy::longest_idle, {{"b", 1}}));
  h.add_queue(queue_spec(3, RoutingStrategy::longest_idle, {{"c", 1}}));
  h.enqueue(10, 1);
  h.now += 1000;
  h.enqueue(20, 2);
  h.now += 1000;
  h.enqueue(11, 1);
  h.enqueue(30, 3);  // the agent lacks skill c
  h.add_agent(agent_spec(1, {{"a", 1}, {"b", 1}}));
  EXPECT_EQ(h.last_assignment().call, 10);
  h.answer(1);
  h.end_call(1);
  EXPECT_EQ(h.last_assignment().call, 20);
  EXPECT_EQ(h.last_assignment().queue, 2);
  h.answer(1);
  h.end_call(1);
  EXPECT_EQ(h.last_assignment().call, 11);
  h.answer(1);
  h.end_call(1);
  EXPECT_EQ(h.router.waiting_calls(3), std::vector<CallId>{30});
  EXPECT_EQ(h.status(1).state, AgentState::available);
}

TEST(AcdRouterWaiting, AcrossQueuesTheHigherScoreWins) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle, {{"a", 1}}));
  h.add_queue(queue_spec(2, RoutingStrategy::longest_idle, {{"b", 1}}));
  h.enqueue(10, 1);
  h.now += 5000;
  h.enqueue(20, 2, 1);  // priority 1 in queue 2 outranks the older call of queue 1
  h.add_agent(agent_spec(1, {{"a", 1}, {"b", 1}}));
  EXPECT_EQ(h.last_assignment().call, 20);
}

TEST(AcdRouterWaiting, MaximumWaitIsReportedByTick) {
  AcdHarness h;
  QueueSpec queue = queue_spec(1, RoutingStrategy::longest_idle);
  queue.max_wait_seconds = 60;
  h.add_queue(queue);
  h.add_queue(queue_spec(2, RoutingStrategy::longest_idle));  // no limit
  h.enqueue(1, 1);
  h.now += 10'000;
  h.enqueue(2, 1);
  h.enqueue(3, 2);
  EXPECT_EQ(h.router.next_deadline(), h.now - 10'000 + 60'000);
  h.advance(49'999);
  EXPECT_TRUE(h.expired.empty());
  h.advance(1);
  ASSERT_EQ(h.expired.size(), 1u);
  EXPECT_EQ(h.expired[0].call, 1);
  EXPECT_EQ(h.expired[0].queue, 1);
  EXPECT_EQ(h.expired[0].waited_ms, 60'000);
  EXPECT_EQ(h.router.find_call(1), nullptr);
  h.advance(1'000'000);
  ASSERT_EQ(h.expired.size(), 2u);
  EXPECT_EQ(h.expired[1].call, 2);
  EXPECT_EQ(h.expired[1].waited_ms, 50'000 + 1'000'000);  // as of the tick, not the deadline
  EXPECT_EQ(h.router.waiting_calls(2), std::vector<CallId>{3});
  EXPECT_FALSE(h.router.next_deadline());
}

TEST(AcdRouterWaiting, PromisedCallBackWaitsPastTheMaximumWait) {
  AcdHarness h;
  QueueSpec queue = queue_spec(1, RoutingStrategy::longest_idle);
  queue.max_wait_seconds = 60;
  h.add_queue(queue);
  WaitingCallSpec callback;
  callback.call = 1;
  callback.queue = 1;
  callback.ignores_max_wait = true;
  h.handle(test::must(h.router.enqueue(callback, h.now)));
  h.enqueue(2, 1);
  EXPECT_EQ(h.router.next_deadline(), h.now + 60'000);  // only the caller's
  h.advance(600'000);
  ASSERT_EQ(h.expired.size(), 1u);
  EXPECT_EQ(h.expired[0].call, 2);
  EXPECT_EQ(h.router.waiting_calls(1), std::vector<CallId>{1});
  EXPECT_TRUE(h.violations().empty()) << describe_violations(h.violations());
  h.add_agent(agent_spec(1));
  EXPECT_EQ(h.last_assignment().call, 1);
}

TEST(AcdRouterWaiting, RingingCallIsNotCutOffButExpiresWhenItComesBack) {
  AcdHarness h;
  QueueSpec queue = queue_spec(1, RoutingStrategy::longest_idle);
  queue.max_wait_seconds = 30;
  queue.ring_timeout_seconds = 40;
  h.add_queue(queue);
  h.add_agent(agent_spec(1));
  h.enqueue(1, 1);
  h.ring(1);
  EXPECT_FALSE(h.router.next_deadline());
  h.advance(35'000);
  EXPECT_TRUE(h.expired.empty());
  EXPECT_EQ(h.status(1).state, AgentState::ringing);
  h.advance(5'000);  // the ring timeout: no answer, the call is back and overdue
  EXPECT_EQ(h.status(1).pause_reason, "no-answer");
  ASSERT_EQ(h.expired.size(), 1u);
  EXPECT_EQ(h.expired[0].call, 1);
  EXPECT_TRUE(h.violations().empty()) << describe_violations(h.violations());
}

TEST(AcdRouterWaiting, HangUpWhileWaitingLeavesTheLine) {
  AcdHarness h;
  QueueSpec queue = queue_spec(1, RoutingStrategy::longest_idle);
  queue.max_wait_seconds = 60;
  h.add_queue(queue);
  for (CallId c : {1, 2, 3}) h.enqueue(c, 1);
  h.hang_up_waiting(2);
  EXPECT_EQ(h.router.waiting_calls(1), (std::vector<CallId>{1, 3}));
  EXPECT_EQ(h.router.position(3), 2u);
  EXPECT_FALSE(h.router.position(2));
  EXPECT_EQ(h.router.remove_call(2).error().kind, ErrorKind::not_found);
  h.advance(60'000);
  EXPECT_EQ(h.expired.size(), 2u);
}

TEST(AcdRouterWaiting, EnqueueRejectsBadInput) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  WaitingCallSpec call;
  call.call = 1;
  call.queue = 2;
  EXPECT_EQ(h.router.enqueue(call, h.now).error().kind, ErrorKind::not_found);
  call.queue = 1;
  call.priority = kMaxPriority + 1;
  EXPECT_EQ(h.router.enqueue(call, h.now).error().location, "priority");
  call.priority = 0;
  call.base_score = -kMaxBaseScore - 1;
  EXPECT_EQ(h.router.enqueue(call, h.now).error().location, "base_score");
  call.base_score = 0;
  ASSERT_TRUE(h.router.enqueue(call, h.now).ok());
  EXPECT_EQ(h.router.find_call(1)->spec.enqueued_at, h.now);
  EXPECT_EQ(h.router.enqueue(call, h.now).error().kind, ErrorKind::conflict);
  EXPECT_EQ(h.router.remove_queue(1).error().kind, ErrorKind::conflict);
}

TEST(AcdRouterWaiting, ChangingThePriorityStepReordersWaitingCalls) {
  AcdHarness h;
  h.add_queue(queue_spec(1, RoutingStrategy::longest_idle));
  h.enqueue(1, 1, 0);
  h.now += 120'000;
  h.enqueue(2, 1, 1);
  EXPECT_EQ(h.router.waiting_calls(1), (std::vector<CallId>{2, 1}));
  QueueSpec aging = queue_spec(1, RoutingStrategy::longest_idle);
  aging.priority_step_seconds = 60;
  h.add_queue(aging);
  EXPECT_EQ(h.router.waiting_calls(1), (std::vector<CallId>{1, 2}));
}

}  // namespace
}  // namespace callwerk::acd

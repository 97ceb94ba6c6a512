// AcdService: configuration applied while calls wait, queues removed, maximum wait.

#include <gtest/gtest.h>

#include <algorithm>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::agent_config;
using test::queue_config;

class AcdServiceConfig : public test::AcdServiceTest {};

TEST_F(AcdServiceConfig, MaxWaitExpiresTheCallToTheOwner) {
  QueueConfig q = queue_config(1);
  q.max_wait_seconds = 60;
  add_queue(q);
  const TimeMs enqueued = now;
  enqueue(100, 1);
  EXPECT_EQ(acd.next_deadline(), enqueued + 60'000);
  advance(59'999);
  EXPECT_TRUE(out.expiries.empty());
  advance(1);
  ASSERT_EQ(out.expiries.size(), 1u);
  EXPECT_EQ(out.expiries[0].call, 100);
  EXPECT_EQ(out.expiries[0].queue, 1);
  EXPECT_EQ(out.expiries[0].reason, ExpiryReason::max_wait);
  EXPECT_EQ(out.record_of(100)->exit, QueueExit::timed_out);
  EXPECT_EQ(out.record_of(100)->left_queue_at, enqueued + 60'000);
  EXPECT_EQ(acd.position(100), std::nullopt);
  EXPECT_EQ(acd.caller_left(100, LeaveReason::abandoned, now).error().kind, ErrorKind::not_found);
  expect_healthy();
}

TEST_F(AcdServiceConfig, OwnerOverflowsTheExpiredCallFromInsideTheCallback) {
  QueueConfig first = queue_config(1);
  first.max_wait_seconds = 30;
  add_queue(first);
  add_queue(queue_config(2, RoutingStrategy::longest_idle, {{"overflow", 1}}));
  add_agent(agent_config(5, {{"overflow", 1}}));
  out.on_expired = [this](const test::Expiry& e) {
    if (e.queue != 1) return;
    auto position = acd.enqueue(e.call, 2, 0, now);
    ASSERT_TRUE(position.ok()) << position.error().describe();
    EXPECT_EQ(*position, 1u);
  };
  ok(acd.pause(5, "Pause", now));
  enqueue(100, 1);
  advance(30'000);
  ASSERT_EQ(out.expiries.size(), 1u);
  EXPECT_EQ(acd.position(100), 1u);  // now waiting in queue 2
  ok(acd.ready(5, now));
  EXPECT_EQ(agent(5).call, 100);
  // Two records: the stay in queue 1 (timed out) and the one in queue 2.
  int timed_out = 0, in_second = 0;
  for (const auto& r : acd.records_since(0)) {
    if (r.queue == "1" && r.exit == QueueExit::timed_out) ++timed_out;
    if (r.queue == "2") ++in_second;
  }
  EXPECT_EQ(timed_out, 1);
  EXPECT_EQ(in_second, 1);
  expect_healthy();
}

TEST_F(AcdServiceConfig, CallRingingPastItsMaxWaitExpiresWhenTheRingFails) {
  QueueConfig q = queue_config(1);
  q.max_wait_seconds = 10;
  add_queue(q);
  add_agent(agent_config(1));
  enqueue(100, 1);  // rings for up to 20 s, longer than the maximum wait
  advance(15'000);
  EXPECT_TRUE(out.expiries.empty());  // not cut off while ringing
  ok(acd.ring_failed(100, 1, now));
  ASSERT_EQ(out.expiries.size(), 1u);  // back in line, overdue: expired in the same step
  EXPECT_EQ(out.expiries[0].reason, ExpiryReason::max_wait);
  expect_healthy();
}

TEST_F(AcdServiceConfig, QueueRemovedWithWaitingRingingAndAnsweredCalls) {
  QueueConfig q = queue_config(1);
  q.wrap_up_seconds = 15;
  add_queue(q);
  add_queue(queue_config(2));
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  enqueue(100, 1);  // agent 1
  ok(acd.agent_answered(100, 1, now));
  enqueue(101, 1);  // agent 2, ringing
  ok(acd.agent_ringing(101, 2, now));
  enqueue(102, 1);  // waiting
  enqueue(103, 1);  // waiting
  enqueue(200, 2);  // waiting in the other queue

  now += 5'000;
  ok(acd.remove_queue(1, now));
  EXPECT_EQ(acd.find_queue(1), nullptr);
  ASSERT_EQ(out.expiries.size(), 3u);
  for (const auto& e : out.expiries) {
    EXPECT_EQ(e.queue, 1);
    EXPECT_EQ(e.reason, ExpiryReason::queue_removed);
  }
  for (CallId call : {101, 102, 103}) {
    EXPECT_EQ(out.record_of(call)->exit, QueueExit::overflowed) << call;
    EXPECT_EQ(out.record_of(call)->left_queue_at, now);
  }
  EXPECT_EQ(out.stops, (std::vector<std::pair<CallId, AgentId>>{{101, 2}}));
  // The released agent takes the call of the other queue, not one of the removed queue.
  EXPECT_EQ(agent(2).call, 200);
  // The answered call runs on and keeps the wrap-up it had.
  EXPECT_EQ(state(1), AgentState::on_call);
  ok(acd.call_ended(100, now));
  EXPECT_EQ(state(1), AgentState::wrap_up);
  EXPECT_EQ(acd.next_deadline(), std::min(now + 15'000, out.rings.back().ring_until));
  EXPECT_NE(std::find(out.queue_changes.begin(), out.queue_changes.end(), 1),
            out.queue_changes.end());
  expect_healthy();
}

TEST_F(AcdServiceConfig, AgentSkillChangeWhileACallWaitsRingsIt) {
  add_queue(queue_config(1, RoutingStrategy::longest_idle, {{"billing", 3}}));
  add_agent(agent_config(1, {{"billing", 2}}));
  enqueue(100, 1);
  EXPECT_TRUE(out.rings.empty());
  EXPECT_EQ(acd.queue_snapshot(1, now)->agents_logged_in, 0);
  ok(acd.set_agent(agent_config(1, {{"billing", 3}}), now));
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_EQ(out.rings[0].agent, 1);
  expect_healthy();
}

TEST_F(AcdServiceConfig, QueueSkillChangeWhileACallWaitsRingsAnAgent) {
  add_queue(queue_config(1, RoutingStrategy::longest_idle, {{"billing", 5}}));
  add_agent(agent_config(1, {{"billing", 4}}));
  enqueue(100, 1);
  EXPECT_TRUE(out.rings.empty());
  QueueConfig easier = queue_config(1, RoutingStrategy::longest_idle, {{"billing", 4}});
  easier.name = "Abrechnung";
  ok(acd.set_queue(easier, now));
  EXPECT_EQ(agent(1).call, 100);
  EXPECT_EQ(acd.queue_snapshot(1, now)->name, "Abrechnung");
  expect_healthy();
}

TEST_F(AcdServiceConfig, SkillRemovedWhileRingingLetsTheRingFinish) {
  add_queue(queue_config(1, RoutingStrategy::longest_idle, {{"billing", 1}}));
  add_agent(agent_config(1, {{"billing", 1}}));
  enqueue(100, 1);
  ok(acd.set_agent(agent_config(1), now));  // skill gone
  EXPECT_EQ(state(1), AgentState::reserved);
  ok(acd.agent_answered(100, 1, now));
  ok(acd.call_ended(100, now));
  enqueue(101, 1);
  EXPECT_EQ(state(1), AgentState::available);  // no longer serves the queue
  EXPECT_EQ(acd.position(101), 1u);
  expect_healthy();
}

TEST_F(AcdServiceConfig, BadConfigurationIsRefusedAndChangesNothing) {
  add_queue(queue_config(1));
  QueueConfig bad = queue_config(1);
  bad.ring_timeout_seconds = 0;
  EXPECT_EQ(acd.set_queue(bad, now).error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(acd.find_queue(1)->ring_timeout_seconds, 20);
  EXPECT_EQ(acd.set_queue(queue_config(0), now).error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(acd.set_agent(agent_config(1, {{"de", 11}}), now).error().kind,
            ErrorKind::invalid_input);
  EXPECT_EQ(acd.find_agent(1), nullptr);
  EXPECT_EQ(acd.set_agent(agent_config(-3), now).error().kind, ErrorKind::invalid_input);
  expect_healthy();
}

TEST_F(AcdServiceConfig, QueueChangedIsSentOncePerOperationAndQueue) {
  add_queue(queue_config(1));
  add_queue(queue_config(2));
  add_agent(agent_config(1));
  out.queue_changes.clear();
  enqueue(100, 1);  // created, offered, agent reserved: one notice for queue 1, one for 2
  std::vector<QueueId> sorted = out.queue_changes;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<QueueId>{1, 2}));
  out.queue_changes.clear();
  ok(acd.remove_queue(2, now));
  EXPECT_EQ(out.queue_changes, std::vector<QueueId>{2});
}

TEST_F(AcdServiceConfig, ClockGoingBackIsTakenAsTheLatestTime) {
  add_queue(queue_config(1));
  add_agent(agent_config(1), /*log_in=*/false);
  enqueue(100, 1);
  ok(acd.caller_left(100, LeaveReason::abandoned, now - 5'000));
  EXPECT_EQ(out.record_of(100)->left_queue_at, now);
}

}  // namespace
}  // namespace callwerk::acd

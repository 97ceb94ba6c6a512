// AcdService: estimated wait from observed handle times, and the records behind the KPIs.

#include <gtest/gtest.h>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::agent_config;
using test::queue_config;

class AcdServiceEstimate : public test::AcdServiceTest {
 protected:
  // One call through the queue, answered by whoever is rung, handled for `handle_ms`.
  void handle_one(CallId call, TimeMs handle_ms) {
    enqueue(call, 1);
    const AgentId agent = out.rings.back().agent;
    ok(acd.agent_answered(call, agent, now));
    now += handle_ms;
    ok(acd.call_ended(call, now));
  }
};

TEST_F(AcdServiceEstimate, GrowsWithPositionAndUsesObservedHandleTimes) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  add_agent(agent_config(2));
  for (CallId call = 1; call <= 4; ++call) handle_one(call, 100'000);
  EXPECT_EQ(acd.handle_times(1), std::vector<std::int64_t>(4, 100'000));

  enqueue(10, 1);
  ok(acd.agent_answered(10, out.rings.back().agent, now));
  enqueue(11, 1);
  ok(acd.agent_answered(11, out.rings.back().agent, now));
  EXPECT_EQ(enqueue(12, 1), 1u);
  EXPECT_EQ(enqueue(13, 1), 2u);
  EXPECT_EQ(enqueue(14, 1), 3u);

  // Both agents just started a call of about 100 s: the first two in line are answered when
  // they finish, the third one call later.
  auto first = *acd.estimated_wait(12, now);
  auto second = *acd.estimated_wait(13, now);
  auto third = *acd.estimated_wait(14, now);
  EXPECT_EQ(first.wait_seconds, 100);
  EXPECT_EQ(second.wait_seconds, 100);
  EXPECT_EQ(third.wait_seconds, 200);
  EXPECT_EQ(first.confidence, EstimateConfidence::low);
  EXPECT_EQ(first.samples, 4u);

  // 40 s into those calls, 60 s remain.
  now += 40'000;
  EXPECT_EQ(acd.estimated_wait(12, now)->wait_seconds, 60);
  EXPECT_EQ(acd.estimated_wait(14, now)->wait_seconds, 160);
  expect_healthy();
}

// The estimate of a caller behind one busy agent, after five calls of `handle_ms` each.
std::optional<std::int64_t> estimate_after_calls_of(TimeMs handle_ms) {
  test::RecordingOutput out;
  AcdService acd(out);
  TimeMs now = 1'700'000'000'000;
  EXPECT_TRUE(acd.set_queue(queue_config(1), now).ok());
  EXPECT_TRUE(acd.set_agent(agent_config(1), now).ok());
  EXPECT_TRUE(acd.log_in(1, now).ok());
  for (CallId call = 1; call <= 5; ++call) {
    EXPECT_TRUE(acd.enqueue(call, 1, 0, now).ok());
    EXPECT_TRUE(acd.agent_answered(call, 1, now).ok());
    now += handle_ms;
    EXPECT_TRUE(acd.call_ended(call, now).ok());
  }
  EXPECT_TRUE(acd.enqueue(10, 1, 0, now).ok());
  EXPECT_TRUE(acd.agent_answered(10, 1, now).ok());
  EXPECT_EQ(*acd.enqueue(11, 1, 0, now), 1u);
  return acd.estimated_wait(11, now)->wait_ms;
}

TEST(AcdServiceEstimateHandleTimes, LongerObservedCallsGiveLongerEstimates) {
  EXPECT_EQ(estimate_after_calls_of(60'000), 60'000);
  EXPECT_EQ(estimate_after_calls_of(300'000), 300'000);
}

TEST_F(AcdServiceEstimate, NoEstimateWithoutDataAndZeroWhileRinging) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  enqueue(10, 1);  // ringing at agent 1
  const auto ringing = *acd.estimated_wait(10, now);
  EXPECT_EQ(ringing.wait_ms, 0);
  ok(acd.agent_answered(10, 1, now));
  EXPECT_EQ(acd.estimated_wait(10, now).error().kind, ErrorKind::conflict);
  enqueue(11, 1);
  const auto waiting = *acd.estimated_wait(11, now);
  EXPECT_EQ(waiting.confidence, EstimateConfidence::none);
  EXPECT_FALSE(waiting.wait_ms.has_value());
}

TEST_F(AcdServiceEstimate, HandleTimeWindowKeepsTheMostRecentCalls) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  for (CallId call = 1; call <= 250; ++call) handle_one(call, 1'000 * call);
  const auto times = acd.handle_times(1);
  ASSERT_EQ(times.size(), AcdService::kHandleTimeWindow);
  EXPECT_EQ(times.front(), 51'000);
  EXPECT_EQ(times.back(), 250'000);
}

TEST_F(AcdServiceEstimate, RecordsFeedTheLiveSnapshot) {
  add_queue(queue_config(1));
  add_agent(agent_config(1));
  const TimeMs day_start = now;
  now += 1'000;
  handle_one(1, 30'000);  // answered at once
  ok(acd.pause(1, "Pause", now));
  enqueue(2, 1);
  now += 8'000;
  ok(acd.caller_left(2, LeaveReason::abandoned, now));
  enqueue(3, 1);  // still waiting
  now += 4'000;

  const auto records = acd.records_since(day_start);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].interaction_id, "1");
  EXPECT_EQ(records[2].exit, QueueExit::waiting);

  const auto live = acd.live_snapshots(day_start, now, KpiOptions{});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].queue, "1");
  EXPECT_EQ(live[0].waiting_now, 1);
  EXPECT_EQ(live[0].longest_current_wait_ms, 4'000);
  EXPECT_EQ(live[0].today.totals.offered, 3);
  EXPECT_EQ(live[0].today.totals.answered, 1);
  EXPECT_EQ(live[0].today.totals.abandoned, 1);
  EXPECT_EQ(live[0].today.totals.handled, 1);

  acd.forget_records_before(now);
  ASSERT_EQ(acd.records_since(0).size(), 1u);  // only the open one stays
  EXPECT_EQ(acd.records_since(0)[0].interaction_id, "3");
  expect_healthy();
}

}  // namespace
}  // namespace callwerk::acd

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "acd/queue_kpis.hpp"
#include "acd/queue_kpis_agents.hpp"
#include "acd/queue_kpis_csv.hpp"
#include "acd/queue_kpis_live.hpp"

namespace callwerk::acd {
namespace {

constexpr TimeMs kSecond = 1000;
constexpr TimeMs kMinute = 60 * kSecond;
constexpr TimeMs kHour = 60 * kMinute;
// 2026-03-02T00:00:00Z
constexpr TimeMs kDay = 1772409600000;
constexpr TimeMs at(int hour, int minute, int second = 0) {
  return kDay + hour * kHour + minute * kMinute + second * kSecond;
}

QueuedCallRecord call(TimeMs enqueued, QueueExit exit, std::int64_t wait_ms,
                      std::string queue = "sales") {
  QueuedCallRecord c;
  c.tenant = "acme";
  c.queue = std::move(queue);
  c.interaction_id = "i" + std::to_string(enqueued) + "-" + std::to_string(wait_ms);
  c.enqueued_at = enqueued;
  c.exit = exit;
  c.left_queue_at = enqueued + wait_ms;
  return c;
}

QueuedCallRecord answered(TimeMs enqueued, std::int64_t wait_ms, std::int64_t talk_ms,
                          std::int64_t wrap_ms, std::string agent = "anna") {
  QueuedCallRecord c = call(enqueued, QueueExit::answered, wait_ms);
  c.agent = std::move(agent);
  c.talk_ended_at = c.left_queue_at + talk_ms;
  c.wrap_up_ended_at = *c.talk_ended_at + wrap_ms;
  return c;
}

QueueKpis kpis_of(const std::vector<QueuedCallRecord>& calls, const KpiOptions& options = {}) {
  QueueCallTotals totals;
  for (const auto& c : calls) add_call(totals, c, options);
  return derive_queue_kpis(totals);
}

// Ten calls, threshold 20 s, short abandons under 5 s.
std::vector<QueuedCallRecord> mixed_calls() {
  const TimeMs t = at(9, 0);
  return {
      answered(t, 10 * kSecond, 100 * kSecond, 30 * kSecond),
      answered(t, 20 * kSecond, 200 * kSecond, 0),  // exactly at the threshold: within
      answered(t, 40 * kSecond, 60 * kSecond, 10 * kSecond),
      call(t, QueueExit::abandoned, 3 * kSecond),   // short
      call(t, QueueExit::abandoned, 12 * kSecond),  // within the threshold (SL2)
      call(t, QueueExit::abandoned, 30 * kSecond),
      call(t, QueueExit::callback_chosen, 50 * kSecond),
      call(t, QueueExit::overflowed, 25 * kSecond),
      call(t, QueueExit::timed_out, 45 * kSecond),
      call(t, QueueExit::waiting, 0),
  };
}

TEST(QueueKpis, CountsEveryExitApart) {
  const QueueKpis k = kpis_of(mixed_calls());
  const QueueCallTotals& t = k.totals;
  EXPECT_EQ(t.offered, 10);
  EXPECT_EQ(t.answered, 3);
  EXPECT_EQ(t.answered_within_threshold, 2);
  EXPECT_EQ(t.abandoned, 3);
  EXPECT_EQ(t.short_abandoned, 1);
  EXPECT_EQ(t.abandoned_within_threshold, 2);
  EXPECT_EQ(t.callback_chosen, 1);
  EXPECT_EQ(t.overflowed, 1);
  EXPECT_EQ(t.timed_out, 1);
  EXPECT_EQ(t.still_waiting, 1);
  EXPECT_EQ(t.longest_wait_ms, 50 * kSecond);
}

TEST(QueueKpis, ServiceLevelVariants) {
  const QueueKpis k = kpis_of(mixed_calls());
  // Genesys style: 2 / (3 answered + 3 abandoned - 1 short).
  EXPECT_DOUBLE_EQ(*k.service_level, 2.0 / 5.0);
  // Asterisk SL: 2 / 3 answered.
  EXPECT_DOUBLE_EQ(*k.service_level_asterisk, 2.0 / 3.0);
  // Asterisk SL2: (2 + 2 abandoned within 20 s) / (3 + 3).
  EXPECT_DOUBLE_EQ(*k.service_level_asterisk_sl2, 4.0 / 6.0);
}

TEST(QueueKpis, AbandonRateLeavesOutShortAbandonsAndCallbacks) {
  const QueueKpis k = kpis_of(mixed_calls());
  EXPECT_DOUBLE_EQ(*k.abandon_rate, 2.0 / 5.0);
  // The same calls with the callback turned into an abandon: now it counts.
  auto calls = mixed_calls();
  calls[6].exit = QueueExit::abandoned;
  EXPECT_DOUBLE_EQ(*kpis_of(calls).abandon_rate, 3.0 / 6.0);
  // A longer short-abandon threshold takes the 12 s abandon out too.
  KpiOptions options;
  options.short_abandon_threshold_ms = 15 * kSecond;
  const QueueKpis longer = kpis_of(mixed_calls(), options);
  EXPECT_EQ(longer.totals.short_abandoned, 2);
  EXPECT_DOUBLE_EQ(*longer.abandon_rate, 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(*longer.service_level, 2.0 / 4.0);
}

TEST(QueueKpis, ThresholdBoundaries) {
  // An abandon after exactly 5 s is not short; an answer after exactly 20 s is within.
  const QueueKpis k = kpis_of({call(at(9, 0), QueueExit::abandoned, 5 * kSecond),
                               call(at(9, 0), QueueExit::abandoned, 4999),
                               answered(at(9, 0), 20 * kSecond, kMinute, 0),
                               answered(at(9, 0), 20 * kSecond + 1, kMinute, 0)});
  EXPECT_EQ(k.totals.short_abandoned, 1);
  EXPECT_EQ(k.totals.answered_within_threshold, 1);
}

TEST(QueueKpis, AsaAndAhtWithHoldInsideTalk) {
  auto calls = mixed_calls();
  calls[0].hold_ms = 20 * kSecond;
  QueuedCallRecord unfinished = answered(at(9, 0), 30 * kSecond, kMinute, 0);
  unfinished.wrap_up_ended_at.reset();  // still in wrap-up: answered, not handled
  calls.push_back(unfinished);
  const QueueKpis k = kpis_of(calls);
  EXPECT_EQ(k.totals.answered, 4);
  EXPECT_DOUBLE_EQ(*k.asa_ms, (10.0 + 20 + 40 + 30) * kSecond / 4);
  EXPECT_EQ(k.totals.handled, 3);
  EXPECT_EQ(k.totals.talk_ms, 360 * kSecond);  // hold is part of the talk, not added on top
  EXPECT_EQ(k.totals.hold_ms, 20 * kSecond);
  EXPECT_EQ(k.totals.wrap_up_ms, 40 * kSecond);
  EXPECT_DOUBLE_EQ(*k.aht_ms, 400.0 * kSecond / 3);
}

TEST(QueueKpis, NoCallsMeansNoRatesRatherThanZero) {
  const QueueKpis k = derive_queue_kpis(QueueCallTotals{});
  EXPECT_FALSE(k.service_level);
  EXPECT_FALSE(k.service_level_asterisk);
  EXPECT_FALSE(k.service_level_asterisk_sl2);
  EXPECT_FALSE(k.abandon_rate);
  EXPECT_FALSE(k.asa_ms);
  EXPECT_FALSE(k.aht_ms);
  auto rows = queue_kpis_by_interval({}, KpiWindow{at(0, 0), at(24, 0), kMinutes60}, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(QueueKpis, AllAbandoned) {
  const QueueKpis k = kpis_of({call(at(9, 0), QueueExit::abandoned, 30 * kSecond),
                               call(at(9, 1), QueueExit::abandoned, 60 * kSecond),
                               call(at(9, 2), QueueExit::abandoned, 2 * kSecond)});
  EXPECT_DOUBLE_EQ(*k.service_level, 0.0);
  EXPECT_DOUBLE_EQ(*k.abandon_rate, 1.0);
  EXPECT_FALSE(k.service_level_asterisk);  // nothing answered: Asterisk's SL has no value
  EXPECT_DOUBLE_EQ(*k.service_level_asterisk_sl2, 1.0 / 3.0);
  EXPECT_FALSE(k.asa_ms);
  EXPECT_FALSE(k.aht_ms);
  // Only short abandons: no real demand, so no service level at all.
  const QueueKpis shorts = kpis_of({call(at(9, 0), QueueExit::abandoned, 2 * kSecond)});
  EXPECT_FALSE(shorts.service_level);
  EXPECT_FALSE(shorts.abandon_rate);
}

TEST(QueueKpis, CallsBelongToTheIntervalTheyWereOfferedIn) {
  const std::vector<QueuedCallRecord> calls{
      answered(at(9, 14, 50), 40 * kSecond, 5 * kMinute, 0),  // answered 09:15:30
      call(at(9, 15), QueueExit::abandoned, 30 * kSecond),    // first instant of 09:15
      call(at(9, 44, 59), QueueExit::abandoned, 20 * kMinute),
      call(at(8, 59, 59), QueueExit::abandoned, 30 * kSecond),  // before the window
  };
  auto rows = queue_kpis_by_interval(calls, KpiWindow{at(9, 0), at(10, 0), kMinutes15}, {});
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].interval_start, at(9, 0));
  EXPECT_EQ((*rows)[0].interval_end, at(9, 15));
  EXPECT_EQ((*rows)[0].kpis.totals.offered, 1);
  EXPECT_EQ((*rows)[0].kpis.totals.answered, 1);
  EXPECT_EQ((*rows)[0].kpis.totals.handled, 1);
  EXPECT_EQ((*rows)[1].kpis.totals.offered, 1);
  EXPECT_EQ((*rows)[1].kpis.totals.abandoned, 1);
  EXPECT_EQ((*rows)[2].kpis.totals.offered, 1);  // 09:44:59, abandoned at 10:04:59
  EXPECT_EQ((*rows)[2].kpis.totals.longest_wait_ms, 20 * kMinute);
  EXPECT_EQ((*rows)[3].kpis.totals.offered, 0);  // empty intervals are rows too
  EXPECT_FALSE((*rows)[3].kpis.service_level);

  auto half_hours = queue_kpis_by_interval(calls, KpiWindow{at(9, 0), at(10, 0), kMinutes30}, {});
  ASSERT_TRUE(half_hours.ok());
  ASSERT_EQ(half_hours->size(), 2u);
  EXPECT_EQ((*half_hours)[0].kpis.totals.offered, 2);
  EXPECT_EQ((*half_hours)[1].kpis.totals.offered, 1);

  auto day = queue_kpis_by_interval(calls, KpiWindow{at(0, 0), at(24, 0), 0}, {});
  ASSERT_TRUE(day.ok());
  ASSERT_EQ(day->size(), 1u);
  EXPECT_EQ((*day)[0].interval_end, at(24, 0));
  EXPECT_EQ((*day)[0].kpis.totals.offered, 4);
  EXPECT_EQ((*day)[0].kpis.totals.abandoned, 3);
}

TEST(QueueKpis, IntervalsAddUpToTheDay) {
  std::vector<QueuedCallRecord> calls;
  for (int i = 0; i < 200; ++i) {
    const TimeMs t = at(8, 0) + i * 173 * kSecond;
    if (i % 4 == 0) {
      calls.push_back(call(t, QueueExit::abandoned, (i % 9) * kSecond));
    } else {
      calls.push_back(answered(t, (i % 37) * kSecond, (60 + i) * kSecond, 15 * kSecond));
    }
  }
  auto quarters = queue_kpis_by_interval(calls, KpiWindow{at(0, 0), at(24, 0), kMinutes15}, {});
  auto day = queue_kpis_by_interval(calls, KpiWindow{at(0, 0), at(24, 0), 0}, {});
  ASSERT_TRUE(quarters.ok());
  ASSERT_TRUE(day.ok());
  ASSERT_EQ(quarters->size(), 96u);
  QueueCallTotals sum;
  for (const auto& row : *quarters) sum += row.kpis.totals;
  EXPECT_EQ(sum, (*day)[0].kpis.totals);
  EXPECT_EQ(sum.offered, 200);
}

TEST(QueueKpis, RowsPerTenantAndQueueSorted) {
  std::vector<QueuedCallRecord> calls{call(at(9, 5), QueueExit::abandoned, kMinute, "support"),
                                      call(at(9, 5), QueueExit::abandoned, kMinute, "billing")};
  calls.push_back(calls[0]);
  calls.back().tenant = "aaa";
  auto rows = queue_kpis_by_interval(calls, KpiWindow{at(9, 0), at(10, 0), kMinutes30}, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 6u);
  EXPECT_EQ((*rows)[0].tenant, "aaa");
  EXPECT_EQ((*rows)[2].queue, "billing");
  EXPECT_EQ((*rows)[4].queue, "support");
  EXPECT_EQ((*rows)[5].interval_start, at(9, 30));
}

TEST(QueueKpis, WindowAndOptionChecks) {
  EXPECT_FALSE(interval_starts(KpiWindow{at(10, 0), at(10, 0), kMinutes15}).ok());
  EXPECT_FALSE(interval_starts(KpiWindow{at(10, 0), at(11, 0), -1}).ok());
  EXPECT_FALSE(interval_starts(KpiWindow{0, 365 * 24 * kHour * 10, kMinutes15}).ok());
  auto starts = interval_starts(KpiWindow{at(9, 0), at(9, 50), kMinutes15});
  ASSERT_TRUE(starts.ok());
  EXPECT_EQ(*starts, (std::vector<TimeMs>{at(9, 0), at(9, 15), at(9, 30), at(9, 45)}));
  auto rows = queue_kpis_by_interval(mixed_calls(), KpiWindow{at(9, 0), at(9, 50), kMinutes15}, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->back().interval_end, at(9, 50));  // the last bucket is cut at the window end
  KpiOptions bad;
  bad.short_abandon_threshold_ms = -1;
  EXPECT_EQ(queue_kpis_by_interval({}, KpiWindow{at(9, 0), at(10, 0), 0}, bad).error().location,
            "short_abandon_threshold_ms");
}

AgentStateSpan span(AgentActivity activity, TimeMs from, std::optional<TimeMs> to,
                    std::string reason = {}) {
  return AgentStateSpan{"acme", "anna", activity, std::move(reason), from, to};
}

std::vector<AgentStateSpan> annas_morning() {
  return {span(AgentActivity::offline, at(8, 0), at(9, 0)),
          span(AgentActivity::available, at(9, 0), at(9, 10)),
          span(AgentActivity::ringing, at(9, 10), at(9, 10, 10)),
          span(AgentActivity::on_call, at(9, 10, 10), at(9, 20)),
          span(AgentActivity::wrap_up, at(9, 20), at(9, 22)),
          span(AgentActivity::paused, at(9, 22), at(9, 30), "break"),
          span(AgentActivity::available, at(9, 30), std::nullopt)};
}

TEST(AgentKpis, OccupancyIsHandlingOverHandlingPlusReady) {
  auto rows = agent_kpis_by_interval({}, annas_morning(), KpiWindow{at(9, 0), at(10, 0), 0}, {});
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  ASSERT_EQ(rows->size(), 1u);
  const AgentTotals& t = (*rows)[0].kpis.totals;
  EXPECT_EQ(t.on_call_ms, 590 * kSecond);
  EXPECT_EQ(t.wrap_up_state_ms, 120 * kSecond);
  EXPECT_EQ(t.ready_ms, (600 + 10 + 1800) * kSecond);  // the open span runs to the window end
  EXPECT_EQ(t.paused_ms, 480 * kSecond);
  EXPECT_EQ(t.paused_ms_by_reason.at("break"), 480 * kSecond);
  EXPECT_DOUBLE_EQ(*(*rows)[0].kpis.occupancy, 710.0 / 3120.0);
}

TEST(AgentKpis, StateTimeIsSplitAtIntervalBoundaries) {
  auto rows =
      agent_kpis_by_interval({}, annas_morning(), KpiWindow{at(9, 0), at(10, 0), kMinutes15}, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  // 09:00-09:15: ready 610 s, on call 290 s of the 09:10:10-09:20 call.
  EXPECT_EQ((*rows)[0].kpis.totals.on_call_ms, 290 * kSecond);
  EXPECT_DOUBLE_EQ(*(*rows)[0].kpis.occupancy, 290.0 / 900.0);
  // 09:15-09:30: the rest of the call, wrap-up, break: never idle.
  EXPECT_EQ((*rows)[1].kpis.totals.on_call_ms, 300 * kSecond);
  EXPECT_DOUBLE_EQ(*(*rows)[1].kpis.occupancy, 1.0);
  EXPECT_DOUBLE_EQ(*(*rows)[2].kpis.occupancy, 0.0);
  std::int64_t on_call = 0;
  for (const auto& row : *rows) on_call += row.kpis.totals.on_call_ms;
  EXPECT_EQ(on_call, 590 * kSecond);
}

TEST(AgentKpis, CallsCountForTheAnsweringAgent) {
  std::vector<QueuedCallRecord> calls{
      answered(at(9, 10), 10 * kSecond, 100 * kSecond, 20 * kSecond),
      answered(at(9, 40), 10 * kSecond, 200 * kSecond, 0),
      answered(at(9, 41), 5 * kSecond, 50 * kSecond, 0, "ben"),
      call(at(9, 42), QueueExit::abandoned, kMinute)};
  auto rows = agent_kpis_by_interval(calls, {}, KpiWindow{at(9, 0), at(10, 0), 0}, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].agent, "anna");
  EXPECT_EQ((*rows)[0].kpis.totals.answered, 2);
  EXPECT_DOUBLE_EQ(*(*rows)[0].kpis.aht_ms, 160.0 * kSecond);
  EXPECT_FALSE((*rows)[0].kpis.occupancy);  // no state spans: no time base
  EXPECT_EQ((*rows)[1].agent, "ben");
  EXPECT_EQ((*rows)[1].kpis.totals.answered, 1);
}

TEST(AgentKpis, OnlyPausedHasNoOccupancy) {
  auto rows = agent_kpis_by_interval(
      {}, std::vector{span(AgentActivity::paused, at(9, 0), at(9, 30), "training")},
      KpiWindow{at(9, 0), at(10, 0), 0}, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_FALSE((*rows)[0].kpis.occupancy);
  EXPECT_EQ((*rows)[0].kpis.totals.paused_ms, 30 * kMinute);
}

TEST(LiveSnapshot, TodaySoFarAndTheCallsWaitingNow) {
  const TimeMs now = at(14, 0);
  QueuedCallRecord yesterday = call(at(0, 0) - 2 * kMinute, QueueExit::waiting, 0);
  QueuedCallRecord answered_later = answered(at(13, 59), 70 * kSecond, kMinute, 0);
  QueuedCallRecord still_in_wrap_up = answered(at(13, 50), 10 * kSecond, 5 * kMinute, 10 * kMinute);
  const std::vector<QueuedCallRecord> calls{
      yesterday,
      call(at(13, 58), QueueExit::waiting, 0),
      answered_later,  // leaves the queue at 14:00:10, after now
      answered(at(13, 0), 15 * kSecond, 5 * kMinute, kMinute),
      still_in_wrap_up,
      call(at(13, 30), QueueExit::abandoned, 40 * kSecond),
      call(at(14, 1), QueueExit::waiting, 0),  // after now: not yet known
  };
  auto snapshots = queue_live_snapshots(calls, at(0, 0), now, {});
  ASSERT_EQ(snapshots.size(), 1u);
  const QueueLiveSnapshot& s = snapshots[0];
  EXPECT_EQ(s.waiting_now, 3);
  EXPECT_EQ(s.longest_current_wait_ms, 14 * kHour + 2 * kMinute);
  const QueueCallTotals& t = s.today.totals;
  EXPECT_EQ(t.offered, 5);  // yesterday's caller is waiting but not offered today
  EXPECT_EQ(t.still_waiting, 2);
  EXPECT_EQ(t.answered, 2);
  EXPECT_EQ(t.handled, 1);  // the other one is still in wrap-up at now
  EXPECT_EQ(t.abandoned, 1);
  EXPECT_EQ(t.longest_wait_ms, 2 * kMinute);  // the 13:58 caller, still waiting
  EXPECT_DOUBLE_EQ(*s.today.service_level, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*s.today.asa_ms, 12.5 * kSecond);
  EXPECT_DOUBLE_EQ(*s.today.aht_ms, 6.0 * kMinute);
}

TEST(LiveSnapshot, QuietQueue) {
  auto snapshots = queue_live_snapshots(std::vector{answered(at(9, 0), kSecond, kMinute, 0)},
                                        at(0, 0), at(12, 0), {});
  ASSERT_EQ(snapshots.size(), 1u);
  EXPECT_EQ(snapshots[0].waiting_now, 0);
  EXPECT_EQ(snapshots[0].longest_current_wait_ms, 0);
  EXPECT_DOUBLE_EQ(*snapshots[0].today.service_level, 1.0);
  EXPECT_TRUE(queue_live_snapshots({}, at(0, 0), at(12, 0), {}).empty());
}

TEST(KpiCsv, QuotesFieldsAndDefusesFormulas) {
  EXPECT_EQ(csv_text_field("plain"), "plain");
  EXPECT_EQ(csv_text_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_text_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  EXPECT_EQ(csv_text_field("-1+2,3"), "\"'-1+2,3\"");
  EXPECT_EQ(csv_text_field(""), "");
}

TEST(KpiCsv, QueueRows) {
  auto rows = queue_kpis_by_interval(mixed_calls(), KpiWindow{at(9, 0), at(9, 15), 0}, {});
  ASSERT_TRUE(rows.ok());
  rows->push_back((*rows)[0]);
  rows->back().queue = "Sales, Nord";
  rows->back().kpis = derive_queue_kpis(QueueCallTotals{});
  const std::string csv = queue_kpis_csv(*rows);
  const std::string header =
      "tenant,queue,interval_start,interval_end,offered,answered,answered_within_threshold,"
      "abandoned,short_abandoned,callback_chosen,overflowed,timed_out,still_waiting,"
      "service_level,service_level_asterisk,service_level_asterisk_sl2,abandon_rate,asa_s,aht_s,"
      "longest_wait_s,handled,talk_s,hold_s,wrap_up_s\r\n";
  const std::string first =
      "acme,sales,2026-03-02T09:00:00.000Z,2026-03-02T09:15:00.000Z,10,3,2,3,1,1,1,1,1,"
      "0.4000,0.6667,0.6667,0.4000,23.3,133.3,50.0,3,360.0,0.0,40.0\r\n";
  const std::string empty =
      "acme,\"Sales, Nord\",2026-03-02T09:00:00.000Z,2026-03-02T09:15:00.000Z,0,0,0,0,0,0,0,0,0,"
      ",,,,,,0.0,0,0.0,0.0,0.0\r\n";
  EXPECT_EQ(csv, header + first + empty);
}

TEST(KpiCsv, AgentRows) {
  auto rows = agent_kpis_by_interval({}, annas_morning(), KpiWindow{at(9, 15), at(9, 30), 0}, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(agent_kpis_csv(*rows),
            "tenant,agent,interval_start,interval_end,answered,handled,aht_s,talk_s,hold_s,"
            "wrap_up_s,on_call_s,wrap_up_state_s,ready_s,paused_s,occupancy\r\n"
            "acme,anna,2026-03-02T09:15:00.000Z,2026-03-02T09:30:00.000Z,0,0,,0.0,0.0,0.0,300.0,"
            "120.0,0.0,480.0,1.0000\r\n");
}

}  // namespace
}  // namespace callwerk::acd

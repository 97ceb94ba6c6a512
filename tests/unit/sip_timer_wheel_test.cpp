#include "sip/timer_wheel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace callwerk::sip {
namespace {

std::vector<std::uint64_t> payloads(const std::vector<ExpiredTimer>& expired) {
  std::vector<std::uint64_t> out;
  for (const auto& timer : expired) out.push_back(timer.payload);
  return out;
}

TEST(TimerWheel, EmptyWheelHasNoDeadlineAndFiresNothing) {
  TimerWheel wheel;
  EXPECT_FALSE(wheel.next_deadline());
  EXPECT_TRUE(wheel.advance(1'000'000).empty());
  EXPECT_TRUE(wheel.empty());
}

TEST(TimerWheel, FiresAtTheExactMillisecondNotWithinTheSlot) {
  TimerWheel wheel(10);
  wheel.advance(1000);
  auto id = wheel.schedule(1005, 7);
  EXPECT_NE(id, 0U);
  EXPECT_EQ(wheel.next_deadline(), 1005);
  EXPECT_TRUE(wheel.advance(1004).empty());
  auto fired = wheel.advance(1005);
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].id, id);
  EXPECT_EQ(fired[0].deadline, 1005);
  EXPECT_EQ(fired[0].payload, 7U);
  EXPECT_TRUE(wheel.empty());
  EXPECT_FALSE(wheel.next_deadline());
}

TEST(TimerWheel, SameSlotFiresInDeadlineOrderThenSchedulingOrder) {
  TimerWheel wheel(10);
  wheel.advance(0);
  wheel.schedule(109, 1);
  wheel.schedule(101, 2);
  wheel.schedule(105, 3);
  wheel.schedule(101, 4);  // same deadline as 2, scheduled later
  EXPECT_EQ(wheel.next_deadline(), 101);
  EXPECT_EQ(payloads(wheel.advance(104)), (std::vector<std::uint64_t>{2, 4}));
  EXPECT_EQ(wheel.next_deadline(), 105);
  EXPECT_EQ(payloads(wheel.advance(200)), (std::vector<std::uint64_t>{3, 1}));
}

TEST(TimerWheel, CancelledTimersNeverFire) {
  TimerWheel wheel(10);
  wheel.advance(0);
  auto a = wheel.schedule(50, 1);
  auto b = wheel.schedule(50, 2);
  auto c = wheel.schedule(60, 3);
  EXPECT_TRUE(wheel.cancel(a));
  EXPECT_FALSE(wheel.cancel(a));  // twice
  EXPECT_FALSE(wheel.cancel(0));
  EXPECT_EQ(wheel.size(), 2U);
  EXPECT_TRUE(wheel.cancel(c));
  EXPECT_EQ(wheel.next_deadline(), 50);
  EXPECT_EQ(payloads(wheel.advance(100)), (std::vector<std::uint64_t>{2}));
  EXPECT_FALSE(wheel.cancel(b));  // already fired
  EXPECT_TRUE(wheel.empty());
}

TEST(TimerWheel, StaleIdDoesNotCancelTheTimerThatReusedItsNode) {
  TimerWheel wheel(10);
  wheel.advance(0);
  auto old_id = wheel.schedule(20, 1);
  ASSERT_TRUE(wheel.cancel(old_id));
  auto new_id = wheel.schedule(30, 2);  // reuses the freed node
  EXPECT_NE(new_id, old_id);
  EXPECT_FALSE(wheel.cancel(old_id));
  EXPECT_EQ(payloads(wheel.advance(30)), (std::vector<std::uint64_t>{2}));
}

TEST(TimerWheel, DeadlinesBeyondOneTurnWaitForTheirTurn) {
  TimerWheel wheel(10, 64);  // a turn of 640 ms
  wheel.advance(0);
  wheel.schedule(100, 1);
  wheel.schedule(100 + 640, 2);       // same slot, next turn
  wheel.schedule(100 + 5 * 640, 3);   // same slot, five turns ahead
  wheel.schedule(10 * 60 * 1000, 4);  // ten minutes
  EXPECT_EQ(wheel.next_deadline(), 100);
  EXPECT_EQ(payloads(wheel.advance(100)), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(wheel.next_deadline(), 740);
  EXPECT_TRUE(wheel.advance(739).empty());
  EXPECT_EQ(payloads(wheel.advance(740)), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(wheel.next_deadline(), 3300);
  // Step through in small increments, as a real loop would.
  std::vector<std::uint64_t> fired;
  for (TimeMs now = 741; now <= 3299; now += 7) {
    for (auto p : payloads(wheel.advance(now))) fired.push_back(p);
  }
  EXPECT_TRUE(fired.empty());
  EXPECT_EQ(payloads(wheel.advance(3300)), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(wheel.next_deadline(), 600'000);
  EXPECT_TRUE(wheel.advance(599'999).empty());
  EXPECT_EQ(payloads(wheel.advance(600'000)), (std::vector<std::uint64_t>{4}));
}

TEST(TimerWheel, JumpFarAheadFiresEverythingInDeadlineOrder) {
  TimerWheel wheel(10, 256);
  std::mt19937 random(42);
  std::uniform_int_distribution<TimeMs> deadline(1, 200'000);
  std::vector<std::pair<TimeMs, std::uint64_t>> expected;
  wheel.advance(0);
  for (std::uint64_t i = 0; i < 5000; ++i) {
    auto d = deadline(random);
    wheel.schedule(d, i);
    expected.emplace_back(d, i);
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto fired = wheel.advance(1'000'000);
  ASSERT_EQ(fired.size(), expected.size());
  for (size_t i = 0; i < fired.size(); ++i) {
    ASSERT_EQ(fired[i].deadline, expected[i].first) << i;
    ASSERT_EQ(fired[i].payload, expected[i].second) << i;
  }
  EXPECT_TRUE(wheel.empty());
}

TEST(TimerWheel, TimersScheduledBeforeTheFirstAdvanceAtEpochTimes) {
  TimerWheel wheel;
  const TimeMs epoch = 1'764'183'862'123;  // a real clock's milliseconds
  wheel.schedule(epoch + 500, 1);
  wheel.schedule(epoch + 32'000, 2);
  EXPECT_EQ(wheel.next_deadline(), epoch + 500);
  EXPECT_TRUE(wheel.advance(epoch).empty());
  EXPECT_EQ(wheel.next_deadline(), epoch + 500);
  EXPECT_EQ(payloads(wheel.advance(epoch + 500)), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(wheel.next_deadline(), epoch + 32'000);
  EXPECT_EQ(payloads(wheel.advance(epoch + 40'000)), (std::vector<std::uint64_t>{2}));
}

TEST(TimerWheel, PastDeadlineFiresOnTheNextAdvance) {
  TimerWheel wheel(10);
  wheel.advance(5000);
  wheel.schedule(4000, 1);
  wheel.schedule(5000, 2);
  EXPECT_EQ(wheel.next_deadline(), 4000);
  EXPECT_EQ(payloads(wheel.advance(5000)), (std::vector<std::uint64_t>{1, 2}));
}

TEST(TimerWheel, TimersScheduledWhileVisitingFireInTheSamePassInOrder) {
  TimerWheel wheel(10);
  wheel.advance(0);
  wheel.schedule(500, 0);
  wheel.schedule(2600, 100);
  std::vector<std::pair<TimeMs, std::uint64_t>> fired;
  // Each firing reschedules itself 500 ms after its own deadline, like a retransmission.
  wheel.advance(3000, [&](const ExpiredTimer& timer) {
    fired.emplace_back(timer.deadline, timer.payload);
    if (timer.payload < 100) wheel.schedule(timer.deadline + 500, timer.payload + 1);
  });
  std::vector<std::pair<TimeMs, std::uint64_t>> expected{
      {500, 0}, {1000, 1}, {1500, 2}, {2000, 3}, {2500, 4}, {2600, 100}, {3000, 5}};
  EXPECT_EQ(fired, expected);
  EXPECT_EQ(wheel.next_deadline(), 3500);
}

TEST(TimerWheel, CancelOfADueTimerWhileVisiting) {
  TimerWheel wheel(10);
  wheel.advance(0);
  wheel.schedule(100, 1);
  auto second = wheel.schedule(200, 2);
  wheel.schedule(300, 3);
  std::vector<std::uint64_t> fired;
  wheel.advance(1000, [&](const ExpiredTimer& timer) {
    fired.push_back(timer.payload);
    if (timer.payload == 1) {
      EXPECT_TRUE(wheel.cancel(second));
    }
  });
  EXPECT_EQ(fired, (std::vector<std::uint64_t>{1, 3}));
  EXPECT_TRUE(wheel.empty());
}

// Random schedules, cancels and clock steps against a plain ordered reference.
TEST(TimerWheel, ManyTimersMatchAReferenceModel) {
  TimerWheel wheel(10, 128);
  std::mt19937 random(7);
  std::multimap<TimeMs, TimerId> reference;  // deadline -> id
  std::map<TimerId, TimeMs> by_id;
  TimeMs now = 1'000'000;
  wheel.advance(now);
  size_t fired_total = 0;
  for (int round = 0; round < 3000; ++round) {
    int schedules = static_cast<int>(random() % 5);
    for (int i = 0; i < schedules; ++i) {
      // Mostly short timers, some beyond a turn of the small wheel, some in the past.
      TimeMs offset = static_cast<TimeMs>(random() % 3000) - 50;
      if (random() % 10 == 0) offset = static_cast<TimeMs>(random() % 60'000);
      auto id = wheel.schedule(now + offset, 0);
      reference.emplace(now + offset, id);
      by_id[id] = now + offset;
    }
    if (!by_id.empty() && random() % 3 == 0) {
      auto it = by_id.begin();
      std::advance(it, random() % by_id.size());
      auto range = reference.equal_range(it->second);
      for (auto r = range.first; r != range.second; ++r) {
        if (r->second == it->first) {
          reference.erase(r);
          break;
        }
      }
      EXPECT_TRUE(wheel.cancel(it->first));
      by_id.erase(it);
    }
    ASSERT_EQ(wheel.size(), reference.size());
    if (reference.empty()) {
      ASSERT_FALSE(wheel.next_deadline());
    } else {
      ASSERT_EQ(wheel.next_deadline(), reference.begin()->first) << "round " << round;
    }
    now += static_cast<TimeMs>(random() % 200);
    if (random() % 50 == 0) now += 100'000;  // a long stall of the loop
    TimeMs last = std::numeric_limits<TimeMs>::min();
    for (const auto& timer : wheel.advance(now)) {
      ASSERT_LE(timer.deadline, now);
      ASSERT_GE(timer.deadline, last);
      last = timer.deadline;
      ASSERT_EQ(by_id.count(timer.id), 1U);
      ASSERT_EQ(by_id[timer.id], timer.deadline);
      by_id.erase(timer.id);
      auto range = reference.equal_range(timer.deadline);
      for (auto r = range.first; r != range.second; ++r) {
        if (r->second == timer.id) {
          reference.erase(r);
          break;
        }
      }
      ++fired_total;
    }
    // Nothing due may stay behind.
    if (!reference.empty()) {
      ASSERT_GT(reference.begin()->first, now);
    }
  }
  EXPECT_GT(fired_total, 3000U);
}

}  // namespace
}  // namespace callwerk::sip

#include "voice/voice_call_timers.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace callwerk::voice {
namespace {

std::vector<std::pair<CallKey, CallTimer>> fire_until(CallTimers& timers, TimeMs now) {
  std::vector<std::pair<CallKey, CallTimer>> fired;
  timers.advance(now, [&](const DueCallTimer& due) { fired.emplace_back(due.call, due.kind); });
  return fired;
}

TEST(CallTimersTest, FireInDeadlineOrderAndOnlyWhenDue) {
  CallTimers timers;
  timers.start(7, CallTimer::input, 1'000'300);
  timers.start(3, CallTimer::answer, 1'000'100);
  timers.start(7, CallTimer::answer, 1'000'200);
  EXPECT_TRUE(fire_until(timers, 1'000'099).empty());
  EXPECT_EQ(fire_until(timers, 1'000'250), (std::vector<std::pair<CallKey, CallTimer>>{
                                               {3, CallTimer::answer}, {7, CallTimer::answer}}));
  EXPECT_TRUE(timers.running(7, CallTimer::input));
  EXPECT_EQ(fire_until(timers, 1'000'300),
            (std::vector<std::pair<CallKey, CallTimer>>{{7, CallTimer::input}}));
  EXPECT_TRUE(timers.empty());
}

TEST(CallTimersTest, StartingAKindAgainReplacesTheEarlierDeadline) {
  CallTimers timers;
  timers.start(1, CallTimer::input, 500);
  timers.start(1, CallTimer::input, 900);  // a new prompt restarts the no-input wait
  EXPECT_EQ(timers.size(), 1u);
  EXPECT_TRUE(fire_until(timers, 800).empty());
  EXPECT_EQ(fire_until(timers, 900).size(), 1u);
}

TEST(CallTimersTest, CancelledTimersNeverFire) {
  CallTimers timers;
  timers.start(1, CallTimer::input, 100);
  timers.start(1, CallTimer::ring, 100);
  timers.start(2, CallTimer::answer, 100);
  timers.cancel(1, CallTimer::input);
  EXPECT_FALSE(timers.running(1, CallTimer::input));
  EXPECT_TRUE(timers.running(1, CallTimer::ring));
  timers.cancel_all(2);
  timers.cancel(9, CallTimer::answer);  // unknown call: nothing happens
  EXPECT_EQ(fire_until(timers, 1000),
            (std::vector<std::pair<CallKey, CallTimer>>{{1, CallTimer::ring}}));
  EXPECT_TRUE(timers.empty());
}

TEST(CallTimersTest, AFiringTimerMayStartTheNextOfItsKind) {
  // Answering at the end of the ring time starts the maximum-length timer of the same kind.
  CallTimers timers;
  timers.start(4, CallTimer::answer, 500);
  int fired = 0;
  timers.advance(500, [&](const DueCallTimer& due) {
    ++fired;
    EXPECT_FALSE(timers.running(due.call, due.kind));
    timers.start(due.call, CallTimer::answer, 500 + 3'600'000);
  });
  EXPECT_EQ(fired, 1);
  EXPECT_TRUE(timers.running(4, CallTimer::answer));
  EXPECT_TRUE(fire_until(timers, 600'000).empty());
  EXPECT_EQ(fire_until(timers, 3'600'500).size(), 1u);
}

TEST(CallTimersTest, ManyCallsStayIndependent) {
  CallTimers timers;
  for (CallKey call = 1; call <= 2000; ++call)
    timers.start(call, CallTimer::input, static_cast<TimeMs>(call) * 10);
  for (CallKey call = 2; call <= 2000; call += 2) timers.cancel_all(call);
  const auto fired = fire_until(timers, 20'000);
  ASSERT_EQ(fired.size(), 1000u);
  for (size_t i = 0; i < fired.size(); ++i) EXPECT_EQ(fired[i].first, 2 * i + 1);
}

}  // namespace
}  // namespace callwerk::voice

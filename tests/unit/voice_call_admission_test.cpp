#include "voice/call_admission.hpp"

#include <gtest/gtest.h>

namespace callwerk::voice {
namespace {

constexpr std::size_t kQuiet = 0;
constexpr std::size_t kBuffer = 400 * 1024;

int admitted_of(CallAdmission& admission, TimeMs now, int attempts) {
  int admitted = 0;
  for (int i = 0; i < attempts; ++i)
    if (admission.admit(now, kQuiet, kBuffer) == Admission::admitted) ++admitted;
  return admitted;
}

TEST(CallAdmissionTest, ABurstOfOneSecondsWorthPassesThenTheRateHolds) {
  CallAdmission admission(CallAdmissionLimits{.per_second = 10});
  EXPECT_EQ(admitted_of(admission, 1'000'000, 25), 10);
  EXPECT_EQ(admission.admit(1'000'000, kQuiet, kBuffer), Admission::rate_limited);
  // 100 ms later: one more call's worth.
  EXPECT_EQ(admitted_of(admission, 1'000'100, 5), 1);
  // Over a long run the rate is exactly per_second.
  int total = 0;
  for (TimeMs t = 1'000'200; t < 1'010'200; t += 10) total += admitted_of(admission, t, 3);
  EXPECT_EQ(total, 100);
}

TEST(CallAdmissionTest, AnIdleSpellFillsTheBucketOnlyToOneSecond) {
  CallAdmission admission(CallAdmissionLimits{.per_second = 5});
  EXPECT_EQ(admitted_of(admission, 0, 5), 5);
  EXPECT_EQ(admitted_of(admission, 3'600'000, 50), 5);
}

TEST(CallAdmissionTest, ZeroMeansNoRateLimit) {
  CallAdmission admission(CallAdmissionLimits{.per_second = 0});
  EXPECT_EQ(admitted_of(admission, 5, 10'000), 10'000);
}

TEST(CallAdmissionTest, AReceiveQueueOverAQuarterFullRefusesAsOverloaded) {
  CallAdmission admission(CallAdmissionLimits{.per_second = 0});
  EXPECT_EQ(admission.admit(0, kBuffer / 4, kBuffer), Admission::admitted);
  EXPECT_EQ(admission.admit(0, kBuffer / 4 + 1, kBuffer), Admission::overloaded);
  EXPECT_TRUE(admission.overloaded(kBuffer, kBuffer));
  // Caught up: admitted again.
  EXPECT_EQ(admission.admit(10, 2048, kBuffer), Admission::admitted);
  // A kernel that cannot tell the capacity never counts as overloaded.
  EXPECT_EQ(admission.admit(20, 1 << 30, 0), Admission::admitted);
  CallAdmission unguarded(CallAdmissionLimits{.per_second = 0, .overload_queue_percent = 0});
  EXPECT_EQ(unguarded.admit(0, kBuffer, kBuffer), Admission::admitted);
}

TEST(CallAdmissionTest, AnOverloadRefusalTakesNoTokenAndWaitsLonger) {
  CallAdmission admission(CallAdmissionLimits{.per_second = 1});
  EXPECT_EQ(admission.admit(0, kBuffer, kBuffer), Admission::overloaded);
  EXPECT_EQ(admission.admit(0, kQuiet, kBuffer), Admission::admitted);
  EXPECT_EQ(CallAdmission::retry_after_seconds(Admission::overloaded), 5);
  EXPECT_EQ(CallAdmission::retry_after_seconds(Admission::rate_limited), 1);
  EXPECT_STREQ(to_string(Admission::rate_limited), "rate_limited");
}

}  // namespace
}  // namespace callwerk::voice

#include "acd/wait_estimate.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace callwerk::acd {
namespace {

constexpr std::int64_t kSecond = 1000;

// Observed handle times 60, 120, 180 s: AHT 120 s.
HandleTimeProfile three_calls() {
  const std::vector<std::int64_t> handle{180 * kSecond, 60 * kSecond, 120 * kSecond};
  return HandleTimeProfile(handle);
}

TEST(HandleTimeProfile, MeanResidualLifeFromTheObservedCalls) {
  const HandleTimeProfile profile = three_calls();
  EXPECT_EQ(profile.samples(), 3u);
  EXPECT_DOUBLE_EQ(profile.mean_ms(), 120.0 * kSecond);
  // A fresh call: the mean.
  EXPECT_DOUBLE_EQ(profile.expected_remaining_ms(0), 120.0 * kSecond);
  // After 30 s all three ran longer: (30 + 90 + 150) / 3.
  EXPECT_DOUBLE_EQ(profile.expected_remaining_ms(30 * kSecond), 90.0 * kSecond);
  // After 100 s only 120 and 180 did: (20 + 80) / 2.
  EXPECT_DOUBLE_EQ(profile.expected_remaining_ms(100 * kSecond), 50.0 * kSecond);
  // Exactly 120 s: only the 180 s call ran longer.
  EXPECT_DOUBLE_EQ(profile.expected_remaining_ms(120 * kSecond), 60.0 * kSecond);
  // Longer than anything seen: no data, memoryless fallback to the mean.
  EXPECT_DOUBLE_EQ(profile.expected_remaining_ms(200 * kSecond), 120.0 * kSecond);
}

TEST(HandleTimeProfile, EmptyAndBadSamples) {
  const std::vector<std::int64_t> bad{-5, -1};
  const HandleTimeProfile profile(bad);
  EXPECT_EQ(profile.samples(), 0u);
  EXPECT_DOUBLE_EQ(profile.mean_ms(), 0.0);
  EXPECT_DOUBLE_EQ(profile.expected_remaining_ms(1000), 0.0);
}

// Busy agents 30 s, 100 s and 200 s into their calls release at 90, 50 and 120 s, and every
// AHT (120 s) after that: 50, 90, 120, 170, 210, 240, ...
WaitEstimateInput three_busy(int position, int available = 0) {
  return WaitEstimateInput{position, available, {30 * kSecond, 100 * kSecond, 200 * kSecond}};
}

TEST(WaitEstimate, KthReleaseOfTheBusyAgents) {
  const HandleTimeProfile profile = three_calls();
  const std::vector<std::pair<int, std::int64_t>> expected{{1, 50},  {2, 90},  {3, 120}, {4, 170},
                                                           {5, 210}, {6, 240}, {7, 290}};
  for (auto [position, seconds] : expected) {
    auto e = estimate_wait(three_busy(position), profile);
    ASSERT_TRUE(e.ok()) << e.error().describe();
    ASSERT_TRUE(e->wait_ms) << position;
    EXPECT_EQ(*e->wait_ms, seconds * kSecond) << "position " << position;
    EXPECT_EQ(*e->wait_seconds, seconds);
    EXPECT_EQ(e->confidence, EstimateConfidence::low);  // three samples
    EXPECT_EQ(e->samples, 3u);
  }
}

TEST(WaitEstimate, AvailableAgentsAnswerAtOnceAndComeBackAfterOneAht) {
  const HandleTimeProfile profile = three_calls();
  // One available agent: releases 0, 50, 90, 120 (busy), 120 (the available one again), 170.
  const std::vector<std::pair<int, std::int64_t>> expected{{1, 0},   {2, 50},  {3, 90},
                                                           {4, 120}, {5, 120}, {6, 170}};
  for (auto [position, seconds] : expected) {
    auto e = estimate_wait(three_busy(position, 1), profile);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(*e->wait_ms, seconds * kSecond) << "position " << position;
  }
  auto first = estimate_wait(three_busy(1, 1), profile);
  EXPECT_EQ(first->confidence, EstimateConfidence::high);  // no data needed to say "now"
}

TEST(WaitEstimate, OnlyAvailableAgentsCycleByTheMean) {
  // Two agents free now, nobody busy: callers 1 and 2 at once, 3 and 4 after one AHT.
  auto e = estimate_wait(WaitEstimateInput{4, 2, {}}, three_calls());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e->wait_ms, 120 * kSecond);
}

TEST(WaitEstimate, RoundsSecondsUp) {
  const std::vector<std::int64_t> handle{10'500};
  auto e = estimate_wait(WaitEstimateInput{1, 0, {0}}, HandleTimeProfile(handle));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e->wait_ms, 10'500);
  EXPECT_EQ(*e->wait_seconds, 11);
}

TEST(WaitEstimate, NoDataNoEstimate) {
  // Busy agents but no handle time ever observed.
  auto no_history = estimate_wait(three_busy(1), HandleTimeProfile{});
  ASSERT_TRUE(no_history.ok());
  EXPECT_EQ(no_history->confidence, EstimateConfidence::none);
  EXPECT_FALSE(no_history->wait_ms);
  EXPECT_FALSE(no_history->wait_seconds);
  // Nobody serves the queue: nobody will ever answer.
  auto no_agents = estimate_wait(WaitEstimateInput{1, 0, {}}, three_calls());
  ASSERT_TRUE(no_agents.ok());
  EXPECT_EQ(no_agents->confidence, EstimateConfidence::none);
  EXPECT_FALSE(no_agents->wait_ms);
}

TEST(WaitEstimate, ConfidenceGrowsWithTheSample) {
  auto with_samples = [](std::size_t n) {
    const std::vector<std::int64_t> handle(n, 60 * kSecond);
    return estimate_wait(WaitEstimateInput{2, 0, {0}}, HandleTimeProfile(handle))->confidence;
  };
  EXPECT_EQ(with_samples(9), EstimateConfidence::low);
  EXPECT_EQ(with_samples(10), EstimateConfidence::medium);
  EXPECT_EQ(with_samples(49), EstimateConfidence::medium);
  EXPECT_EQ(with_samples(50), EstimateConfidence::high);
}

TEST(WaitEstimate, RejectsBadInput) {
  EXPECT_EQ(estimate_wait(three_busy(0), three_calls()).error().location, "position");
  EXPECT_EQ(estimate_wait(WaitEstimateInput{1, -1, {}}, three_calls()).error().location,
            "available_agents");
  EXPECT_EQ(estimate_wait(WaitEstimateInput{1, 0, {-5}}, three_calls()).error().location,
            "busy_elapsed_ms");
}

}  // namespace
}  // namespace callwerk::acd

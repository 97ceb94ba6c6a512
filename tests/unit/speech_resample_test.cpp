#include <gtest/gtest.h>

#include <cstdlib>

#include "speech/resample.hpp"
#include "speech_test_support.hpp"

namespace callwerk::speech {
namespace {

using test_support::rising_zero_crossings;
using test_support::rms;
using test_support::sine;

TEST(Resample, SixteenKiloHertzSineKeepsFrequencyAndHalvesLength) {
  auto input = sine(16000, 440, 1.0);
  auto output = resample_to_telephony(input);
  ASSERT_TRUE(output.ok()) << output.error().describe();
  EXPECT_EQ(output->sample_rate, 8000);
  EXPECT_NEAR(static_cast<double>(output->samples.size()), 8000.0, 2.0);
  // Away from the filter's start-up edges: 440 Hz over 0.5 s is 220 periods.
  int crossings = rising_zero_crossings(output->samples, 2000, 6000);
  EXPECT_NEAR(crossings, 220, 1);
  // Level is kept (a passband tone is neither attenuated nor amplified noticeably).
  std::vector<int16_t> middle(output->samples.begin() + 2000, output->samples.begin() + 6000);
  EXPECT_NEAR(rms(middle), 12000 / std::sqrt(2.0), 200);
}

TEST(Resample, EspeakRateToTelephonyKeepsDuration) {
  auto input = sine(22050, 1000, 2.0);
  auto output = resample_to_telephony(input);
  ASSERT_TRUE(output.ok());
  EXPECT_NEAR(static_cast<double>(output->samples.size()), 16000.0, 2.0);
  EXPECT_NEAR(rising_zero_crossings(output->samples, 1000, 9000), 1000, 1);
}

TEST(Resample, RemovesContentAboveTheTelephoneBand) {
  // 6 kHz cannot exist at 8 kHz; a resampler without a proper filter would alias it to 2 kHz.
  auto output = resample_to_telephony(sine(16000, 6000, 1.0));
  ASSERT_TRUE(output.ok());
  std::vector<int16_t> middle(output->samples.begin() + 1000, output->samples.begin() + 7000);
  EXPECT_LT(rms(middle), 50);
}

TEST(Resample, UpsamplingAndIdentity) {
  auto up = resample(sine(8000, 300, 0.5), 16000);
  ASSERT_TRUE(up.ok());
  EXPECT_NEAR(static_cast<double>(up->samples.size()), 8000.0, 2.0);
  auto same = resample_to_telephony(sine(8000, 300, 0.1));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->samples, sine(8000, 300, 0.1).samples);
  auto empty = resample_to_telephony(media::PcmAudio{44100, {}});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->samples.empty());
  EXPECT_EQ(empty->sample_rate, 8000);
}

TEST(Resample, RejectsNonsenseRates) {
  EXPECT_FALSE(resample(media::PcmAudio{0, {1, 2}}, 8000).ok());
  EXPECT_FALSE(resample(media::PcmAudio{8000, {1, 2}}, -1).ok());
}

}  // namespace
}  // namespace callwerk::speech

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

// spandsp after the standard headers: its telephony.h redefines math functions otherwise.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
// clang-format on

#include "media/inband_dtmf.hpp"
#include "media/pcm_audio.hpp"

namespace callwerk::media {
namespace {

struct Result {
  std::string started;
  std::string ended;
  std::vector<std::int64_t> durations;
};

Result detect(const std::vector<std::int16_t>& audio) {
  InbandDtmfDetector detector;
  Result r;
  for (std::size_t offset = 0; offset + samples_per_20ms <= audio.size();
       offset += samples_per_20ms) {
    auto d = detector.process(std::span(audio.data() + offset, samples_per_20ms));
    if (d.started) r.started += d.started_digit;
    for (int i = 0; i < d.ended_count; ++i) {
      r.ended += d.ended[i].digit;
      r.durations.push_back(d.ended[i].duration_ms);
    }
  }
  return r;
}

// Our own two-tone generator, independent of spandsp's transmitter.
void append_tone(std::vector<std::int16_t>& audio, double low, double high, int ms) {
  const std::size_t n = static_cast<std::size_t>(ms * 8);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / 8000.0;
    audio.push_back(static_cast<std::int16_t>(5000 * std::sin(2 * M_PI * low * t) +
                                              5000 * std::sin(2 * M_PI * high * t)));
  }
}

void append_silence(std::vector<std::int16_t>& audio, int ms) {
  audio.insert(audio.end(), static_cast<std::size_t>(ms * 8), 0);
}

TEST(InbandDtmf, DetectsOwnSineTonesOnceEach) {
  std::vector<std::int16_t> audio;
  append_silence(audio, 100);
  append_tone(audio, 697, 1209, 120);  // '1'
  append_silence(audio, 100);
  append_tone(audio, 941, 1477, 200);  // '#'
  append_silence(audio, 100);
  append_tone(audio, 697, 1209, 80);  // '1' again
  append_silence(audio, 200);
  const auto r = detect(audio);
  EXPECT_EQ(r.started, "1#1");
  EXPECT_EQ(r.ended, "1#1");
  ASSERT_EQ(r.durations.size(), 3u);
  EXPECT_NEAR(static_cast<double>(r.durations[0]), 120, 45);
  EXPECT_NEAR(static_cast<double>(r.durations[1]), 200, 45);
}

TEST(InbandDtmf, DetectsSpandspGeneratedDigits) {
  dtmf_tx_state_t* tx = dtmf_tx_init(nullptr);
  ASSERT_NE(tx, nullptr);
  dtmf_tx_put(tx, "0123456789*#ABCD", -1);
  std::vector<std::int16_t> audio;
  std::int16_t block[samples_per_20ms];
  for (int i = 0; i < 200; ++i) {
    const int n = dtmf_tx(tx, block, samples_per_20ms);
    audio.insert(audio.end(), block, block + samples_per_20ms);
    if (n < static_cast<int>(samples_per_20ms))
      std::fill(audio.end() - (samples_per_20ms - n), audio.end(), 0);
  }
  dtmf_tx_free(tx);
  const auto r = detect(audio);
  EXPECT_EQ(r.ended, "0123456789*#ABCD");
}

TEST(InbandDtmf, SpeechLikeNoiseAndSingleTonesAreNoDigits) {
  std::vector<std::int16_t> audio;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 3000);
  for (int i = 0; i < 8000; ++i) audio.push_back(static_cast<std::int16_t>(noise(rng)));
  append_tone(audio, 697, 697, 500);  // one frequency only (both generators on 697 Hz)
  for (int i = 0; i < 4000; ++i)
    audio.push_back(static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * i / 8000.0)));
  const auto r = detect(audio);
  EXPECT_EQ(r.started, "");
  EXPECT_EQ(r.ended, "");
}

}  // namespace
}  // namespace callwerk::media

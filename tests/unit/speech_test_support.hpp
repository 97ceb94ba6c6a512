#pragma once
// Helpers for the speech tests: a private temporary directory and simple signal measures.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "media/pcm_audio.hpp"

namespace callwerk::speech::test_support {

// A sentence the German voice speaks in the TTS and prompt cache tests.
inline constexpr const char* kGreeting = "Willkommen bei den Stadtwerken Musterstadt";

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("callwerk_speech_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

inline double rms(const std::vector<int16_t>& samples) {
  if (samples.empty()) return 0;
  double sum = 0;
  for (int16_t s : samples) sum += static_cast<double>(s) * s;
  return std::sqrt(sum / static_cast<double>(samples.size()));
}

// Sign changes from negative to non-negative: one per period of a clean tone.
inline int rising_zero_crossings(const std::vector<int16_t>& samples, std::size_t from,
                                 std::size_t to) {
  int count = 0;
  for (std::size_t i = from + 1; i < to && i < samples.size(); ++i) {
    if (samples[i - 1] < 0 && samples[i] >= 0) ++count;
  }
  return count;
}

// A rough pitch estimate: per loud 40 ms frame, the shortest lag (60..400 Hz) whose
// autocorrelation comes within 10 % of the frame's best, which avoids picking a multiple of the
// period; the median over frames. Good enough to tell a low voice from a high one.
inline double median_fundamental_hz(const media::PcmAudio& audio) {
  const auto& s = audio.samples;
  const int rate = audio.sample_rate;
  const std::size_t frame = static_cast<std::size_t>(rate / 25);
  const int min_lag = rate / 400;
  const int max_lag = rate / 60;
  std::vector<double> estimates;
  for (std::size_t start = 0; start + frame + max_lag < s.size(); start += frame / 2) {
    double energy = 0;
    for (std::size_t i = 0; i < frame; ++i)
      energy += static_cast<double>(s[start + i]) * s[start + i];
    if (energy / frame < 1e6) continue;  // quiet: a pause or unvoiced sound
    std::vector<double> correlation(max_lag + 1, 0);
    double best = 0;
    for (int lag = min_lag; lag <= max_lag; ++lag) {
      double c = 0;
      for (std::size_t i = 0; i < frame; ++i)
        c += static_cast<double>(s[start + i]) * s[start + i + lag];
      correlation[lag] = c;
      best = std::max(best, c);
    }
    if (best <= 0) continue;
    for (int lag = min_lag; lag <= max_lag; ++lag) {
      bool local_peak = correlation[lag] >= correlation[lag - 1] &&
                        (lag == max_lag || correlation[lag] >= correlation[lag + 1]);
      if (local_peak && correlation[lag] >= 0.9 * best) {
        estimates.push_back(static_cast<double>(rate) / lag);
        break;
      }
    }
  }
  if (estimates.empty()) return 0;
  std::nth_element(estimates.begin(), estimates.begin() + estimates.size() / 2, estimates.end());
  return estimates[estimates.size() / 2];
}

inline media::PcmAudio sine(int sample_rate, double frequency, double seconds,
                            double amplitude = 12000) {
  media::PcmAudio audio;
  audio.sample_rate = sample_rate;
  auto count = static_cast<std::size_t>(sample_rate * seconds);
  audio.samples.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    audio.samples[i] = static_cast<int16_t>(
        std::lround(amplitude * std::sin(2 * std::numbers::pi * frequency * i / sample_rate)));
  }
  return audio;
}

}  // namespace callwerk::speech::test_support

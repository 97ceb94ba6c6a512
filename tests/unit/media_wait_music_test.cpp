// The waiting music: in the telephone band, soft, without clicks, loop-ready.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <numbers>

#include "media/wait_music.hpp"

namespace callwerk::media {
namespace {

// The amplitude of `hz` in samples [from, from + count) (a single-bin DFT).
double level_at(const std::vector<int16_t>& s, std::size_t from, std::size_t count, double hz) {
  double re = 0, im = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const double phase = 2 * std::numbers::pi * hz * static_cast<double>(i) / 8000.0;
    re += s[from + i] * std::cos(phase);
    im += s[from + i] * std::sin(phase);
  }
  return 2 * std::sqrt(re * re + im * im) / static_cast<double>(count);
}

TEST(MediaWaitMusic, IsTheMelodyInTheTelephoneBandSoftAndLoopReady) {
  const SharedPcm music = wait_music();
  ASSERT_TRUE(music);
  EXPECT_EQ(music, wait_music());  // made once
  EXPECT_EQ(music->sample_rate, 8000);
  int total_ms = 0;
  for (const WaitMusicNote& note : wait_music_notes()) {
    total_ms += note.ms;
    if (note.hz > 0) {
      EXPECT_GE(note.hz, 300);
      EXPECT_LE(note.hz, 3400 / 2);  // the octave added for warmth stays in the band too
    }
  }
  EXPECT_EQ(music->duration_ms(), total_ms);
  EXPECT_GT(total_ms, 15'000);

  int peak = 0;
  double energy = 0;
  for (const int16_t sample : music->samples) {
    peak = std::max(peak, std::abs(static_cast<int>(sample)));
    energy += static_cast<double>(sample) * sample;
  }
  EXPECT_LE(peak, 4100);  // well under a prompt's level
  EXPECT_GT(std::sqrt(energy / static_cast<double>(music->samples.size())), 800);
  // No clicks: every note fades in from silence and out to it.
  std::size_t at = 0;
  for (const WaitMusicNote& note : wait_music_notes()) {
    const std::size_t count = static_cast<std::size_t>(note.ms) * 8;
    EXPECT_LT(std::abs(static_cast<int>(music->samples[at])), 50) << at;
    EXPECT_LT(std::abs(static_cast<int>(music->samples[at + count - 1])), 50) << at;
    at += count;
  }
  EXPECT_EQ(music->samples.front(), 0);
  EXPECT_EQ(music->samples.back(), 0);
}

TEST(MediaWaitMusic, EachNoteSoundsAtItsPitch) {
  const SharedPcm music = wait_music();
  std::size_t at = 0;
  for (const WaitMusicNote& note : wait_music_notes()) {
    const std::size_t count = static_cast<std::size_t>(note.ms) * 8;
    if (note.hz > 0) {
      // The middle of the note: its own pitch strong, a neighbouring semitone weak.
      const std::size_t from = at + count / 4;
      const double own = level_at(music->samples, from, count / 2, note.hz);
      const double off = level_at(music->samples, from, count / 2, note.hz * 1.06);
      EXPECT_GT(own, 1000) << note.hz;
      EXPECT_LT(off, own / 5) << note.hz;
    } else {
      for (std::size_t i = at; i < at + count; ++i) ASSERT_EQ(music->samples[i], 0);
    }
    at += count;
  }
}

}  // namespace
}  // namespace callwerk::media

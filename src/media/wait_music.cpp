#include "media/wait_music.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace callwerk::media {

namespace {

// A pentatonic tune in C (no half steps: nothing sounds wrong when it loops), eighths and
// quarters at 120 beats per minute, with a breath between the phrases.
constexpr double kC5 = 523.25, kD5 = 587.33, kE5 = 659.25, kG5 = 783.99, kA5 = 880.0;
constexpr double kPeak = 4000;  // about -18 dBFS of a 16-bit sample
constexpr int kAttackMs = 15;
constexpr int kReleaseMs = 120;

std::vector<int16_t> render(const std::vector<WaitMusicNote>& notes) {
  std::vector<int16_t> out;
  for (const WaitMusicNote& note : notes) {
    const int samples = note.ms * telephony_sample_rate / 1000;
    const int attack = kAttackMs * telephony_sample_rate / 1000;
    const int release = std::min(samples / 2, kReleaseMs * telephony_sample_rate / 1000);
    for (int i = 0; i < samples; ++i) {
      if (note.hz <= 0) {
        out.push_back(0);
        continue;
      }
      double envelope = 1.0;
      if (i < attack) envelope = static_cast<double>(i) / attack;
      if (i >= samples - release) envelope = static_cast<double>(samples - 1 - i) / release;
      // A gentle decay while the note sounds, like a struck string.
      envelope *= std::exp(-1.2 * i / telephony_sample_rate);
      const double t = static_cast<double>(i) / telephony_sample_rate;
      const double phase = 2 * std::numbers::pi * note.hz * t;
      const double value = std::sin(phase) + 0.25 * std::sin(2 * phase);
      out.push_back(static_cast<int16_t>(std::lround(kPeak / 1.25 * envelope * value)));
    }
  }
  return out;
}

}  // namespace

const std::vector<WaitMusicNote>& wait_music_notes() {
  static const std::vector<WaitMusicNote> notes = {
      {kE5, 500},  {kG5, 500},  {kA5, 500},  {kG5, 500}, {kE5, 500}, {kD5, 500}, {kC5, 1000},
      {0, 500},    {kD5, 500},  {kE5, 500},  {kG5, 500}, {kE5, 500}, {kD5, 500}, {kE5, 500},
      {kC5, 1000}, {0, 500},    {kG5, 500},  {kA5, 500}, {kG5, 500}, {kE5, 500}, {kG5, 500},
      {kE5, 500},  {kD5, 1000}, {0, 500},    {kE5, 500}, {kD5, 500}, {kC5, 500}, {kD5, 500},
      {kE5, 500},  {kD5, 500},  {kC5, 1500}, {0, 1000}};
  return notes;
}

SharedPcm wait_music() {
  static const SharedPcm music = [] {
    auto pcm = std::make_shared<PcmAudio>();
    pcm->sample_rate = telephony_sample_rate;
    pcm->samples = render(wait_music_notes());
    return SharedPcm(std::move(pcm));
  }();
  return music;
}

}  // namespace callwerk::media

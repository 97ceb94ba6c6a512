#include "voice/voicemail.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace callwerk::voice {

VoicemailOutcome voicemail_outcome(std::int64_t duration_ms, const std::string& error) {
  if (!error.empty()) return VoicemailOutcome::failed;
  if (duration_ms < kVoicemailMinMs) return VoicemailOutcome::too_short;
  return VoicemailOutcome::store;
}

std::string_view voicemail_outcome_name(VoicemailOutcome outcome) {
  switch (outcome) {
    case VoicemailOutcome::store:
      return "stored";
    case VoicemailOutcome::too_short:
      return "too_short";
    case VoicemailOutcome::failed:
      return "failed";
  }
  return "failed";
}

media::SharedPcm voicemail_beep() {
  static const media::SharedPcm beep = [] {
    constexpr int kRate = media::telephony_sample_rate;
    constexpr int kPauseSamples = kRate / 5;  // 200 ms: the tone stands apart from the words
    constexpr int kToneSamples = kRate * 2 / 5;
    constexpr int kRampSamples = kRate / 100;  // 10 ms fade in and out: no clicks
    constexpr double kHz = 1000;
    constexpr double kPeak = 8000;  // about -12 dBFS
    auto pcm = std::make_shared<media::PcmAudio>();
    pcm->samples.assign(kPauseSamples, 0);
    for (int i = 0; i < kToneSamples; ++i) {
      const double ramp = std::min({1.0, static_cast<double>(i) / kRampSamples,
                                    static_cast<double>(kToneSamples - 1 - i) / kRampSamples});
      const double value = std::sin(2 * std::numbers::pi * kHz * i / kRate);
      pcm->samples.push_back(static_cast<std::int16_t>(std::lround(kPeak * ramp * value)));
    }
    return media::SharedPcm(std::move(pcm));
  }();
  return beep;
}

}  // namespace callwerk::voice

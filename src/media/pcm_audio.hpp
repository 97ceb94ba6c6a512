#pragma once
// Linear 16-bit audio as it moves between speech synthesis, prompt files, the media threads
// and recordings. Telephony runs at 8 kHz mono; other rates exist only before resampling.

#include <cstdint>
#include <memory>
#include <vector>

namespace callwerk::media {

inline constexpr int telephony_sample_rate = 8000;
inline constexpr int samples_per_20ms = telephony_sample_rate / 50;

struct PcmAudio {
  int sample_rate = telephony_sample_rate;
  std::vector<int16_t> samples;  // mono

  int64_t duration_ms() const {
    return sample_rate > 0 ? static_cast<int64_t>(samples.size()) * 1000 / sample_rate : 0;
  }
};

// Prompts are shared read-only between the cache and every call playing them.
using SharedPcm = std::shared_ptr<const PcmAudio>;

}  // namespace callwerk::media

#include "media/audio_mix.hpp"

#include <algorithm>
#include <limits>

namespace callwerk::media {

void mix_add_saturating(std::span<std::int16_t, samples_per_20ms> out,
                        std::span<const std::int16_t, samples_per_20ms> in) {
  constexpr int kMin = std::numeric_limits<std::int16_t>::min();
  constexpr int kMax = std::numeric_limits<std::int16_t>::max();
  for (std::size_t i = 0; i < samples_per_20ms; ++i)
    out[i] = static_cast<std::int16_t>(std::clamp(int{out[i]} + int{in[i]}, kMin, kMax));
}

void MixSourceQueue::push(const PcmFrame& frame) {
  frames_.push_back(frame);
  while (frames_.size() > kCapacity) {
    frames_.pop_front();
    ++dropped_;
  }
}

bool MixSourceQueue::pull(PcmFrame& out) {
  if (frames_.empty()) {
    deep_pulls_ = 0;
    return false;
  }
  out = frames_.front();
  frames_.pop_front();
  if (frames_.size() >= kTrimDepth) {
    if (++deep_pulls_ >= kTrimAfterPulls) {
      frames_.pop_front();
      ++dropped_;
      deep_pulls_ = 0;
    }
  } else {
    deep_pulls_ = 0;
  }
  return true;
}

}  // namespace callwerk::media

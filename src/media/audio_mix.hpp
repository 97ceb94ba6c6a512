#pragma once
// Mixing several parties' audio into what one party hears (a supervisor listening, whispering
// or barging into a call). Each source's decoded 20 ms frames arrive from its own tick, which
// may run on another media thread at another phase; a small bounded queue per source absorbs
// that jitter without letting the delay drift or grow.

#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <utility>
#include <vector>

#include "media/pcm_audio.hpp"

namespace callwerk::media {

using PcmFrame = std::array<std::int16_t, samples_per_20ms>;

// out += in, clipped to the 16-bit range instead of wrapping around.
void mix_add_saturating(std::span<std::int16_t, samples_per_20ms> out,
                        std::span<const std::int16_t, samples_per_20ms> in);

// The frames one source has sent to one listener and the listener has not played yet.
class MixSourceQueue {
 public:
  // More than this many frames waiting means the source ticked ahead (after a stall): the
  // oldest go, so that the listener never lags by more than kCapacity frames.
  static constexpr std::size_t kCapacity = 4;
  // A queue that keeps at least kTrimDepth frames after every pull for kTrimAfterPulls pulls in
  // a row holds delay it does not need for jitter: one frame is dropped to win it back.
  static constexpr std::size_t kTrimDepth = 2;
  static constexpr int kTrimAfterPulls = 50;

  void push(const PcmFrame& frame);
  // The next frame, or false when the source sent none in time (it is silent for this tick).
  bool pull(PcmFrame& out);
  std::size_t depth() const { return frames_.size(); }
  std::uint64_t dropped() const { return dropped_; }

 private:
  std::deque<PcmFrame> frames_;
  int deep_pulls_ = 0;
  std::uint64_t dropped_ = 0;
};

// The queues of every source a listener hears, keyed by the source's id.
template <typename SourceId>
class AudioMixer {
 public:
  // Keeps the queues of sources that stay, drops the others' and starts empty ones.
  void set_sources(const std::vector<SourceId>& sources) {
    std::vector<std::pair<SourceId, MixSourceQueue>> next;
    for (const auto& id : sources) {
      if (find_in(next, id) != nullptr) continue;
      auto* existing = find_in(queues_, id);
      next.emplace_back(id, existing != nullptr ? std::move(*existing) : MixSourceQueue{});
    }
    queues_ = std::move(next);
  }
  bool empty() const { return queues_.empty(); }
  bool has_source(const SourceId& id) const { return find_in(queues_, id) != nullptr; }
  // A frame from a source that is no longer heard is ignored.
  void push(const SourceId& from, const PcmFrame& frame) {
    if (auto* queue = find_in(queues_, from)) queue->push(frame);
  }
  // The saturating sum of one frame from every source (silence from those without one).
  void pull_mix(PcmFrame& out) {
    out.fill(0);
    PcmFrame frame;
    for (auto& [id, queue] : queues_)
      if (queue.pull(frame)) mix_add_saturating(out, frame);
  }

 private:
  template <typename Queues>
  static auto* find_in(Queues& queues, const SourceId& id) {
    for (auto& entry : queues)
      if (entry.first == id) return &entry.second;
    return static_cast<decltype(&queues.front().second)>(nullptr);
  }
  std::vector<std::pair<SourceId, MixSourceQueue>> queues_;
};

}  // namespace callwerk::media

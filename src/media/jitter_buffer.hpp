#pragma once
// Received G.711 audio on its way to a 20 ms tick: speexdsp's adaptive jitter buffer puts
// reordered packets back in order and absorbs jitter; a missing frame becomes a softer copy of
// the last good one (short gaps) or silence (long ones).

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "media/g711.hpp"
#include "media/pcm_audio.hpp"

struct JitterBuffer_;

namespace callwerk::media {

inline constexpr std::size_t kG711FrameBytes = samples_per_20ms;  // one code per sample

class G711JitterBuffer {
 public:
  enum class FrameKind {
    audio,      // a received frame
    concealed,  // a gap filled from the previous frame
    silence,    // nothing to play (not started, or a gap too long to conceal)
  };

  explicit G711JitterBuffer(G711Law law = G711Law::alaw);
  ~G711JitterBuffer();
  G711JitterBuffer(const G711JitterBuffer&) = delete;
  G711JitterBuffer& operator=(const G711JitterBuffer&) = delete;

  void set_law(G711Law law) { law_ = law; }
  // Payloads of several 20 ms frames are split; anything else not a whole number of frames is
  // dropped (G.711 at ptime 20 is what peers send). Returns the frames taken.
  int put(std::uint32_t rtp_timestamp, std::uint16_t sequence,
          std::span<const std::uint8_t> payload);
  // One 20 ms frame of decoded audio, every tick.
  FrameKind pull(std::span<std::int16_t, samples_per_20ms> out);
  void reset();

  std::uint64_t concealed_frames() const { return concealed_; }

 private:
  static constexpr int kMaxConcealedFrames = 3;

  struct Deleter {
    void operator()(JitterBuffer_* buffer) const;
  };
  std::unique_ptr<JitterBuffer_, Deleter> buffer_;
  G711Law law_;
  bool started_ = false;
  int missing_in_row_ = 0;
  std::uint64_t concealed_ = 0;
  std::array<std::int16_t, samples_per_20ms> last_{};
  std::array<std::uint8_t, kG711FrameBytes> scratch_{};
};

}  // namespace callwerk::media

#pragma once
// In-band DTMF detection (spandsp's dtmf_rx) on decoded 8 kHz audio: the fallback for peers
// that send key presses as tones instead of RFC 4733 telephone-events.

#include <cstdint>
#include <memory>
#include <span>

#include "media/dtmf_digit.hpp"

struct dtmf_rx_state_s;

namespace callwerk::media {

class InbandDtmfDetector {
 public:
  InbandDtmfDetector();
  ~InbandDtmfDetector();
  InbandDtmfDetector(const InbandDtmfDetector&) = delete;
  InbandDtmfDetector& operator=(const InbandDtmfDetector&) = delete;

  // Feeds a block of audio (any length; the engine passes 20 ms frames). A tone is reported as
  // started when detected and as ended with its duration when it stops.
  DtmfDetection process(std::span<const std::int16_t> samples);

  void reset();

  // Peak below which a frame is taken as quiet (about -45 dBm0); DTMF receivers need each tone
  // at -26 dBm0 or more.
  static constexpr int kQuietPeak = 200;

 private:
  static void on_tone(void* self, int code, int level, int delay);

  struct Deleter {
    void operator()(dtmf_rx_state_s* state) const;
  };
  std::unique_ptr<dtmf_rx_state_s, Deleter> state_;
  DtmfDetection* pending_ = nullptr;  // the result being filled during process()
  std::int64_t samples_seen_ = 0;
  std::int64_t tone_start_ = 0;
  char tone_ = 0;
};

}  // namespace callwerk::media

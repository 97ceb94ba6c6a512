#include "media/jitter_buffer.hpp"

#include <speex/speex_jitter.h>

#include <algorithm>

namespace callwerk::media {

void G711JitterBuffer::Deleter::operator()(JitterBuffer_* buffer) const {
  jitter_buffer_destroy(buffer);
}

G711JitterBuffer::G711JitterBuffer(G711Law law) : law_(law) {
  reset();
}

G711JitterBuffer::~G711JitterBuffer() = default;

void G711JitterBuffer::reset() {
  buffer_.reset(jitter_buffer_init(static_cast<int>(samples_per_20ms)));
  // Keep at least one frame of margin so a slightly late packet is still in time.
  spx_int32_t margin = static_cast<spx_int32_t>(samples_per_20ms);
  jitter_buffer_ctl(buffer_.get(), JITTER_BUFFER_SET_MARGIN, &margin);
  started_ = false;
  missing_in_row_ = 0;
  last_.fill(0);
}

int G711JitterBuffer::put(std::uint32_t rtp_timestamp, std::uint16_t sequence,
                          std::span<const std::uint8_t> payload) {
  if (payload.empty() || payload.size() % kG711FrameBytes != 0) return 0;
  int frames = 0;
  for (std::size_t offset = 0; offset < payload.size(); offset += kG711FrameBytes, ++frames) {
    JitterBufferPacket packet{};
    // speexdsp copies the data, so the receive buffer can be reused at once.
    packet.data = const_cast<char*>(reinterpret_cast<const char*>(payload.data() + offset));
    packet.len = static_cast<spx_uint32_t>(kG711FrameBytes);
    packet.timestamp = rtp_timestamp + static_cast<std::uint32_t>(offset);
    packet.span = static_cast<spx_uint32_t>(samples_per_20ms);
    packet.sequence = static_cast<spx_uint16_t>(sequence);
    jitter_buffer_put(buffer_.get(), &packet);
  }
  started_ = true;
  return frames;
}

G711JitterBuffer::FrameKind G711JitterBuffer::pull(std::span<std::int16_t, samples_per_20ms> out) {
  if (!started_) {
    std::fill(out.begin(), out.end(), 0);
    return FrameKind::silence;
  }
  JitterBufferPacket packet{};
  packet.data = reinterpret_cast<char*>(scratch_.data());
  packet.len = static_cast<spx_uint32_t>(scratch_.size());
  spx_int32_t offset = 0;
  const int status = jitter_buffer_get(buffer_.get(), &packet,
                                       static_cast<spx_int32_t>(samples_per_20ms), &offset);
  jitter_buffer_tick(buffer_.get());
  if (status == JITTER_BUFFER_OK && packet.len == kG711FrameBytes) {
    g711_decode(law_, std::span<const std::uint8_t>(scratch_), out);
    std::copy(out.begin(), out.end(), last_.begin());
    missing_in_row_ = 0;
    return FrameKind::audio;
  }
  ++missing_in_row_;
  if (missing_in_row_ > kMaxConcealedFrames) {
    std::fill(out.begin(), out.end(), 0);
    return FrameKind::silence;
  }
  // Each repeat is quieter, so a lost packet sounds like a dip rather than a click or a gap.
  for (std::size_t i = 0; i < out.size(); ++i) {
    last_[i] = static_cast<std::int16_t>(last_[i] / 2);
    out[i] = last_[i];
  }
  ++concealed_;
  return FrameKind::concealed;
}

}  // namespace callwerk::media

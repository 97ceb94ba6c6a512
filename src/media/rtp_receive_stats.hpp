#pragma once
// Receiver statistics for one RTP source (RFC 3550 A.1, A.3, A.8): the extended highest
// sequence number across 16-bit wraps, packets expected and lost, interarrival jitter, and
// what a receiver report block says about them.

#include <cstdint>

namespace callwerk::media {

// Extends 16-bit RTP sequence numbers to 32 bits: a number just after a wrap counts as the
// next cycle, a late one from before the wrap as the previous cycle.
class SequenceExtender {
 public:
  std::uint32_t extend(std::uint16_t sequence);
  void reset() { started_ = false; }

 private:
  bool started_ = false;
  std::uint16_t highest_ = 0;
  std::uint32_t cycles_ = 0;
};

struct ReceiverReportFigures {
  std::uint8_t fraction_lost = 0;    // since the previous report, in 1/256
  std::int32_t cumulative_lost = 0;  // clamped to the 24-bit signed field
  std::uint32_t extended_highest_sequence = 0;
  std::uint32_t jitter = 0;  // timestamp units
};

class RtpReceiveStats {
 public:
  // RFC 3550 A.1 constants: a jump up to max_dropout is loss, back to max_misorder reordering;
  // anything else is taken as a restart of the source after two consecutive packets agree.
  static constexpr std::uint16_t kMaxDropout = 3000;
  static constexpr std::uint16_t kMaxMisorder = 100;

  // arrival is the receive time in the stream's timestamp units (8 kHz for G.711). Returns
  // false when the packet was not counted (a big jump waiting for confirmation).
  bool on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp, std::uint32_t arrival);

  bool started() const { return started_; }
  std::uint64_t received() const { return received_; }
  std::uint32_t extended_highest() const { return cycles_ + max_seq_; }
  std::uint32_t expected() const { return started_ ? extended_highest() - base_seq_ + 1 : 0; }
  std::int64_t lost() const { return static_cast<std::int64_t>(expected()) - received_; }
  // Interarrival jitter in timestamp units (RFC 3550 A.8).
  std::uint32_t jitter() const { return jitter_q4_ >> 4; }

  // Figures for a report block; also starts the interval of the next fraction lost.
  ReceiverReportFigures take_report();

  void reset() { *this = RtpReceiveStats{}; }

 private:
  void restart(std::uint16_t sequence);

  bool started_ = false;
  std::uint16_t max_seq_ = 0;
  std::uint32_t cycles_ = 0;
  std::uint32_t base_seq_ = 0;
  std::uint32_t bad_seq_ = 0x10000;  // no pending restart (an impossible 16-bit value)
  std::uint64_t received_ = 0;
  std::uint32_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  bool have_transit_ = false;
  std::int32_t transit_ = 0;
  std::uint32_t jitter_q4_ = 0;  // jitter * 16, the integer form of A.8
};

}  // namespace callwerk::media

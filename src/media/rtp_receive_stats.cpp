#include "media/rtp_receive_stats.hpp"

namespace callwerk::media {

std::uint32_t SequenceExtender::extend(std::uint16_t sequence) {
  if (!started_) {
    started_ = true;
    highest_ = sequence;
    cycles_ = 0;
    return sequence;
  }
  const auto delta = static_cast<std::int16_t>(static_cast<std::uint16_t>(sequence - highest_));
  if (delta > 0) {
    if (sequence < highest_) cycles_ += 0x10000;
    highest_ = sequence;
    return cycles_ + sequence;
  }
  // Older than the highest: from the previous cycle when it lies numerically above it.
  if (sequence > highest_ && cycles_ >= 0x10000) return cycles_ - 0x10000 + sequence;
  return cycles_ + sequence;
}

void RtpReceiveStats::restart(std::uint16_t sequence) {
  started_ = true;
  base_seq_ = sequence;
  max_seq_ = sequence;
  bad_seq_ = 0x10000;
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
  have_transit_ = false;
}

bool RtpReceiveStats::on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                                std::uint32_t arrival) {
  if (!started_) {
    restart(sequence);
  } else {
    const auto udelta = static_cast<std::uint16_t>(sequence - max_seq_);
    if (udelta < kMaxDropout) {
      if (sequence < max_seq_) cycles_ += 0x10000;
      max_seq_ = sequence;
    } else if (udelta <= 0x10000 - kMaxMisorder) {
      if (sequence != bad_seq_) {
        bad_seq_ = (sequence + 1u) & 0xffffu;
        return false;
      }
      restart(sequence);  // two in sequence after a jump: the source restarted
    }
    // else: duplicate or reordered, counted as received
  }
  ++received_;

  const auto transit = static_cast<std::int32_t>(arrival - rtp_timestamp);
  if (have_transit_) {
    std::int32_t d = transit - transit_;
    if (d < 0) d = -d;
    // J += (|D| - J) / 16, kept scaled by 16 (RFC 3550 A.8).
    jitter_q4_ += static_cast<std::uint32_t>(d) - ((jitter_q4_ + 8) >> 4);
  }
  transit_ = transit;
  have_transit_ = true;
  return true;
}

ReceiverReportFigures RtpReceiveStats::take_report() {
  ReceiverReportFigures figures;
  figures.extended_highest_sequence = extended_highest();
  figures.jitter = jitter();
  std::int64_t lost_total = lost();
  if (lost_total > 0x7fffff) lost_total = 0x7fffff;
  if (lost_total < -0x800000) lost_total = -0x800000;
  figures.cumulative_lost = static_cast<std::int32_t>(lost_total);

  const std::uint32_t expected_now = expected();
  const std::uint32_t expected_interval = expected_now - expected_prior_;
  const std::int64_t received_interval = static_cast<std::int64_t>(received_ - received_prior_);
  expected_prior_ = expected_now;
  received_prior_ = received_;
  const std::int64_t lost_interval =
      static_cast<std::int64_t>(expected_interval) - received_interval;
  if (expected_interval != 0 && lost_interval > 0)
    figures.fraction_lost = static_cast<std::uint8_t>((lost_interval << 8) / expected_interval);
  return figures;
}

}  // namespace callwerk::media

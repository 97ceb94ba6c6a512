#include "media/inband_dtmf.hpp"

#include <algorithm>
#include <cstdlib>

// spandsp headers in dependency order.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/logging.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
// clang-format on

namespace callwerk::media {

void InbandDtmfDetector::Deleter::operator()(dtmf_rx_state_s* state) const {
  dtmf_rx_free(state);
}

InbandDtmfDetector::InbandDtmfDetector() {
  reset();
}

InbandDtmfDetector::~InbandDtmfDetector() = default;

void InbandDtmfDetector::reset() {
  state_.reset(dtmf_rx_init(nullptr, nullptr, nullptr));
  // The realtime callback tells start and end of each tone, which gives barge-in and duration.
  dtmf_rx_set_realtime_callback(state_.get(), &InbandDtmfDetector::on_tone, this);
  samples_seen_ = 0;
  tone_ = 0;
}

void InbandDtmfDetector::on_tone(void* user_data, int code, int /*level*/, int /*delay*/) {
  auto* self = static_cast<InbandDtmfDetector*>(user_data);
  if (self->pending_ == nullptr) return;
  if (self->tone_ != 0) {
    const std::int64_t samples = self->samples_seen_ - self->tone_start_;
    self->pending_->add_ended(DtmfDigit{self->tone_, samples / 8});
    self->tone_ = 0;
  }
  if (code != 0) {
    self->tone_ = static_cast<char>(code);
    self->tone_start_ = self->samples_seen_;
    self->pending_->started = true;
    self->pending_->started_digit = self->tone_;
  }
}

DtmfDetection InbandDtmfDetector::process(std::span<const std::int16_t> samples) {
  DtmfDetection result;
  // Callers mostly listen: their quiet frames cannot hold a key tone, and skipping spandsp's
  // filters for them saves most of the detector's cost. While a tone is on, every frame goes
  // through, so its end is seen.
  if (tone_ == 0) {
    int peak = 0;
    for (auto sample : samples) peak = std::max(peak, std::abs(static_cast<int>(sample)));
    if (peak < kQuietPeak) {
      samples_seen_ += static_cast<std::int64_t>(samples.size());
      return result;
    }
  }
  pending_ = &result;
  // spandsp reports within the block; the block's end is close enough for a duration.
  samples_seen_ += static_cast<std::int64_t>(samples.size());
  dtmf_rx(state_.get(), samples.data(), static_cast<int>(samples.size()));
  // dtmf_rx_get drains the digit buffer, which would otherwise fill up on long calls.
  char ignored[8];
  while (dtmf_rx_get(state_.get(), ignored, sizeof ignored - 1) > 0) {
  }
  pending_ = nullptr;
  return result;
}

}  // namespace callwerk::media

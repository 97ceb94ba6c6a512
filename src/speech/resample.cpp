#include "speech/resample.hpp"

#include <soxr.h>

#include <cmath>
#include <string>

namespace callwerk::speech {

Result<media::PcmAudio> resample(const media::PcmAudio& audio, int target_rate) {
  if (audio.sample_rate <= 0 || target_rate <= 0) {
    return make_error(ErrorKind::invalid_input, "cannot resample from " +
                                                    std::to_string(audio.sample_rate) + " Hz to " +
                                                    std::to_string(target_rate) + " Hz");
  }
  media::PcmAudio out;
  out.sample_rate = target_rate;
  if (audio.sample_rate == target_rate || audio.samples.empty()) {
    if (audio.sample_rate == target_rate) out.samples = audio.samples;
    return out;
  }
  double ratio = static_cast<double>(target_rate) / audio.sample_rate;
  // soxr_oneshot flushes its filter at the end, so this is the whole output; +1 for rounding.
  out.samples.resize(static_cast<std::size_t>(std::ceil(audio.samples.size() * ratio)) + 1);
  soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
  soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  // One thread: the caller's thread does the work, no OpenMP pool appears behind our back.
  soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
  std::size_t done = 0;
  soxr_error_t error =
      soxr_oneshot(audio.sample_rate, target_rate, 1, audio.samples.data(), audio.samples.size(),
                   nullptr, out.samples.data(), out.samples.size(), &done, &io, &quality, &runtime);
  if (error) {
    return make_error(ErrorKind::internal, std::string("soxr: ") + error);
  }
  out.samples.resize(done);
  return out;
}

Result<media::PcmAudio> resample_to_telephony(const media::PcmAudio& audio) {
  return resample(audio, media::telephony_sample_rate);
}

}  // namespace callwerk::speech

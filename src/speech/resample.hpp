#pragma once
// Sample-rate conversion with libsoxr. Prompts come from espeak-ng (22050 Hz) or from WAV files
// of any rate; the media path only plays 8 kHz mono.

#include "core/result.hpp"
#include "media/pcm_audio.hpp"

namespace callwerk::speech {

// High quality (SOXR_HQ: steep anti-alias filter, so nothing above 4 kHz folds back into the
// telephone band). Returns a copy when the rate already matches.
Result<media::PcmAudio> resample(const media::PcmAudio& audio, int target_rate);
Result<media::PcmAudio> resample_to_telephony(const media::PcmAudio& audio);

}  // namespace callwerk::speech

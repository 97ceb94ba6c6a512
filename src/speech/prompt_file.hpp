#pragma once
// Recorded prompts from WAV files (a professional voice instead of TTS): any rate, mono or
// stereo, 16-bit PCM, A-law or µ-law, converted to what the media path plays.

#include <filesystem>

#include "core/result.hpp"
#include "media/pcm_audio.hpp"

namespace callwerk::speech {

// Reads, downmixes to mono and resamples to 8 kHz.
Result<media::SharedPcm> load_prompt_file(const std::filesystem::path& path);

}  // namespace callwerk::speech

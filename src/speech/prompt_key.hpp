#pragma once
// The identity of a synthesized prompt: everything that changes its sound. Used as the memory
// cache key and, being a SHA-256 in hex, as the file name in the disk cache.

#include <string>
#include <string_view>

#include "speech/tts.hpp"

namespace callwerk::speech {

// 64 lowercase hex digits of SHA-256 over voice, rate, pitch, engine version and text, each
// length-prefixed so that no two different inputs serialize alike.
std::string prompt_key(const TtsVoice& voice, std::string_view engine_version,
                       std::string_view text);

}  // namespace callwerk::speech

#pragma once
// Text to speech with the espeak-ng library. espeak-ng keeps global state and is not
// thread-safe: every use goes through one process-wide mutex, and it is initialized once, on
// first use. Synthesis takes tens of milliseconds per sentence, so callers on latency-sensitive
// threads use the PromptCache (prompt_cache.hpp) instead of calling this directly.
//
// The data directory is found automatically (ESPEAK_DATA_PATH if set, else the usual Debian
// locations, else espeak-ng's compiled-in default).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "media/pcm_audio.hpp"

namespace callwerk::speech {

// Longer texts are refused (ErrorKind::too_large): a prompt is a few sentences, not a book.
inline constexpr std::size_t kTtsMaxChars = 2000;
inline constexpr int kTtsMinWordsPerMinute = 80;
inline constexpr int kTtsMaxWordsPerMinute = 450;

struct TtsVoice {
  std::string language = "de";  // an espeak-ng voice: "de", "en", "en-us", "de+f3"
  int words_per_minute = 160;   // a little slower than espeak's 175: clearer on the phone
  int pitch = 50;               // 0..100
  bool operator==(const TtsVoice&) const = default;
};

// Checks that the voice name is a plain espeak voice name (no paths) and the numbers in range.
Status validate_voice(const TtsVoice& voice);
// Checks the text is valid UTF-8 of at most kTtsMaxChars characters.
Status validate_tts_text(std::string_view text);
// True when the text has nothing to speak (empty or only whitespace).
bool is_blank(std::string_view text);

// Audio at espeak-ng's own rate (22050 Hz). Blank text gives empty audio without calling espeak.
Result<media::PcmAudio> synthesize_native(std::string_view text, const TtsVoice& voice);
// The same resampled to 8 kHz mono for telephony.
Result<media::PcmAudio> synthesize_telephony(std::string_view text, const TtsVoice& voice);

// "espeak-ng <version>": part of prompt cache keys, so an engine upgrade re-synthesizes.
Result<std::string> tts_engine_version();
// How many texts espeak-ng has synthesized in this process (tests, metrics).
uint64_t tts_synthesis_count();

}  // namespace callwerk::speech

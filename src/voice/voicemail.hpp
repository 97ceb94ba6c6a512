#pragma once
// A caller's message after a queue overflowed to voicemail: what the caller hears, what ends
// the recording and which recordings become messages. Pure logic (the voice channel carries
// it out in voice_voicemail.cpp).

#include <cstdint>
#include <string>
#include <string_view>

#include "media/pcm_audio.hpp"

namespace callwerk::voice {

// What the caller hears before the tone and after the recording: system_phrases.hpp
// (Phrase::voicemail_greeting, Phrase::voicemail_thanks).

// The longest message; then the caller hears the thanks and the call ends.
inline constexpr std::int64_t kVoicemailMaxMs = 120'000;
// Shorter than this is no message (a caller who hung up at the tone): logged, not stored.
inline constexpr std::int64_t kVoicemailMinMs = 1'000;

// Whether this key ends the recording (the greeting names '#'; other keys are recorded on).
constexpr bool voicemail_stop_key(char digit) {
  return digit == '#';
}

// What becomes of a finished recording.
enum class VoicemailOutcome {
  store,      // a message: stored for the agents
  too_short,  // (near) nothing recorded
  failed,     // the file could not be written
};
VoicemailOutcome voicemail_outcome(std::int64_t duration_ms, const std::string& error);
std::string_view voicemail_outcome_name(VoicemailOutcome outcome);

// The tone after the greeting: a short silence, then 1 kHz for 400 ms (shared, made once).
media::SharedPcm voicemail_beep();

}  // namespace callwerk::voice

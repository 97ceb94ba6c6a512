// espeak-ng behind one mutex. The library writes into globals during synthesis and calls back
// into us on the same thread (AUDIO_OUTPUT_SYNCHRONOUS), so the callback appends to a buffer
// owned by the caller that holds the lock.

#include "speech/tts.hpp"

#include <espeak-ng/speak_lib.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include "speech/resample.hpp"

namespace callwerk::speech {
namespace {

// Options bit 15: return an error instead of exiting the process when data is missing.
constexpr int kDontExitOnMissingData = 0x8000;
constexpr int kBufferMs = 200;

std::atomic<uint64_t> synthesis_count{0};

struct EngineState {
  bool initialized = false;
  std::optional<Error> init_error;
  int sample_rate = 0;
  std::string version;
  std::optional<TtsVoice> current_voice;  // what espeak is set to now (reloading costs time)
};

std::mutex& engine_mutex() {
  static std::mutex mutex;
  return mutex;
}

EngineState& engine_state() {
  static EngineState state;
  return state;
}

// The directory that holds espeak-ng-data, as espeak_Initialize wants it; empty for
// espeak-ng's own choice (ESPEAK_DATA_PATH or its compiled-in default).
std::string find_data_parent() {
  if (const char* env = std::getenv("ESPEAK_DATA_PATH"); env && *env) return {};
  static constexpr std::array<const char*, 4> candidates = {
      "/usr/lib/x86_64-linux-gnu",
      "/usr/lib/aarch64-linux-gnu",
      "/usr/share",
      "/usr/local/share",
  };
  std::error_code ec;
  for (const char* parent : candidates) {
    if (std::filesystem::exists(std::filesystem::path(parent) / "espeak-ng-data" / "phontab", ec)) {
      return parent;
    }
  }
  return {};
}

void terminate_engine() {
  std::lock_guard lock(engine_mutex());
  if (engine_state().initialized) espeak_Terminate();
  engine_state().initialized = false;
}

int on_synth(short* wav, int count, espeak_EVENT* events) {
  if (wav && count > 0 && events) {
    auto* out = static_cast<std::vector<int16_t>*>(events->user_data);
    if (out) out->insert(out->end(), wav, wav + count);
  }
  return 0;  // continue
}

// Caller holds engine_mutex().
Status ensure_initialized() {
  EngineState& state = engine_state();
  if (state.initialized) return ok_status();
  if (state.init_error) return *state.init_error;
  std::string parent = find_data_parent();
  int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, kBufferMs,
                               parent.empty() ? nullptr : parent.c_str(), kDontExitOnMissingData);
  if (rate <= 0) {
    state.init_error = make_error(ErrorKind::internal,
                                  "espeak-ng could not be initialized (data directory " +
                                      (parent.empty() ? std::string("default") : parent) + ")");
    return *state.init_error;
  }
  espeak_SetSynthCallback(on_synth);
  const char* data_path = nullptr;
  const char* version = espeak_Info(&data_path);
  state.version = std::string("espeak-ng ") + (version ? version : "unknown");
  state.sample_rate = rate;
  state.initialized = true;
  // Frees espeak's voices and dictionaries at exit so leak checkers see a clean process.
  std::atexit(terminate_engine);
  return ok_status();
}

// Caller holds engine_mutex().
Status apply_voice(const TtsVoice& voice) {
  EngineState& state = engine_state();
  if (state.current_voice && *state.current_voice == voice) return ok_status();
  state.current_voice.reset();
  if (espeak_SetVoiceByName(voice.language.c_str()) != EE_OK) {
    return make_error(ErrorKind::invalid_input, "espeak-ng has no voice '" + voice.language + "'");
  }
  if (espeak_SetParameter(espeakRATE, voice.words_per_minute, 0) != EE_OK ||
      espeak_SetParameter(espeakPITCH, voice.pitch, 0) != EE_OK) {
    return make_error(ErrorKind::internal, "espeak-ng rejected rate or pitch");
  }
  state.current_voice = voice;
  return ok_status();
}

// Length of the UTF-8 sequence starting with `lead`, 0 if it cannot start one.
int utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

Status validate_voice(const TtsVoice& voice) {
  const std::string& name = voice.language;
  bool plain = !name.empty() && name.size() <= 32;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '+';
    plain = plain && ok;
  }
  // espeak-ng treats voice names as file names below its data directory: no '/' or '..'.
  if (!plain) return make_error(ErrorKind::invalid_input, "invalid voice name", "language");
  if (voice.words_per_minute < kTtsMinWordsPerMinute ||
      voice.words_per_minute > kTtsMaxWordsPerMinute) {
    return make_error(ErrorKind::invalid_input,
                      "speech rate must be " + std::to_string(kTtsMinWordsPerMinute) + ".." +
                          std::to_string(kTtsMaxWordsPerMinute) + " words per minute",
                      "words_per_minute");
  }
  if (voice.pitch < 0 || voice.pitch > 100) {
    return make_error(ErrorKind::invalid_input, "pitch must be 0..100", "pitch");
  }
  return ok_status();
}

Status validate_tts_text(std::string_view text) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    int length = utf8_length(lead);
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
      return make_error(ErrorKind::invalid_input, "text is not valid UTF-8");
    }
    for (int k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return make_error(ErrorKind::invalid_input, "text is not valid UTF-8");
      }
    }
    auto second = length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    // Overlong three/four-byte forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)) {
      return make_error(ErrorKind::invalid_input, "text is not valid UTF-8");
    }
    if (lead == 0) return make_error(ErrorKind::invalid_input, "text contains a NUL character");
    i += static_cast<std::size_t>(length);
    if (++chars > kTtsMaxChars) {
      return make_error(ErrorKind::too_large,
                        "text longer than " + std::to_string(kTtsMaxChars) + " characters");
    }
  }
  return ok_status();
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

Result<media::PcmAudio> synthesize_native(std::string_view text, const TtsVoice& voice) {
  if (auto valid = validate_voice(voice); !valid.ok()) return valid.error();
  if (auto valid = validate_tts_text(text); !valid.ok()) return valid.error();
  std::string terminated(text);  // espeak reads up to a NUL

  std::lock_guard lock(engine_mutex());
  if (auto init = ensure_initialized(); !init.ok()) return init.error();
  media::PcmAudio audio;
  audio.sample_rate = engine_state().sample_rate;
  if (is_blank(text)) return audio;
  if (auto applied = apply_voice(voice); !applied.ok()) return applied.error();

  ++synthesis_count;
  espeak_ERROR result = espeak_Synth(terminated.c_str(), terminated.size() + 1, 0, POS_CHARACTER, 0,
                                     espeakCHARS_UTF8, nullptr, &audio.samples);
  if (result != EE_OK) {
    return make_error(ErrorKind::internal, "espeak-ng synthesis failed (" +
                                               std::to_string(static_cast<int>(result)) + ")");
  }
  return audio;
}

Result<media::PcmAudio> synthesize_telephony(std::string_view text, const TtsVoice& voice) {
  auto native = synthesize_native(text, voice);
  if (!native.ok()) return native.error();
  // Resampling needs no lock: soxr keeps no global state.
  return resample_to_telephony(*native);
}

Result<std::string> tts_engine_version() {
  std::lock_guard lock(engine_mutex());
  if (auto init = ensure_initialized(); !init.ok()) return init.error();
  return engine_state().version;
}

uint64_t tts_synthesis_count() {
  return synthesis_count.load();
}

}  // namespace callwerk::speech

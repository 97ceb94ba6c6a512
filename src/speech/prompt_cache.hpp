#pragma once
// Prompts ready to play: synthesized speech and WAV prompt files as 8 kHz mono audio, shared
// read-only by every call that plays them.
//
// get() looks in memory (LRU bounded by bytes), then in the disk cache directory (one 8 kHz WAV
// per prompt, named by prompt_key()), and only then synthesizes with espeak-ng, storing the
// result on disk (atomically: temp file + rename) and in memory. Synthesis runs on the calling
// thread; call prefetch() at startup with every configured prompt so that calls only ever hit
// memory or disk. Thread-safe; concurrent misses of the same prompt share one synthesis.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <future>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "media/pcm_audio.hpp"
#include "speech/pcm_lru.hpp"
#include "speech/tts.hpp"

namespace callwerk::speech {

struct PromptCacheOptions {
  std::filesystem::path directory;                     // disk cache; empty = memory only
  std::size_t memory_limit_bytes = 64 * 1024 * 1024;   // ~70 min of 8 kHz audio
  int words_per_minute = TtsVoice{}.words_per_minute;  // voice settings for get()
  int pitch = TtsVoice{}.pitch;
};

struct PromptCacheStats {
  uint64_t memory_hits = 0;
  uint64_t disk_hits = 0;
  uint64_t syntheses = 0;     // espeak-ng calls made by this cache
  uint64_t file_loads = 0;    // WAV prompt files read by get_file()
  uint64_t shared_waits = 0;  // lookups that waited for another thread's load of the same prompt
  uint64_t failures = 0;      // lookups that returned an error
  uint64_t disk_write_failures = 0;
  std::size_t memory_bytes = 0;
  std::size_t memory_entries = 0;
};

struct PromptText {
  std::string language;  // "de", "en"
  std::string text;
};

class PromptCache {
 public:
  explicit PromptCache(PromptCacheOptions options);

  // The prompt in the cache's voice settings; nullptr on failure (logged). Blank text gives
  // empty audio.
  media::SharedPcm get(std::string_view language, std::string_view text);
  // The same with an explicit voice and the error on failure.
  Result<media::SharedPcm> lookup(const TtsVoice& voice, std::string_view text);
  // A WAV prompt file as 8 kHz mono, kept in memory (keyed by path, size and modification time,
  // so an edited file is read again).
  Result<media::SharedPcm> get_file(const std::filesystem::path& path);
  // Warms the cache with every prompt (synthesizing what is on neither memory nor disk). Tries
  // all of them; returns the first error.
  Status prefetch(std::span<const PromptText> prompts);

  TtsVoice voice_for(std::string_view language) const;
  PromptCacheStats stats() const;
  const PromptCacheOptions& options() const { return options_; }

 private:
  media::SharedPcm find_in_memory(const std::string& key);
  void remember(const std::string& key, const media::SharedPcm& audio);
  Result<std::string> engine_version();
  Result<media::SharedPcm> load_or_synthesize(const std::string& key, const TtsVoice& voice,
                                              std::string_view text);
  media::SharedPcm load_from_disk(const std::string& key);
  void store_on_disk(const std::string& key, const media::PcmAudio& audio);
  void count_failure();

  const PromptCacheOptions options_;
  mutable std::mutex mutex_;  // guards memory_, in_flight_, stats_; never held while synthesizing
  PcmLru memory_;
  std::unordered_map<std::string, std::shared_future<Result<media::SharedPcm>>> in_flight_;
  std::string engine_version_;  // empty until first asked
  PromptCacheStats stats_;
};

}  // namespace callwerk::speech

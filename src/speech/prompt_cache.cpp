#include "speech/prompt_cache.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <memory>
#include <system_error>
#include <utility>

#include "media/wav_file.hpp"
#include "speech/prompt_file.hpp"
#include "speech/prompt_key.hpp"

namespace callwerk::speech {
namespace {

media::SharedPcm empty_audio() {
  static const media::SharedPcm empty = std::make_shared<const media::PcmAudio>();
  return empty;
}

}  // namespace

PromptCache::PromptCache(PromptCacheOptions options)
    : options_(std::move(options)), memory_(options_.memory_limit_bytes) {}

TtsVoice PromptCache::voice_for(std::string_view language) const {
  return TtsVoice{std::string(language), options_.words_per_minute, options_.pitch};
}

media::SharedPcm PromptCache::get(std::string_view language, std::string_view text) {
  auto audio = lookup(voice_for(language), text);
  if (!audio.ok()) {
    spdlog::warn("prompt ({}) '{}' unavailable: {}", language, text.substr(0, 60),
                 audio.error().describe());
    return nullptr;
  }
  return *audio;
}

Result<media::SharedPcm> PromptCache::lookup(const TtsVoice& voice, std::string_view text) {
  if (auto valid = validate_voice(voice); !valid.ok()) {
    count_failure();
    return valid.error();
  }
  if (auto valid = validate_tts_text(text); !valid.ok()) {
    count_failure();
    return valid.error();
  }
  if (is_blank(text)) return empty_audio();
  auto version = engine_version();
  if (!version.ok()) {
    count_failure();
    return version.error();
  }
  std::string key = prompt_key(voice, *version, text);

  // One thread loads or synthesizes a missing prompt; others asking for it meanwhile wait for
  // that result instead of synthesizing it again. Other prompts stay servable from memory.
  std::promise<Result<media::SharedPcm>> promise;
  {
    std::unique_lock lock(mutex_);
    if (auto audio = memory_.find(key)) {
      ++stats_.memory_hits;
      return audio;
    }
    if (auto pending = in_flight_.find(key); pending != in_flight_.end()) {
      auto result = pending->second;
      ++stats_.shared_waits;
      lock.unlock();
      return result.get();
    }
    in_flight_.emplace(key, promise.get_future().share());
  }
  Result<media::SharedPcm> result = load_or_synthesize(key, voice, text);
  {
    std::lock_guard lock(mutex_);
    if (result.ok()) memory_.insert(key, *result);
    in_flight_.erase(key);
  }
  promise.set_value(result);
  return result;
}

Result<std::string> PromptCache::engine_version() {
  {
    std::lock_guard lock(mutex_);
    if (!engine_version_.empty()) return engine_version_;
  }
  // Asking espeak takes its lock, which a synthesis on another thread may hold for a while:
  // done once, so that memory hits never wait for espeak.
  auto version = tts_engine_version();
  if (version.ok()) {
    std::lock_guard lock(mutex_);
    engine_version_ = *version;
  }
  return version;
}

Result<media::SharedPcm> PromptCache::load_or_synthesize(const std::string& key,
                                                         const TtsVoice& voice,
                                                         std::string_view text) {
  if (auto audio = load_from_disk(key)) return audio;
  auto synthesized = synthesize_telephony(text, voice);
  {
    std::lock_guard lock(mutex_);
    ++stats_.syntheses;
  }
  if (!synthesized.ok()) {
    count_failure();
    return synthesized.error();
  }
  store_on_disk(key, *synthesized);
  return media::SharedPcm(std::make_shared<const media::PcmAudio>(std::move(*synthesized)));
}

Result<media::SharedPcm> PromptCache::get_file(const std::filesystem::path& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  auto modified =
      ec ? std::filesystem::file_time_type{} : std::filesystem::last_write_time(path, ec);
  if (ec) {
    count_failure();
    return make_error(
        ec == std::errc::no_such_file_or_directory ? ErrorKind::not_found : ErrorKind::internal,
        "cannot read prompt file: " + ec.message(), path.string());
  }
  std::string key = "file:" + std::to_string(size) + ":" +
                    std::to_string(modified.time_since_epoch().count()) + ":" + path.string();
  if (auto audio = find_in_memory(key)) return audio;
  auto loaded = load_prompt_file(path);
  if (!loaded.ok()) {
    count_failure();
    return loaded.error();
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.file_loads;
  }
  remember(key, *loaded);
  return *loaded;
}

Status PromptCache::prefetch(std::span<const PromptText> prompts) {
  Status first = ok_status();
  for (const PromptText& prompt : prompts) {
    auto audio = lookup(voice_for(prompt.language), prompt.text);
    if (!audio.ok()) {
      spdlog::warn("prompt ({}) '{}' not prefetched: {}", prompt.language,
                   prompt.text.substr(0, 60), audio.error().describe());
      if (first.ok()) first = audio.error();
    }
  }
  return first;
}

PromptCacheStats PromptCache::stats() const {
  std::lock_guard lock(mutex_);
  PromptCacheStats copy = stats_;
  copy.memory_bytes = memory_.bytes();
  copy.memory_entries = memory_.size();
  return copy;
}

media::SharedPcm PromptCache::find_in_memory(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto audio = memory_.find(key);
  if (audio) ++stats_.memory_hits;
  return audio;
}

void PromptCache::remember(const std::string& key, const media::SharedPcm& audio) {
  std::lock_guard lock(mutex_);
  memory_.insert(key, audio);
}

media::SharedPcm PromptCache::load_from_disk(const std::string& key) {
  if (options_.directory.empty()) return nullptr;
  auto path = options_.directory / (key + ".wav");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return nullptr;
  auto wav = media::read_wav_file(path);
  if (!wav.ok() || wav->channels != 1 || wav->sample_rate != media::telephony_sample_rate) {
    // Damaged or foreign: synthesize again, which overwrites it.
    spdlog::warn("prompt cache file {} unusable: {}", path.string(),
                 wav.ok() ? std::string("not 8 kHz mono") : wav.error().describe());
    return nullptr;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.disk_hits;
  }
  return std::make_shared<const media::PcmAudio>(media::downmix_to_mono(*wav));
}

void PromptCache::store_on_disk(const std::string& key, const media::PcmAudio& audio) {
  if (options_.directory.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(options_.directory, ec);
  Status written =
      ec ? Status(make_error(ErrorKind::internal, ec.message()))
         : media::write_wav_file(options_.directory / (key + ".wav"), media::to_wav_audio(audio));
  if (!written.ok()) {
    // The prompt still plays from memory; only the next start has to synthesize it again.
    spdlog::warn("prompt cache {} not writable: {}", options_.directory.string(),
                 written.error().describe());
    std::lock_guard lock(mutex_);
    ++stats_.disk_write_failures;
  }
}

void PromptCache::count_failure() {
  std::lock_guard lock(mutex_);
  ++stats_.failures;
}

}  // namespace callwerk::speech

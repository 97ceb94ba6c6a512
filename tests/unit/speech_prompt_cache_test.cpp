#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "media/wav_file.hpp"
#include "speech/prompt_cache.hpp"
#include "speech/prompt_file.hpp"
#include "speech/prompt_key.hpp"
#include "speech_test_support.hpp"

namespace callwerk::speech {
namespace {

namespace fs = std::filesystem;
using test_support::rising_zero_crossings;
using test_support::rms;
using test_support::sine;

using test_support::kGreeting;

class PromptCacheTest : public test_support::TempDirTest {
 protected:
  PromptCacheOptions options() {
    PromptCacheOptions o;
    o.directory = dir_ / "prompts";
    return o;
  }
  std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> files;
    if (!fs::exists(dir)) return files;
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
    return files;
  }
};

TEST_F(PromptCacheTest, SynthesizesOnceThenServesFromMemory) {
  PromptCache cache(options());
  auto first = cache.get("de", kGreeting);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->sample_rate, 8000);
  EXPECT_GE(first->duration_ms(), 1000);
  EXPECT_LE(first->duration_ms(), 6000);
  EXPECT_GT(rms(first->samples), 500);

  auto second = cache.get("de", kGreeting);
  EXPECT_EQ(second.get(), first.get());
  auto stats = cache.stats();
  EXPECT_EQ(stats.syntheses, 1u);
  EXPECT_EQ(stats.memory_hits, 1u);
  EXPECT_EQ(stats.disk_hits, 0u);
  EXPECT_EQ(stats.memory_entries, 1u);
  EXPECT_GE(stats.memory_bytes, first->samples.size() * 2);
}

TEST_F(PromptCacheTest, NewCacheOnSameDirectoryLoadsFromDiskWithoutEspeak) {
  media::SharedPcm original;
  {
    PromptCache cache(options());
    original = cache.get("de", kGreeting);
    ASSERT_NE(original, nullptr);
  }
  // One 8 kHz WAV named by the key, nothing else (no temp files left behind).
  auto files = files_in(dir_ / "prompts");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".wav");
  EXPECT_EQ(files[0].stem().string().size(), 64u);

  auto espeak_before = tts_synthesis_count();
  PromptCache reopened(options());
  auto loaded = reopened.get("de", kGreeting);
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(tts_synthesis_count(), espeak_before);
  EXPECT_EQ(reopened.stats().syntheses, 0u);
  EXPECT_EQ(reopened.stats().disk_hits, 1u);
  EXPECT_EQ(loaded->sample_rate, 8000);
  EXPECT_EQ(loaded->samples, original->samples);
  // Then from memory.
  EXPECT_EQ(reopened.get("de", kGreeting).get(), loaded.get());
}

TEST_F(PromptCacheTest, VoiceSettingsAndLanguageAreDistinctEntries) {
  PromptCache cache(options());
  auto german = cache.get("de", "Hallo");
  auto english = cache.get("en", "Hallo");
  ASSERT_NE(german, nullptr);
  ASSERT_NE(english, nullptr);
  EXPECT_NE(german.get(), english.get());
  auto slow = cache.lookup(TtsVoice{"de", 100, 50}, "Hallo");
  ASSERT_TRUE(slow.ok());
  EXPECT_GT((*slow)->samples.size(), german->samples.size());
  EXPECT_EQ(cache.stats().syntheses, 3u);
  EXPECT_EQ(files_in(dir_ / "prompts").size(), 3u);
  EXPECT_NE(prompt_key(TtsVoice{"de", 160, 50}, "v", "ab"),
            prompt_key(TtsVoice{"de", 160, 50}, "va", "b"));
}

TEST_F(PromptCacheTest, DamagedDiskFileIsReplacedBySynthesis) {
  {
    PromptCache cache(options());
    ASSERT_NE(cache.get("de", "Auf Wiederhören"), nullptr);
  }
  auto files = files_in(dir_ / "prompts");
  ASSERT_EQ(files.size(), 1u);
  fs::resize_file(files[0], 30);  // cut inside the header
  PromptCache cache(options());
  auto audio = cache.get("de", "Auf Wiederhören");
  ASSERT_NE(audio, nullptr);
  EXPECT_GT(rms(audio->samples), 500);
  EXPECT_EQ(cache.stats().syntheses, 1u);
  EXPECT_TRUE(media::read_wav_file(files[0]).ok());
}

TEST_F(PromptCacheTest, MemoryOnlyAndUnwritableDirectoryStillServe) {
  PromptCache memory_only(PromptCacheOptions{});
  ASSERT_NE(memory_only.get("de", "Hallo"), nullptr);
  std::ofstream(dir_ / "blocker") << "a file where the directory should be";
  PromptCacheOptions bad;
  bad.directory = dir_ / "blocker" / "prompts";
  PromptCache unwritable(bad);
  ASSERT_NE(unwritable.get("de", "Hallo"), nullptr);
  EXPECT_EQ(unwritable.stats().disk_write_failures, 1u);
}

TEST_F(PromptCacheTest, MemoryIsBoundedByBytes) {
  auto o = options();
  o.memory_limit_bytes = 40000;  // about 2.5 s of 8 kHz audio
  PromptCache cache(o);
  for (const char* text : {"Eins", "Zwei", "Drei", "Vier", "Fünf", "Sechs", "Sieben"}) {
    ASSERT_NE(cache.get("de", text), nullptr);
  }
  auto stats = cache.stats();
  EXPECT_LE(stats.memory_bytes, 40000u);
  EXPECT_LT(stats.memory_entries, 7u);
  // Evicted prompts come back from disk, not from espeak.
  ASSERT_NE(cache.get("de", "Eins"), nullptr);
  EXPECT_EQ(cache.stats().syntheses, 7u);
  EXPECT_EQ(cache.stats().disk_hits, 1u);
}

TEST_F(PromptCacheTest, BlankInvalidAndTooLongTexts) {
  PromptCache cache(options());
  auto blank = cache.get("de", "  ");
  ASSERT_NE(blank, nullptr);
  EXPECT_TRUE(blank->samples.empty());
  EXPECT_EQ(cache.get("de", std::string(kTtsMaxChars + 1, 'x')), nullptr);
  EXPECT_EQ(cache.get("../de", "Hallo"), nullptr);
  auto unknown = cache.lookup(TtsVoice{"zz-none", 160, 50}, "Hallo");
  EXPECT_FALSE(unknown.ok());
  EXPECT_EQ(cache.stats().failures, 3u);
  EXPECT_TRUE(files_in(dir_ / "prompts").empty());
}

TEST_F(PromptCacheTest, PrefetchWarmsAllAndReportsTheFirstError) {
  PromptCache cache(options());
  std::vector<PromptText> prompts = {
      {"de", "Für Störungen drücken Sie die Eins"},
      {"de", std::string(kTtsMaxChars + 5, 'x')},
      {"en", "For outages press one"},
  };
  auto status = cache.prefetch(prompts);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::too_large);
  EXPECT_EQ(cache.stats().syntheses, 2u);
  ASSERT_NE(cache.get("de", prompts[0].text), nullptr);
  ASSERT_NE(cache.get("en", prompts[2].text), nullptr);
  EXPECT_EQ(cache.stats().memory_hits, 2u);
  EXPECT_EQ(cache.stats().syntheses, 2u);
}

TEST_F(PromptCacheTest, ConcurrentGetsAgree) {
  PromptCache cache(options());
  const std::vector<std::string> texts = {"Bitte warten", "Einen Moment", "Vielen Dank"};
  std::vector<std::vector<media::SharedPcm>> seen(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (const auto& text : texts) seen[t].push_back(cache.get("de", text));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) {
    ASSERT_EQ(seen[t].size(), 9u);
    for (std::size_t i = 0; i < 9; ++i) {
      ASSERT_NE(seen[t][i], nullptr);
      // Racing misses may each synthesize; espeak differs by a few samples between runs.
      auto expected = static_cast<double>(seen[0][i]->samples.size());
      EXPECT_NEAR(static_cast<double>(seen[t][i]->samples.size()), expected, expected / 100);
    }
    // Once a thread has an entry, later rounds hit memory and get the very same audio.
    for (std::size_t i = 6; i < 9; ++i)
      EXPECT_EQ(seen[t][i].get(), cache.get("de", texts[i - 6]).get());
  }
  EXPECT_EQ(cache.stats().syntheses, 3u);
}

TEST_F(PromptCacheTest, PromptFilesAreConvertedToTelephonyMono) {
  // 16 kHz stereo: a 500 Hz tone on the left, silence on the right.
  auto tone = sine(16000, 500, 1.0);
  media::WavAudio stereo{16000, 2, {}};
  for (int16_t s : tone.samples) {
    stereo.samples.push_back(s);
    stereo.samples.push_back(0);
  }
  auto path = dir_ / "greeting.wav";
  ASSERT_TRUE(media::write_wav_file(path, stereo).ok());

  auto loaded = load_prompt_file(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ((*loaded)->sample_rate, 8000);
  EXPECT_NEAR(static_cast<double>((*loaded)->samples.size()), 8000.0, 2.0);
  EXPECT_NEAR(rising_zero_crossings((*loaded)->samples, 1000, 7000), 375, 1);

  PromptCache cache(options());
  auto first = cache.get_file(path);
  ASSERT_TRUE(first.ok());
  auto second = cache.get_file(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(cache.stats().file_loads, 1u);

  // A replaced file (different size) is read again.
  ASSERT_TRUE(media::write_wav_file(path, media::to_wav_audio(sine(8000, 1000, 0.5))).ok());
  auto third = cache.get_file(path);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ((*third)->samples.size(), 4000u);
  EXPECT_EQ(cache.stats().file_loads, 2u);

  EXPECT_EQ(cache.get_file(dir_ / "missing.wav").error().kind, ErrorKind::not_found);
  std::ofstream(dir_ / "garbage.wav") << "this is not a wav file at all";
  EXPECT_EQ(load_prompt_file(dir_ / "garbage.wav").error().kind, ErrorKind::invalid_input);
}

}  // namespace
}  // namespace callwerk::speech

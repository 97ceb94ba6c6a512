#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "speech/tts.hpp"
#include "speech_test_support.hpp"

namespace callwerk::speech {
namespace {

using test_support::rms;

using test_support::kGreeting;

TEST(Tts, GermanGreetingIsPlausibleSpeechAtTelephonyRate) {
  auto audio = synthesize_telephony(kGreeting, TtsVoice{});
  ASSERT_TRUE(audio.ok()) << audio.error().describe();
  EXPECT_EQ(audio->sample_rate, 8000);
  EXPECT_GE(audio->duration_ms(), 1000);
  EXPECT_LE(audio->duration_ms(), 6000);
  EXPECT_GT(rms(audio->samples), 500);
}

TEST(Tts, NativeRateIsEspeaksAndMatchesTelephonyDuration) {
  auto native = synthesize_native(kGreeting, TtsVoice{});
  ASSERT_TRUE(native.ok()) << native.error().describe();
  EXPECT_EQ(native->sample_rate, 22050);
  auto telephony = synthesize_telephony(kGreeting, TtsVoice{});
  ASSERT_TRUE(telephony.ok());
  // Same text and voice: the durations agree after resampling (espeak varies a little between
  // runs, so within 2 %).
  EXPECT_NEAR(static_cast<double>(native->duration_ms()),
              static_cast<double>(telephony->duration_ms()), native->duration_ms() / 50.0);
}

TEST(Tts, EnglishVoiceAndRateChangeDuration) {
  TtsVoice english{"en", 160, 50};
  auto normal = synthesize_telephony("Welcome to the city utilities", english);
  ASSERT_TRUE(normal.ok()) << normal.error().describe();
  EXPECT_GT(rms(normal->samples), 500);
  english.words_per_minute = 100;
  auto slow = synthesize_telephony("Welcome to the city utilities", english);
  ASSERT_TRUE(slow.ok());
  EXPECT_GT(slow->duration_ms(), normal->duration_ms() * 13 / 10);
}

TEST(Tts, HigherPitchRaisesTheFundamental) {
  auto low = synthesize_telephony(kGreeting, TtsVoice{"de", 160, 10});
  auto high = synthesize_telephony(kGreeting, TtsVoice{"de", 160, 90});
  ASSERT_TRUE(low.ok() && high.ok());
  double low_f0 = test_support::median_fundamental_hz(*low);
  double high_f0 = test_support::median_fundamental_hz(*high);
  EXPECT_GT(low_f0, 60);
  EXPECT_GT(high_f0, low_f0 * 1.5) << "low " << low_f0 << " Hz, high " << high_f0 << " Hz";
}

TEST(Tts, BlankTextGivesEmptyAudioWithoutSynthesis) {
  auto before = tts_synthesis_count();
  for (const char* text : {"", "   ", "\n\t "}) {
    auto audio = synthesize_telephony(text, TtsVoice{});
    ASSERT_TRUE(audio.ok()) << audio.error().describe();
    EXPECT_TRUE(audio->samples.empty());
    EXPECT_EQ(audio->sample_rate, 8000);
  }
  EXPECT_EQ(tts_synthesis_count(), before);
}

TEST(Tts, BoundsTextLength) {
  std::string limit(kTtsMaxChars, 'a');
  EXPECT_TRUE(validate_tts_text(limit).ok());
  auto too_long = synthesize_native(limit + "a", TtsVoice{});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().kind, ErrorKind::too_large);
  // Characters, not bytes: 2,000 umlauts (4,000 bytes) are still allowed.
  std::string umlauts;
  for (std::size_t i = 0; i < kTtsMaxChars; ++i) umlauts += "ä";
  EXPECT_TRUE(validate_tts_text(umlauts).ok());
}

TEST(Tts, RejectsInvalidUtf8) {
  for (std::string bad :
       {std::string("Gr\xFC\xDF"), std::string("\xC3"), std::string("\xE0\x80\x80"),
        std::string("\xED\xA0\x80"), std::string("a\0b", 3)}) {
    auto result = synthesize_native(bad, TtsVoice{});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::invalid_input);
  }
  EXPECT_TRUE(validate_tts_text("Grüße aus Köln – 10 €").ok());
}

TEST(Tts, RejectsBadVoices) {
  EXPECT_FALSE(synthesize_native("Hallo", TtsVoice{"../../etc/passwd", 160, 50}).ok());
  EXPECT_FALSE(synthesize_native("Hallo", TtsVoice{"", 160, 50}).ok());
  EXPECT_FALSE(synthesize_native("Hallo", TtsVoice{"de", 10, 50}).ok());
  EXPECT_FALSE(synthesize_native("Hallo", TtsVoice{"de", 160, 101}).ok());
  auto unknown = synthesize_native("Hallo", TtsVoice{"xx-nonexistent", 160, 50});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_input);
  // A failed voice change leaves the engine usable.
  EXPECT_TRUE(synthesize_native("Hallo", TtsVoice{}).ok());
}

TEST(Tts, ConcurrentCallersAreSerialized) {
  auto reference = synthesize_native("Eins zwei drei", TtsVoice{});
  ASSERT_TRUE(reference.ok());
  auto reference_size = static_cast<double>(reference->samples.size());
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      // Alternating voices between threads would mix up settings (a fast English voice for the
      // German text) without the lock. espeak varies by a few samples from run to run, so the
      // length is compared within 1 %.
      for (int i = 0; i < 3; ++i) {
        auto english = synthesize_native("one two three", TtsVoice{"en", 300, 30});
        auto german = synthesize_native("Eins zwei drei", TtsVoice{});
        if (english.ok() && german.ok() &&
            std::abs(static_cast<double>(german->samples.size()) - reference_size) <
                reference_size / 100) {
          ++same[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(same[t], 3) << "thread " << t;
}

TEST(Tts, EngineVersionNamesEspeak) {
  auto version = tts_engine_version();
  ASSERT_TRUE(version.ok()) << version.error().describe();
  EXPECT_EQ(version->rfind("espeak-ng ", 0), 0u);
  EXPECT_GT(version->size(), 10u);
}

}  // namespace
}  // namespace callwerk::speech

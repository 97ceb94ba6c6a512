#include "voice/system_phrases.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/config.hpp"

namespace callwerk::voice {
namespace {

constexpr Phrase kAll[] = {Phrase::hold_notice,          Phrase::transfer_notice,
                           Phrase::callback_instead,     Phrase::callback_confirmed,
                           Phrase::voicemail_greeting,   Phrase::voicemail_thanks,
                           Phrase::callback_agent_notice};

TEST(SystemPhrases, EveryPhraseExistsInGermanAndEnglish) {
  for (Phrase phrase : kAll) {
    const std::string de(system_phrase(phrase, "de"));
    const std::string en(system_phrase(phrase, "en"));
    EXPECT_FALSE(de.empty());
    EXPECT_FALSE(en.empty());
    EXPECT_NE(de, en);
    // English words only in English, German ones only in German.
    EXPECT_EQ(en.find("Sie"), std::string::npos) << en;
    EXPECT_EQ(de.find(" the "), std::string::npos) << de;
  }
  EXPECT_NE(system_phrase(Phrase::voicemail_greeting, "en").find("hash key"), std::string::npos);
  EXPECT_NE(system_phrase(Phrase::voicemail_greeting, "de").find("Raute-Taste"), std::string::npos);
}

TEST(SystemPhrases, EnglishVariantsAreEnglishAndEverythingElseGerman) {
  EXPECT_TRUE(is_english("en"));
  EXPECT_TRUE(is_english("en-GB"));
  EXPECT_TRUE(is_english("en_US"));
  EXPECT_FALSE(is_english("de"));
  EXPECT_FALSE(is_english(""));
  EXPECT_FALSE(is_english("english"));
  EXPECT_EQ(system_phrase(Phrase::hold_notice, "fr"), system_phrase(Phrase::hold_notice, "de"));
}

TEST(SystemPhrases, AnEnglishMenuGetsEnglishDefaultsAndKeepsItsOwnTexts) {
  auto config = app::parse_config(R"(data_dir: data
telephony:
  menus:
    service:
      language: en
      greeting: Welcome.
      prompt: Press 1.
      goodbye_text: See you.
      options:
        - {digit: "1", key: info, say: Info., action: hangup}
    hotline:
      greeting: Willkommen.
      prompt: Drücken Sie die 1.
      options:
        - {digit: "1", key: info, say: Infos., action: hangup}
)",
                                  "cw.yaml");
  ASSERT_TRUE(config) << config.error().describe();
  const VoiceMenu& en = config->telephony.menus.at("service");
  EXPECT_EQ(en.no_input_text, menu_default_texts("en").no_input);
  EXPECT_EQ(en.invalid_text, "Sorry, that is not one of the choices.");
  EXPECT_EQ(en.recording_notice, menu_default_texts("en").recording_notice);
  EXPECT_EQ(en.goodbye_text, "See you.");
  const VoiceMenu& de = config->telephony.menus.at("hotline");
  EXPECT_EQ(de.no_input_text, "Ich habe leider keine Eingabe erhalten.");
  EXPECT_EQ(de.goodbye_text, menu_default_texts("de").goodbye);
}

}  // namespace
}  // namespace callwerk::voice

// Yes/no, choices of an ask node and menu options: by key, by word, and what stays unclear.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow/flow_input.hpp"
#include "flow_input_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::ask_of;
using testing::error_of;
using testing::string_of;

// 1 yes, 0 no, -1 error.
int yes_no(std::string_view raw, Channel channel = Channel::chat) {
  const Result<bool> result = parse_yes_no(raw, channel, "de");
  if (!result) return -1;
  return *result ? 1 : 0;
}

TEST(FlowInputYesNo, Keypad) {
  EXPECT_EQ(yes_no("1", Channel::voice), 1);
  EXPECT_EQ(yes_no("2", Channel::voice), 0);
  EXPECT_EQ(yes_no("1#", Channel::voice), 1);
  EXPECT_EQ(yes_no("3", Channel::voice), -1);
  EXPECT_EQ(yes_no("12", Channel::voice), -1);
  EXPECT_EQ(yes_no("", Channel::voice), -1);
  EXPECT_EQ(yes_no("ja", Channel::voice), -1);  // the phone has no words
  const Result<bool> wrong = parse_yes_no("5", Channel::voice, "de");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "Bitte drücken Sie die 1 für Ja oder die 2 für Nein.");
  const Result<bool> wrong_en = parse_yes_no("5", Channel::voice, "en");
  ASSERT_FALSE(wrong_en.ok());
  EXPECT_EQ(wrong_en.error().message, "Please press 1 for yes or 2 for no.");
}

TEST(FlowInputYesNo, ChatYesWords) {
  for (const char* text : {"ja",
                           "Ja",
                           "JA",
                           "Ja, bitte!",
                           "jawohl",
                           "Genau.",
                           "richtig",
                           "korrekt",
                           "stimmt",
                           "ok",
                           "OK",
                           "okay",
                           "yes",
                           "Y",
                           "jo",
                           "Ja gerne",
                           "Das ist richtig",
                           "auf jeden Fall",
                           "1",
                           " ja "})
    EXPECT_EQ(yes_no(text), 1) << text;
}

TEST(FlowInputYesNo, ChatNoWords) {
  for (const char* text : {"nein", "Nein!", "NEIN, danke", "nee", "nö", "Nö", "NÖ", "noe", "falsch",
                           "no", "N", "nope", "Das ist nicht richtig", "stimmt nicht",
                           "Nein, das stimmt nicht.", "not correct", "auf keinen Fall", "2"})
    EXPECT_EQ(yes_no(text), 0) << text;
}

TEST(FlowInputYesNo, ChatUnclear) {
  for (const char* text : {"", "   ", "vielleicht", "ja nein", "Ja, aber die Adresse ist falsch",
                           "jain", "nja", "keine Ahnung", "?!", "3", "janein"})
    EXPECT_EQ(yes_no(text), -1) << text;
  const Result<bool> unclear = parse_yes_no("vielleicht", Channel::chat, "en");
  ASSERT_FALSE(unclear.ok());
  EXPECT_EQ(unclear.error().message, "Please answer yes or no.");
  EXPECT_EQ(unclear.error().kind, ErrorKind::invalid_input);
}

TEST(FlowInputYesNo, InvalidUtf8AroundAWordStillReads) {
  EXPECT_EQ(yes_no(std::string("\xFF"
                               "ja"
                               "\xC3")),
            1);
}

TEST(FlowInputYesNo, ThroughParseInput) {
  const AskNode ask = ask_of(InputKind::yes_no);
  const Result<FlowValue> yes = parse_input(ask, "Ja", Channel::chat, "de");
  ASSERT_TRUE(yes.ok());
  EXPECT_EQ(*yes, FlowValue(true));
  const Result<FlowValue> no = parse_input(ask, "2#", Channel::voice, "de");
  ASSERT_TRUE(no.ok());
  EXPECT_EQ(*no, FlowValue(false));
  EXPECT_EQ(error_of(parse_input(ask, "hm", Channel::chat, "de")),
            "Bitte antworten Sie mit Ja oder Nein.");
  EXPECT_EQ(spoken_value(InputKind::yes_no, true, "de"), "ja");
  EXPECT_EQ(spoken_value(InputKind::yes_no, false, "de"), "nein");
  EXPECT_EQ(spoken_value(InputKind::yes_no, true, "en"), "yes");
}

std::vector<AskChoice> energy_choices() {
  return {
      {"1", "strom", "Strom", {"Elektrizität", "Stromtarif"}},
      {"2", "gas", "Erdgas", {"Gastarif", "Heizung"}},
      {"3", "waerme", "", {"Fernwärme"}},
  };
}

TEST(FlowInputChoice, ByKey) {
  const auto choices = energy_choices();
  EXPECT_EQ(match_choice(choices, "1"), 0);
  EXPECT_EQ(match_choice(choices, "2"), 1);
  EXPECT_EQ(match_choice(choices, "3#"), 2);
  EXPECT_EQ(match_choice(choices, " 2 "), 1);
  EXPECT_EQ(match_choice(choices, "2."), 1);
  EXPECT_EQ(match_choice(choices, "4"), -1);
  EXPECT_EQ(match_choice(choices, "12"), -1);
  EXPECT_EQ(match_choice(choices, ""), -1);
  EXPECT_EQ(match_choice({}, "1"), -1);
}

TEST(FlowInputChoice, ByValueLabelOrKeyword) {
  const auto choices = energy_choices();
  EXPECT_EQ(match_choice(choices, "strom"), 0);
  EXPECT_EQ(match_choice(choices, "GAS"), 1);     // value
  EXPECT_EQ(match_choice(choices, "Erdgas"), 1);  // label
  EXPECT_EQ(match_choice(choices, "Wärme"), 2);   // value folded: waerme
  EXPECT_EQ(match_choice(choices, "elektrizitaet"), 0);
  EXPECT_EQ(match_choice(choices, "Fernwärme!"), 2);
}

TEST(FlowInputChoice, KeywordAsWholeWordInASentence) {
  const auto choices = energy_choices();
  EXPECT_EQ(match_choice(choices, "Ich möchte meinen Stromtarif ändern"), 0);
  EXPECT_EQ(match_choice(choices, "es geht um die Heizung"), 1);
  EXPECT_EQ(match_choice(choices, "Erdgas bitte"), 1);
  EXPECT_EQ(match_choice(choices, "waerme"), 2);
  // Only whole words: "Gasse" is no "gas", "Stromausfall" no "strom".
  EXPECT_EQ(match_choice(choices, "Ich wohne in der Gasse"), -1);
  EXPECT_EQ(match_choice(choices, "Stromausfall"), -1);
  // Two choices named with phrases of the same length: unclear.
  EXPECT_EQ(match_choice(choices, "Stromtarif oder Fernwärme"), -1);
  // Otherwise the longer phrase wins: "erdgas" over "strom".
  EXPECT_EQ(match_choice(choices, "Strom und Erdgas"), 1);
  // The longer phrase wins: "stromtarif" over "erdgas".
  EXPECT_EQ(match_choice(choices, "Stromtarif statt Erdgas"), 0);
}

TEST(FlowInputChoice, ThroughParseInput) {
  AskNode ask = ask_of(InputKind::choice);
  ask.choices = energy_choices();
  EXPECT_EQ(string_of(parse_input(ask, "2", Channel::voice, "de")), "gas");
  EXPECT_EQ(string_of(parse_input(ask, "1#", Channel::voice, "de")), "strom");
  EXPECT_EQ(string_of(parse_input(ask, "Fernwärme", Channel::chat, "de")), "waerme");
  EXPECT_EQ(error_of(parse_input(ask, "9", Channel::voice, "de")),
            "Bitte drücken Sie eine der genannten Tasten.");
  EXPECT_EQ(error_of(parse_input(ask, "Wasser", Channel::chat, "de")),
            "Bitte wählen Sie eine der Möglichkeiten: Strom, Erdgas, waerme.");
  EXPECT_EQ(error_of(parse_input(ask, "Wasser", Channel::chat, "en")),
            "Please choose one of: Strom, Erdgas, waerme.");
  EXPECT_EQ(spoken_value(InputKind::choice, std::string("gas"), "de"), "gas");
}

std::vector<MenuOption> hotline_menu() {
  return {
      {"1", "zaehler", "Zählerstand melden", {"Zählerstand", "Zähler", "ablesen"}, {}},
      {"2", "abschlag", "Abschlag ändern", {"Abschlag", "Rate", "monatlich zahlen"}, {}},
      {"3", "stoerung", "Störung melden", {"Störung", "Stromausfall", "kein Strom"}, {}},
      {"0", "mensch", "", {"Mitarbeiter", "Mensch", "Berater"}, {}},
      {"*", "wiederholen", "Wiederholen", {}, {}},
      {"#", "zurueck", "", {"zurück"}, {}},
  };
}

TEST(FlowInputMenu, VoiceOnlyByKey) {
  const auto menu = hotline_menu();
  EXPECT_EQ(match_menu_option(menu, "1", Channel::voice), 0);
  EXPECT_EQ(match_menu_option(menu, "0", Channel::voice), 3);
  EXPECT_EQ(match_menu_option(menu, "*", Channel::voice), 4);
  EXPECT_EQ(match_menu_option(menu, "#", Channel::voice), 5);  // '#' itself is an option here
  EXPECT_EQ(match_menu_option(menu, "2#", Channel::voice), 1);
  EXPECT_EQ(match_menu_option(menu, "5", Channel::voice), -1);
  EXPECT_EQ(match_menu_option(menu, "", Channel::voice), -1);
  EXPECT_EQ(match_menu_option(menu, "Zählerstand", Channel::voice), -1);
  EXPECT_EQ(match_menu_option(menu, "12", Channel::voice), -1);
}

TEST(FlowInputMenu, ChatByKeyOrLabel) {
  const auto menu = hotline_menu();
  EXPECT_EQ(match_menu_option(menu, "1", Channel::chat), 0);
  EXPECT_EQ(match_menu_option(menu, " 3 ", Channel::chat), 2);
  EXPECT_EQ(match_menu_option(menu, "3)", Channel::chat), 2);
  EXPECT_EQ(match_menu_option(menu, "#", Channel::chat), 5);
  EXPECT_EQ(match_menu_option(menu, "Zählerstand melden", Channel::chat), 0);
  EXPECT_EQ(match_menu_option(menu, "ABSCHLAG ÄNDERN", Channel::chat), 1);
  EXPECT_EQ(match_menu_option(menu, "wiederholen", Channel::chat), 4);
}

TEST(FlowInputMenu, ChatByKeywordInTheSentence) {
  const auto menu = hotline_menu();
  EXPECT_EQ(match_menu_option(menu, "Ich will meinen Zählerstand durchgeben", Channel::chat), 0);
  EXPECT_EQ(match_menu_option(menu, "Ich möchte meine monatliche Rate senken", Channel::chat), 1);
  EXPECT_EQ(match_menu_option(menu, "Bei uns ist seit heute KEIN STROM!", Channel::chat), 2);
  EXPECT_EQ(match_menu_option(menu, "Kann ich mit einem Menschen sprechen", Channel::chat), -1);
  EXPECT_EQ(match_menu_option(menu, "bitte einen Mitarbeiter", Channel::chat), 3);
  EXPECT_EQ(match_menu_option(menu, "Zurück", Channel::chat), 5);
  // Phrase of several words matched as a whole: "monatlich zahlen".
  EXPECT_EQ(match_menu_option(menu, "kann ich monatlich zahlen?", Channel::chat), 1);
  EXPECT_EQ(match_menu_option(menu, "kann ich monatlich mehr zahlen?", Channel::chat), -1);
}

TEST(FlowInputMenu, LongerKeywordWinsAndTiesAreUnclear) {
  const auto menu = hotline_menu();
  // "zaehlerstand" (12) beats "abschlag" (8).
  EXPECT_EQ(match_menu_option(menu, "Zählerstand und Abschlag", Channel::chat), 0);
  // "stromausfall" (12) against "zaehlerstand" (12): a tie.
  EXPECT_EQ(match_menu_option(menu, "Zählerstand wegen Stromausfall", Channel::chat), -1);
  // "rate" (4) against "mensch" (6): the longer one.
  EXPECT_EQ(match_menu_option(menu, "Rate, Mensch", Channel::chat), 3);
  EXPECT_EQ(match_menu_option(menu, "Wetter", Channel::chat), -1);
  EXPECT_EQ(match_menu_option(menu, "", Channel::chat), -1);
  EXPECT_EQ(match_menu_option(menu, "?!", Channel::chat), -1);
  EXPECT_EQ(match_menu_option({}, "1", Channel::chat), -1);
}

TEST(FlowInputMenu, SameOptionMatchingTwiceIsNoTie) {
  const auto menu = hotline_menu();
  EXPECT_EQ(match_menu_option(menu, "Zähler ablesen", Channel::chat), 0);
  EXPECT_EQ(match_menu_option(menu, "Stromausfall, kein Strom, Störung", Channel::chat), 2);
}

}  // namespace
}  // namespace callwerk::flow

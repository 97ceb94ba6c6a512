// Dates: keypad DDMMYYYY/DDMMYY, chat forms, real calendar dates, read-back.

#include <gtest/gtest.h>

#include <string>

#include "flow/flow_input.hpp"
#include "flow_input_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::ask_of;
using testing::error_of;
using testing::string_of;

Result<FlowValue> date(std::string_view raw, Channel channel = Channel::chat,
                       std::string_view language = "de") {
  return parse_input(ask_of(InputKind::date), raw, channel, language);
}

TEST(FlowInputDate, Keypad) {
  EXPECT_EQ(string_of(date("12032026", Channel::voice)), "2026-03-12");
  EXPECT_EQ(string_of(date("12032026#", Channel::voice)), "2026-03-12");
  EXPECT_EQ(string_of(date("120326", Channel::voice)), "2026-03-12");
  EXPECT_EQ(string_of(date("010199", Channel::voice)), "2099-01-01");  // yy is always 20yy
  EXPECT_EQ(string_of(date("24121985", Channel::voice)), "1985-12-24");
  EXPECT_FALSE(date("1203202", Channel::voice).ok());
  EXPECT_FALSE(date("1203", Channel::voice).ok());
  EXPECT_FALSE(date("12*03*2026", Channel::voice).ok());
  EXPECT_FALSE(date("12.03.2026", Channel::voice).ok());
  EXPECT_EQ(error_of(date("#", Channel::voice)), "Ich habe kein Datum erhalten.");
}

TEST(FlowInputDate, ChatNumericForms) {
  EXPECT_EQ(string_of(date("12.03.2026")), "2026-03-12");
  EXPECT_EQ(string_of(date("12.3.26")), "2026-03-12");
  EXPECT_EQ(string_of(date("1.3.2026")), "2026-03-01");
  EXPECT_EQ(string_of(date("2026-03-12")), "2026-03-12");
  EXPECT_EQ(string_of(date("  12.03.2026 ")), "2026-03-12");
  EXPECT_EQ(string_of(date("12032026")), "2026-03-12");
  EXPECT_EQ(string_of(date("am 12.03.2026")), "2026-03-12");
}

TEST(FlowInputDate, ChatMonthNames) {
  EXPECT_EQ(string_of(date("12. März 2026")), "2026-03-12");
  EXPECT_EQ(string_of(date("12 maerz 2026")), "2026-03-12");
  EXPECT_EQ(string_of(date("12. MÄRZ 2026")), "2026-03-12");
  EXPECT_EQ(string_of(date("12 Marz 2026")), "2026-03-12");
  EXPECT_EQ(string_of(date("3. Okt. 2025")), "2025-10-03");
  EXPECT_EQ(string_of(date("1. Jänner 2027")), "2027-01-01");
  EXPECT_EQ(string_of(date("12 March 2026", Channel::chat, "en")), "2026-03-12");
  EXPECT_EQ(string_of(date("March 12, 2026", Channel::chat, "en")), "2026-03-12");
  EXPECT_EQ(string_of(date("on the 12th of March 2026", Channel::chat, "en")), "2026-03-12");
  EXPECT_EQ(string_of(date("Dezember 24 2026")), "2026-12-24");
}

TEST(FlowInputDate, RealCalendarDatesOnly) {
  EXPECT_EQ(string_of(date("29.02.2024")), "2024-02-29");  // leap year
  EXPECT_EQ(string_of(date("29.02.2000")), "2000-02-29");  // divisible by 400
  EXPECT_EQ(error_of(date("29.02.2026")), "Dieses Datum gibt es nicht.");
  EXPECT_EQ(error_of(date("29.02.2100")), "Dieses Datum gibt es nicht.");  // by 100, not 400
  EXPECT_EQ(error_of(date("29021900", Channel::voice)), "Dieses Datum gibt es nicht.");
  EXPECT_EQ(error_of(date("31.04.2026")), "Dieses Datum gibt es nicht.");
  EXPECT_EQ(error_of(date("32.01.2026")), "Dieses Datum gibt es nicht.");
  EXPECT_EQ(error_of(date("12.13.2026")), "Dieses Datum gibt es nicht.");
  EXPECT_EQ(error_of(date("2026-02-30", Channel::chat, "en")), "That date does not exist.");
  EXPECT_EQ(string_of(date("31.12.2026")), "2026-12-31");
  EXPECT_EQ(string_of(date("31.01.2026")), "2026-01-31");
  EXPECT_FALSE(date("00.01.2026").ok());
  EXPECT_FALSE(date("01.00.2026").ok());
  EXPECT_EQ(error_of(date("12.03.0226")), "Bitte prüfen Sie das Jahr.");
}

TEST(FlowInputDate, ChatRejects) {
  const std::string example =
      "Bitte nennen Sie das Datum mit Tag, Monat und Jahr, zum Beispiel 12.03.2026.";
  EXPECT_EQ(error_of(date("12. März")), example);  // no year, and no clock to guess it
  EXPECT_EQ(error_of(date("12.03.")), example);
  EXPECT_EQ(error_of(date("12 Brumaire 2026")), example);
  EXPECT_EQ(error_of(date("12.03.202")), example);
  EXPECT_EQ(error_of(date("123.03.2026")), example);
  EXPECT_EQ(error_of(date("1203202")), example);
  EXPECT_EQ(error_of(date("irgendwann")), example);
  EXPECT_EQ(error_of(date("")), "Ich habe kein Datum erhalten.");
  EXPECT_NE(error_of(date("heute")).find("statt heute oder morgen"), std::string::npos);
  EXPECT_NE(error_of(date("Morgen")).find("statt heute oder morgen"), std::string::npos);
  EXPECT_NE(error_of(date("tomorrow", Channel::chat, "en")).find("instead of today"),
            std::string::npos);
  EXPECT_FALSE(date("12.03.2026 und 13.03.2026").ok());
}

TEST(FlowInputDate, ReadBack) {
  EXPECT_EQ(spoken_value(InputKind::date, std::string("2026-03-12"), "de"), "12. März 2026");
  EXPECT_EQ(spoken_value(InputKind::date, std::string("2026-03-12"), "en"), "12 March 2026");
  EXPECT_EQ(spoken_value(InputKind::date, std::string("2025-10-01"), "de"), "1. Oktober 2025");
  EXPECT_EQ(spoken_value(InputKind::date, std::string("2025-05-31"), "en"), "31 May 2025");
  // Not a date as parse_input makes them: passed through rather than misread.
  EXPECT_EQ(spoken_value(InputKind::date, std::string("2026-13-01"), "de"), "2026-13-01");
  EXPECT_EQ(spoken_value(InputKind::date, std::string("morgen"), "de"), "morgen");
}

TEST(FlowInputDate, EveryParsedDateReadsBackAndParsesAgain) {
  // Round trip over a leap year: keypad form -> ISO -> spoken -> chat parse -> same ISO.
  for (int month = 1; month <= 12; ++month) {
    for (int day = 1; day <= 31; ++day) {
      std::string keypad;
      keypad += static_cast<char>('0' + day / 10);
      keypad += static_cast<char>('0' + day % 10);
      keypad += static_cast<char>('0' + month / 10);
      keypad += static_cast<char>('0' + month % 10);
      keypad += "2028";
      const Result<FlowValue> parsed = date(keypad, Channel::voice);
      const bool exists = day <= (month == 2                                                ? 29
                                  : (month == 4 || month == 6 || month == 9 || month == 11) ? 30
                                                                                            : 31);
      ASSERT_EQ(parsed.ok(), exists) << keypad;
      if (!exists) continue;
      for (const char* language : {"de", "en"}) {
        const std::string spoken = spoken_value(InputKind::date, *parsed, language);
        EXPECT_EQ(string_of(date(spoken, Channel::chat, language)), string_of(parsed)) << spoken;
      }
    }
  }
}

}  // namespace
}  // namespace callwerk::flow

// parse_input for digits, free text, customer numbers (Luhn), IBANs and postcodes, and the
// read-back of those values.

#include <gtest/gtest.h>

#include <string>

#include "flow/flow_input.hpp"
#include "flow_input_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::ask_of;
using testing::error_of;
using testing::iban_with_check_digits;
using testing::string_of;
using testing::with_luhn_digit;

// --- digits -----------------------------------------------------------------------------------

TEST(FlowInputDigits, KeypadEndKeyAndOnlyDigits) {
  const AskNode ask = ask_of(InputKind::digits);
  EXPECT_EQ(string_of(parse_input(ask, "0123", Channel::voice, "de")), "0123");
  EXPECT_EQ(string_of(parse_input(ask, "0123#", Channel::voice, "de")), "0123");
  EXPECT_EQ(error_of(parse_input(ask, "12*3", Channel::voice, "de")),
            "Bitte geben Sie nur Ziffern ein.");
  EXPECT_EQ(error_of(parse_input(ask, "12#3", Channel::voice, "de")),
            "Bitte geben Sie nur Ziffern ein.");
  EXPECT_EQ(error_of(parse_input(ask, "12##", Channel::voice, "de")),
            "Bitte geben Sie nur Ziffern ein.");
  EXPECT_EQ(error_of(parse_input(ask, "#", Channel::voice, "de")),
            "Ich habe keine Ziffern erhalten.");
  EXPECT_EQ(error_of(parse_input(ask, "", Channel::voice, "en")), "I did not receive any digits.");
  // '#' ends input only on the phone.
  EXPECT_FALSE(parse_input(ask, "123#", Channel::chat, "de").ok());
}

TEST(FlowInputDigits, ChatAllowsGroupsWithSpaces) {
  const AskNode ask = ask_of(InputKind::digits);
  EXPECT_EQ(string_of(parse_input(ask, " 0171 234567 ", Channel::chat, "de")), "0171234567");
  EXPECT_FALSE(parse_input(ask, "0171-234567", Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, "12a", Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, "١٢٣", Channel::chat, "de").ok());     // Arabic-Indic digits
  EXPECT_FALSE(parse_input(ask, "１２３", Channel::chat, "de").ok());  // full-width digits
  EXPECT_FALSE(parse_input(ask, "   ", Channel::chat, "de").ok());
}

TEST(FlowInputDigits, LengthLimits) {
  AskNode ask = ask_of(InputKind::digits);
  ask.min_length = 4;
  ask.max_length = 6;
  EXPECT_EQ(string_of(parse_input(ask, "1234", Channel::voice, "de")), "1234");
  EXPECT_EQ(string_of(parse_input(ask, "123456#", Channel::voice, "de")), "123456");
  EXPECT_EQ(error_of(parse_input(ask, "123", Channel::voice, "de")),
            "Bitte geben Sie mindestens 4 Ziffern ein.");
  EXPECT_EQ(error_of(parse_input(ask, "1234567", Channel::voice, "de")),
            "Bitte geben Sie höchstens 6 Ziffern ein.");
  EXPECT_EQ(error_of(parse_input(ask, "1234567", Channel::chat, "en")),
            "Please enter at most 6 digits.");
  ask.min_length = 5;
  ask.max_length = 5;
  EXPECT_EQ(error_of(parse_input(ask, "1234", Channel::voice, "de")),
            "Bitte geben Sie genau 5 Ziffern ein.");
  ask.min_length = 0;
  ask.max_length = 0;  // no limit
  const std::string long_input(500, '7');
  EXPECT_EQ(string_of(parse_input(ask, long_input, Channel::voice, "de")), long_input);
}

TEST(FlowInputDigits, ReadBackOneByOne) {
  EXPECT_EQ(spoken_value(InputKind::digits, std::string("0123"), "de"), "0 1 2 3");
  EXPECT_EQ(spoken_value(InputKind::digits, std::string("7"), "de"), "7");
  EXPECT_EQ(spoken_value(InputKind::digits, std::string(""), "de"), "");
  EXPECT_EQ(spoken_value(InputKind::customer_number, std::string("4711"), "en"), "4 7 1 1");
  EXPECT_EQ(spoken_value(InputKind::postcode, std::string("01067"), "de"), "0 1 0 6 7");
  // A number stored by `set` reads back digit by digit too.
  EXPECT_EQ(spoken_value(InputKind::digits, std::int64_t{42}, "de"), "4 2");
  EXPECT_EQ(spoken_value(InputKind::digits, FlowValue{}, "de"), "");
}

// --- free text --------------------------------------------------------------------------------

TEST(FlowInputText, ChatTrimmedAndChecked) {
  const AskNode ask = ask_of(InputKind::text);
  EXPECT_EQ(
      string_of(parse_input(ask, "  Die Lieferung kam beschädigt an. \n", Channel::chat, "de")),
      "Die Lieferung kam beschädigt an.");
  EXPECT_EQ(string_of(parse_input(ask, "\u00A0Grüße 👋\u00A0", Channel::chat, "de")), "Grüße 👋");
  EXPECT_EQ(error_of(parse_input(ask, " \t\n ", Channel::chat, "de")),
            "Bitte schreiben Sie Ihre Antwort.");
  EXPECT_EQ(error_of(parse_input(ask, "", Channel::chat, "en")), "Please write your answer.");
  EXPECT_EQ(error_of(parse_input(ask, std::string("kaputt\xFF"), Channel::chat, "de")),
            "Die Nachricht enthält ungültige Zeichen.");
  EXPECT_FALSE(parse_input(ask, std::string("a\xC3"), Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, std::string("a\xED\xA0\x80"), Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, std::string("a\xC0\x80"), Channel::chat, "de").ok());
  EXPECT_TRUE(parse_input(ask, "\xF0\x9F\x98\x80", Channel::chat, "de").ok());  // 😀
}

TEST(FlowInputText, AtMost2000Bytes) {
  const AskNode ask = ask_of(InputKind::text);
  EXPECT_TRUE(parse_input(ask, std::string(2000, 'a'), Channel::chat, "de").ok());
  EXPECT_TRUE(parse_input(ask, "  " + std::string(2000, 'a') + "  ", Channel::chat, "de").ok());
  EXPECT_EQ(error_of(parse_input(ask, std::string(2001, 'a'), Channel::chat, "de")),
            "Die Nachricht ist zu lang, bitte höchstens 2000 Zeichen.");
  // 1000 two-byte letters are 2000 bytes; one more is too many.
  std::string umlauts;
  for (int i = 0; i < 1000; ++i) umlauts += "ä";
  EXPECT_TRUE(parse_input(ask, umlauts, Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, umlauts + "ä", Channel::chat, "de").ok());
}

TEST(FlowInputText, NotOnThePhone) {
  const AskNode ask = ask_of(InputKind::text);
  EXPECT_EQ(error_of(parse_input(ask, "123", Channel::voice, "de")),
            "Freitext kann am Telefon nicht eingegeben werden.");
  EXPECT_EQ(error_of(parse_input(ask, "123", Channel::voice, "en")),
            "Free text cannot be entered on the phone.");
}

// --- customer numbers -------------------------------------------------------------------------

TEST(FlowInputCustomerNumber, LuhnCheckDigit) {
  EXPECT_TRUE(valid_customer_number("79927398713"));  // the textbook example
  EXPECT_FALSE(valid_customer_number("79927398710"));
  EXPECT_FALSE(valid_customer_number("79927398711"));
  EXPECT_TRUE(valid_customer_number("18"));
  EXPECT_TRUE(valid_customer_number("00"));
  EXPECT_FALSE(valid_customer_number("0"));  // a check digit needs something to check
  EXPECT_FALSE(valid_customer_number(""));
  EXPECT_FALSE(valid_customer_number("7992 7398 713"));
  EXPECT_FALSE(valid_customer_number("7992739871a"));
  for (const char* payload : {"1", "4711", "100200300", "999999999999999999999999"}) {
    const std::string good = with_luhn_digit(payload);
    EXPECT_TRUE(valid_customer_number(good)) << good;
    // Every other last digit is wrong.
    for (char d = '0'; d <= '9'; ++d) {
      std::string other = good;
      other.back() = d;
      if (d == good.back()) continue;
      EXPECT_FALSE(valid_customer_number(other)) << other;
    }
    // Swapping two different neighbours is caught (except 0 and 9, Luhn's known gap).
    std::string swapped = good;
    if (swapped.size() >= 3 && swapped[0] != swapped[1] &&
        !((swapped[0] == '0' && swapped[1] == '9') || (swapped[0] == '9' && swapped[1] == '0'))) {
      std::swap(swapped[0], swapped[1]);
      EXPECT_FALSE(valid_customer_number(swapped)) << swapped;
    }
  }
}

TEST(FlowInputCustomerNumber, ThroughParseInput) {
  AskNode ask = ask_of(InputKind::customer_number);
  ask.min_length = 6;
  ask.max_length = 10;
  const std::string number = with_luhn_digit("47110815");
  EXPECT_EQ(string_of(parse_input(ask, number + "#", Channel::voice, "de")), number);
  EXPECT_EQ(string_of(parse_input(ask, "4711 0815 " + number.substr(8), Channel::chat, "de")),
            number);
  std::string wrong = number;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  EXPECT_EQ(error_of(parse_input(ask, wrong, Channel::voice, "de")),
            "Diese Kundennummer ist nicht gültig. Bitte prüfen Sie die Eingabe.");
  EXPECT_EQ(error_of(parse_input(ask, wrong, Channel::chat, "en")),
            "That customer number is not valid. Please check it.");
  EXPECT_EQ(error_of(parse_input(ask, "18", Channel::voice, "de")),
            "Bitte geben Sie mindestens 6 Ziffern ein.");
  EXPECT_EQ(error_of(parse_input(ask, "K-4711", Channel::chat, "de")),
            "Bitte geben Sie nur Ziffern ein.");
}

// --- IBAN -------------------------------------------------------------------------------------

TEST(FlowInputIban, TestHelperAgreesWithThePublishedExample) {
  // The example IBAN of the German banking association; guards the helper the tests rely on.
  EXPECT_EQ(iban_with_check_digits("DE", "370400440532013000"), "DE89370400440532013000");
}

TEST(FlowInputIban, ValidIbans) {
  const std::string de = iban_with_check_digits("DE", "500105175407324931");
  const std::string at = iban_with_check_digits("AT", "1904300234573201");
  const std::string ch = iban_with_check_digits("CH", "0076201162385295");  // 5+12 chars
  const std::string gb = iban_with_check_digits("GB", "NWBK60161331926819");
  const std::string fr = iban_with_check_digits("FR", "20041010050500013M02606");
  const std::string no = iban_with_check_digits("NO", "86011117947");  // 15, the shortest
  ASSERT_EQ(de.size(), 22u);
  ASSERT_EQ(at.size(), 20u);
  ASSERT_EQ(ch.size(), 20u);
  ASSERT_EQ(no.size(), 15u);
  EXPECT_TRUE(valid_iban(de));
  EXPECT_TRUE(valid_iban(at));
  EXPECT_FALSE(valid_iban(ch));  // a Swiss IBAN has 21 characters
  EXPECT_TRUE(valid_iban(iban_with_check_digits("CH", "00762011623852957")));
  EXPECT_TRUE(valid_iban(gb));
  EXPECT_TRUE(valid_iban(fr));
  EXPECT_TRUE(valid_iban(no));
  // Spaces and lower case are tolerated by the check.
  EXPECT_TRUE(valid_iban("de89 3704 0044 0532 0130 00"));
}

TEST(FlowInputIban, InvalidIbans) {
  const std::string de = iban_with_check_digits("DE", "500105175407324931");
  // Every single changed digit is caught by mod 97.
  for (std::size_t i = 2; i < de.size(); ++i) {
    std::string changed = de;
    changed[i] = changed[i] == '9' ? '0' : static_cast<char>(changed[i] + 1);
    EXPECT_FALSE(valid_iban(changed)) << changed;
  }
  // Two neighbours swapped.
  std::string swapped = de;
  std::swap(swapped[10], swapped[11]);
  ASSERT_NE(swapped, de);
  EXPECT_FALSE(valid_iban(swapped));
  EXPECT_FALSE(valid_iban(de.substr(0, 21)));
  EXPECT_FALSE(valid_iban(de + "0"));
  EXPECT_FALSE(valid_iban(""));
  EXPECT_FALSE(valid_iban("DE"));
  EXPECT_FALSE(valid_iban("1289370400440532013000"));  // no country code
  EXPECT_FALSE(valid_iban("DEXX370400440532013000"));  // letters as check digits
  EXPECT_FALSE(valid_iban("DE89-3704-0044-0532-0130-00"));
  EXPECT_FALSE(valid_iban("DE89370400440532013ÄÖ"));
  // Longer than 34 and shorter than 15 for countries without a fixed length here.
  EXPECT_FALSE(valid_iban(iban_with_check_digits("XX", std::string(31, '1'))));
  EXPECT_TRUE(valid_iban(iban_with_check_digits("XX", std::string(30, '1'))));
  EXPECT_FALSE(valid_iban(iban_with_check_digits("NO", "8601111794")));
}

TEST(FlowInputIban, CheckDigitAliasesAreRefused) {
  // Check digits 98 and 01 (and 02 and 99) leave the same remainder mod 97; only the computed
  // form (02..98) is an IBAN. Look for account numbers whose check digits are 98 and 02.
  int found = 0;
  for (int account = 0; account < 2000 && found < 2; ++account) {
    std::string bban = std::to_string(account);
    bban = "37040044" + std::string(10 - bban.size(), '0') + bban;
    const std::string iban = iban_with_check_digits("DE", bban);
    const std::string_view check = std::string_view(iban).substr(2, 2);
    if (check != "98" && check != "02") continue;
    ++found;
    EXPECT_TRUE(valid_iban(iban)) << iban;
    std::string alias = iban;
    alias.replace(2, 2, check == "98" ? "01" : "99");
    EXPECT_FALSE(valid_iban(alias)) << alias;
  }
  EXPECT_GE(found, 2);
  EXPECT_FALSE(valid_iban("DE00370400440532013000"));
}

TEST(FlowInputIban, ChatInput) {
  const AskNode ask = ask_of(InputKind::iban);
  const std::string de = iban_with_check_digits("DE", "500105175407324931");
  std::string grouped;  // "de12 5001 ..." as people write it
  for (std::size_t i = 0; i < de.size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped += ' ';
    grouped += static_cast<char>(i < 2 ? de[i] - 'A' + 'a' : de[i]);
  }
  EXPECT_EQ(string_of(parse_input(ask, " " + grouped + " ", Channel::chat, "de")), de);
  std::string wrong = de;
  wrong[12] = wrong[12] == '9' ? '0' : static_cast<char>(wrong[12] + 1);
  EXPECT_EQ(error_of(parse_input(ask, wrong, Channel::chat, "de")),
            "Diese IBAN ist nicht gültig. Bitte prüfen Sie die Eingabe.");
  EXPECT_EQ(error_of(parse_input(ask, de.substr(0, 20), Channel::chat, "de")),
            "Eine deutsche IBAN hat 22 Zeichen.");
  EXPECT_EQ(error_of(parse_input(ask, "AT12 3456", Channel::chat, "de")),
            "Eine österreichische IBAN hat 20 Zeichen.");
  EXPECT_EQ(error_of(parse_input(ask, "CH12 3456", Channel::chat, "en")),
            "A Swiss IBAN has 21 characters.");
  EXPECT_EQ(error_of(parse_input(ask, "FR12 3456", Channel::chat, "de")),
            "Eine IBAN hat 15 bis 34 Zeichen.");
  EXPECT_EQ(error_of(parse_input(ask, de.substr(2), Channel::chat, "de")),
            "Die IBAN beginnt mit dem Ländercode, zum Beispiel DE.");
  EXPECT_EQ(error_of(parse_input(ask, "DE89-3704-0044-0532-0130-00", Channel::chat, "de")),
            "Die IBAN besteht nur aus Buchstaben und Ziffern.");
  EXPECT_EQ(error_of(parse_input(ask, "  ", Channel::chat, "de")), "Ich habe keine IBAN erhalten.");
}

TEST(FlowInputIban, KeypadMeansGerman) {
  const AskNode ask = ask_of(InputKind::iban);
  const std::string de = iban_with_check_digits("DE", "500105175407324931");
  const std::string typed = de.substr(2);
  EXPECT_EQ(string_of(parse_input(ask, typed, Channel::voice, "de")), de);
  EXPECT_EQ(string_of(parse_input(ask, typed + "#", Channel::voice, "de")), de);
  EXPECT_EQ(error_of(parse_input(ask, typed.substr(1), Channel::voice, "de")),
            "Bitte geben Sie die 20 Ziffern Ihrer IBAN nach DE ein.");
  EXPECT_EQ(error_of(parse_input(ask, typed + "1", Channel::voice, "en")),
            "Please type the 20 digits of your IBAN after DE.");
  EXPECT_FALSE(parse_input(ask, de, Channel::voice, "de").ok());
  std::string wrong = typed;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_EQ(error_of(parse_input(ask, wrong, Channel::voice, "de")),
            "Diese IBAN ist nicht gültig. Bitte prüfen Sie die Eingabe.");
}

TEST(FlowInputIban, ReadBackInGroupsOfFour) {
  EXPECT_EQ(spoken_value(InputKind::iban, std::string("DE89370400440532013000"), "de"),
            "DE89 3704 0044 0532 0130 00");
  EXPECT_EQ(spoken_value(InputKind::iban, std::string("AT611904300234573201"), "en"),
            "AT61 1904 3002 3457 3201");
}

// --- postcodes --------------------------------------------------------------------------------

TEST(FlowInputPostcode, FiveDigits) {
  const AskNode ask = ask_of(InputKind::postcode);
  EXPECT_EQ(string_of(parse_input(ask, "10115", Channel::voice, "de")), "10115");
  EXPECT_EQ(string_of(parse_input(ask, "01067#", Channel::voice, "de")), "01067");
  EXPECT_EQ(string_of(parse_input(ask, " 80331 ", Channel::chat, "de")), "80331");
  EXPECT_EQ(error_of(parse_input(ask, "1011", Channel::voice, "de")),
            "Die Postleitzahl hat fünf Ziffern.");
  EXPECT_EQ(error_of(parse_input(ask, "101155", Channel::chat, "en")),
            "The postcode has five digits.");
  EXPECT_EQ(error_of(parse_input(ask, "00000", Channel::voice, "de")),
            "Diese Postleitzahl gibt es nicht.");
  EXPECT_FALSE(parse_input(ask, "10 115", Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, "D-10115", Channel::chat, "de").ok());
  EXPECT_FALSE(parse_input(ask, "", Channel::chat, "de").ok());
}

// --- languages --------------------------------------------------------------------------------

TEST(FlowInputLanguage, EnglishVariantsAndGermanDefault) {
  const AskNode ask = ask_of(InputKind::postcode);
  EXPECT_EQ(error_of(parse_input(ask, "1", Channel::voice, "en-GB")),
            "The postcode has five digits.");
  EXPECT_EQ(error_of(parse_input(ask, "1", Channel::voice, "EN")), "The postcode has five digits.");
  EXPECT_EQ(error_of(parse_input(ask, "1", Channel::voice, "")),
            "Die Postleitzahl hat fünf Ziffern.");
  EXPECT_EQ(error_of(parse_input(ask, "1", Channel::voice, "eng")),
            "Die Postleitzahl hat fünf Ziffern.");
  EXPECT_EQ(error_of(parse_input(ask, "1", Channel::voice, "fr")),
            "Die Postleitzahl hat fünf Ziffern.");
}

TEST(FlowInputSpoken, TextAndChoiceAsTheyAre) {
  EXPECT_EQ(spoken_value(InputKind::text, std::string("Hallo Welt"), "de"), "Hallo Welt");
  EXPECT_EQ(spoken_value(InputKind::choice, std::string("strom"), "en"), "strom");
  EXPECT_EQ(spoken_value(InputKind::text, FlowValue{}, "de"), "");
  // A value of another type than the kind expects still reads as something sensible.
  EXPECT_EQ(spoken_value(InputKind::amount, std::string("12,50"), "de"), "12,50");
  EXPECT_EQ(spoken_value(InputKind::iban, std::int64_t{5}, "de"), "5");
}

}  // namespace
}  // namespace callwerk::flow

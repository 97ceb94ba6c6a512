// Whole numbers and euro amounts: keypad and chat forms, limits, overflow, read-back.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "flow/flow_input.hpp"
#include "flow_input_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::ask_of;
using testing::error_of;
using testing::int_of;

Result<FlowValue> number(std::string_view raw, Channel channel = Channel::chat,
                         std::string_view language = "de") {
  return parse_input(ask_of(InputKind::number), raw, channel, language);
}

Result<FlowValue> amount(std::string_view raw, Channel channel = Channel::chat) {
  return parse_input(ask_of(InputKind::amount), raw, channel, "de");
}

TEST(FlowInputNumber, KeypadDigits) {
  EXPECT_EQ(int_of(number("42", Channel::voice)), 42);
  EXPECT_EQ(int_of(number("42#", Channel::voice)), 42);
  EXPECT_EQ(int_of(number("007", Channel::voice)), 7);
  EXPECT_EQ(int_of(number("0#", Channel::voice)), 0);
  EXPECT_EQ(error_of(number("4*2", Channel::voice)), "Bitte geben Sie nur Ziffern ein.");
  EXPECT_EQ(error_of(number("#", Channel::voice)), "Ich habe keine Zahl erhalten.");
  EXPECT_EQ(error_of(number("", Channel::voice)), "Ich habe keine Zahl erhalten.");
  // '#' only ends input at the end.
  EXPECT_FALSE(number("4#2", Channel::voice).ok());
  EXPECT_FALSE(number("42##", Channel::voice).ok());
}

TEST(FlowInputNumber, ChatWithThousandsSeparators) {
  EXPECT_EQ(int_of(number("1000")), 1000);
  EXPECT_EQ(int_of(number("1.000")), 1000);
  EXPECT_EQ(int_of(number(" 1.234.567 ")), 1234567);
  EXPECT_EQ(int_of(number("1,000", Channel::chat, "en")), 1000);
  EXPECT_EQ(int_of(number("1,000,000", Channel::chat, "en")), 1000000);
  EXPECT_EQ(int_of(number("1.000.000", Channel::chat, "en")), 1000000);  // no decimal has two
  EXPECT_FALSE(number("1,000").ok());  // German: one comma is a decimal mark
  EXPECT_FALSE(number("1.000", Channel::chat, "en").ok());
  EXPECT_EQ(int_of(number("-15")), -15);
  EXPECT_EQ(int_of(number("+15")), 15);
  EXPECT_EQ(error_of(number("1,5")), "Bitte nennen Sie eine ganze Zahl, zum Beispiel 1000.");
  EXPECT_EQ(error_of(number("1.5", Channel::chat, "en")),
            "Please give a whole number, for example 1000.");
  EXPECT_FALSE(number("1.00").ok());
  EXPECT_FALSE(number("1000.000.0").ok());
  EXPECT_FALSE(number("1234.567").ok());  // first group longer than three
  EXPECT_FALSE(number(".100").ok());
  EXPECT_FALSE(number("1.").ok());
  EXPECT_FALSE(number("1.000,5").ok());
  EXPECT_FALSE(number("zwölf").ok());
  EXPECT_FALSE(number("12 Stück").ok());
  EXPECT_FALSE(number("-").ok());
  EXPECT_FALSE(number("--5").ok());
  EXPECT_EQ(error_of(number("   ")), "Ich habe keine Zahl erhalten.");
  // '#' is no end key in chat.
  EXPECT_FALSE(number("42#").ok());
}

TEST(FlowInputNumber, Int64EdgesAndOverflow) {
  EXPECT_EQ(int_of(number("9223372036854775807")), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(int_of(number("-9223372036854775808")), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(error_of(number("9223372036854775808")), "Die Zahl ist zu groß.");
  EXPECT_EQ(error_of(number("99999999999999999999")), "Die Zahl ist zu groß.");
  EXPECT_EQ(error_of(number("99999999999999999999", Channel::voice)), "Die Zahl ist zu groß.");
  EXPECT_EQ(error_of(number("-9223372036854775809")), "Die Zahl ist zu groß.");
  EXPECT_EQ(error_of(number("99.999.999.999.999.999.999")), "Die Zahl ist zu groß.");
}

TEST(FlowInputNumber, Limits) {
  AskNode ask = ask_of(InputKind::number);
  ask.min_value = 1;
  ask.max_value = 10;
  EXPECT_EQ(int_of(parse_input(ask, "1", Channel::voice, "de")), 1);
  EXPECT_EQ(int_of(parse_input(ask, "10", Channel::voice, "de")), 10);
  EXPECT_EQ(error_of(parse_input(ask, "11", Channel::voice, "de")),
            "Die Zahl muss zwischen 1 und 10 liegen.");
  EXPECT_EQ(error_of(parse_input(ask, "0", Channel::chat, "en")),
            "The number must be between 1 and 10.");
  ask.max_value.reset();
  EXPECT_EQ(error_of(parse_input(ask, "0", Channel::chat, "de")),
            "Die Zahl muss mindestens 1 sein.");
  ask.min_value.reset();
  ask.max_value = 2.5;
  EXPECT_EQ(error_of(parse_input(ask, "3", Channel::chat, "de")),
            "Die Zahl darf höchstens 2,5 sein.");
  EXPECT_EQ(error_of(parse_input(ask, "3", Channel::chat, "en")),
            "The number must be at most 2.5.");
  EXPECT_EQ(int_of(parse_input(ask, "2", Channel::chat, "de")), 2);
}

TEST(FlowInputAmount, KeypadWithStarAsDecimalSeparator) {
  EXPECT_EQ(int_of(amount("12*50", Channel::voice)), 1250);
  EXPECT_EQ(int_of(amount("12*50#", Channel::voice)), 1250);
  EXPECT_EQ(int_of(amount("12*5", Channel::voice)), 1250);  // one decimal: tenths
  EXPECT_EQ(int_of(amount("12*05", Channel::voice)), 1205);
  EXPECT_EQ(int_of(amount("12", Channel::voice)), 1200);
  EXPECT_EQ(int_of(amount("12*", Channel::voice)), 1200);
  EXPECT_EQ(int_of(amount("*50", Channel::voice)), 50);
  EXPECT_EQ(int_of(amount("0", Channel::voice)), 0);
  EXPECT_FALSE(amount("*", Channel::voice).ok());
  EXPECT_FALSE(amount("12*505", Channel::voice).ok());
  EXPECT_FALSE(amount("1*2*3", Channel::voice).ok());
  EXPECT_FALSE(amount("12,50", Channel::voice).ok());
  EXPECT_EQ(error_of(amount("", Channel::voice)), "Ich habe keinen Betrag erhalten.");
  EXPECT_EQ(error_of(amount("99999999999999999999", Channel::voice)), "Der Betrag ist zu groß.");
}

TEST(FlowInputAmount, ChatForms) {
  EXPECT_EQ(int_of(amount("12,50")), 1250);
  EXPECT_EQ(int_of(amount("12.50")), 1250);
  EXPECT_EQ(int_of(amount("12,5")), 1250);
  EXPECT_EQ(int_of(amount("12,50 €")), 1250);
  EXPECT_EQ(int_of(amount("12,50€")), 1250);
  EXPECT_EQ(int_of(amount("€ 12,50")), 1250);
  EXPECT_EQ(int_of(amount("EUR 12")), 1200);
  EXPECT_EQ(int_of(amount("12 Euro")), 1200);
  EXPECT_EQ(int_of(amount("12 euros")), 1200);
  EXPECT_EQ(int_of(amount("12eur")), 1200);
  EXPECT_EQ(int_of(amount("12,-")), 1200);
  EXPECT_EQ(int_of(amount("12,-- €")), 1200);
  EXPECT_EQ(int_of(amount("1.234,56")), 123456);
  EXPECT_EQ(int_of(amount("1,234.56")), 123456);
  EXPECT_EQ(int_of(amount("1.234")), 123400);  // three digits after '.' are thousands
  EXPECT_EQ(int_of(amount("1,234,567")), 123456700);
  EXPECT_EQ(int_of(parse_input(ask_of(InputKind::amount), "1,234", Channel::chat, "en")), 123400);
  EXPECT_FALSE(parse_input(ask_of(InputKind::amount), "1.234", Channel::chat, "en").ok());
  EXPECT_EQ(int_of(amount("1.234.567")), 123456700);
  EXPECT_EQ(int_of(amount(",50")), 50);
  EXPECT_EQ(int_of(amount("0,05 €")), 5);
  EXPECT_EQ(int_of(amount("12,50\u00A0€")), 1250);  // no-break space before the sign
}

TEST(FlowInputAmount, ChatRejects) {
  const std::string example = "Bitte nennen Sie den Betrag in Euro, zum Beispiel 12,50.";
  EXPECT_EQ(error_of(amount("12,505")), example);
  EXPECT_EQ(error_of(amount("zwölf Euro")), example);
  EXPECT_EQ(error_of(amount("€")), example);
  EXPECT_EQ(error_of(amount("12.")), example);
  EXPECT_EQ(error_of(amount("-12")), example);
  EXPECT_EQ(error_of(amount("12,50 Dollar")), example);
  EXPECT_EQ(error_of(amount("1.23.456")), example);
  EXPECT_EQ(error_of(amount("12,34.567")), example);
  EXPECT_EQ(error_of(amount("Eurostar 12")), example);  // a word that only starts with euro
  EXPECT_EQ(error_of(amount("")), "Ich habe keinen Betrag erhalten.");
  EXPECT_EQ(error_of(amount("99999999999999999999")), "Der Betrag ist zu groß.");
  // Just below the largest amount in cents, and just above.
  EXPECT_EQ(int_of(amount("92233720368547758")), 9223372036854775800);
  EXPECT_EQ(error_of(amount("92233720368547759")), "Der Betrag ist zu groß.");
  EXPECT_EQ(int_of(amount("92233720368547758,07")), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(error_of(amount("92233720368547758,08")), "Der Betrag ist zu groß.");
}

TEST(FlowInputAmount, LimitsInEuro) {
  AskNode ask = ask_of(InputKind::amount);
  ask.min_value = 1;
  ask.max_value = 500;
  EXPECT_EQ(int_of(parse_input(ask, "500", Channel::chat, "de")), 50000);
  EXPECT_EQ(int_of(parse_input(ask, "1", Channel::chat, "de")), 100);
  EXPECT_EQ(error_of(parse_input(ask, "500,01", Channel::chat, "de")),
            "Der Betrag muss zwischen 1 Euro und 500 Euro liegen.");
  EXPECT_EQ(error_of(parse_input(ask, "*99", Channel::voice, "en")),
            "The amount must be between 1 euro and 500 euros.");
  ask.min_value = 0.5;
  ask.max_value.reset();
  EXPECT_EQ(error_of(parse_input(ask, "0,49", Channel::chat, "de")),
            "Der Betrag muss mindestens 0,50 Euro sein.");
}

TEST(FlowInputAmount, ReadBack) {
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{1250}, "de"), "12,50 Euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{100}, "de"), "1 Euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{5}, "de"), "0,05 Euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{0}, "de"), "0 Euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{123456}, "de"), "1234,56 Euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{1250}, "en"), "12.50 euros");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{100}, "en"), "1 euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::int64_t{-250}, "de"), "-2,50 Euro");
  EXPECT_EQ(spoken_value(InputKind::amount, std::numeric_limits<std::int64_t>::min(), "de"),
            "-92233720368547758,08 Euro");
}

TEST(FlowInputNumber, ReadBackPlain) {
  EXPECT_EQ(spoken_value(InputKind::number, std::int64_t{1234}, "de"), "1234");
  EXPECT_EQ(spoken_value(InputKind::number, std::int64_t{-7}, "en"), "-7");
  EXPECT_EQ(spoken_value(InputKind::number, 2.5, "de"), "2,5");
}

TEST(FlowInputNumber, ParsedValueReadsBack) {
  const Result<FlowValue> parsed = amount("1.234,56 €");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(spoken_value(InputKind::amount, *parsed, "de"), "1234,56 Euro");
}

}  // namespace
}  // namespace callwerk::flow

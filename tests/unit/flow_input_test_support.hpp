#pragma once
// Helpers for the flow input tests: ask nodes of a kind, and check digits computed here
// independently of the code under test (digit by digit, not in chunks).

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>

#include "flow/flow_input.hpp"

namespace callwerk::flow::testing {

inline AskNode ask_of(InputKind kind) {
  AskNode ask;
  ask.kind = kind;
  ask.variable = "antwort";
  return ask;
}

// The IBAN for a country and BBAN with the right check digits (ISO 13616: move the country
// code and "00" to the end, letters as 10..35, 98 minus the remainder mod 97).
inline std::string iban_with_check_digits(std::string_view country, std::string_view bban) {
  const std::string moved = std::string(bban) + std::string(country) + "00";
  int remainder = 0;
  for (const char c : moved) {
    if (c >= '0' && c <= '9') {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  }
  const int check = 98 - remainder;
  std::string out(country);
  out += static_cast<char>('0' + check / 10);
  out += static_cast<char>('0' + check % 10);
  out += bban;
  return out;
}

// `payload` with its Luhn check digit appended.
inline std::string with_luhn_digit(std::string_view payload) {
  int sum = 0;
  bool twice = true;  // the digit left of the (future) check digit is doubled
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  std::string out(payload);
  out += static_cast<char>('0' + (10 - sum % 10) % 10);
  return out;
}

inline std::string string_of(const Result<FlowValue>& result) {
  if (!result) return "error: " + result.error().message;
  if (const auto* text = std::get_if<std::string>(&result.value())) return *text;
  return "not a string";
}

inline std::int64_t int_of(const Result<FlowValue>& result) {
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  if (!result) return -1;
  const auto* number = std::get_if<std::int64_t>(&result.value());
  EXPECT_NE(number, nullptr) << "not an int64";
  return number ? *number : -1;
}

inline std::string error_of(const Result<FlowValue>& result) {
  if (result) return "(no error)";
  EXPECT_EQ(result.error().kind, ErrorKind::invalid_input);
  return result.error().message;
}

}  // namespace callwerk::flow::testing

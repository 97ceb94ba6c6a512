#pragma once
// Pieces shared by the flow_input*.cpp files. Not part of the contract in flow_input.hpp: other
// code should call parse_input, spoken_value and the matchers there.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "flow/flow_input.hpp"

namespace callwerk::flow::input_parts {

// "en", "en-GB", ... read back and answer in English; everything else in German.
bool is_english(std::string_view language);
// An invalid_input error carrying the sentence in the flow's language.
Error input_error(std::string_view language, std::string german, std::string english);

// Without ASCII white space and no-break spaces (U+00A0, U+202F) at both ends.
std::string_view trim_space(std::string_view text);
// Trimmed; on the phone also without the '#' that ends keypad input.
std::string_view keypad_text(std::string_view raw, Channel channel);
// Non-empty and only 0-9.
bool all_digits(std::string_view text);

// One step of strict UTF-8 decoding (no overlong forms, no surrogates, at most U+10FFFF).
// An invalid byte is reported as invalid with length 1.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;
  bool valid = false;
};
CodePoint decode_utf8(std::string_view text, std::size_t at);
bool valid_utf8(std::string_view text);

// Whether `phrase` (already folded, non-empty) occurs in `folded` as whole words.
bool contains_phrase(std::string_view folded, std::string_view phrase);
// The words of a text as fold_for_matching() wrote it (single spaces, nothing at the ends).
std::vector<std::string_view> folded_words(std::string_view folded);

Result<std::int64_t> parse_whole_number(std::string_view raw, Channel channel,
                                        std::string_view language);
Result<std::int64_t> parse_amount_cents(std::string_view raw, Channel channel,
                                        std::string_view language);
// "YYYY-MM-DD" of a real calendar date.
Result<std::string> parse_date(std::string_view raw, Channel channel, std::string_view language);
// Spaces removed, ASCII letters upper case; no check.
std::string normalised_iban(std::string_view text);

// "12,50 Euro" / "12.50 euros"; whole amounts without decimals ("1 Euro").
std::string euro_text(std::int64_t cents, std::string_view language);
// A limit from the flow (min_value/max_value) as said to the caller: "10", "2,5" / "2.5".
std::string limit_text(double value, std::string_view language);
// 1..12 -> "März" / "March".
std::string_view month_name(int month, std::string_view language);

}  // namespace callwerk::flow::input_parts

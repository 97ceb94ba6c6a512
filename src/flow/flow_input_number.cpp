// Whole numbers and euro amounts from the keypad and from chat text, and how they are said.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow::input_parts {

namespace {

constexpr std::uint64_t kInt64Max =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Appends digits to `value`; false when the value would pass `limit`.
bool accumulate(std::string_view digits, std::uint64_t limit, std::uint64_t& value) {
  for (const char c : digits) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (limit - d) / 10) return false;
    value = value * 10 + d;
  }
  return true;
}

// Digits written with a thousands separator ("1.234.567"): the first group has one to three
// digits, every other group exactly three. Returns the digits without separators, or nothing
// when the grouping is wrong.
bool ungroup(std::string_view text, char separator, std::string& digits) {
  digits.clear();
  std::size_t group = 0;
  bool first = true;
  for (const char c : text) {
    if (c == separator) {
      if (group == 0 || group > 3 || (!first && group != 3)) return false;
      first = false;
      group = 0;
    } else if (digit(c)) {
      digits += c;
      ++group;
    } else {
      return false;
    }
  }
  if (group == 0) return false;
  return first || group == 3;
}

// '.' in German ("1.000"), ',' in English ("1,000").
char thousands_mark(std::string_view language) {
  return is_english(language) ? ',' : '.';
}

Error too_large(std::string_view language) {
  return input_error(language, "Die Zahl ist zu groß.", "The number is too large.");
}

// Cuts a currency word or sign off the front or back of chat text: "12,50 €", "EUR 12".
std::string_view without_currency(std::string_view text) {
  static constexpr std::string_view kWords[] = {"euros", "euro", "eur"};
  bool changed = true;
  while (changed) {
    changed = false;
    text = trim_space(text);
    if (text.starts_with("\u20AC")) {
      text.remove_prefix(3);
      changed = true;
      continue;
    }
    if (text.ends_with("\u20AC")) {
      text.remove_suffix(3);
      changed = true;
      continue;
    }
    const std::string lower = [&] {
      std::string s(text);
      for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return s;
    }();
    for (const std::string_view word : kWords) {
      // A word only counts as such when a digit or space, not a letter, stands next to it.
      if (lower.starts_with(word) &&
          (lower.size() == word.size() || !ascii_letter(lower[word.size()]))) {
        text.remove_prefix(word.size());
        changed = true;
        break;
      }
      if (lower.ends_with(word) &&
          (lower.size() == word.size() || !ascii_letter(lower[lower.size() - word.size() - 1]))) {
        text.remove_suffix(word.size());
        changed = true;
        break;
      }
    }
  }
  return text;
}

Error amount_example(std::string_view language, Channel channel) {
  if (channel == Channel::voice)
    return input_error(language,
                       "Bitte geben Sie den Betrag in Euro ein, mit der Sterntaste als Komma, "
                       "zum Beispiel 1 2 Stern 5 0 für 12,50 Euro.",
                       "Please type the amount in euros with the star key as the decimal point, "
                       "for example 1 2 star 5 0 for 12.50 euros.");
  return input_error(language, "Bitte nennen Sie den Betrag in Euro, zum Beispiel 12,50.",
                     "Please give the amount in euros, for example 12.50.");
}

// Euros and up to two decimals (one decimal means tenths: "12,5" is 12,50) as cents.
Result<std::int64_t> cents_of(std::string_view euros, std::string_view decimals,
                              std::string_view language) {
  std::uint64_t whole = 0;
  const Error too_much =
      input_error(language, "Der Betrag ist zu groß.", "The amount is too large.");
  if (!accumulate(euros, kInt64Max / 100, whole)) return too_much;
  std::uint64_t cents = 0;
  if (decimals.size() >= 1) cents += static_cast<std::uint64_t>(decimals[0] - '0') * 10;
  if (decimals.size() == 2) cents += static_cast<std::uint64_t>(decimals[1] - '0');
  if (whole * 100 > kInt64Max - cents) return too_much;
  return static_cast<std::int64_t>(whole * 100 + cents);
}

Result<std::int64_t> keypad_amount(std::string_view text, std::string_view language) {
  const std::size_t star = text.find('*');
  const std::string_view euros = text.substr(0, star);
  const std::string_view decimals =
      star == std::string_view::npos ? std::string_view{} : text.substr(star + 1);
  const bool euros_ok = euros.empty() || all_digits(euros);
  const bool decimals_ok = decimals.empty() || (all_digits(decimals) && decimals.size() <= 2);
  if (!euros_ok || !decimals_ok || (euros.empty() && decimals.empty()))
    return amount_example(language, Channel::voice);
  return cents_of(euros, decimals, language);
}

Result<std::int64_t> chat_amount(std::string_view raw, std::string_view language) {
  std::string_view text = without_currency(raw);
  // "12,-" and "12,--" are whole euros.
  for (const std::string_view dash : {",--", ",-", ".--", ".-"}) {
    if (text.ends_with(dash)) {
      text.remove_suffix(dash.size());
      break;
    }
  }
  text = trim_space(text);
  if (text.empty()) return amount_example(language, Channel::chat);
  const std::size_t last_dot = text.rfind('.');
  const std::size_t last_comma = text.rfind(',');
  // The decimal separator is the last separator, unless it is followed by three digits, which
  // makes it a thousands separator ("1.234" is 1234 euros; euros have no third decimal).
  std::size_t decimal_at = std::string_view::npos;
  char thousands = 0;
  if (last_dot != std::string_view::npos && last_comma != std::string_view::npos) {
    decimal_at = std::max(last_dot, last_comma);
    thousands = decimal_at == last_dot ? ',' : '.';
  } else if (last_dot != std::string_view::npos || last_comma != std::string_view::npos) {
    const std::size_t last = last_dot != std::string_view::npos ? last_dot : last_comma;
    const char separator = text[last];
    const bool only_once = text.find(separator) == last;
    if (only_once && text.size() - last - 1 != 3) {
      decimal_at = last;
    } else if (only_once && separator != thousands_mark(language)) {
      // "12,505" in German is a decimal with a third place, not twelve thousand.
      return amount_example(language, Channel::chat);
    } else {
      thousands = separator;
    }
  }
  const std::string_view whole = text.substr(0, decimal_at);
  const std::string_view decimals =
      decimal_at == std::string_view::npos ? std::string_view{} : text.substr(decimal_at + 1);
  if (decimal_at != std::string_view::npos &&
      (decimals.empty() || decimals.size() > 2 || !all_digits(decimals)))
    return amount_example(language, Channel::chat);
  std::string digits;
  if (whole.empty()) {
    if (decimals.empty()) return amount_example(language, Channel::chat);
    digits = "0";  // ",50"
  } else if (thousands != 0) {
    if (!ungroup(whole, thousands, digits)) return amount_example(language, Channel::chat);
  } else {
    if (!all_digits(whole)) return amount_example(language, Channel::chat);
    digits = std::string(whole);
  }
  return cents_of(digits, decimals, language);
}

}  // namespace

Result<std::int64_t> parse_whole_number(std::string_view raw, Channel channel,
                                        std::string_view language) {
  std::string_view text = keypad_text(raw, channel);
  if (text.empty())
    return input_error(language, "Ich habe keine Zahl erhalten.", "I did not receive a number.");
  const Error not_whole =
      input_error(language, "Bitte nennen Sie eine ganze Zahl, zum Beispiel 1000.",
                  "Please give a whole number, for example 1000.");
  bool negative = false;
  std::string digits;
  if (channel == Channel::voice) {
    if (!all_digits(text))
      return input_error(language, "Bitte geben Sie nur Ziffern ein.", "Please type digits only.");
    digits = std::string(text);
  } else {
    if (text.front() == '-' || text.front() == '+') {
      negative = text.front() == '-';
      text = trim_space(text.substr(1));
    }
    const bool dots = text.find('.') != std::string_view::npos;
    const bool commas = text.find(',') != std::string_view::npos;
    if (dots && commas) return not_whole;
    if (dots || commas) {
      // "1.000" (German) or "1,000" (English): separators between groups of three only, so
      // that a decimal such as "1,5" is refused instead of read as 15. One decimal mark before
      // three digits ("1,000" in German) reads as a decimal too, so it is refused.
      const char separator = dots ? '.' : ',';
      const bool once = text.find(separator) == text.rfind(separator);
      if (once && separator != thousands_mark(language)) return not_whole;
      if (!ungroup(text, separator, digits)) return not_whole;
    } else {
      if (!all_digits(text)) return not_whole;
      digits = std::string(text);
    }
  }
  std::uint64_t magnitude = 0;
  if (!accumulate(digits, negative ? kInt64Max + 1 : kInt64Max, magnitude))
    return too_large(language);
  if (negative) return static_cast<std::int64_t>(0 - magnitude);
  return static_cast<std::int64_t>(magnitude);
}

Result<std::int64_t> parse_amount_cents(std::string_view raw, Channel channel,
                                        std::string_view language) {
  const std::string_view text = keypad_text(raw, channel);
  if (text.empty())
    return input_error(language, "Ich habe keinen Betrag erhalten.",
                       "I did not receive an amount.");
  if (channel == Channel::voice) return keypad_amount(text, language);
  return chat_amount(text, language);
}

std::string euro_text(std::int64_t cents, std::string_view language) {
  const bool english = is_english(language);
  const bool negative = cents < 0;
  // Via unsigned so that the smallest int64 has a magnitude too.
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  const std::uint64_t whole = magnitude / 100;
  const std::uint64_t rest = magnitude % 100;
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (rest != 0) {
    out += english ? '.' : ',';
    out += static_cast<char>('0' + rest / 10);
    out += static_cast<char>('0' + rest % 10);
  }
  if (!english) return out + " Euro";
  return out + (magnitude == 100 ? " euro" : " euros");
}

std::string limit_text(double value, std::string_view language) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<std::int64_t>(value));
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string out(buffer, error == std::errc() ? end : buffer);
  if (!is_english(language))
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

}  // namespace callwerk::flow::input_parts

// Values read back to the caller ("Sie haben 1 2 3 4 eingegeben"), in words a TTS voice says
// well: digits one by one, amounts with "Euro", dates with the month's name.

#include <string>
#include <string_view>
#include <variant>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

using input_parts::is_english;

namespace {

std::string plain_text(const FlowValue& value, std::string_view language) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* real = std::get_if<double>(&value))
    return input_parts::limit_text(*real, language);
  if (const auto* flag = std::get_if<bool>(&value)) {
    if (is_english(language)) return *flag ? "yes" : "no";
    return *flag ? "ja" : "nein";
  }
  return {};
}

// "1 2 3 4"; characters other than ASCII are kept whole.
std::string one_by_one(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  std::size_t at = 0;
  while (at < text.size()) {
    const input_parts::CodePoint cp = input_parts::decode_utf8(text, at);
    if (text[at] != ' ') {
      if (!out.empty()) out += ' ';
      out += text.substr(at, cp.length);
    }
    at += cp.length;
  }
  return out;
}

std::string in_groups_of_four(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += text[i];
  }
  return out;
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// "2026-03-12" -> "12. März 2026" / "12 March 2026"; anything else as it is.
std::string date_text(const std::string& iso, std::string_view language) {
  const bool shaped = iso.size() == 10 && iso[4] == '-' && iso[7] == '-' && digit(iso[5]) &&
                      digit(iso[6]) && digit(iso[8]) && digit(iso[9]);
  if (!shaped) return iso;
  const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  const int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  const std::string_view name = input_parts::month_name(month, language);
  if (name.empty() || day == 0) return iso;
  const std::string year = iso.substr(0, 4);
  if (is_english(language)) return std::to_string(day) + " " + std::string(name) + " " + year;
  return std::to_string(day) + ". " + std::string(name) + " " + year;
}

}  // namespace

std::string spoken_value(InputKind kind, const FlowValue& value, std::string_view language) {
  switch (kind) {
    case InputKind::digits:
    case InputKind::customer_number:
    case InputKind::postcode:
      return one_by_one(plain_text(value, language));
    case InputKind::amount:
      if (const auto* cents = std::get_if<std::int64_t>(&value))
        return input_parts::euro_text(*cents, language);
      break;
    case InputKind::date:
      if (const auto* iso = std::get_if<std::string>(&value)) return date_text(*iso, language);
      break;
    case InputKind::iban:
      if (const auto* iban = std::get_if<std::string>(&value))
        return in_groups_of_four(input_parts::normalised_iban(*iban));
      break;
    case InputKind::number:
    case InputKind::yes_no:
    case InputKind::choice:
    case InputKind::text:
      break;
  }
  return plain_text(value, language);
}

}  // namespace callwerk::flow

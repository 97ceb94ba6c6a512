// parse_input: the answer to an `ask` node, checked by its kind. The number, amount and date
// parsers live in flow_input_number.cpp and flow_input_date.cpp, the matchers in
// flow_input_match.cpp.

#include "flow/flow_input.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

namespace input_parts {

bool is_english(std::string_view language) {
  return language.size() >= 2 && (language[0] == 'e' || language[0] == 'E') &&
         (language[1] == 'n' || language[1] == 'N') &&
         (language.size() == 2 || language[2] == '-' || language[2] == '_');
}

Error input_error(std::string_view language, std::string german, std::string english) {
  return make_error(ErrorKind::invalid_input,
                    is_english(language) ? std::move(english) : std::move(german));
}

std::string_view trim_space(std::string_view text) {
  static constexpr std::string_view kAscii = " \t\n\r\v\f";
  static constexpr std::string_view kNoBreak = "\u00A0";
  static constexpr std::string_view kNarrowNoBreak = "\u202F";
  bool changed = true;
  while (changed && !text.empty()) {
    changed = false;
    if (kAscii.find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1);
      changed = true;
    } else if (kAscii.find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1);
      changed = true;
    } else {
      for (const std::string_view space : {kNoBreak, kNarrowNoBreak}) {
        if (text.starts_with(space)) {
          text.remove_prefix(space.size());
          changed = true;
        } else if (text.ends_with(space)) {
          text.remove_suffix(space.size());
          changed = true;
        }
      }
    }
  }
  return text;
}

std::string_view keypad_text(std::string_view raw, Channel channel) {
  std::string_view text = trim_space(raw);
  if (channel == Channel::voice && !text.empty() && text.back() == '#') {
    text.remove_suffix(1);
    text = trim_space(text);
  }
  return text;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace input_parts

namespace {

using input_parts::all_digits;
using input_parts::input_error;
using input_parts::is_english;
using input_parts::keypad_text;

constexpr std::size_t kMaxTextBytes = 2000;

template <typename T>
Result<FlowValue> as_value(Result<T> result) {
  if (!result) return result.error();
  return FlowValue(std::move(result).value());
}

// Keypad digits; in chat, spaces between groups ("1234 5678") are allowed and dropped.
Result<std::string> digit_string(std::string_view raw, Channel channel, std::string_view language,
                                 bool chat_groups) {
  const std::string_view text = keypad_text(raw, channel);
  std::string digits;
  for (const char c : text)
    if (!(chat_groups && channel == Channel::chat && c == ' ')) digits += c;
  if (digits.empty())
    return input_error(language, "Ich habe keine Ziffern erhalten.",
                       "I did not receive any digits.");
  if (!all_digits(digits))
    return input_error(language, "Bitte geben Sie nur Ziffern ein.", "Please enter digits only.");
  return digits;
}

Status length_check(const std::string& digits, const AskNode& ask, std::string_view language) {
  const auto count = static_cast<int>(digits.size());
  const std::string min = std::to_string(ask.min_length);
  const std::string max = std::to_string(ask.max_length);
  const bool too_short = ask.min_length > 0 && count < ask.min_length;
  const bool too_long = ask.max_length > 0 && count > ask.max_length;
  if (!too_short && !too_long) return ok_status();
  if (ask.min_length > 0 && ask.min_length == ask.max_length)
    return input_error(language, "Bitte geben Sie genau " + min + " Ziffern ein.",
                       "Please enter exactly " + min + " digits.");
  if (too_short)
    return input_error(language, "Bitte geben Sie mindestens " + min + " Ziffern ein.",
                       "Please enter at least " + min + " digits.");
  return input_error(language, "Bitte geben Sie höchstens " + max + " Ziffern ein.",
                     "Please enter at most " + max + " digits.");
}

Result<FlowValue> parse_digits(const AskNode& ask, std::string_view raw, Channel channel,
                               std::string_view language) {
  Result<std::string> digits = digit_string(raw, channel, language, true);
  if (!digits) return digits.error();
  if (Status length = length_check(*digits, ask, language); !length) return length.error();
  return FlowValue(std::move(digits).value());
}

Result<FlowValue> parse_customer_number(const AskNode& ask, std::string_view raw, Channel channel,
                                        std::string_view language) {
  Result<std::string> digits = digit_string(raw, channel, language, true);
  if (!digits) return digits.error();
  if (Status length = length_check(*digits, ask, language); !length) return length.error();
  if (!valid_customer_number(*digits))
    return input_error(language,
                       "Diese Kundennummer ist nicht gültig. Bitte prüfen Sie die Eingabe.",
                       "That customer number is not valid. Please check it.");
  return FlowValue(std::move(digits).value());
}

Result<FlowValue> parse_postcode(std::string_view raw, Channel channel, std::string_view language) {
  Result<std::string> digits = digit_string(raw, channel, language, false);
  if (!digits) return digits.error();
  if (digits->size() != 5)
    return input_error(language, "Die Postleitzahl hat fünf Ziffern.",
                       "The postcode has five digits.");
  if (*digits == "00000")
    return input_error(language, "Diese Postleitzahl gibt es nicht.",
                       "That postcode does not exist.");
  return FlowValue(std::move(digits).value());
}

// Within the node's min_value/max_value; `say` turns a limit into the words for the caller.
template <typename Say>
Status range_check(double value, const AskNode& ask, std::string_view language,
                   std::string_view german_subject, std::string_view english_subject, Say say) {
  const bool below = ask.min_value && value < *ask.min_value;
  const bool above = ask.max_value && value > *ask.max_value;
  if (!below && !above) return ok_status();
  const std::string de(german_subject);
  const std::string en(english_subject);
  if (ask.min_value && ask.max_value)
    return input_error(
        language,
        de + " muss zwischen " + say(*ask.min_value) + " und " + say(*ask.max_value) + " liegen.",
        en + " must be between " + say(*ask.min_value) + " and " + say(*ask.max_value) + ".");
  if (below)
    return input_error(language, de + " muss mindestens " + say(*ask.min_value) + " sein.",
                       en + " must be at least " + say(*ask.min_value) + ".");
  return input_error(language, de + " darf höchstens " + say(*ask.max_value) + " sein.",
                     en + " must be at most " + say(*ask.max_value) + ".");
}

Result<FlowValue> parse_number(const AskNode& ask, std::string_view raw, Channel channel,
                               std::string_view language) {
  const Result<std::int64_t> number = input_parts::parse_whole_number(raw, channel, language);
  if (!number) return number.error();
  const auto say = [&](double limit) { return input_parts::limit_text(limit, language); };
  if (Status range =
          range_check(static_cast<double>(*number), ask, language, "Die Zahl", "The number", say);
      !range)
    return range.error();
  return FlowValue(*number);
}

Result<FlowValue> parse_amount(const AskNode& ask, std::string_view raw, Channel channel,
                               std::string_view language) {
  const Result<std::int64_t> cents = input_parts::parse_amount_cents(raw, channel, language);
  if (!cents) return cents.error();
  const auto say = [&](double euros) {
    const double limit_cents = euros * 100.0;
    if (std::isfinite(limit_cents) && std::fabs(limit_cents) < 9e18)
      return input_parts::euro_text(std::llround(limit_cents), language);
    return input_parts::limit_text(euros, language) + (is_english(language) ? " euros" : " Euro");
  };
  // Compared in euros as the flow wrote them; cents / 100 is exact enough for any real limit.
  if (Status range = range_check(static_cast<double>(*cents) / 100.0, ask, language, "Der Betrag",
                                 "The amount", say);
      !range)
    return range.error();
  return FlowValue(*cents);
}

Result<FlowValue> parse_choice(const AskNode& ask, std::string_view raw, Channel channel,
                               std::string_view language) {
  const int index = match_choice(ask.choices, keypad_text(raw, channel));
  if (index >= 0) return FlowValue(ask.choices[static_cast<std::size_t>(index)].value);
  if (channel == Channel::voice)
    return input_error(language, "Bitte drücken Sie eine der genannten Tasten.",
                       "Please press one of the keys named.");
  std::string listed;
  for (const AskChoice& choice : ask.choices) {
    if (!listed.empty()) listed += ", ";
    listed += choice.label.empty() ? choice.value : choice.label;
  }
  return input_error(language, "Bitte wählen Sie eine der Möglichkeiten: " + listed + ".",
                     "Please choose one of: " + listed + ".");
}

Result<FlowValue> parse_text(std::string_view raw, Channel channel, std::string_view language) {
  if (channel == Channel::voice)
    return input_error(language, "Freitext kann am Telefon nicht eingegeben werden.",
                       "Free text cannot be entered on the phone.");
  if (!input_parts::valid_utf8(raw))
    return input_error(language, "Die Nachricht enthält ungültige Zeichen.",
                       "The message contains invalid characters.");
  const std::string_view text = input_parts::trim_space(raw);
  if (text.empty())
    return input_error(language, "Bitte schreiben Sie Ihre Antwort.", "Please write your answer.");
  if (text.size() > kMaxTextBytes)
    return input_error(language, "Die Nachricht ist zu lang, bitte höchstens 2000 Zeichen.",
                       "The message is too long, please use at most 2000 characters.");
  return FlowValue(std::string(text));
}

bool upper_letter(char c) {
  return c >= 'A' && c <= 'Z';
}

Result<FlowValue> parse_iban(std::string_view raw, Channel channel, std::string_view language) {
  const Error not_valid =
      input_error(language, "Diese IBAN ist nicht gültig. Bitte prüfen Sie die Eingabe.",
                  "That IBAN is not valid. Please check it.");
  std::string iban;
  if (channel == Channel::voice) {
    // The keypad has no letters: a German IBAN without its "DE", i.e. check digits and the
    // 18 digits of bank code and account.
    const std::string_view digits = keypad_text(raw, channel);
    if (!all_digits(digits) || digits.size() != 20)
      return input_error(language, "Bitte geben Sie die 20 Ziffern Ihrer IBAN nach DE ein.",
                         "Please type the 20 digits of your IBAN after DE.");
    iban = "DE" + std::string(digits);
  } else {
    iban = input_parts::normalised_iban(input_parts::trim_space(raw));
    if (iban.empty())
      return input_error(language, "Ich habe keine IBAN erhalten.", "I did not receive an IBAN.");
    if (iban.size() < 2 || !upper_letter(iban[0]) || !upper_letter(iban[1]))
      return input_error(language, "Die IBAN beginnt mit dem Ländercode, zum Beispiel DE.",
                         "An IBAN starts with the country code, for example DE.");
    for (const char c : iban)
      if (!upper_letter(c) && !(c >= '0' && c <= '9'))
        return input_error(language, "Die IBAN besteht nur aus Buchstaben und Ziffern.",
                           "An IBAN has only letters and digits.");
    const std::string_view country = std::string_view(iban).substr(0, 2);
    if (country == "DE" && iban.size() != 22)
      return input_error(language, "Eine deutsche IBAN hat 22 Zeichen.",
                         "A German IBAN has 22 characters.");
    if (country == "AT" && iban.size() != 20)
      return input_error(language, "Eine österreichische IBAN hat 20 Zeichen.",
                         "An Austrian IBAN has 20 characters.");
    if (country == "CH" && iban.size() != 21)
      return input_error(language, "Eine Schweizer IBAN hat 21 Zeichen.",
                         "A Swiss IBAN has 21 characters.");
    if (iban.size() < 15 || iban.size() > 34)
      return input_error(language, "Eine IBAN hat 15 bis 34 Zeichen.",
                         "An IBAN has 15 to 34 characters.");
  }
  if (!valid_iban(iban)) return not_valid;
  return FlowValue(std::move(iban));
}

}  // namespace

Result<FlowValue> parse_input(const AskNode& ask, std::string_view raw, Channel channel,
                              std::string_view language) {
  switch (ask.kind) {
    case InputKind::digits:
      return parse_digits(ask, raw, channel, language);
    case InputKind::number:
      return parse_number(ask, raw, channel, language);
    case InputKind::amount:
      return parse_amount(ask, raw, channel, language);
    case InputKind::date:
      return as_value(input_parts::parse_date(raw, channel, language));
    case InputKind::yes_no:
      return as_value(parse_yes_no(raw, channel, language));
    case InputKind::choice:
      return parse_choice(ask, raw, channel, language);
    case InputKind::text:
      return parse_text(raw, channel, language);
    case InputKind::customer_number:
      return parse_customer_number(ask, raw, channel, language);
    case InputKind::iban:
      return parse_iban(raw, channel, language);
    case InputKind::postcode:
      return parse_postcode(raw, channel, language);
  }
  return make_error(ErrorKind::internal, "unknown input kind");
}

}  // namespace callwerk::flow

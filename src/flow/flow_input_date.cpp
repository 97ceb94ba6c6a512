// Dates from the keypad (DDMMYYYY, DDMMYY) and from chat ("12.03.2026", "12. März 2026",
// "2026-03-12", "March 12, 2026"). Always with a year: pure code has no clock, so neither
// "heute" nor a date without year can be resolved here.

#include <string>
#include <string_view>
#include <vector>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow::input_parts {

namespace {

struct MonthWord {
  std::string_view folded;
  int month;
};

// Names and abbreviations as they read after fold_for_matching (März -> maerz, dots gone).
constexpr MonthWord kMonthWords[] = {
    {"januar", 1},    {"jaenner", 1},   {"jan", 1},       {"january", 1},   {"februar", 2},
    {"feber", 2},     {"feb", 2},       {"february", 2},  {"maerz", 3},     {"marz", 3},
    {"maer", 3},      {"mrz", 3},       {"mar", 3},       {"march", 3},     {"april", 4},
    {"apr", 4},       {"mai", 5},       {"may", 5},       {"juni", 6},      {"jun", 6},
    {"june", 6},      {"juli", 7},      {"jul", 7},       {"july", 7},      {"august", 8},
    {"aug", 8},       {"september", 9}, {"sep", 9},       {"sept", 9},      {"oktober", 10},
    {"okt", 10},      {"october", 10},  {"oct", 10},      {"november", 11}, {"nov", 11},
    {"dezember", 12}, {"dez", 12},      {"december", 12}, {"dec", 12},
};

constexpr std::string_view kGermanMonths[] = {"Januar",    "Februar", "März",     "April",
                                              "Mai",       "Juni",    "Juli",     "August",
                                              "September", "Oktober", "November", "Dezember"};
constexpr std::string_view kEnglishMonths[] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};

// Words around a date that carry nothing: "am 12. März 2026", "on the 12th of March 2026".
constexpr std::string_view kFillers[] = {"am", "den", "der", "dem", "on", "the", "of"};

// Relative days need today's date, which pure code does not have.
constexpr std::string_view kRelative[] = {"heute", "morgen",   "uebermorgen", "gestern",
                                          "today", "tomorrow", "yesterday",   "vorgestern"};

bool leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap_year(year) ? 29 : kDays[month - 1];
}

int number_of(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

int month_of_word(std::string_view token) {
  for (const MonthWord& word : kMonthWords)
    if (word.folded == token) return word.month;
  return 0;
}

// A month token: 1-2 digits or a name; 0 when it is neither.
int month_of(std::string_view token) {
  if (all_digits(token) && token.size() <= 2) return number_of(token);
  return month_of_word(token);
}

// "12", "1", and English ordinals "12th", "1st"; 0 when it is neither.
int day_of(std::string_view token) {
  for (const std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (token.size() > suffix.size() && token.ends_with(suffix)) {
      token.remove_suffix(suffix.size());
      break;
    }
  }
  if (!all_digits(token) || token.size() > 2) return 0;
  return number_of(token);
}

// Four digits as written; two digits are this century (26 -> 2026). 0 otherwise.
int year_of(std::string_view token) {
  if (!all_digits(token)) return 0;
  if (token.size() == 4) return number_of(token);
  if (token.size() == 2) return 2000 + number_of(token);
  return 0;
}

Error date_example(std::string_view language, Channel channel) {
  if (channel == Channel::voice)
    return input_error(language,
                       "Bitte geben Sie das Datum mit acht Ziffern ein, Tag, Monat und Jahr, zum "
                       "Beispiel 1 2 0 3 2 0 2 6 für den 12. März 2026.",
                       "Please type the date as eight digits, day, month and year, for example "
                       "1 2 0 3 2 0 2 6 for 12 March 2026.");
  return input_error(language,
                     "Bitte nennen Sie das Datum mit Tag, Monat und Jahr, zum Beispiel 12.03.2026.",
                     "Please give the date with day, month and year, for example 12.03.2026.");
}

Result<std::string> checked_date(int year, int month, int day, std::string_view language,
                                 Channel channel) {
  if (year == 0 || month == 0 || day == 0) return date_example(language, channel);
  // Four-digit years outside this range are typing slips ("0226"), not dates a caller means.
  if (year < 1900 || year > 2199)
    return input_error(language, "Bitte prüfen Sie das Jahr.", "Please check the year.");
  if (month > 12 || day > days_in_month(year, month))
    return input_error(language, "Dieses Datum gibt es nicht.", "That date does not exist.");
  const auto two = [](int value) {
    return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
  };
  return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

// DDMMYYYY or DDMMYY.
Result<std::string> compact_date(std::string_view digits, std::string_view language,
                                 Channel channel) {
  if (digits.size() != 8 && digits.size() != 6) return date_example(language, channel);
  return checked_date(year_of(digits.substr(4)), number_of(digits.substr(2, 2)),
                      number_of(digits.substr(0, 2)), language, channel);
}

template <std::size_t N>
bool one_of(std::string_view word, const std::string_view (&list)[N]) {
  for (const std::string_view item : list)
    if (item == word) return true;
  return false;
}

Result<std::string> written_date(std::string_view text, std::string_view language) {
  const std::string folded = fold_for_matching(text);
  std::vector<std::string_view> tokens;
  for (const std::string_view word : folded_words(folded)) {
    if (one_of(word, kRelative))
      return input_error(language,
                         "Bitte nennen Sie das Datum mit Tag, Monat und Jahr statt heute oder "
                         "morgen, zum Beispiel 12.03.2026.",
                         "Please give the date with day, month and year instead of today or "
                         "tomorrow, for example 12.03.2026.");
    if (!one_of(word, kFillers)) tokens.push_back(word);
  }
  if (tokens.size() == 1 && all_digits(tokens[0]))
    return compact_date(tokens[0], language, Channel::chat);
  if (tokens.size() != 3) return date_example(language, Channel::chat);
  if (tokens[0].size() == 4 && all_digits(tokens[0]))  // 2026-03-12
    return checked_date(year_of(tokens[0]), month_of(tokens[1]), day_of(tokens[2]), language,
                        Channel::chat);
  if (month_of_word(tokens[0]) != 0)  // March 12, 2026
    return checked_date(year_of(tokens[2]), month_of_word(tokens[0]), day_of(tokens[1]), language,
                        Channel::chat);
  return checked_date(year_of(tokens[2]), month_of(tokens[1]), day_of(tokens[0]), language,
                      Channel::chat);
}

}  // namespace

Result<std::string> parse_date(std::string_view raw, Channel channel, std::string_view language) {
  const std::string_view text = keypad_text(raw, channel);
  if (text.empty())
    return input_error(language, "Ich habe kein Datum erhalten.", "I did not receive a date.");
  if (channel == Channel::voice) {
    if (!all_digits(text)) return date_example(language, channel);
    return compact_date(text, language, channel);
  }
  return written_date(text, language);
}

std::string_view month_name(int month, std::string_view language) {
  if (month < 1 || month > 12) return {};
  return is_english(language) ? kEnglishMonths[month - 1] : kGermanMonths[month - 1];
}

}  // namespace callwerk::flow::input_parts

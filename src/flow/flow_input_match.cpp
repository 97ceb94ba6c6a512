// Matching what a caller pressed or wrote against yes/no, an ask node's choices and a menu's
// options.

#include <string>
#include <string_view>
#include <vector>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

using input_parts::contains_phrase;
using input_parts::input_error;
using input_parts::trim_space;

namespace {

// Folded forms (nö -> noe). German and English words are accepted in flows of either language:
// callers mix them ("okay", "yes").
constexpr std::string_view kYesWords[] = {
    "ja",     "jawohl", "jo",    "jep",  "jup",  "jap",   "genau",   "richtig", "korrekt",
    "stimmt", "passt",  "exakt", "klar", "gern", "gerne", "ok",      "okay",    "okey",
    "yes",    "y",      "yeah",  "yep",  "yup",  "sure",  "correct", "right"};
constexpr std::string_view kNoWords[] = {"nein", "nee", "noe",    "no",   "n",
                                         "nope", "nah", "falsch", "wrong"};
// Words that turn a following yes-word into no: "nicht richtig", "not correct".
constexpr std::string_view kNegations[] = {"nicht", "not", "nie", "never"};

template <std::size_t N>
bool one_of(std::string_view word, const std::string_view (&list)[N]) {
  for (const std::string_view item : list)
    if (item == word) return true;
  return false;
}

// Yes or no from chat words: each yes-word and no-word counts; a yes-word after a negation, or
// "stimmt nicht" / "passt nicht", counts as no. Words for both sides make the answer unclear.
// Returns 1 yes, 0 no, -1 unclear.
int yes_no_of_words(std::string_view folded) {
  if (contains_phrase(folded, "auf keinen fall")) return 0;
  if (contains_phrase(folded, "auf jeden fall")) return 1;
  const std::vector<std::string_view> words = input_parts::folded_words(folded);
  bool yes = false;
  bool no = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (one_of(words[i], kNoWords)) {
      no = true;
    } else if (one_of(words[i], kYesWords)) {
      const bool negated_before = i > 0 && one_of(words[i - 1], kNegations);
      const bool negated_after = i + 1 < words.size() && words[i + 1] == "nicht" &&
                                 (words[i] == "stimmt" || words[i] == "passt");
      (negated_before || negated_after ? no : yes) = true;
    }
  }
  if (yes == no) return -1;
  return yes ? 1 : 0;
}

// Text a choice or option is known by, for "contains as a whole word" matching.
struct Phrases {
  int index;
  std::vector<std::string> folded;
};

// The option whose longest phrase found in the input is longest of all; -1 when none is found
// or two options tie for the longest.
int best_phrase_match(const std::vector<Phrases>& candidates, std::string_view folded_input) {
  int best = -1;
  std::size_t best_length = 0;
  bool tie = false;
  for (const Phrases& candidate : candidates) {
    std::size_t length = 0;
    for (const std::string& phrase : candidate.folded)
      if (phrase.size() > length && contains_phrase(folded_input, phrase)) length = phrase.size();
    if (length == 0) continue;
    if (length > best_length) {
      best = candidate.index;
      best_length = length;
      tie = false;
    } else if (length == best_length && candidate.index != best) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

std::string_view without_end_key(std::string_view text) {
  if (text.size() > 1 && text.back() == '#') text.remove_suffix(1);
  return text;
}

}  // namespace

Result<bool> parse_yes_no(std::string_view raw, Channel channel, std::string_view language) {
  const std::string_view text = input_parts::keypad_text(raw, channel);
  if (channel == Channel::voice) {
    if (text == "1") return true;
    if (text == "2") return false;
    return input_error(language, "Bitte drücken Sie die 1 für Ja oder die 2 für Nein.",
                       "Please press 1 for yes or 2 for no.");
  }
  const std::string folded = fold_for_matching(text);
  if (folded == "1") return true;
  if (folded == "2") return false;
  const int answer = yes_no_of_words(folded);
  if (answer < 0)
    return input_error(language, "Bitte antworten Sie mit Ja oder Nein.",
                       "Please answer yes or no.");
  return answer == 1;
}

int match_choice(const std::vector<AskChoice>& choices, std::string_view raw) {
  const std::string_view text = without_end_key(trim_space(raw));
  if (text.empty()) return -1;
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (!choices[i].key.empty() && choices[i].key == text) return static_cast<int>(i);
  const std::string folded = fold_for_matching(text);
  if (folded.empty()) return -1;
  // The whole input is a key ("1."), value, label or keyword.
  std::vector<Phrases> candidates;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const AskChoice& choice = choices[i];
    Phrases phrases{static_cast<int>(i), {}};
    phrases.folded.push_back(fold_for_matching(choice.label.empty() ? choice.value : choice.label));
    for (const std::string& keyword : choice.keywords)
      phrases.folded.push_back(fold_for_matching(keyword));
    for (const std::string& whole :
         {fold_for_matching(choice.key), fold_for_matching(choice.value)})
      if (whole == folded) return static_cast<int>(i);
    for (const std::string& phrase : phrases.folded)
      if (phrase == folded) return static_cast<int>(i);
    candidates.push_back(std::move(phrases));
  }
  // The input contains a label or keyword: "ich möchte Gas" chooses "Gas".
  return best_phrase_match(candidates, folded);
}

int match_menu_option(const std::vector<MenuOption>& options, std::string_view raw,
                      Channel channel) {
  const std::string_view text = trim_space(raw);
  if (text.empty()) return -1;
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].key == text) return static_cast<int>(i);
  if (channel == Channel::voice) {
    // A key pressed and closed with '#'; '#' alone was matched above when it is an option.
    const std::string_view key = without_end_key(text);
    for (std::size_t i = 0; i < options.size(); ++i)
      if (key != text && options[i].key == key) return static_cast<int>(i);
    return -1;
  }
  const std::string folded = fold_for_matching(text);
  if (folded.empty()) return -1;
  std::vector<Phrases> candidates;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const MenuOption& option = options[i];
    const std::string key = fold_for_matching(option.key);
    const std::string label = fold_for_matching(option.label);
    if ((!key.empty() && key == folded) || (!label.empty() && label == folded))
      return static_cast<int>(i);
    Phrases phrases{static_cast<int>(i), {label}};
    for (const std::string& keyword : option.keywords)
      phrases.folded.push_back(fold_for_matching(keyword));
    candidates.push_back(std::move(phrases));
  }
  return best_phrase_match(candidates, folded);
}

}  // namespace callwerk::flow

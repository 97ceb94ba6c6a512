#include "kb/kb_compound.hpp"

#include <array>

namespace callwerk::kb {

namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Consonant clusters a German word (or a compound's part) starts with, folded spelling.
bool plausible_onset(std::string_view cluster) {
  static constexpr std::array<std::string_view, 45> kOnsets{
      "b",    "c",    "d",    "f",    "g",  "h",   "j",   "k",   "l",  "m",  "n",   "p",
      "r",    "s",    "t",    "v",    "w",  "z",   "bl",  "br",  "dr", "fl", "fr",  "gl",
      "gn",   "gr",   "kl",   "kn",   "kr", "pf",  "pfl", "pl",  "pr", "qu", "sch", "schl",
      "schm", "schn", "schr", "schw", "sp", "spr", "st",  "str", "tr"};
  if (cluster == "zw") return true;
  for (std::string_view onset : kOnsets)
    if (onset == cluster) return true;
  return false;
}

}  // namespace

bool plausible_compound_split(std::string_view word, std::size_t split) {
  if (split == 0 || split >= word.size()) return false;
  const std::string_view head = word.substr(split);
  if (is_vowel(head[0])) return !is_vowel(word[split - 1]);  // not inside "au", "ei", "ae"
  std::size_t onset = 0;
  while (onset < head.size() && !is_vowel(head[onset])) ++onset;
  if (onset == head.size()) return false;  // no vowel: no syllable
  return plausible_onset(head.substr(0, onset));
}

}  // namespace callwerk::kb

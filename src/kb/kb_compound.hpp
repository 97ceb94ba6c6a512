#pragma once
// Where a German compound may be split: before a part that could start a word. That is a
// vowel not continuing a vowel ("strom|ausfall", not "stroma|usfall" inside "au") or a
// consonant cluster German words start with ("gas|geruch", "zaehler|stand", not
// "zaehle|rstand"). Only candidates: the search still needs the part to be a known word.
// Indexing parts at every position made many junk terms that only cost build time.

#include <cstddef>
#include <string_view>

namespace callwerk::kb {

// True when `word` (folded, lower case) may be split before position `split`: the part
// after it starts with a vowel that does not continue a vowel before it, or with a
// consonant cluster German words start with ("st", "schw", "pf", ...).
bool plausible_compound_split(std::string_view word, std::size_t split);

}  // namespace callwerk::kb

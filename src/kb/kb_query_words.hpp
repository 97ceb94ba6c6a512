#pragma once
// How a caller's question is cut into words before it becomes a search: pure German word
// handling, no index involved. The index (kb_index.cpp) keeps only the forms it knows.
//
// Why not only Xapian's stemmer: callers speak in inflected verbs and plurals that the
// german2 stemmer leaves apart from the nouns of the articles ("kostet" / "Kosten",
// "Nachbarn" / "Nachbar", "wechseln" / "Wechsel"), split separable verbs over the sentence
// ("buchen Sie nichts mehr ab" / "abbuchen") and say compounds as two words ("Preise
// erhöht" / "Preiserhöhung"). These helpers propose the candidate forms.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace callwerk::kb {

struct QueryWord {
  std::string text;  // umlauts folded (fold_german), lower case
  int clause = 0;    // words of one clause (between , . ; : ! ?) share this number
  bool stopword = false;
};

// The words of a question in the order said, with their clause; `text` must already be
// folded (fold_german). Stopwords are kept (marked): separable-verb particles are stopwords.
std::vector<QueryWord> query_words(std::string_view folded_text);

// Other spellings of a word the stemmer does not reach: without an inflection ending it keeps
// ("kostet" -> "kost", "nachbarn" -> "nachbar", "wechseln" -> "wechsel"), the verb as
// participle or noun ("fehlt" -> "fehlend", "erhoeht" -> "erhoehung"), past participles
// ("gebucht" -> "buch") and separable verbs without their infix ("zurueckzuschicken" ->
// "zurueckschicken"). Only candidates: the caller keeps those the index knows. Never
// shorter than 3 letters.
std::vector<std::string> inflection_variants(std::string_view word);

// A compound's possible first parts without their linking element ("Fugenelement"):
// "weihnachts" -> {"weihnachts", "weihnacht"}, "sonnen" -> {"sonnen", "sonne", "sonn"}.
std::vector<std::string> modifier_variants(std::string_view modifier);

// A separable verb put back together, and the word it was made of.
struct SeparableVerb {
  std::string verb;      // "abbuchen"
  std::size_t base = 0;  // index of "buchen" in the words
};

// Separable verbs put back together: a particle closing a clause ("ab", "an", "um",
// "zurueck", ...) is joined to the clause's other content words, "buchen Sie nichts mehr von
// meinem Konto ab" -> "abbuchen" (and "abkonto", which no index knows).
std::vector<SeparableVerb> separable_verbs(const std::vector<QueryWord>& words);

}  // namespace callwerk::kb

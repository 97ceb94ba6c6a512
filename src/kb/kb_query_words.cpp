#include "kb/kb_query_words.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>

#include <xapian.h>

#include "kb/kb_text.hpp"

namespace callwerk::kb {

namespace {

constexpr size_t kMinVariant = 3;

bool ends_clause(unsigned ch) {
  return ch == ',' || ch == '.' || ch == ';' || ch == ':' || ch == '!' || ch == '?' || ch == '\n';
}

bool is_stopword(const std::string& word) {
  static const std::unordered_set<std::string> stopwords(german_stopwords().begin(),
                                                         german_stopwords().end());
  return stopwords.contains(word);
}

// Particles of separable verbs, folded: "ab" (abbuchen), "um" (umziehen), "zurueck"
// (zurueckschicken) ... Most are stopwords on their own.
constexpr std::array<std::string_view, 26> kParticles{
    "ab",      "an",  "auf",  "aus",      "ein",  "mit",    "nach",   "vor",   "zu",
    "zurueck", "weg", "um",   "los",      "raus", "rein",   "runter", "hoch",  "durch",
    "her",     "hin", "fest", "zusammen", "dazu", "vorbei", "weiter", "heraus"};

bool is_separable_particle(std::string_view word) {
  return std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end();
}

void add_variant(std::vector<std::string>& out, std::string_view word, size_t cut) {
  if (word.size() < cut + kMinVariant) return;
  std::string shorter(word.substr(0, word.size() - cut));
  for (const std::string& v : out)
    if (v == shorter) return;
  out.push_back(std::move(shorter));
}

}  // namespace

std::vector<QueryWord> query_words(std::string_view folded_text) {
  std::vector<QueryWord> words;
  int clause = 0;
  std::string current;
  const auto finish_word = [&] {
    if (current.empty()) return;
    const bool stop = is_stopword(current);
    words.push_back(QueryWord{std::move(current), clause, stop});
    current.clear();
  };
  const std::string text(folded_text);
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned ch = *it;
    if (Xapian::Unicode::is_wordchar(ch)) {
      Xapian::Unicode::append_utf8(current, Xapian::Unicode::tolower(ch));
      continue;
    }
    finish_word();
    if (ends_clause(ch)) ++clause;
  }
  finish_word();
  return words;
}

std::vector<std::string> inflection_variants(std::string_view word) {
  std::vector<std::string> out;
  // Verb endings the stemmer keeps: "kostet" -> "kost", "fehlt" -> "fehl"; and the same verb
  // as a participle or a noun: "fehlt" -> "fehlend" ("fehlende Flasche"), "erhoeht" ->
  // "erhoehung".
  for (std::string_view ending : {"et", "t"})
    if (word.ends_with(ending) && word.size() >= ending.size() + kMinVariant) {
      const std::string_view base = word.substr(0, word.size() - ending.size());
      add_variant(out, word, ending.size());
      add_variant(out, std::string(base) + "end", 0);
      add_variant(out, std::string(base) + "ung", 0);
    }
  // Past participles: "gebucht" -> "buch".
  if (word.starts_with("ge") && word.ends_with('t') && word.size() >= 6)
    add_variant(out, word.substr(2), 1);
  // Separable verbs with their infix: "zurueckzuschicken" -> "zurueckschicken",
  // "abgebucht" -> "abbucht", "abbuch".
  for (std::string_view particle : kParticles) {
    if (!word.starts_with(particle)) continue;
    const std::string_view rest = word.substr(particle.size());
    for (std::string_view infix : {"zu", "ge"})
      if (rest.starts_with(infix) && rest.size() >= infix.size() + 4) {
        const std::string joined = std::string(particle) + std::string(rest.substr(infix.size()));
        add_variant(out, joined, 0);
        if (infix == "ge" && joined.ends_with('t')) add_variant(out, joined, 1);
      }
  }
  // Plural and infinitive "-n" after a vowel+l/r the stemmer keeps: "nachbarn", "wechseln".
  if (word.ends_with('n') && word.size() > 1 && word[word.size() - 2] != 'e')
    add_variant(out, word, 1);
  return out;
}

std::vector<std::string> modifier_variants(std::string_view modifier) {
  std::vector<std::string> out{std::string(modifier)};
  for (std::string_view link : {"s", "es", "n", "en", "e"})
    if (modifier.ends_with(link)) add_variant(out, modifier, link.size());
  return out;
}

std::vector<SeparableVerb> separable_verbs(const std::vector<QueryWord>& words) {
  std::vector<SeparableVerb> verbs;
  for (size_t i = 0; i < words.size(); ++i) {
    const QueryWord& particle = words[i];
    const bool closes_clause = i + 1 == words.size() || words[i + 1].clause != particle.clause;
    if (!closes_clause || !is_separable_particle(particle.text)) continue;
    for (size_t j = i; j-- > 0 && words[j].clause == particle.clause;) {
      if (words[j].stopword) continue;
      verbs.push_back(SeparableVerb{particle.text + words[j].text, j});
    }
  }
  return verbs;
}

}  // namespace callwerk::kb

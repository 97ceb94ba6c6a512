#include "kb/kb_index.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "kb/kb_compound.hpp"
#include "kb/kb_query_words.hpp"
#include "kb/kb_text.hpp"

namespace callwerk::kb {

namespace {

// Within-document frequency added per occurrence: a word in the title or a tag says more
// about what an article is for than the same word somewhere in its body.
constexpr Xapian::termcount kTitleWdf = 5;
constexpr Xapian::termcount kTagWdf = 3;
constexpr Xapian::termcount kCategoryWdf = 1;
constexpr Xapian::termcount kBodyWdf = 1;

// German compounds: "Stromausfall" should be found by "Strom" and by "Ausfall". Every long
// word is also indexed under each of its heads ("H" + suffix) and modifiers ("M" + stemmed
// prefix); a query word matches those as well as the whole word. Parts shorter than these
// are too likely mere endings or syllables.
constexpr size_t kMinCompound = 8;
constexpr size_t kMinHead = 4;
constexpr size_t kMinModifier = 3;  // "Gas" in "Gasgeruch"
// Distinct long words whose splits are kept while indexing (a few MB).
constexpr size_t kMaxCachedSplits = 50000;
// BM25: k1 as usual; b below Xapian's 0.5 because long articles are long for being thorough,
// not for being off topic. Chosen on the demo question sets (tests/unit/kb_quality_test.cpp).
constexpr double kBm25K1 = 1.2;
constexpr double kBm25B = 0.3;
// Query weights: a word found in the title or tags counts this much more than in the body
// (on top of the title's own rarer terms, see add_title_terms),
// and a match on a compound's part or a longer word counts this fraction of a whole word.
constexpr double kTitleWeight = 1.0;
constexpr double kPartWeight = 0.5;
// Compounds said as two words: the second word may follow the first with this many content
// words in between, minus one ("Kosten für den Versand", "kostet ... Kubikmeter Wasser").
constexpr size_t kJoinWindow = 2;
// Latency on large knowledge bases (see query_for): from this many articles on, whole words
// in more than kCommonWordShare of them are left out of a query (except in its kUncutGroups
// rarest word groups), compound parts in more than kCommonPartShare always, and at most
// kMaxQueryGroups word groups, the rarest, are asked for.
// BM25 gives a word in a tenth of the articles less than half the weight of a rare word.
constexpr Xapian::doccount kCommonWordMinArticles = 500;
constexpr double kCommonWordShare = 0.1;
constexpr double kCommonPartShare = 0.05;  // parts of compounds, half weight: cut earlier
constexpr size_t kUncutGroups = 2;
constexpr size_t kMaxQueryGroups = 10;

// prefix + word, appended rather than with operator+ (g++ 12 at -O3 warns falsely, and
// fatally with -Werror, about `"literal" + std::string&&`).
std::string term_of(std::string_view prefix, std::string_view word) {
  std::string term;
  term.reserve(prefix.size() + word.size());
  term.append(prefix).append(word);
  return term;
}

std::string id_term(std::int64_t id) {
  return term_of("Q", std::to_string(id));
}

// Appends `value` unless present or rejected by `keep`.
template <typename Keep>
void add_unique(std::vector<std::string>& out, std::string value, Keep keep) {
  if (std::find(out.begin(), out.end(), value) != out.end() || !keep(value)) return;
  out.push_back(std::move(value));
}

void add_unique(std::vector<std::string>& out, std::string value) {
  add_unique(out, std::move(value), [](const std::string&) { return true; });
}

struct ArticleInfo {
  std::string slug;
  std::string title;
  std::string summary;
};

}  // namespace

struct KbIndex::Impl {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  Xapian::Stem stemmer{"german2"};  // german plus ae/oe/ue -> umlaut, so both spellings meet
  Xapian::SimpleStopper stopper;
  Xapian::TermGenerator indexer;
  std::unordered_map<std::int64_t, ArticleInfo> articles;
  // Stemmed term ("Z" + stem) -> the other terms of its synonym group. The in-memory backend
  // has no synonym table, so the index keeps it and builds Xapian's OP_SYNONYM itself.
  std::unordered_map<std::string, std::vector<std::string>> synonyms;
  // Stemmed term -> its group's words as written (folded, lower case), to build compounds
  // with: "kostet" ~ "Preis" lets "Wasser" + "Preis" find "Wasserpreis".
  std::unordered_map<std::string, std::vector<std::string>> synonym_spellings;
  // Word -> its (head, stemmed modifier) splits: stemming every prefix of every long word is
  // most of the indexing time, and words repeat across articles.
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> splits;

  Impl() {
    for (const std::string& word : german_stopwords()) stopper.add(word);
    indexer.set_stemmer(stemmer);
    indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    indexer.set_stopper(&stopper);
    indexer.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  }

  // The search terms of a text, exactly as they are indexed (same generator, same folding).
  std::vector<std::string> terms_of(std::string_view text) {
    Xapian::Document scratch;
    indexer.set_document(scratch);
    indexer.index_text_without_positions(fold_german(text));
    std::vector<std::string> terms;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it)
      terms.push_back(*it);
    return terms;
  }

  const std::vector<std::pair<std::string, std::string>>& splits_of(const std::string& word) {
    if (splits.size() >= kMaxCachedSplits) splits.clear();  // bounded memory, rarely hit
    auto [it, inserted] = splits.try_emplace(word);
    if (inserted)
      for (size_t split = kMinModifier; split + kMinHead <= word.size(); ++split)
        if (plausible_compound_split(word, split))
          it->second.emplace_back(word.substr(split), stemmer(word.substr(0, split)));
    return it->second;
  }

  // For each long word term with prefix `word_prefix`, adds its heads and modifiers.
  void add_compound_parts(Xapian::Document& doc, char word_prefix, const char* head_prefix,
                          const char* modifier_prefix) {
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string term = *it;
      if (term.size() > kMinCompound && term[0] == word_prefix)
        words.emplace_back(term, it.get_wdf());
    }
    for (const auto& [term, wdf] : words)
      for (const auto& [head, modifier] : splits_of(term.substr(1))) {
        doc.add_term(term_of(head_prefix, head), wdf);
        doc.add_term(term_of(modifier_prefix, modifier), wdf);
      }
  }

  // The title and tags once more under their own prefixes (T: word, U: head, V: modifier),
  // so that a match there counts with the rarity of title words, not of body words.
  void add_title_terms(Xapian::Document& doc, const KbArticle& article) {
    std::string text = article.title;
    for (const std::string& tag : article.tags) text.append("\n").append(tag);
    for (const std::string& term : terms_of(text))
      doc.add_term(term_of("T", std::string_view(term).substr(1)));
    add_compound_parts(doc, 'T', "U", "V");
  }

  bool known(const std::string& stem) const { return db.term_exists(term_of("Z", stem)); }

  // The stems a said word stands for: its own, and those of its inflection variants that the
  // index or the synonyms know ("kostet" -> "kostet", "kost").
  std::vector<std::string> forms_of(const std::string& word) const {
    std::vector<std::string> forms{stemmer(word)};
    for (const std::string& variant : inflection_variants(word))
      add_unique(forms, stemmer(variant), [&](const std::string& s) {
        return known(s) || synonyms.contains(term_of("Z", s));
      });
    return forms;
  }

  // Spellings of a said word to build compounds with: as said, its variants and its
  // synonyms, so "kostet ... Wasser" meets "Wasserpreis" through the synonym "Preis".
  std::vector<std::string> spellings_of(const std::string& word,
                                        const std::vector<std::string>& forms) const {
    std::vector<std::string> out{word};
    for (const std::string& variant : inflection_variants(word)) add_unique(out, variant);
    for (const std::string& form : forms)
      if (auto syn = synonym_spellings.find(term_of("Z", form)); syn != synonym_spellings.end())
        for (const std::string& spelling : syn->second) add_unique(out, spelling);
    return out;
  }

  // Compounds the index knows that start with one of `first` and end with one of `second`,
  // with or without a linking element: "Preise" + "erhoeht" -> "Preiserhöhung",
  // "Abschlag" + "Zahlung" -> "Abschlagszahlung".
  void add_joined(const std::vector<std::string>& first, const std::vector<std::string>& second,
                  std::vector<std::string>& out) const {
    const auto is_known = [&](const std::string& s) { return known(s); };
    for (const std::string& a : first)
      for (const std::string& modifier : modifier_variants(a))
        for (const std::string& b : second) {
          add_unique(out, stemmer(modifier + b), is_known);
          if (!modifier.ends_with('s')) add_unique(out, stemmer(modifier + "s" + b), is_known);
        }
  }

  // A compound in the question, split where both parts are words of this index
  // ("stromzaehler" -> "strom", "zahl"; "weihnachtsgans" -> "weihnacht", "gan"); a long known
  // head alone when the first part is unknown. Longest head first.
  std::vector<std::string> compound_parts(const std::string& word) const {
    constexpr size_t kMinQueryHead = 3;  // "Gans": both parts must be known, so short is safe
    constexpr size_t kMinLoneHead = 7;
    constexpr size_t kMinLoneModifier = 6;
    if (word.size() < kMinModifier + kMinQueryHead) return {};
    for (size_t split = kMinModifier; split + kMinQueryHead <= word.size(); ++split) {
      const std::string head = stemmer(word.substr(split));
      if (!known(head)) continue;
      for (const std::string& modifier : modifier_variants(word.substr(0, split)))
        if (std::string stem = stemmer(modifier); known(stem)) return {std::move(stem), head};
      if (word.size() - split >= kMinLoneHead) return {head};
    }
    // A long known first part alone ("Rücksendeschein" -> "Rücksendung"); longest first.
    for (size_t split = word.size() - kMinQueryHead; split >= kMinLoneModifier; --split)
      for (const std::string& modifier : modifier_variants(word.substr(0, split)))
        if (std::string stem = stemmer(modifier); stem.size() >= kMinLoneModifier && known(stem))
          return {std::move(stem)};
    return {};
  }

  // The stems and the other stems of their synonym groups.
  std::vector<std::string> with_synonyms(const std::vector<std::string>& stems) const {
    std::vector<std::string> words = stems;
    for (size_t i = 0, n = words.size(); i < n; ++i)
      if (auto syn = synonyms.find(term_of("Z", words[i])); syn != synonyms.end())
        for (const std::string& other : syn->second) add_unique(words, other.substr(1));
    return words;
  }

  // Most articles a term may be in to be asked for: whole words, parts of compounds.
  struct DfLimits {
    Xapian::doccount words;
    Xapian::doccount parts;
  };

  // Everything one query word (as its stems) may match: the word itself, the same word inside
  // compounds and its synonyms; each in the body and, weighted by its own rarity there, in
  // title and tags. Terms in more articles than `limits` allow are left out (see query_for).
  Xapian::Query word_query(const std::vector<std::string>& stems, DfLimits limits) const {
    const std::vector<std::string> words = with_synonyms(stems);

    std::vector<Xapian::Query> groups;
    std::vector<Xapian::Query> alternatives;
    const auto add_group = [&](std::initializer_list<const char*> prefixes, double weight,
                               Xapian::doccount max_df) {
      alternatives.clear();
      for (const std::string& w : words)
        for (const char* prefix : prefixes) {
          const std::string t = term_of(prefix, w);
          const Xapian::doccount df = db.get_termfreq(t);
          if (df > 0 && df <= max_df) alternatives.emplace_back(t);
        }
      if (alternatives.empty()) return;
      groups.emplace_back(
          Xapian::Query::OP_SCALE_WEIGHT,
          Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end()),
          weight);
    };
    add_group({"Z"}, 1.0, limits.words);
    add_group({"H", "M"}, kPartWeight, limits.parts);
    add_group({"T"}, kTitleWeight, limits.words);
    add_group({"U", "V"}, kTitleWeight * kPartWeight, limits.parts);
    return Xapian::Query(Xapian::Query::OP_OR, groups.begin(), groups.end());
  }

  struct WordGroup {
    std::vector<std::string> stems;  // without prefix; the first names the group
    double weight = 1.0;
  };

  // What the question asks for, as groups of stems: each content word with its forms, the
  // parts of its compounds, compounds said as two words, separable verbs put together.
  std::vector<WordGroup> word_groups(std::string_view text) const {
    const std::vector<QueryWord> words = query_words(fold_german(clip_text(text, kMaxQueryBytes)));
    std::vector<WordGroup> groups;
    const auto add = [&](std::vector<std::string> stems, double weight) {
      for (WordGroup& g : groups)
        if (g.stems.front() == stems.front()) {
          g.weight = std::max(g.weight, weight);
          return;
        }
      groups.push_back(WordGroup{std::move(stems), weight});
    };

    // A separable verb the index knows stands for its base word: "buchen ... ab" asks for
    // "abbuchen", not for "buchen".
    std::vector<bool> replaced(words.size(), false);
    for (const SeparableVerb& v : separable_verbs(words))
      if (std::string stem = stemmer(v.verb); known(stem)) {
        add({std::move(stem)}, 1.0);
        replaced[v.base] = true;
      }
    std::vector<const QueryWord*> content;
    for (size_t i = 0; i < words.size(); ++i) {
      const QueryWord& w = words[i];
      if (w.stopword || replaced[i]) continue;
      bool seen = false;
      for (const QueryWord* c : content) seen = seen || c->text == w.text;
      if (!seen) content.push_back(&w);
    }
    std::vector<std::vector<std::string>> spellings;
    for (const QueryWord* w : content) {
      std::vector<std::string> forms = forms_of(w->text);
      spellings.push_back(spellings_of(w->text, forms));
      add(std::move(forms), 1.0);
      for (const std::string& part : compound_parts(w->text)) add({part}, kPartWeight);
    }
    // Two words close together in one clause may be a compound said apart: "Versand kosten",
    // "Kosten für den Versand", "Preise erhöht" (a word between them is allowed).
    for (size_t i = 0; i < content.size(); ++i)
      for (size_t j = i + 1; j < content.size() && j <= i + kJoinWindow; ++j) {
        if (content[i]->clause != content[j]->clause) continue;
        std::vector<std::string> joined;
        add_joined(spellings[i], spellings[j], joined);
        add_joined(spellings[j], spellings[i], joined);
        // Side by side they are likelier one thing than with a word between them.
        const double weight = j == i + 1 ? 1.0 : kPartWeight;
        for (std::string& stem : joined) add({std::move(stem)}, weight);
      }
    return groups;
  }

  // How many articles a group's rarest term is in (any prefix, synonyms too); n + 1 when none.
  Xapian::doccount rarity(const WordGroup& group, Xapian::doccount n) const {
    Xapian::doccount rarest = n + 1;
    for (const std::string& stem : with_synonyms(group.stems))
      for (const char* prefix : {"Z", "T", "H", "M"})
        if (const Xapian::doccount df = db.get_termfreq(term_of(prefix, stem)); df > 0)
          rarest = std::min(rarest, df);
    return rarest;
  }

  Xapian::Query query_for(std::string_view text) const {
    // Speed on large knowledge bases: a term in a large share of the articles barely changes
    // BM25's order (little weight) but walks the longest posting lists, so it is left out,
    // except for the rarest groups (a question of common words still finds something); and
    // only the rarest groups are asked for at all. Small knowledge bases keep every term:
    // their lists are short and common words still help there.
    const Xapian::doccount n = db.get_doccount();
    const bool large = n >= kCommonWordMinArticles;
    const auto common_df = static_cast<Xapian::doccount>(n * kCommonWordShare);
    const auto common_part_df = static_cast<Xapian::doccount>(n * kCommonPartShare);
    std::vector<std::pair<Xapian::doccount, WordGroup>> groups;
    for (WordGroup& g : word_groups(text)) {
      const Xapian::doccount r = rarity(g, n);
      if (r <= n) groups.emplace_back(r, std::move(g));
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (groups.size() > kMaxQueryGroups) groups.resize(kMaxQueryGroups);
    std::vector<Xapian::Query> queries;
    for (size_t i = 0; i < groups.size(); ++i) {
      const WordGroup& g = groups[i].second;
      const DfLimits limits{large && i >= kUncutGroups ? common_df : n, large ? common_part_df : n};
      Xapian::Query q = word_query(g.stems, limits);
      if (q.empty()) continue;
      if (g.weight != 1.0) q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, g.weight);
      queries.push_back(std::move(q));
    }
    return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
  }
};

KbIndex::KbIndex() : impl_(std::make_unique<Impl>()) {}
KbIndex::~KbIndex() = default;
KbIndex::KbIndex(KbIndex&&) noexcept = default;
KbIndex& KbIndex::operator=(KbIndex&&) noexcept = default;

Status KbIndex::put(const KbArticle& article) {
  if (!article.published) {
    remove(article.id);
    return ok_status();
  }
  try {
    Xapian::Document doc;
    doc.set_data(std::to_string(article.id));
    const std::string key = id_term(article.id);
    doc.add_boolean_term(key);
    Xapian::TermGenerator& g = impl_->indexer;
    g.set_document(doc);
    g.index_text_without_positions(fold_german(article.title), kTitleWdf);
    for (const std::string& tag : article.tags)
      g.index_text_without_positions(fold_german(tag), kTagWdf);
    g.index_text_without_positions(fold_german(article.category), kCategoryWdf);
    g.index_text_without_positions(fold_german(article.body), kBodyWdf);
    impl_->add_compound_parts(doc, 'Z', "H", "M");
    impl_->add_title_terms(doc, article);
    impl_->db.replace_document(key, doc);
    impl_->articles[article.id] =
        ArticleInfo{article.slug, article.title, spoken_summary(article.body)};
    return ok_status();
  } catch (const Xapian::Error& e) {
    return make_error(ErrorKind::internal, "knowledge index: " + e.get_description(), article.slug);
  }
}

bool KbIndex::remove(std::int64_t id) {
  if (impl_->articles.erase(id) == 0) return false;
  impl_->db.delete_document(id_term(id));
  return true;
}

bool KbIndex::contains(std::int64_t id) const {
  return impl_->articles.contains(id);
}

std::size_t KbIndex::size() const {
  return impl_->articles.size();
}

Status KbIndex::set_synonyms(const KbSynonyms& synonyms) {
  std::unordered_map<std::string, std::vector<std::string>> table;
  std::unordered_map<std::string, std::vector<std::string>> spelling_table;
  for (const auto& group : synonyms.groups) {
    std::vector<std::string> terms;
    for (const std::string& word : group) {
      const auto found = impl_->terms_of(word);
      if (found.size() != 1)
        return make_error(
            ErrorKind::invalid_input,
            found.empty() ? "a synonym must not be a stopword" : "a synonym must be a single word",
            word);
      terms.push_back(found.front());
    }
    std::vector<std::string> spellings;
    for (const std::string& word : group)
      for (const QueryWord& w : query_words(fold_german(word))) add_unique(spellings, w.text);
    for (const std::string& term : terms) {
      auto& known = spelling_table[term];
      for (const std::string& spelling : spellings) add_unique(known, spelling);
    }
    for (const std::string& term : terms) {
      auto& others = table[term];
      for (const std::string& other : terms)
        if (other != term && std::find(others.begin(), others.end(), other) == others.end())
          others.push_back(other);
    }
  }
  impl_->synonyms = std::move(table);
  impl_->synonym_spellings = std::move(spelling_table);
  return ok_status();
}

Result<std::vector<KbHit>> KbIndex::search(std::string_view query, std::size_t limit) const {
  std::vector<KbHit> hits;
  if (limit == 0 || impl_->articles.empty()) return hits;
  try {
    const Xapian::Query q = impl_->query_for(query);
    if (q.empty()) return hits;
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::int64_t id = std::stoll(it.get_document().get_data());
      const auto info = impl_->articles.find(id);
      if (info == impl_->articles.end()) continue;
      hits.push_back(KbHit{id, info->second.slug, info->second.title, it.get_weight(),
                           mset.convert_to_percent(it), info->second.summary});
    }
    return hits;
  } catch (const Xapian::Error& e) {
    return make_error(ErrorKind::internal, "knowledge search: " + e.get_description());
  } catch (const std::exception& e) {
    return make_error(ErrorKind::internal, std::string("knowledge search: ") + e.what());
  }
}

}  // namespace callwerk::kb

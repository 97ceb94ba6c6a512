#include "kb/kb_index.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include <xapian.h>

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
// BM25: k1 as usual; b below Xapian's 0.5 because long articles are long for being thorough,
// not for being off topic. Chosen on the demo question sets (tests/unit/kb_quality_test.cpp).
constexpr double kBm25K1 = 1.2;
constexpr double kBm25B = 0.3;
// Query weights: a word found in the title or tags counts this much more than in the body
// (on top of the title's own rarer terms, see add_title_terms),
// and a match on a compound's part or a longer word counts this fraction of a whole word.
constexpr double kTitleWeight = 1.0;
constexpr double kPartWeight = 0.5;

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

  // For each long word term with prefix `word_prefix`, adds its heads and modifiers.
  void add_compound_parts(Xapian::Document& doc, char word_prefix, const char* head_prefix,
                          const char* modifier_prefix) {
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string term = *it;
      if (term.size() > kMinCompound && term[0] == word_prefix)
        words.emplace_back(term, it.get_wdf());
    }
    for (const auto& [term, wdf] : words) {
      const std::string word = term.substr(1);
      for (size_t split = kMinModifier; split + kMinHead <= word.size(); ++split) {
        doc.add_term(term_of(head_prefix, std::string_view(word).substr(split)), wdf);
        doc.add_term(term_of(modifier_prefix, stemmer(word.substr(0, split))), wdf);
      }
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

  // The query's terms in the order they were said (stopwords dropped), each once.
  std::vector<std::string> ordered_terms_of(std::string_view text) {
    Xapian::Document scratch;
    indexer.set_document(scratch);
    indexer.index_text(fold_german(text));
    std::vector<std::pair<Xapian::termpos, std::string>> by_position;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
      auto pos = it.positionlist_begin();
      by_position.emplace_back(pos == it.positionlist_end() ? 0 : *pos, *it);
    }
    std::sort(by_position.begin(), by_position.end());
    std::vector<std::string> terms;
    for (auto& [pos, term] : by_position) terms.push_back(std::move(term));
    return terms;
  }

  // "Zstromzahl" -> {"Zstrom", "Zzahl"} when both parts are words of this index; the head
  // alone when only it is known and long enough to carry meaning. Longest head first.
  std::vector<std::string> compound_parts(const std::string& term) const {
    const std::string word = term.substr(1);
    if (word.size() < kMinModifier + kMinHead) return {};
    for (size_t split = kMinModifier; split + kMinHead <= word.size(); ++split) {
      const std::string head = term_of("Z", std::string_view(word).substr(split));
      if (!db.term_exists(head)) continue;
      std::string modifier = word.substr(0, split);
      for (const std::string& candidate :
           {modifier,
            modifier.ends_with('s') ? modifier.substr(0, modifier.size() - 1) : std::string()}) {
        if (candidate.size() < kMinModifier) continue;
        const std::string stemmed = term_of("Z", stemmer(candidate));
        if (db.term_exists(stemmed)) return {stemmed, head};
      }
      if (head.size() > kMinHead + 2) return {head};
    }
    return {};
  }

  // Everything one query word may match: the word itself, the same word inside compounds,
  // a verb's stem without the ending the stemmer leaves ("kostet" -> "kost") and its
  // synonyms; each in the body and, weighted by its own rarity there, in title and tags.
  Xapian::Query word_query(const std::string& term) const {
    std::vector<std::string> words{term.substr(1)};
    for (const char* ending : {"et", "t"}) {
      const std::string& w = words.front();
      if (w.size() > 4 && w.ends_with(ending)) {
        const std::string shorter = w.substr(0, w.size() - std::string_view(ending).size());
        if (db.term_exists(term_of("Z", shorter))) {
          words.push_back(shorter);
          break;
        }
      }
    }
    for (size_t i = 0, n = words.size(); i < n; ++i)
      if (auto syn = synonyms.find(term_of("Z", words[i])); syn != synonyms.end())
        for (const std::string& other : syn->second) words.push_back(other.substr(1));

    std::vector<Xapian::Query> groups;
    const auto add_group = [&](std::initializer_list<const char*> prefixes, double weight) {
      std::vector<Xapian::Query> alternatives;
      for (const std::string& w : words)
        for (const char* prefix : prefixes)
          if (const std::string t = term_of(prefix, w); db.term_exists(t))
            alternatives.emplace_back(t);
      if (alternatives.empty()) return;
      groups.emplace_back(
          Xapian::Query::OP_SCALE_WEIGHT,
          Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end()),
          weight);
    };
    add_group({"Z"}, 1.0);
    add_group({"H", "M"}, kPartWeight);
    add_group({"T"}, kTitleWeight);
    add_group({"U", "V"}, kTitleWeight * kPartWeight);
    return Xapian::Query(Xapian::Query::OP_OR, groups.begin(), groups.end());
  }

  Xapian::Query query_for(std::string_view text) {
    std::vector<Xapian::Query> parts;
    const std::vector<std::string> terms = ordered_terms_of(clip_text(text, kMaxQueryBytes));
    for (size_t i = 0; i < terms.size(); ++i) {
      const std::string& term = terms[i];
      parts.push_back(word_query(term));
      // Two words in a row may be a compound said apart: "Versand kosten" -> Versandkosten,
      // "Kosten für den Versand" -> Versandkosten.
      if (i + 1 < terms.size()) {
        const std::string& next = terms[i + 1];
        for (const std::string& joined : {term_of(term, std::string_view(next).substr(1)),
                                          term_of(next, std::string_view(term).substr(1))})
          if (db.term_exists(joined)) parts.push_back(word_query(joined));
      }
      // A compound in the question ("Stromzähler") also asks for its parts, at half weight.
      for (const std::string& part : compound_parts(term))
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, word_query(part), 0.5);
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
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
    for (const std::string& term : terms) {
      auto& others = table[term];
      for (const std::string& other : terms)
        if (other != term && std::find(others.begin(), others.end(), other) == others.end())
          others.push_back(other);
    }
  }
  impl_->synonyms = std::move(table);
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

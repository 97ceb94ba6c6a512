#pragma once
// One tenant's knowledge-base search: an in-memory Xapian database with German stemming,
// BM25 ranking, stopwords, umlaut folding, compound-word help and the tenant's synonyms.
//
// Tenant separation by construction: an index holds the articles of exactly one tenant, and
// a search sees nothing else (KbTenantIndexes keeps one index per tenant).
//
// Threads: a KbIndex is not thread-safe, not even for concurrent searches (Xapian objects
// are not). One thread owns it (the core thread); other threads post their searches to it.
//
// Query text is what a customer said or typed, not a query language: no operators, quotes
// or field prefixes are interpreted. Any input (empty, punctuation only, very long, invalid
// UTF-8) gives a result list, possibly empty; only an internal Xapian failure gives an Error.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "kb/kb_article.hpp"
#include "kb/kb_synonyms.hpp"

namespace callwerk::kb {

class KbIndex {
 public:
  // Longer queries are cut to this many bytes: no caller's question is longer, and it bounds
  // the work per query.
  static constexpr std::size_t kMaxQueryBytes = 1000;

  KbIndex();
  ~KbIndex();
  KbIndex(KbIndex&&) noexcept;
  KbIndex& operator=(KbIndex&&) noexcept;

  // Adds the article, or replaces the one with the same id. An unpublished article is
  // removed instead: drafts are never found.
  Status put(const KbArticle& article);
  // false when no article with this id was indexed.
  bool remove(std::int64_t id);
  bool contains(std::int64_t id) const;
  std::size_t size() const;

  // Replaces all synonym groups. A word that does not reduce to one search term (a
  // stopword, several words) is an error naming that word; nothing is changed then.
  Status set_synonyms(const KbSynonyms& synonyms);

  // Ranked hits, best first, at most `limit`.
  Result<std::vector<KbHit>> search(std::string_view query, std::size_t limit = 5) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace callwerk::kb

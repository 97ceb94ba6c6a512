#pragma once
// The knowledge-base search of the API tests: the real per-tenant Xapian indexes (src/kb)
// behind the HTTP port, filled by the tests themselves. The app's KbService, which fills them
// from the store, is tested in tests/unit/app_kb_service_test.cpp; here the HTTP side is.

#include <map>
#include <mutex>
#include <stdexcept>

#include "http/kb_searcher.hpp"
#include "kb/kb_tenant_indexes.hpp"

namespace callwerk::test {

inline kb::KbArticle test_article(std::int64_t id, std::string slug, std::string title,
                                  std::string category, std::string body,
                                  std::vector<std::string> tags = {}) {
  kb::KbArticle article;
  article.id = id;
  article.slug = std::move(slug);
  article.title = std::move(title);
  article.category = std::move(category);
  article.body = std::move(body);
  article.tags = std::move(tags);
  return article;
}

class TestKbSearcher final : public http::KbSearcher {
 public:
  void put(std::int64_t tenant_id, const kb::KbArticle& article) {
    std::lock_guard lock(mutex_);
    if (Status s = indexes_.index(tenant_id).put(article); !s)
      throw std::runtime_error("kb put: " + s.error().describe());
    categories_[article.id] = article.category;
  }

  Result<std::vector<http::KbSearchHit>> search(std::int64_t tenant_id, std::string_view query,
                                                std::size_t limit) override {
    std::lock_guard lock(mutex_);
    ++calls_;
    auto hits = indexes_.search(tenant_id, query, limit);
    if (!hits) return hits.error();
    std::vector<http::KbSearchHit> out;
    for (const kb::KbHit& hit : *hits)
      out.push_back(
          {hit.id, hit.slug, hit.title, categories_[hit.id], hit.score, hit.percent, hit.summary});
    return out;
  }

  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  kb::KbTenantIndexes indexes_;
  std::map<std::int64_t, std::string> categories_;
  int calls_ = 0;
};

}  // namespace callwerk::test

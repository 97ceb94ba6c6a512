#pragma once
// The knowledge-base search of the running server: one Xapian index per tenant (src/kb),
// built from the store at start and kept current from committed store events, searched by
// the HTTP threads (GET /api/v1/kb/search) and by the voice channel (answer nodes).
//
// Threads: a KbIndex is not thread-safe, so each tenant's index has its own mutex; a search
// holds it for about a millisecond. Changes are applied in the store writer's event sink,
// before the writer reports the write as done: an article saved through the API is found
// by the very next search. Indexing one article takes about a millisecond of the writer's
// time; articles change rarely.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/kb_searcher.hpp"
#include "kb/kb_index.hpp"
#include "store/store.hpp"

namespace callwerk::app {

class KbService final : public http::KbSearcher {
 public:
  // Builds the index of every tenant from its published articles and synonym groups (read in
  // pages); logs the time each tenant took.
  static Result<std::unique_ptr<KbService>> load(store::StoreReader& reader);

  KbService() = default;
  KbService(const KbService&) = delete;
  KbService& operator=(const KbService&) = delete;

  // Thread-safe. Only `tenant_id`'s own articles; an unknown tenant gets an empty list.
  Result<std::vector<http::KbSearchHit>> search(std::int64_t tenant_id, std::string_view query,
                                                std::size_t limit) override;

  // Applies a committed change of an article or a synonym group (events "kb_article.*" and
  // "kb_synonym_group.*"; others are ignored). Thread-safe; meant for the writer's event sink.
  void apply(const store::StoredEvent& event);

 private:
  struct Tenant {
    std::mutex mutex;  // guards everything below
    kb::KbIndex index;
    std::map<std::int64_t, std::string> categories;  // KbHit has none; the API shows it
    std::map<std::int64_t, std::vector<std::string>> synonym_groups;  // by row id
  };

  Tenant& tenant(std::int64_t tenant_id);
  Tenant* find(std::int64_t tenant_id);
  // With the tenant's mutex held. Rows are API JSON as the store returns them.
  static void put_article_locked(Tenant& tenant, std::int64_t tenant_id, const store::Json& row);
  static void remove_article_locked(Tenant& tenant, std::int64_t id);
  static void apply_synonyms_locked(Tenant& tenant, std::int64_t tenant_id);
  Status load_tenant(store::StoreReader& reader, std::int64_t tenant_id);

  std::shared_mutex tenants_mutex_;  // guards the map; a Tenant is never removed
  std::map<std::int64_t, std::unique_ptr<Tenant>> tenants_;
};

}  // namespace callwerk::app

#include "app/kb_service.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace callwerk::app {

namespace {

using store::Json;

std::string text_of(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t id_of(const Json& row) {
  const auto it = row.find("id");
  return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// The store keeps tags as one text, joined with ", " by the importer and the UI.
std::vector<std::string> split_tags(const std::string& joined) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find(',', start);
    if (end == std::string::npos) end = joined.size();
    const std::size_t first = joined.find_first_not_of(' ', start);
    if (first != std::string::npos && first < end) {
      const std::size_t last = joined.find_last_not_of(' ', end - 1);
      tags.push_back(joined.substr(first, last - first + 1));
    }
    start = end + 1;
  }
  return tags;
}

kb::KbArticle article_of(const Json& row) {
  kb::KbArticle article;
  article.id = id_of(row);
  article.slug = text_of(row, "slug");
  article.title = text_of(row, "title");
  article.category = text_of(row, "category");
  article.tags = split_tags(text_of(row, "tags"));
  article.body = text_of(row, "body");
  if (const std::string language = text_of(row, "language"); !language.empty())
    article.language = language;
  const auto published = row.find("published");
  // The column defaults to published; only an explicit false hides an article.
  article.published = published == row.end() || !published->is_boolean() || published->get<bool>();
  return article;
}

std::vector<std::string> words_of(const Json& row) {
  std::vector<std::string> words;
  const auto it = row.find("words");
  if (it == row.end() || !it->is_array()) return words;
  for (const Json& word : *it)
    if (word.is_string()) words.push_back(word.get<std::string>());
  return words;
}

// Every row of one tenant's entity matching `equals`, page by page.
template <typename Visit>
Status for_each_row(store::StoreReader& reader, const char* entity, std::int64_t tenant_id,
                    std::vector<std::pair<std::string, std::string>> equals, Visit&& visit) {
  const store::EntitySpec* spec = store::find_entity(entity);
  if (spec == nullptr) return make_error(ErrorKind::internal, std::string("no entity ") + entity);
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 500;
  query.sort = "id";
  query.descending = false;
  query.equals = std::move(equals);
  for (;;) {
    auto page = reader.list(*spec, query);
    if (!page) return page.error();
    for (const Json& row : page->items) visit(row);
    if (page->items.size() < static_cast<std::size_t>(query.limit)) return ok_status();
    query.offset += query.limit;
  }
}

}  // namespace

Result<std::unique_ptr<KbService>> KbService::load(store::StoreReader& reader) {
  auto service = std::make_unique<KbService>();
  auto tenants = reader.tenants();
  if (!tenants) return tenants.error();
  for (const Json& tenant : *tenants) {
    if (Status s = service->load_tenant(reader, id_of(tenant)); !s) return s.error();
  }
  return service;
}

Status KbService::load_tenant(store::StoreReader& reader, std::int64_t tenant_id) {
  const auto started = std::chrono::steady_clock::now();
  Tenant& t = tenant(tenant_id);
  std::lock_guard lock(t.mutex);
  std::size_t articles = 0;
  if (Status s = for_each_row(reader, "kb", tenant_id, {{"published", "true"}},
                              [&](const Json& row) {
                                put_article_locked(t, tenant_id, row);
                                ++articles;
                              });
      !s)
    return s;
  if (Status s =
          for_each_row(reader, "kb_synonyms", tenant_id, {},
                       [&](const Json& row) { t.synonym_groups[id_of(row)] = words_of(row); });
      !s)
    return s;
  apply_synonyms_locked(t, tenant_id);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  spdlog::info("kb: tenant {}: {} articles and {} synonym groups indexed in {} ms", tenant_id,
               articles, t.synonym_groups.size(), ms);
  return ok_status();
}

KbService::Tenant& KbService::tenant(std::int64_t tenant_id) {
  if (Tenant* found = find(tenant_id)) return *found;
  std::unique_lock lock(tenants_mutex_);
  auto& slot = tenants_[tenant_id];
  if (!slot) slot = std::make_unique<Tenant>();
  return *slot;
}

KbService::Tenant* KbService::find(std::int64_t tenant_id) {
  std::shared_lock lock(tenants_mutex_);
  const auto it = tenants_.find(tenant_id);
  return it == tenants_.end() ? nullptr : it->second.get();
}

Result<std::vector<http::KbSearchHit>> KbService::search(std::int64_t tenant_id,
                                                         std::string_view query,
                                                         std::size_t limit) {
  std::vector<http::KbSearchHit> out;
  Tenant* t = find(tenant_id);
  if (t == nullptr) return out;
  std::lock_guard lock(t->mutex);
  auto hits = t->index.search(query, limit);
  if (!hits) return hits.error();
  out.reserve(hits->size());
  for (kb::KbHit& hit : *hits) {
    const auto category = t->categories.find(hit.id);
    out.push_back(
        http::KbSearchHit{hit.id, std::move(hit.slug), std::move(hit.title),
                          category == t->categories.end() ? std::string() : category->second,
                          hit.score, hit.percent, std::move(hit.summary)});
  }
  return out;
}

void KbService::apply(const store::StoredEvent& event) {
  const std::string_view type = event.type;
  const bool article = type.starts_with("kb_article.");
  const bool synonyms = type.starts_with("kb_synonym_group.");
  if (!article && !synonyms) return;
  const bool deleted = type.ends_with(".deleted");
  Tenant& t = tenant(event.tenant_id);
  std::lock_guard lock(t.mutex);
  if (article) {
    if (deleted)
      remove_article_locked(t, id_of(event.data));
    else
      put_article_locked(t, event.tenant_id, event.data);
    return;
  }
  if (deleted)
    t.synonym_groups.erase(id_of(event.data));
  else
    t.synonym_groups[id_of(event.data)] = words_of(event.data);
  apply_synonyms_locked(t, event.tenant_id);
}

void KbService::put_article_locked(Tenant& tenant, std::int64_t tenant_id, const Json& row) {
  const kb::KbArticle article = article_of(row);
  if (Status s = tenant.index.put(article); !s) {
    // The previous version stays findable rather than nothing; the log says why.
    spdlog::error("kb: tenant {}: article {} ('{}') not indexed: {}", tenant_id, article.id,
                  article.slug, s.error().describe());
    return;
  }
  if (article.published)
    tenant.categories[article.id] = article.category;
  else
    tenant.categories.erase(article.id);
}

void KbService::remove_article_locked(Tenant& tenant, std::int64_t id) {
  tenant.index.remove(id);
  tenant.categories.erase(id);
}

void KbService::apply_synonyms_locked(Tenant& tenant, std::int64_t tenant_id) {
  // The store checks that entries are single words; whether a word is a stopword only the
  // index knows. Such a group is left out (and logged) instead of costing the whole tenant
  // its synonyms.
  kb::KbSynonyms usable;
  for (const auto& [id, words] : tenant.synonym_groups) {
    if (Status s = tenant.index.set_synonyms(kb::KbSynonyms{{words}}); !s) {
      spdlog::warn("kb: tenant {}: synonym group {} left out: {}", tenant_id, id,
                   s.error().describe());
      continue;
    }
    usable.groups.push_back(words);
  }
  if (Status s = tenant.index.set_synonyms(usable); !s)
    spdlog::error("kb: tenant {}: synonyms not applied: {}", tenant_id, s.error().describe());
}

}  // namespace callwerk::app

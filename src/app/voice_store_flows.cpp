// The voice channel's view of a tenant's flows, contacts and knowledge base beyond the caller's
// number: the published flows compiled into one interpreter, contacts found by customer number,
// and the best article for an answer node.
#include <spdlog/spdlog.h>

#include <map>

#include "app/import_fields.hpp"
#include "app/kb_service.hpp"
#include "app/voice_store_adapters.hpp"
#include "flow/flow_validator.hpp"

namespace callwerk::app {

namespace {

std::string text_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t int_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

std::optional<voice::CallerContact> StoreVoiceDirectory::contact_by_customer_number(
    int64_t tenant_id, const std::string& number) {
  if (number.empty()) return std::nullopt;
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 2;
  query.equals.emplace_back("customer_number", number);
  auto page = reader_->list(entity_spec("contacts"), query);
  if (!page || page->items.size() != 1) return std::nullopt;  // none, or not unique
  const Json& row = page->items[0];
  std::string name = text_field(row, "first_name");
  const std::string last = text_field(row, "last_name");
  if (!last.empty()) name = name.empty() ? last : name + " " + last;
  if (name.empty()) name = text_field(row, "company");
  return voice::CallerContact{int_field(row, "id"), name, number};
}

flow::KbSearchResult StoreVoiceDirectory::search_kb(int64_t tenant_id, const std::string& query) {
  flow::KbSearchResult result;
  if (kb_ == nullptr) return result;
  auto hits = kb_->search(tenant_id, query, 1);
  if (!hits) {
    spdlog::error("voice: knowledge-base search of tenant {}: {}", tenant_id,
                  hits.error().describe());
    return result;
  }
  if (hits->empty()) return result;
  const http::KbSearchHit& best = hits->front();
  result.found = true;
  result.article_id = std::to_string(best.id);
  result.title = best.title;
  result.summary = best.summary;
  result.score = best.score;
  return result;
}

std::shared_ptr<const flow::FlowInterpreter> StoreVoiceDirectory::flows(int64_t tenant_id) {
  TenantFlows& cached = flows_[tenant_id];
  const TimeMs now = now_ms();
  if (cached.interpreter && now - cached.checked_at < kRecheckMs) return cached.interpreter;
  cached.checked_at = now;

  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 500;
  query.equals.emplace_back("published", "true");
  auto page = reader_->list(entity_spec("flows"), query);
  if (!page) {
    spdlog::error("voice: reading the flows of tenant {}: {}", tenant_id, page.error().describe());
    return cached.interpreter;
  }
  // The newest published version of each name runs.
  std::map<std::string, const Json*> newest;
  for (const Json& row : page->items) {
    const Json*& slot = newest[text_field(row, "name")];
    if (slot == nullptr || int_field(row, "version") > int_field(*slot, "version")) slot = &row;
  }
  std::string signature;
  for (const auto& [name, row] : newest)
    signature += fmt::format("{}:{}:{}:{};", name, int_field(*row, "id"),
                             int_field(*row, "version"), row->value("updated_at", Json()).dump());
  if (cached.interpreter && signature == cached.signature) return cached.interpreter;

  flow::FlowLibrary library;
  flow::FlowValidationContext context;
  context.flows.emplace();
  for (const auto& [name, row] : newest) context.flows->insert(name);
  context.channels = {flow::Channel::voice};
  for (const auto& [name, row] : newest) {
    const std::string file = name + ".yaml";
    auto loaded = flow::load_valid_flow(text_field(*row, "source"), file, context);
    if (!loaded) {
      // Published flows were validated when saved; one that fails now (a flow it jumps to
      // was unpublished) is left out and the number using it answers 480, with this log.
      spdlog::error("voice: flow '{}' of tenant {} cannot run on the phone: {}", name, tenant_id,
                    loaded.error().describe());
      continue;
    }
    loaded->name = name;
    library.add(std::move(*loaded));
  }
  cached.signature = std::move(signature);
  cached.interpreter = std::make_shared<const flow::FlowInterpreter>(std::move(library));
  return cached.interpreter;
}

}  // namespace callwerk::app

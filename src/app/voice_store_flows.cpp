// The voice channel's view of a tenant's flows, contacts and knowledge base beyond the caller's
// number: the published flows compiled into one interpreter, contacts found by customer number,
// orders by their number, and the best article for an answer node.
#include <spdlog/spdlog.h>

#include "app/import_fields.hpp"
#include "app/json_fields.hpp"
#include "app/kb_service.hpp"
#include "app/voice_store_adapters.hpp"
#include "app/webhook_client.hpp"
#include "store/unique_lookup.hpp"

namespace callwerk::app {

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
  return voice::CallerContact{
      int_field(row, "id"),   name, number, text_field(row, "street"), text_field(row, "postcode"),
      text_field(row, "city")};
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
  return flows_.get(*reader_, tenant_id);
}

void StoreVoiceDirectory::call_webhook(const flow::CallWebhook& request,
                                       std::function<void(flow::WebhookResult)> done) {
  if (webhooks_ == nullptr) return VoiceDirectory::call_webhook(request, std::move(done));
  webhooks_->post(request, std::move(done));
}

std::optional<int64_t> StoreVoiceDirectory::order_by_number(int64_t tenant_id,
                                                            const std::string& number) {
  return store::unique_id_where(*reader_, "orders", tenant_id, "order_number", number);
}

std::optional<int64_t> StoreVoiceDirectory::queue_by_name(int64_t tenant_id,
                                                          const std::string& name) {
  return store::unique_id_where(*reader_, "queues", tenant_id, "name", name);
}

}  // namespace callwerk::app

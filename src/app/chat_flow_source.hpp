#pragma once
// The web chat's flows: the tenant's published flows compiled for the chat channel
// (TenantFlowCache with Channel::chat) behind a lock, with a reader of its own, so that every
// HTTP thread may ask. A chat opens with one short look-up; the cache re-reads the store at
// most every TenantFlowCache::kRecheckMs. The editor's test chat (trial) runs one stored version
// with the cached published flows and their catalog.

#include <memory>
#include <mutex>
#include <string>

#include "app/tenant_flows.hpp"
#include "app/webhook_client.hpp"
#include "http/chat_flows.hpp"

namespace callwerk::app {

class ChatFlowSource final : public http::ChatFlows {
 public:
  // `webhooks` (null: webhooks fail) must outlive the source.
  explicit ChatFlowSource(std::unique_ptr<store::StoreReader> reader,
                          WebhookClient* webhooks = nullptr)
      : reader_(std::move(reader)), cache_(flow::Channel::chat), webhooks_(webhooks) {}

  void call_webhook(const flow::CallWebhook& request,
                    std::function<void(flow::WebhookResult)> done) override {
    if (webhooks_ == nullptr) return ChatFlows::call_webhook(request, std::move(done));
    webhooks_->post(request, std::move(done));
  }

  std::shared_ptr<const flow::FlowInterpreter> interpreter(std::int64_t tenant_id) override {
    std::lock_guard lock(mutex_);
    return cache_.get(*reader_, tenant_id);
  }

  Result<std::shared_ptr<const flow::FlowInterpreter>> trial(std::int64_t tenant_id,
                                                             const std::string& name,
                                                             const std::string& source) override {
    std::shared_ptr<const flow::FlowInterpreter> published;
    std::shared_ptr<const flow::ProductCatalog> catalog;
    {
      std::lock_guard lock(mutex_);
      published = cache_.get(*reader_, tenant_id);
      if (published) {
        catalog = std::make_shared<const flow::ProductCatalog>(published->library().catalog());
      } else if (auto loaded = load_product_catalog(*reader_, tenant_id)) {
        // Nothing published yet: the first flow of a tenant is tried with its products too.
        catalog = std::make_shared<const flow::ProductCatalog>(std::move(*loaded));
      }
    }
    return http::build_trial_interpreter(published.get(), std::move(catalog), name, source);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<store::StoreReader> reader_;
  TenantFlowCache cache_;
  WebhookClient* webhooks_;
};

}  // namespace callwerk::app

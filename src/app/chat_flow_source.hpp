#pragma once
// The web chat's flows: the tenant's published flows compiled for the chat channel
// (TenantFlowCache with Channel::chat) behind a lock, with a reader of its own, so that every
// HTTP thread may ask. A chat opens with one short look-up; the cache re-reads the store at
// most every TenantFlowCache::kRecheckMs.

#include <memory>
#include <mutex>

#include "app/tenant_flows.hpp"
#include "http/chat_flows.hpp"

namespace callwerk::app {

class ChatFlowSource final : public http::ChatFlows {
 public:
  explicit ChatFlowSource(std::unique_ptr<store::StoreReader> reader)
      : reader_(std::move(reader)), cache_(flow::Channel::chat) {}

  std::shared_ptr<const flow::FlowInterpreter> interpreter(std::int64_t tenant_id) override {
    std::lock_guard lock(mutex_);
    return cache_.get(*reader_, tenant_id);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<store::StoreReader> reader_;
  TenantFlowCache cache_;
};

}  // namespace callwerk::app

#pragma once
// A tenant's published flows and product catalog, compiled into one interpreter for a channel.
// The newest published version of each flow name runs; a conversation keeps the interpreter
// it started with, so publishing a new version or changing a price never changes a running
// call or chat. Checked against the store at most every kRecheckMs, so a burst of calls costs
// no reads, and rebuilt only when a flow or a product changed.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "flow/flow_interpreter.hpp"
#include "store/store.hpp"

namespace callwerk::app {

// Not thread-safe: one cache per thread, each with its own reader.
class TenantFlowCache {
 public:
  static constexpr TimeMs kRecheckMs = 2000;

  // `channel` decides which flows are valid (free text cannot be typed on a phone).
  explicit TenantFlowCache(flow::Channel channel) : channel_(channel) {}

  // Null when the tenant has no published flow that loads.
  std::shared_ptr<const flow::FlowInterpreter> get(store::StoreReader& reader, int64_t tenant_id);

 private:
  struct Compiled {
    std::string signature;  // what the flows and the catalog were built from
    TimeMs checked_at = 0;
    bool built = false;  // also when it came out empty (interpreter null)
    std::shared_ptr<const flow::FlowInterpreter> interpreter;
  };

  flow::Channel channel_;
  std::unordered_map<int64_t, Compiled> tenants_;
};

// The tenant's active products as the order node offers them, in catalog order (by SKU).
Result<flow::ProductCatalog> load_product_catalog(store::StoreReader& reader, int64_t tenant_id);

}  // namespace callwerk::app

#pragma once
// The knowledge bases of all tenants: one KbIndex per tenant, so a search can only ever see
// the articles of the tenant it names. Same threading rule as KbIndex: one owning thread.

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "kb/kb_index.hpp"

namespace callwerk::kb {

class KbTenantIndexes {
 public:
  using TenantId = std::int64_t;

  // The tenant's index, created empty on first use.
  KbIndex& index(TenantId tenant);
  // nullptr when the tenant has no index yet.
  const KbIndex* find(TenantId tenant) const;
  // Drops a tenant's index (tenant deleted, or before a full reload).
  void drop(TenantId tenant);

  // A tenant without an index has no articles: an empty list, not an error.
  Result<std::vector<KbHit>> search(TenantId tenant, std::string_view query,
                                    std::size_t limit = 5) const;

 private:
  std::map<TenantId, KbIndex> indexes_;
};

}  // namespace callwerk::kb

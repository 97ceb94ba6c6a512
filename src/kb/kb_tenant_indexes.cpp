#include "kb/kb_tenant_indexes.hpp"

namespace callwerk::kb {

KbIndex& KbTenantIndexes::index(TenantId tenant) {
  return indexes_[tenant];
}

const KbIndex* KbTenantIndexes::find(TenantId tenant) const {
  const auto it = indexes_.find(tenant);
  return it == indexes_.end() ? nullptr : &it->second;
}

void KbTenantIndexes::drop(TenantId tenant) {
  indexes_.erase(tenant);
}

Result<std::vector<KbHit>> KbTenantIndexes::search(TenantId tenant, std::string_view query,
                                                   std::size_t limit) const {
  const KbIndex* index = find(tenant);
  if (index == nullptr) return std::vector<KbHit>{};
  return index->search(query, limit);
}

}  // namespace callwerk::kb

#include "store/live_calls.hpp"

namespace callwerk::store {

namespace {

// Calls that never end (a crashed channel) must not grow the map without bound.
constexpr std::size_t kMaxLiveCalls = 100000;

}  // namespace

Json* LiveCalls::find(Id tenant_id, Id interaction_id) {
  const auto it = by_id_.find(interaction_id);
  if (it == by_id_.end() || it->second.tenant_id != tenant_id) return nullptr;
  return &it->second.entity;
}

void LiveCalls::keep(Id tenant_id, Id interaction_id, Json entity) {
  if (by_id_.size() >= kMaxLiveCalls && !by_id_.contains(interaction_id)) by_id_.clear();
  by_id_[interaction_id] = Live{tenant_id, std::move(entity)};
}

void LiveCalls::forget_for(std::string_view entity, Id id) {
  if (entity == "interactions") {
    forget(id);
  } else if (entity == "contacts" || entity == "users" || entity == "queues") {
    // Their names are joined into interactions (entity_query.cpp: contact_name, agent_name,
    // queue_name): a rename changes every kept interaction that points at them.
    forget_all();
  }
}

}  // namespace callwerk::store

#include "http/desk_scripts.hpp"

namespace callwerk::http {

std::shared_ptr<DeskScript> DeskScripts::find(store::Id tenant_id, store::Id user_id) const {
  std::lock_guard lock(mutex_);
  const auto it = scripts_.find({tenant_id, user_id});
  return it == scripts_.end() ? nullptr : it->second;
}

std::shared_ptr<DeskScript> DeskScripts::put(store::Id tenant_id, store::Id user_id,
                                             std::shared_ptr<DeskScript> script) {
  std::lock_guard lock(mutex_);
  auto& slot = scripts_[{tenant_id, user_id}];
  std::swap(slot, script);
  return script;
}

std::int64_t DeskScripts::next_id() {
  std::lock_guard lock(mutex_);
  return ++last_id_;
}

}  // namespace callwerk::http

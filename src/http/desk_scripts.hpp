#pragma once
// The agent desktop's running guided scripts (desk_script.hpp), one per agent: kept with the
// server's shared state, since an agent's requests arrive on any HTTP thread.

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "store/store.hpp"

namespace callwerk::http {

class DeskScript;

class DeskScripts {
 public:
  // Thread-safe.
  std::shared_ptr<DeskScript> find(store::Id tenant_id, store::Id user_id) const;
  // Sets the agent's script; answers the one it replaces (null when none).
  std::shared_ptr<DeskScript> put(store::Id tenant_id, store::Id user_id,
                                  std::shared_ptr<DeskScript> script);
  std::int64_t next_id();

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<store::Id, store::Id>, std::shared_ptr<DeskScript>> scripts_;
  std::int64_t last_id_ = 0;
};

}  // namespace callwerk::http

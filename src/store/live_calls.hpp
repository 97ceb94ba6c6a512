#pragma once
// The interactions of running calls as the API shows them, kept by the writer so that
// WriteContext::update_call() builds its audit entry and event from memory instead of reading
// the row before and after. An entry is only as good as the knowledge that nothing else wrote
// the row or the names joined into it: the write context forgets entries on every other write
// that could change them (forget_for) and after every rollback (forget_all).

#include <string_view>
#include <unordered_map>

#include "store/store.hpp"

namespace callwerk::store {

class LiveCalls {
 public:
  // The interaction as fetch_entity() would return it now, or null when not kept.
  Json* find(Id tenant_id, Id interaction_id);
  void keep(Id tenant_id, Id interaction_id, Json entity);
  void forget(Id interaction_id) { by_id_.erase(interaction_id); }
  void forget_all() { by_id_.clear(); }
  // After create/update/remove of `entity` through the generic path.
  void forget_for(std::string_view entity, Id id);

  std::size_t size() const { return by_id_.size(); }

 private:
  struct Live {
    Id tenant_id = 0;
    Json entity;
  };
  std::unordered_map<Id, Live> by_id_;
};

}  // namespace callwerk::store

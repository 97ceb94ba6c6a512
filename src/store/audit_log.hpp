#pragma once
// The audit log: who changed what, when. Append-only (triggers in the schema).

#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

Status write_audit(SqliteConnection& db, std::optional<Id> tenant_id, const Actor& actor,
                   const std::string& action, const std::string& entity,
                   std::optional<Id> entity_id, const Json& changes);

// Filters: entity, action, user_id; `text` matches actor, entity and action; time on `at`.
Result<ListPage> list_audit(SqliteConnection& db, const ListQuery& query);

}  // namespace callwerk::store

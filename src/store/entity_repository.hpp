#pragma once
// Writes entities of the catalog: validates API JSON against the EntitySpec, applies the
// entity-specific rules (phone numbers, order lines and totals, generated numbers) and writes
// the row and its children. Audit entries and events are the caller's (the write context's).

#include "core/result.hpp"
#include "store/catalog.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

struct EntityChange {
  Json before;  // null on create
  Json after;   // null on remove
};

// `times`: historical created_at / updated_at of an import; empty: now.
Result<EntityChange> create_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                   const Json& input, const Actor& actor,
                                   const std::optional<HistoricalTimes>& times = std::nullopt);
Result<EntityChange> update_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                   Id id, const Json& patch, const Actor& actor);
Result<EntityChange> remove_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                   Id id);

}  // namespace callwerk::store

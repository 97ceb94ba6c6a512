#pragma once
// The few rules that are specific to one entity and cannot be expressed in the catalog:
// E.164 numbers of contact phones, order lines priced from products, order totals, and who
// created an order.

#include <string>

#include "core/result.hpp"
#include "store/catalog.hpp"
#include "store/entity_codec.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

// Completes one validated child row (e.g. computes number_e164, line_total_cents).
Status apply_child_rules(SqliteConnection& db, Id tenant_id, const EntitySpec& entity,
                         const ChildSpec& child, Columns& row, const std::string& location);

// Completes the entity's own columns before insert/update. `now` is the write's time (a
// historical record's created_at on import): what is "due at once" is due then.
Status apply_entity_rules(Columns& columns, const EntitySpec& entity, const Actor& actor,
                          bool creating, TimeMs now);

// Derived values that depend on the children (order total), after every write.
Status after_entity_write(SqliteConnection& db, const EntitySpec& entity, Id id);

// Consequences of an update beyond the row itself; `changed` are the columns written.
Status after_entity_update(SqliteConnection& db, const EntitySpec& entity, Id id,
                           const Json& before, const Columns& changed);

}  // namespace callwerk::store

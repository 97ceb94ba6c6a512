#pragma once
// Read queries over the catalog: one object by id, and filtered, sorted, paginated lists.
// Every query is bound to one tenant. Used by the reader and, for the objects it returns and
// audits, by the writer.

#include "core/result.hpp"
#include "store/catalog.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

// The object as the API shows it (no secrets, children as arrays, joined names);
// another tenant's id is not_found.
Result<Json> fetch_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id, Id id);

Result<ListPage> list_entities(SqliteConnection& db, const EntitySpec& entity,
                               const ListQuery& query);

// "abc%_" -> "%abc\%\_%" for LIKE ... ESCAPE '\'.
std::string like_pattern(const std::string& text);
// like_pattern() of the folded text, for `cw_fold(column) LIKE ? ESCAPE '\'`: search is
// case-insensitive beyond ASCII ("müller" finds "Müller").
std::string folded_like_pattern(const std::string& text);

// limit 1..500, offset >= 0.
Status check_page(const ListQuery& query);

}  // namespace callwerk::store

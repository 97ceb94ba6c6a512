#pragma once
// Versioned schema migrations. The SQL lives in src/store/sql/NNNN_name.sql and is embedded
// into the binary at build time (sql/embed_sql.cmake), so there is one source of truth.

#include <limits>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

struct Migration {
  int version = 0;
  std::string_view name;  // file name
  std::string_view sql;
};

// Ordered by version; generated.
const std::vector<Migration>& embedded_migrations();

// The version recorded in schema_migrations; 0 for an empty database.
Result<int> schema_version(SqliteConnection& db);

// Applies the pending migrations up to `target_version`, each in its own transaction.
// A database newer than this binary is an error (conflict).
Result<MigrationReport> apply_migrations(SqliteConnection& db,
                                         int target_version = std::numeric_limits<int>::max());

}  // namespace callwerk::store

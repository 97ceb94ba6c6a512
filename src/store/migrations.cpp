#include "store/migrations.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"

namespace callwerk::store {

namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

Result<int> read_version(SqliteConnection& db) {
  auto exists =
      query_int(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'");
  if (!exists) return exists.error();
  if (!exists->has_value()) return 0;
  auto version = query_int(db, "SELECT MAX(version) FROM schema_migrations");
  if (!version) return version.error();
  return static_cast<int>(version->value_or(0));
}

Error too_new(int found) {
  return make_error(ErrorKind::conflict,
                    fmt::format("the database has schema version {}, newer than this program "
                                "knows ({}); use a newer callwerk",
                                found, latest_schema_version()));
}

Status apply_one(SqliteConnection& db, const Migration& migration) {
  if (Status s = db.exec(migration.sql); !s) {
    Error e = s.error();
    e.message = fmt::format("migration {} failed: {}", migration.name, e.message);
    return e;
  }
  auto insert = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
  if (!insert) return insert.error();
  insert->bind(1, std::int64_t{migration.version}).bind(2, now_ms());
  return insert->run();
}

}  // namespace

int latest_schema_version() {
  const auto& all = embedded_migrations();
  return all.empty() ? 0 : all.back().version;
}

Result<int> schema_version(SqliteConnection& db) {
  return read_version(db);
}

Result<MigrationReport> apply_migrations(SqliteConnection& db, int target_version) {
  if (Status s = db.exec(kCreateMigrationsTable); !s) return s.error();
  auto initial = read_version(db);
  if (!initial) return initial.error();
  if (*initial > latest_schema_version()) return too_new(*initial);
  MigrationReport report{*initial, *initial};
  for (const Migration& migration : embedded_migrations()) {
    if (migration.version > target_version) break;
    // BEGIN IMMEDIATE takes the write lock before the version is re-read, so two processes
    // migrating at once cannot both apply the same step.
    if (Status s = db.exec("BEGIN IMMEDIATE"); !s) return s.error();
    auto current = read_version(db);
    Status applied = ok_status();
    if (!current) {
      applied = current.error();
    } else if (migration.version > *current) {
      applied = apply_one(db, migration);
    }
    if (!applied) {
      (void)db.exec("ROLLBACK");
      return applied.error();
    }
    if (Status s = db.exec("COMMIT"); !s) {
      (void)db.exec("ROLLBACK");
      return s.error();
    }
    report.to_version = std::max(report.to_version, migration.version);
  }
  return report;
}

Result<MigrationReport> migrate(const std::string& path) {
  auto db = SqliteConnection::open(path, ConnectionOptions{});
  if (!db) return db.error();
  return apply_migrations(**db);
}

}  // namespace callwerk::store

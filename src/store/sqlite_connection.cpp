#include "store/sqlite_connection.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "store/text_fold.hpp"

namespace callwerk::store {

SqliteStatement::SqliteStatement(SqliteConnection& connection, sqlite3_stmt* stmt,
                                 bool* in_use_flag)
    : connection_(&connection), stmt_(stmt), in_use_flag_(in_use_flag) {
  if (in_use_flag_) *in_use_flag_ = true;
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : connection_(other.connection_), stmt_(other.stmt_), in_use_flag_(other.in_use_flag_) {
  other.stmt_ = nullptr;
  other.in_use_flag_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
  if (!stmt_) return;
  if (in_use_flag_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_flag_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
  // SQLITE_STATIC saves a copy per bind; the header asks callers to keep the text alive until
  // the statement is done, and the destructor clears the bindings.
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const SqlValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return bind(index, *i);
  if (const auto* s = std::get_if<std::string>(&value)) return bind(index, std::string_view(*s));
  return bind_null(index);
}

int SqliteStatement::bind_all(const std::vector<SqlValue>& values) {
  int index = 1;
  for (const SqlValue& value : values) bind(index++, value);
  return index;
}

Result<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = connection_->last_error(rc);
  sqlite3_reset(stmt_);
  return error;
}

Status SqliteStatement::run() {
  auto r = step();
  if (!r) return r.error();
  return ok_status();
}

int SqliteStatement::column_count() const {
  return sqlite3_column_count(stmt_);
}

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string SqliteStatement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view SqliteStatement::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name ? std::string_view(name) : std::string_view();
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 const ConnectionOptions& options) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  auto connection = std::make_unique<SqliteConnection>(raw);
  if (rc != SQLITE_OK) {
    return make_error(ErrorKind::internal,
                      fmt::format("cannot open database {}: {}", path,
                                  raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 10000);
  // Search predicates use cw_fold(); every connection needs it, readers and the writer alike.
  if (const int fold_rc = register_fold_function(raw); fold_rc != SQLITE_OK)
    return make_error(ErrorKind::internal,
                      fmt::format("cannot register cw_fold: {}", sqlite3_errstr(fold_rc)));
  std::string pragmas = "PRAGMA foreign_keys=ON;";
  if (!options.read_only) {
    pragmas += "PRAGMA journal_mode=WAL;";
    pragmas += options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
    // The writer keeps hot index pages in memory and checkpoints less often: both cut the
    // time per commit without weakening durability (the WAL is fsynced on every commit).
    // 16 MiB: the writer appends, so its hot pages are the b-trees' inner pages and right
    // edges (a few per agent and queue in the (tenant, agent|queue, time) indexes); the cache
    // keeps every page it wrote until full, and 64 MiB grew the server by ~3 MB/min for
    // 20 minutes in the ACD soak. A miss is a read from the OS page cache: store_events_bench
    // (300,000 events over 20,000 interactions) ran as fast with 16 as with 64 MiB.
    pragmas += "PRAGMA cache_size=-16384;PRAGMA wal_autocheckpoint=10000;";
  } else {
    pragmas += "PRAGMA query_only=ON;";
  }
  if (Status s = connection->exec(pragmas); !s) return s.error();
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  cache_.clear();
  if (db_) sqlite3_close_v2(db_);
}

Status SqliteConnection::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return ok_status();
  Error error = last_error(rc);
  if (message) {
    error.message = message;
    sqlite3_free(message);
  }
  return error;
}

Result<SqliteStatement> SqliteConnection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !*it->second.in_use) {
    return SqliteStatement(*this, it->second.stmt, it->second.in_use.get());
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error error = last_error(rc);
    error.kind = ErrorKind::internal;
    error.message = fmt::format("{} (in: {})", error.message, sql);
    return error;
  }
  if (it == cache_.end()) {
    auto& cached = cache_[sql];
    cached.stmt = stmt;
    return SqliteStatement(*this, stmt, cached.in_use.get());
  }
  // The cached one is busy (nested use of the same query): this one is owned and finalized.
  return SqliteStatement(*this, stmt, nullptr);
}

std::int64_t SqliteConnection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int SqliteConnection::changes() const {
  return sqlite3_changes(db_);
}

namespace {

// "UNIQUE constraint failed: contacts.tenant_id, contacts.customer_number" -> "customer_number"
std::string unique_field(std::string_view message) {
  const auto colon = message.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view columns = message.substr(colon + 2);
  std::string field;
  while (!columns.empty()) {
    const auto comma = columns.find(", ");
    std::string_view column = columns.substr(0, comma);
    if (const auto dot = column.find('.'); dot != std::string_view::npos)
      column = column.substr(dot + 1);
    if (column != "tenant_id") field = std::string(column);
    if (comma == std::string_view::npos) break;
    columns = columns.substr(comma + 2);
  }
  return field;
}

}  // namespace

Error SqliteConnection::last_error(int code) const {
  const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      std::string field = unique_field(message);
      return make_error(ErrorKind::conflict,
                        field.empty() ? "already exists" : field + " is already taken", field);
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return make_error(ErrorKind::conflict,
                        "the record is still referenced by other records (or refers to a "
                        "missing one)");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return make_error(ErrorKind::invalid_input, message);
    case SQLITE_CONSTRAINT_TRIGGER:
      return make_error(ErrorKind::conflict, message);
    default:
      return make_error(ErrorKind::internal, fmt::format("sqlite: {} ({})", message, code));
  }
}

Result<std::optional<std::int64_t>> query_int(SqliteConnection& db, const std::string& sql,
                                              std::initializer_list<SqlValue> params) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  int i = 1;
  for (const SqlValue& p : params) stmt->bind(i++, p);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->is_null(0)) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{stmt->int64(0)};
}

}  // namespace callwerk::store

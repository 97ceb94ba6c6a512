#pragma once

#include <vector>
// A small RAII layer over the SQLite C API: one connection, prepared statements cached per
// connection, and SQLite errors turned into callwerk::Error (constraint violations become
// conflict / invalid_input so that callers can report them to users).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace callwerk::store {

// A value bound to or read from a statement. Money, times, booleans and ids are integers.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;

class SqliteConnection;

// A prepared statement. Cached statements are borrowed from the connection and reset when this
// object goes away; a statement that was already in use is prepared afresh and owned.
class SqliteStatement {
 public:
  SqliteStatement(SqliteConnection& connection, sqlite3_stmt* stmt, bool* in_use_flag);
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are 1-based as in SQLite. Text is not copied: it must stay alive until the
  // statement has run (until this object is destroyed or the parameter is bound again).
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, std::string_view value);
  SqliteStatement& bind_null(int index);
  SqliteStatement& bind(int index, const SqlValue& value);
  // Binds `values` to ?1..?N; returns the next free index.
  int bind_all(const std::vector<SqlValue>& values);

  // true: a row is available; false: done.
  Result<bool> step();
  // Runs a statement that returns no rows (or ignores them).
  Status run();

  int column_count() const;
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  std::string_view column_name(int column) const;

 private:
  SqliteConnection* connection_;
  sqlite3_stmt* stmt_;
  bool* in_use_flag_;  // null: owned, finalized on destruction
};

struct ConnectionOptions {
  bool read_only = false;  // query_only: for readers
  bool create = true;
  bool synchronous_full = true;
};

class SqliteConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                        const ConnectionOptions& options);
  // Takes ownership of an open handle; use open().
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements without results (schema, pragmas, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  // A prepared statement from the cache (prepared on first use).
  Result<SqliteStatement> prepare(const std::string& sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

  // Turns the connection's last error into an Error; constraint failures get their own kinds.
  Error last_error(int code) const;

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    std::unique_ptr<bool> in_use = std::make_unique<bool>(false);
  };

  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement> cache_;
};

// Reads one integer from a query returning one row; nullopt when there is no row or NULL.
Result<std::optional<std::int64_t>> query_int(SqliteConnection& db, const std::string& sql,
                                              std::initializer_list<SqlValue> params = {});

}  // namespace callwerk::store

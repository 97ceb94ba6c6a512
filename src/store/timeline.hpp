#pragma once
// The protocol of an interaction: append-only events numbered 1, 2, 3... per interaction.

#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

// Appends events on the writer's connection. It remembers the next seq of recently used
// interactions so that the hot path is one INSERT; forget() must be called whenever a
// transaction or savepoint is rolled back, because the remembered numbers may then be stale.
class TimelineAppender {
 public:
  explicit TimelineAppender(SqliteConnection& db) : db_(db) {}

  // Returns the stored event {id, seq, type, at, actor, payload}.
  Result<Json> append(Id tenant_id, Id interaction_id, const std::string& type, const Json& payload,
                      const Actor& actor, TimeMs at);
  void forget() { next_seq_.clear(); }
  // An interaction created in the current transaction: no entries yet, no need to look.
  void start(Id tenant_id, Id interaction_id);

 private:
  struct Cursor {
    Id tenant_id = 0;
    std::int64_t next_seq = 1;
  };
  Result<Cursor*> cursor(Id tenant_id, Id interaction_id);

  SqliteConnection& db_;
  std::unordered_map<Id, Cursor> next_seq_;
};

// All events of an interaction of this tenant, ordered by seq (not_found for another tenant's).
Result<Json> read_timeline(SqliteConnection& db, Id tenant_id, Id interaction_id);

}  // namespace callwerk::store

#pragma once
// WriteContext on the writer's connection: entity changes with their audit entries and
// events, timeline appends, tenants, sessions and API tokens. Events are collected per
// command; the writer keeps them only when the command's savepoint is released.

#include <vector>

#include "store/live_calls.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"
#include "store/timeline.hpp"

namespace callwerk::store {

class SqliteWriteContext final : public WriteContext {
 public:
  explicit SqliteWriteContext(SqliteConnection& db) : db_(db), timeline_(db) {}

  Result<Json> create(const EntitySpec& entity, Id tenant_id, const Json& input,
                      const Actor& actor) override;
  Result<Json> create_imported(const EntitySpec& entity, Id tenant_id, const Json& input,
                               const Actor& actor, const HistoricalTimes& times) override;
  Result<Json> update(const EntitySpec& entity, Id tenant_id, Id id, const Json& patch,
                      const Actor& actor) override;
  Status remove(const EntitySpec& entity, Id tenant_id, Id id, const Actor& actor) override;
  Result<Json> append_timeline(Id tenant_id, Id interaction_id, const std::string& type,
                               const Json& payload, const Actor& actor,
                               std::optional<TimeMs> at = std::nullopt) override;
  // sqlite_write_calls.cpp
  Result<Id> start_call(Id tenant_id, const CallInteractionStart& start,
                        const std::string& entry_type, const Json& entry_payload,
                        const Actor& actor) override;
  Result<Id> update_call(Id tenant_id, Id interaction_id, const CallInteractionPatch& patch,
                         const Actor& actor, bool last) override;
  Result<Id> create_tenant(const std::string& slug, const std::string& name,
                           const std::string& timezone, const std::string& language) override;
  Status put_session(const SessionRecord& session) override;
  Status delete_session(const std::string& id_hash) override;
  Result<Json> create_api_token(Id tenant_id, Id user_id, const std::string& name,
                                const std::string& token_hash, const Actor& actor) override;
  Status revoke_api_token(Id tenant_id, Id token_id, const Actor& actor) override;
  Status audit(std::optional<Id> tenant_id, const Actor& actor, const std::string& action,
               const std::string& entity, std::optional<Id> entity_id,
               const Json& details) override;
  void emit(StoredEvent event) override { pending_events_.push_back(std::move(event)); }

  // Moves the current command's events to `out` when its savepoint is released.
  void move_events_to(std::vector<StoredEvent>& out) {
    for (StoredEvent& e : pending_events_) out.push_back(std::move(e));
    pending_events_.clear();
  }
  // After a rollback: drop the command's events and any state that may now be stale.
  void discard() {
    pending_events_.clear();
    timeline_.forget();
    live_calls_.forget_all();
  }

 private:
  Result<Json> create_with(const EntitySpec& entity, Id tenant_id, const Json& input,
                           const Actor& actor, const std::optional<HistoricalTimes>& times);

  SqliteConnection& db_;
  TimelineAppender timeline_;
  LiveCalls live_calls_;
  std::vector<StoredEvent> pending_events_;
};

}  // namespace callwerk::store

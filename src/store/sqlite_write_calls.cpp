// WriteContext::start_call / update_call: the interactions of phone calls, written several
// times per call on telephony's hot path. They store, audit and announce exactly what the
// generic create() / update() of "interactions" would, but an update takes the interaction
// from LiveCalls instead of reading it before and after, and validates only the few fields a
// call changes.

#include <fmt/format.h>

#include "store/audit_log.hpp"
#include "store/catalog.hpp"
#include "store/entity_codec.hpp"
#include "store/entity_query.hpp"
#include "store/entity_repository.hpp"
#include "store/sqlite_write_context.hpp"

namespace callwerk::store {

namespace {

const EntitySpec& interactions() {
  static const EntitySpec& spec = *find_entity("interactions");
  return spec;
}

// Writes `entity` as the audit entry's "after" (and `before` as its "before") without copying
// either: both are moved into the entry and back out of it.
Status audit_change(SqliteConnection& db, Id tenant_id, const Actor& actor, std::string_view action,
                    Id id, Json* before, Json& after) {
  Json changes = Json::object();
  changes["after"] = std::move(after);
  if (before) changes["before"] = std::move(*before);
  Status written = write_audit(db, tenant_id, actor, std::string(action),
                               std::string(interactions().name), id, changes);
  after = std::move(changes["after"]);
  if (before) *before = std::move(changes["before"]);
  return written;
}

}  // namespace

Result<Id> SqliteWriteContext::start_call(Id tenant_id, const CallInteractionStart& start,
                                          const std::string& entry_type, const Json& entry_payload,
                                          const Actor& actor) {
  // Validated by the catalog like any create (enums, lengths, the contact's tenant).
  Json input = Json::object();
  input["channel"] = "voice";
  input["direction"] = start.direction;
  input["remote_address"] = start.remote_address;
  input["local_address"] = start.local_address;
  input["started_at"] = start.started_at;
  if (start.contact_id) input["contact_id"] = *start.contact_id;
  auto change = create_entity(db_, interactions(), tenant_id, input, actor);
  if (!change) return change.error();
  Json& after = change->after;
  const Id id = after.at("id").get<Id>();
  if (Status s = audit_change(db_, tenant_id, actor, "create", id, nullptr, after); !s)
    return s.error();
  emit({tenant_id, "interaction.created", after});
  timeline_.start(tenant_id, id);
  auto entry = append_timeline(tenant_id, id, entry_type, entry_payload, actor, start.started_at);
  if (!entry) return entry.error();
  live_calls_.keep(tenant_id, id, std::move(after));
  return id;
}

Result<Id> SqliteWriteContext::update_call(Id tenant_id, Id interaction_id,
                                           const CallInteractionPatch& patch, const Actor& actor,
                                           bool last) {
  if (patch.agent_id || patch.queue_id) {
    // Rare (transfers), and it changes a joined name: the generic path, then keep its result.
    Json changes = Json::object();
    if (patch.agent_id) changes["agent_id"] = *patch.agent_id;
    if (patch.queue_id) changes["queue_id"] = *patch.queue_id;
    if (patch.answered_at) changes["answered_at"] = *patch.answered_at;
    if (patch.ended_at) changes["ended_at"] = *patch.ended_at;
    if (patch.end_reason) changes["end_reason"] = *patch.end_reason;
    auto updated = update(interactions(), tenant_id, interaction_id, changes, actor);
    if (!updated) return updated.error();
    if (!last) live_calls_.keep(tenant_id, interaction_id, std::move(*updated));
    return interaction_id;
  }

  if (patch.end_reason) {
    const FieldSpec& field = *interactions().field("end_reason");
    if (auto valid = encode_field(field, Json(*patch.end_reason), "end_reason"); !valid)
      return valid.error();
  }
  Json* kept = live_calls_.find(tenant_id, interaction_id);
  Json fetched;
  if (!kept) {
    auto current = fetch_entity(db_, interactions(), tenant_id, interaction_id);
    if (!current) return current.error();
    fetched = std::move(*current);
    kept = &fetched;
  }
  Json& before = *kept;

  const TimeMs now = now_ms();
  std::string assignments;
  if (patch.answered_at) assignments += "answered_at = ?, ";
  if (patch.ended_at) assignments += "ended_at = ?, ";
  if (patch.end_reason) assignments += "end_reason = ?, ";
  auto stmt = db_.prepare(fmt::format(
      "UPDATE interactions SET {}updated_at = ? WHERE id = ? AND tenant_id = ?", assignments));
  if (!stmt) return stmt.error();
  int index = 1;
  if (patch.answered_at) stmt->bind(index++, *patch.answered_at);
  if (patch.ended_at) stmt->bind(index++, *patch.ended_at);
  if (patch.end_reason) stmt->bind(index++, std::string_view(*patch.end_reason));
  stmt->bind(index, now);
  stmt->bind(index + 1, interaction_id);
  stmt->bind(index + 2, tenant_id);
  if (Status s = stmt->run(); !s) return s.error();
  if (db_.changes() == 0)
    return make_error(ErrorKind::not_found,
                      fmt::format("interaction {} not found", interaction_id));

  // The row as fetch_entity() would now read it.
  Json after = before;
  if (patch.answered_at) after["answered_at"] = format_iso8601(*patch.answered_at);
  if (patch.ended_at) after["ended_at"] = format_iso8601(*patch.ended_at);
  if (patch.end_reason) after["end_reason"] = *patch.end_reason;
  after["updated_at"] = format_iso8601(now);
  if (Status s = audit_change(db_, tenant_id, actor, "update", interaction_id, &before, after); !s)
    return s.error();
  if (last) {
    emit({tenant_id, "interaction.updated", std::move(after)});
    live_calls_.forget(interaction_id);
  } else {
    emit({tenant_id, "interaction.updated", after});
    live_calls_.keep(tenant_id, interaction_id, std::move(after));
  }
  return interaction_id;
}

}  // namespace callwerk::store

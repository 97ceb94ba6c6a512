#include "store/timeline.hpp"

#include <fmt/format.h>

namespace callwerk::store {

namespace {

constexpr std::size_t kMaxTypeLength = 100;
constexpr std::size_t kMaxCachedInteractions = 100000;

Error interaction_not_found(Id interaction_id) {
  return make_error(ErrorKind::not_found, fmt::format("interaction {} not found", interaction_id));
}

Status check_interaction(SqliteConnection& db, Id tenant_id, Id interaction_id) {
  auto owner =
      query_int(db, "SELECT tenant_id FROM interactions WHERE id = ?", {SqlValue{interaction_id}});
  if (!owner) return owner.error();
  if (!owner->has_value() || **owner != tenant_id) return interaction_not_found(interaction_id);
  return ok_status();
}

}  // namespace

Result<TimelineAppender::Cursor*> TimelineAppender::cursor(Id tenant_id, Id interaction_id) {
  auto it = next_seq_.find(interaction_id);
  if (it != next_seq_.end()) {
    if (it->second.tenant_id != tenant_id) return interaction_not_found(interaction_id);
    return &it->second;
  }
  if (Status s = check_interaction(db_, tenant_id, interaction_id); !s) return s.error();
  auto max_seq = query_int(db_, "SELECT MAX(seq) FROM timeline_events WHERE interaction_id = ?",
                           {SqlValue{interaction_id}});
  if (!max_seq) return max_seq.error();
  if (next_seq_.size() >= kMaxCachedInteractions) next_seq_.clear();
  Cursor& c = next_seq_[interaction_id];
  c.tenant_id = tenant_id;
  c.next_seq = max_seq->value_or(0) + 1;
  return &c;
}

void TimelineAppender::start(Id tenant_id, Id interaction_id) {
  if (next_seq_.size() >= kMaxCachedInteractions) next_seq_.clear();
  next_seq_[interaction_id] = Cursor{tenant_id, 1};
}

Result<Json> TimelineAppender::append(Id tenant_id, Id interaction_id, const std::string& type,
                                      const Json& payload, const Actor& actor, TimeMs at) {
  if (type.empty() || type.size() > kMaxTypeLength)
    return make_error(ErrorKind::invalid_input,
                      fmt::format("type must have 1 to {} characters", kMaxTypeLength), "type");
  if (!payload.is_null() && !payload.is_object())
    return make_error(ErrorKind::invalid_input, "payload must be a JSON object", "payload");
  auto c = cursor(tenant_id, interaction_id);
  if (!c) return c.error();
  const std::int64_t seq = (*c)->next_seq;
  const std::string actor_name = actor.name.empty() ? "system" : actor.name;
  auto stmt = db_.prepare(
      "INSERT INTO timeline_events (tenant_id, interaction_id, seq, type, at, actor, payload) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  const std::string payload_text = payload.is_null() ? "{}" : payload.dump();
  stmt->bind(1, tenant_id)
      .bind(2, interaction_id)
      .bind(3, seq)
      .bind(4, std::string_view(type))
      .bind(5, at)
      .bind(6, std::string_view(actor_name))
      .bind(7, std::string_view(payload_text));
  if (Status s = stmt->run(); !s) {
    forget();
    return s.error();
  }
  (*c)->next_seq = seq + 1;
  // Built key by key: an initializer list would copy every value once more.
  Json event = Json::object();
  event["id"] = db_.last_insert_rowid();
  event["seq"] = seq;
  event["type"] = type;
  event["at"] = format_iso8601(at);
  event["actor"] = actor_name;
  event["payload"] = payload.is_null() ? Json::object() : payload;
  return event;
}

Result<Json> read_timeline(SqliteConnection& db, Id tenant_id, Id interaction_id) {
  if (Status s = check_interaction(db, tenant_id, interaction_id); !s) return s.error();
  auto stmt = db.prepare(
      "SELECT id, seq, type, at, actor, payload FROM timeline_events "
      "WHERE interaction_id = ? AND tenant_id = ? ORDER BY seq");
  if (!stmt) return stmt.error();
  stmt->bind(1, interaction_id).bind(2, tenant_id);
  Json items = Json::array();
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    Json payload = Json::parse(stmt->text(5), nullptr, /*allow_exceptions=*/false);
    if (payload.is_discarded()) payload = Json::object();
    items.push_back(Json{{"id", stmt->int64(0)},
                         {"seq", stmt->int64(1)},
                         {"type", stmt->text(2)},
                         {"at", format_iso8601(stmt->int64(3))},
                         {"actor", stmt->text(4)},
                         {"payload", std::move(payload)}});
  }
  return items;
}

}  // namespace callwerk::store

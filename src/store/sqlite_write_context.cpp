#include "store/sqlite_write_context.hpp"

#include <fmt/format.h>

#include "store/audit_log.hpp"
#include "store/entity_repository.hpp"

namespace callwerk::store {

namespace {

bool valid_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') return false;
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

std::string event_type(const EntitySpec& entity, std::string_view what) {
  return fmt::format("{}.{}", entity.singular, what);
}

}  // namespace

Result<Json> SqliteWriteContext::create(const EntitySpec& entity, Id tenant_id, const Json& input,
                                        const Actor& actor) {
  return create_with(entity, tenant_id, input, actor, std::nullopt);
}

Result<Json> SqliteWriteContext::create_imported(const EntitySpec& entity, Id tenant_id,
                                                 const Json& input, const Actor& actor,
                                                 const HistoricalTimes& times) {
  return create_with(entity, tenant_id, input, actor, times);
}

Result<Json> SqliteWriteContext::create_with(const EntitySpec& entity, Id tenant_id,
                                             const Json& input, const Actor& actor,
                                             const std::optional<HistoricalTimes>& times) {
  auto change = create_entity(db_, entity, tenant_id, input, actor, times);
  if (!change) return change.error();
  const Id id = change->after.at("id").get<Id>();
  if (Status s = write_audit(db_, tenant_id, actor, "create", std::string(entity.name), id,
                             Json{{"after", change->after}});
      !s)
    return s.error();
  emit({tenant_id, event_type(entity, "created"), change->after});
  return std::move(change->after);
}

Result<Json> SqliteWriteContext::update(const EntitySpec& entity, Id tenant_id, Id id,
                                        const Json& patch, const Actor& actor) {
  live_calls_.forget_for(entity.name, id);
  auto change = update_entity(db_, entity, tenant_id, id, patch, actor);
  if (!change) return change.error();
  if (Status s = write_audit(db_, tenant_id, actor, "update", std::string(entity.name), id,
                             Json{{"before", change->before}, {"after", change->after}});
      !s)
    return s.error();
  emit({tenant_id, event_type(entity, "updated"), change->after});
  return std::move(change->after);
}

Status SqliteWriteContext::remove(const EntitySpec& entity, Id tenant_id, Id id,
                                  const Actor& actor) {
  live_calls_.forget_for(entity.name, id);
  auto change = remove_entity(db_, entity, tenant_id, id);
  if (!change) return change.error();
  if (Status s = write_audit(db_, tenant_id, actor, "delete", std::string(entity.name), id,
                             Json{{"before", change->before}});
      !s)
    return s;
  emit({tenant_id, event_type(entity, "deleted"), std::move(change->before)});
  return ok_status();
}

Result<Json> SqliteWriteContext::append_timeline(Id tenant_id, Id interaction_id,
                                                 const std::string& type, const Json& payload,
                                                 const Actor& actor, std::optional<TimeMs> at) {
  auto event =
      timeline_.append(tenant_id, interaction_id, type, payload, actor, at.value_or(now_ms()));
  if (!event) return event.error();
  StoredEvent appended{tenant_id, "timeline.appended", Json::object()};
  appended.data["interaction_id"] = interaction_id;
  appended.data["event"] = *event;
  emit(std::move(appended));
  return event;
}

Result<Id> SqliteWriteContext::create_tenant(const std::string& slug, const std::string& name,
                                             const std::string& timezone,
                                             const std::string& language) {
  if (!valid_slug(slug))
    return make_error(ErrorKind::invalid_input,
                      "slug must be 1-64 characters a-z, 0-9 and '-' (not at the ends)", "slug");
  if (name.empty() || name.size() > 200)
    return make_error(ErrorKind::invalid_input, "name must have 1 to 200 characters", "name");
  if (timezone.empty() || timezone.size() > 64)
    return make_error(ErrorKind::invalid_input, "timezone is required", "timezone");
  if (language != "de" && language != "en")
    return make_error(ErrorKind::invalid_input, "language must be de or en", "language");
  auto stmt = db_.prepare(
      "INSERT INTO tenants (slug, name, timezone, language, created_at) VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::string_view(slug))
      .bind(2, std::string_view(name))
      .bind(3, std::string_view(timezone))
      .bind(4, std::string_view(language))
      .bind(5, now_ms());
  if (Status s = stmt->run(); !s) return s.error();
  const Id id = db_.last_insert_rowid();
  if (Status s = write_audit(db_, id, Actor{std::nullopt, "system"}, "create", "tenant", id,
                             Json{{"after", {{"slug", slug}, {"name", name}}}});
      !s)
    return s.error();
  return id;
}

Status SqliteWriteContext::put_session(const SessionRecord& session) {
  auto stmt = db_.prepare(
      "INSERT OR REPLACE INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::string_view(session.id_hash))
      .bind(2, session.user_id)
      .bind(3, std::string_view(session.csrf_token))
      .bind(4, session.created_at)
      .bind(5, session.expires_at);
  return stmt->run();
}

Status SqliteWriteContext::delete_session(const std::string& id_hash) {
  auto stmt = db_.prepare("DELETE FROM sessions WHERE id_hash = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, std::string_view(id_hash));
  return stmt->run();
}

Result<Json> SqliteWriteContext::create_api_token(Id tenant_id, Id user_id, const std::string& name,
                                                  const std::string& token_hash,
                                                  const Actor& actor) {
  if (name.empty() || name.size() > 200)
    return make_error(ErrorKind::invalid_input, "name must have 1 to 200 characters", "name");
  auto owner = query_int(db_, "SELECT 1 FROM users WHERE id = ? AND tenant_id = ?",
                         {SqlValue{user_id}, SqlValue{tenant_id}});
  if (!owner) return owner.error();
  if (!owner->has_value())
    return make_error(ErrorKind::invalid_input, "the token's user is not of this tenant",
                      "user_id");
  const TimeMs now = now_ms();
  auto stmt = db_.prepare(
      "INSERT INTO api_tokens (tenant_id, user_id, name, token_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  stmt->bind(1, tenant_id)
      .bind(2, user_id)
      .bind(3, std::string_view(name))
      .bind(4, std::string_view(token_hash))
      .bind(5, now);
  if (Status s = stmt->run(); !s) return s.error();
  Json token{{"id", db_.last_insert_rowid()},
             {"tenant_id", tenant_id},
             {"user_id", user_id},
             {"name", name},
             {"created_at", format_iso8601(now)},
             {"revoked", false}};
  if (Status s = write_audit(db_, tenant_id, actor, "create", "tokens", token["id"].get<Id>(),
                             Json{{"after", token}});
      !s)
    return s.error();
  return token;
}

Status SqliteWriteContext::revoke_api_token(Id tenant_id, Id token_id, const Actor& actor) {
  auto stmt = db_.prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ? AND tenant_id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, token_id).bind(2, tenant_id);
  if (Status s = stmt->run(); !s) return s;
  if (db_.changes() == 0)
    return make_error(ErrorKind::not_found, fmt::format("token {} not found", token_id));
  return write_audit(db_, tenant_id, actor, "revoke", "tokens", token_id, Json::object());
}

Status SqliteWriteContext::audit(std::optional<Id> tenant_id, const Actor& actor,
                                 const std::string& action, const std::string& entity,
                                 std::optional<Id> entity_id, const Json& details) {
  if (action.empty() || entity.empty())
    return make_error(ErrorKind::invalid_input, "an audit entry needs an action and an entity");
  return write_audit(db_, tenant_id, actor, action, entity, entity_id, details);
}

}  // namespace callwerk::store

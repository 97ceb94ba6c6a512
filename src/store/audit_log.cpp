#include "store/audit_log.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "store/entity_query.hpp"

namespace callwerk::store {

Status write_audit(SqliteConnection& db, std::optional<Id> tenant_id, const Actor& actor,
                   const std::string& action, const std::string& entity,
                   std::optional<Id> entity_id, const Json& changes) {
  auto stmt = db.prepare(
      "INSERT INTO audit_log (tenant_id, user_id, actor, at, action, entity, entity_id, changes) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.error();
  tenant_id ? stmt->bind(1, *tenant_id) : stmt->bind_null(1);
  actor.user_id ? stmt->bind(2, *actor.user_id) : stmt->bind_null(2);
  const std::string actor_name = actor.name.empty() ? "system" : actor.name;
  stmt->bind(3, std::string_view(actor_name))
      .bind(4, now_ms())
      .bind(5, std::string_view(action))
      .bind(6, std::string_view(entity));
  entity_id ? stmt->bind(7, *entity_id) : stmt->bind_null(7);
  const std::string text = changes.is_null() ? "{}" : changes.dump();
  stmt->bind(8, std::string_view(text));
  return stmt->run();
}

Result<ListPage> list_audit(SqliteConnection& db, const ListQuery& query) {
  if (Status s = check_page(query); !s) return s.error();
  std::string where = " WHERE tenant_id = ?";
  std::vector<SqlValue> params{SqlValue{query.tenant_id}};
  if (query.from) {
    where += " AND at >= ?";
    params.emplace_back(*query.from);
  }
  if (query.to) {
    where += " AND at < ?";
    params.emplace_back(*query.to);
  }
  if (!query.text.empty()) {
    where +=
        " AND (cw_fold(actor) LIKE ? ESCAPE '\\' OR entity LIKE ? ESCAPE '\\' OR action LIKE ? "
        "ESCAPE '\\')";
    for (int i = 0; i < 3; ++i) params.emplace_back(folded_like_pattern(query.text));
  }
  for (const auto& [name, value] : query.equals) {
    if (name == "entity" || name == "action") {
      where += fmt::format(" AND {} = ?", name);
      params.emplace_back(value);
    } else if (name == "user_id" || name == "entity_id") {
      std::int64_t id = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
        return make_error(ErrorKind::invalid_input, name + " must be an integer", name);
      where += fmt::format(" AND {} = ?", name);
      params.emplace_back(id);
    } else {
      return make_error(ErrorKind::invalid_input,
                        fmt::format("the audit log cannot be filtered on {}", name), name);
    }
  }
  std::string sort = query.sort.empty() ? "at" : query.sort;
  bool descending = query.descending;
  if (sort[0] == '-') {
    sort.erase(0, 1);
    descending = true;
  }
  static const std::vector<std::string> sortable = {"id",     "at",     "actor",    "user_id",
                                                    "action", "entity", "entity_id"};
  if (std::find(sortable.begin(), sortable.end(), sort) == sortable.end())
    return make_error(ErrorKind::invalid_input,
                      fmt::format("the audit log cannot be sorted by {}", sort), "sort");
  ListPage page;
  {
    auto count = db.prepare("SELECT COUNT(*) FROM audit_log" + where);
    if (!count) return count.error();
    count->bind_all(params);
    auto row = count->step();
    if (!row) return row.error();
    page.total = *row ? count->int64(0) : 0;
  }
  const char* direction = descending ? "DESC" : "ASC";
  auto stmt = db.prepare(fmt::format(
      "SELECT id, at, actor, user_id, action, entity, entity_id, changes FROM audit_log{} "
      "ORDER BY {} {}, id {} LIMIT ? OFFSET ?",
      where, sort, direction, direction));
  if (!stmt) return stmt.error();
  const int index = stmt->bind_all(params);
  stmt->bind(index, std::int64_t{query.limit});
  stmt->bind(index + 1, std::int64_t{query.offset});
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    Json changes = Json::parse(stmt->text(7), nullptr, false);
    if (changes.is_discarded()) changes = Json::object();
    page.items.push_back(Json{
        {"id", stmt->int64(0)},
        {"at", format_iso8601(stmt->int64(1))},
        {"actor", stmt->text(2)},
        {"user_id", stmt->is_null(3) ? Json(nullptr) : Json(stmt->int64(3))},
        {"action", stmt->text(4)},
        {"entity", stmt->text(5)},
        {"entity_id", stmt->is_null(6) ? Json(nullptr) : Json(stmt->int64(6))},
        {"changes", std::move(changes)},
    });
  }
  return page;
}

}  // namespace callwerk::store

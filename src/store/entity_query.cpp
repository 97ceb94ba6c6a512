#include "store/entity_query.hpp"

#include <fmt/format.h>

#include "store/entity_codec.hpp"
#include "store/text_fold.hpp"

namespace callwerk::store {

namespace {

// Read-only names joined into lists and objects so that a screen needs no further requests.
// They are not catalog fields: writing one is "not a known field", like any other unknown key.
// References are checked on write; the tenant condition is a second fence, nearly free.
struct JoinedColumn {
  std::string_view name;
  std::string_view expression;
};

// "Erika Muster", or the company when the contact has no personal name.
constexpr std::string_view kContactName =
    "(SELECT COALESCE(NULLIF(TRIM(COALESCE(c.first_name, '') || ' ' || "
    "COALESCE(c.last_name, '')), ''), c.company) FROM contacts c WHERE c.id = t.contact_id AND "
    "c.tenant_id = t.tenant_id)";

constexpr std::string_view kAgentName =
    "(SELECT u.display_name FROM users u WHERE u.id = t.agent_id AND u.tenant_id = t.tenant_id)";
constexpr std::string_view kQueueName =
    "(SELECT q.name FROM queues q WHERE q.id = t.queue_id AND q.tenant_id = t.tenant_id)";

const std::vector<JoinedColumn>& joined_columns(const EntitySpec& entity) {
  static const std::vector<JoinedColumn> none;
  static const std::vector<JoinedColumn> interaction_joins = {
      {"contact_name", kContactName},
      {"agent_name", kAgentName},
      {"queue_name", kQueueName},
  };
  static const std::vector<JoinedColumn> callback_joins = interaction_joins;
  static const std::vector<JoinedColumn> voicemail_joins = {
      {"contact_name", kContactName},
      {"queue_name", kQueueName},
      {"done_by_name",
       "(SELECT u.display_name FROM users u WHERE u.id = t.done_by AND u.tenant_id = "
       "t.tenant_id)"},
  };
  static const std::vector<JoinedColumn> order_joins = {
      {"contact_name", kContactName},
  };
  static const std::vector<JoinedColumn> ticket_joins = {
      {"contact_name", kContactName},
      {"owner_name",
       "(SELECT u.display_name FROM users u WHERE u.id = t.owner_id AND u.tenant_id = "
       "t.tenant_id)"},
      {"order_number",
       "(SELECT o.order_number FROM orders o WHERE o.id = t.order_id AND o.tenant_id = "
       "t.tenant_id)"},
  };
  if (entity.name == "interactions") return interaction_joins;
  if (entity.name == "orders") return order_joins;
  if (entity.name == "tickets") return ticket_joins;
  if (entity.name == "callbacks") return callback_joins;
  if (entity.name == "voicemails") return voicemail_joins;
  return none;
}

std::vector<const FieldSpec*> visible_fields(const std::vector<FieldSpec>& fields) {
  std::vector<const FieldSpec*> out;
  for (const FieldSpec& f : fields)
    if (!f.secret) out.push_back(&f);
  return out;
}

std::string select_clause(const EntitySpec& entity) {
  std::string sql = "SELECT ";
  bool first = true;
  for (const FieldSpec* f : visible_fields(entity.fields)) {
    sql += fmt::format("{}t.{}", first ? "" : ", ", f->name);
    first = false;
  }
  for (const JoinedColumn& j : joined_columns(entity)) sql += fmt::format(", {}", j.expression);
  sql += fmt::format(" FROM {} t", entity.table);
  return sql;
}

Result<Json> load_children(SqliteConnection& db, const ChildSpec& child, Id parent_id) {
  const auto fields = visible_fields(child.fields);
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < fields.size(); ++i)
    sql += fmt::format("{}{}", i ? ", " : "", fields[i]->name);
  sql += fmt::format(" FROM {} WHERE {} = ? ORDER BY id", child.table, child.parent_key);
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, parent_id);
  Json items = Json::array();
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    Json item = Json::object();
    for (std::size_t i = 0; i < fields.size(); ++i)
      item[std::string(fields[i]->name)] = decode_field(*fields[i], *stmt, static_cast<int>(i));
    items.push_back(std::move(item));
  }
  return items;
}

// Reads the current row of a select_clause() query.
Json row_to_json(const EntitySpec& entity, const SqliteStatement& row) {
  Json object = Json::object();
  int column = 0;
  for (const FieldSpec* f : visible_fields(entity.fields))
    object[std::string(f->name)] = decode_field(*f, row, column++);
  for (const JoinedColumn& j : joined_columns(entity)) {
    object[std::string(j.name)] = row.is_null(column) ? Json(nullptr) : Json(row.text(column));
    ++column;
  }
  return object;
}

Status add_children(SqliteConnection& db, const EntitySpec& entity, Json& object) {
  if (entity.children.empty()) return ok_status();
  const Id id = object.at("id").get<Id>();
  for (const ChildSpec& child : entity.children) {
    auto items = load_children(db, child, id);
    if (!items) return items.error();
    object[std::string(child.name)] = std::move(*items);
  }
  return ok_status();
}

}  // namespace

std::string folded_like_pattern(const std::string& text) {
  return like_pattern(fold_case(text));
}

std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

Status check_page(const ListQuery& query) {
  if (query.limit < 1 || query.limit > 500)
    return make_error(ErrorKind::invalid_input, "limit must be between 1 and 500", "limit");
  if (query.offset < 0)
    return make_error(ErrorKind::invalid_input, "offset must not be negative", "offset");
  return ok_status();
}

Result<Json> fetch_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id, Id id) {
  auto stmt = db.prepare(select_clause(entity) + " WHERE t.id = ? AND t.tenant_id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id).bind(2, tenant_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row)
    return make_error(ErrorKind::not_found, fmt::format("{} {} not found", entity.singular, id));
  Json object = row_to_json(entity, *stmt);
  if (Status s = add_children(db, entity, object); !s) return s.error();
  return object;
}

Result<ListPage> list_entities(SqliteConnection& db, const EntitySpec& entity,
                               const ListQuery& query) {
  if (Status s = check_page(query); !s) return s.error();
  std::string where = " WHERE t.tenant_id = ?";
  std::vector<SqlValue> params{SqlValue{query.tenant_id}};
  if (query.from) {
    where += fmt::format(" AND t.{} >= ?", entity.time_field);
    params.emplace_back(*query.from);
  }
  if (query.to) {
    where += fmt::format(" AND t.{} < ?", entity.time_field);
    params.emplace_back(*query.to);
  }
  if (!query.text.empty()) {
    std::string any;
    for (const FieldSpec& f : entity.fields) {
      if (!f.searchable || f.secret) continue;
      any += fmt::format("{}cw_fold(t.{}) LIKE ? ESCAPE '\\'", any.empty() ? "" : " OR ", f.name);
      params.emplace_back(folded_like_pattern(query.text));
    }
    if (!any.empty()) where += " AND (" + any + ")";
  }
  for (const auto& [name, value] : query.equals) {
    const FieldSpec* f = entity.field(name);
    if (!f || !f->filterable || f->secret)
      return make_error(ErrorKind::invalid_input,
                        fmt::format("{} cannot be filtered on {}", entity.name, name), name);
    auto encoded = encode_filter(*f, value);
    if (!encoded) return encoded.error();
    where += fmt::format(" AND t.{} = ?", f->name);
    params.push_back(std::move(*encoded));
  }

  std::string sort_name = query.sort.empty() ? std::string(entity.time_field) : query.sort;
  bool descending = query.descending;
  if (!sort_name.empty() && sort_name[0] == '-') {
    sort_name.erase(0, 1);
    descending = true;
  }
  const FieldSpec* sort_field = entity.field(sort_name);
  if (!sort_field || sort_field->secret)
    return make_error(ErrorKind::invalid_input,
                      fmt::format("{} cannot be sorted by {}", entity.name, sort_name), "sort");

  ListPage page;
  {
    auto count = db.prepare(fmt::format("SELECT COUNT(*) FROM {} t{}", entity.table, where));
    if (!count) return count.error();
    count->bind_all(params);
    auto row = count->step();
    if (!row) return row.error();
    page.total = *row ? count->int64(0) : 0;
  }
  const char* direction = descending ? "DESC" : "ASC";
  auto stmt =
      db.prepare(fmt::format("{}{} ORDER BY t.{} {}, t.id {} LIMIT ? OFFSET ?",
                             select_clause(entity), where, sort_field->name, direction, direction));
  if (!stmt) return stmt.error();
  const int index = stmt->bind_all(params);
  stmt->bind(index, std::int64_t{query.limit});
  stmt->bind(index + 1, std::int64_t{query.offset});
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    page.items.push_back(row_to_json(entity, *stmt));
  }
  for (Json& item : page.items)
    if (Status s = add_children(db, entity, item); !s) return s.error();
  return page;
}

}  // namespace callwerk::store

#include "store/entity_repository.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "store/credentials.hpp"
#include "store/entity_codec.hpp"
#include "store/entity_query.hpp"
#include "store/entity_rules.hpp"
#include "store/number_sequence.hpp"

namespace callwerk::store {

namespace {

// Write-only input that is not a column: users give a password, the store keeps its hash.
constexpr std::string_view kPasswordKey = "password";

bool is_user_password(const EntitySpec& entity, std::string_view key) {
  return entity.name == "users" && key == kPasswordKey;
}

Status check_reference(SqliteConnection& db, Id tenant_id, const FieldSpec& field,
                       const SqlValue& value, const std::string& location) {
  const auto* id = std::get_if<std::int64_t>(&value);
  if (!id) return ok_status();
  const EntitySpec* target = find_entity(field.references);
  if (!target)
    return make_error(ErrorKind::internal, fmt::format("no entity {}", field.references));
  auto found =
      query_int(db, fmt::format("SELECT 1 FROM {} WHERE id = ? AND tenant_id = ?", target->table),
                {SqlValue{*id}, SqlValue{tenant_id}});
  if (!found) return found.error();
  if (!found->has_value())
    return field_error(location,
                       fmt::format("refers to no {} {} of this tenant", target->singular, *id));
  return ok_status();
}

bool is_blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// Validates the plain fields of `object` (children and special keys are left to the caller).
Result<Columns> encode_fields(SqliteConnection& db, Id tenant_id,
                              const std::vector<FieldSpec>& fields, const Json& object,
                              bool creating, const std::string& prefix,
                              const std::function<bool(std::string_view)>& handled_elsewhere,
                              std::string_view generated_field = {}) {
  if (!object.is_object())
    return make_error(ErrorKind::invalid_input,
                      prefix.empty() ? "the body must be a JSON object"
                                     : fmt::format("{} must be an object", prefix),
                      prefix);
  Columns columns;
  for (const auto& [key, value] : object.items()) {
    if (handled_elsewhere(key)) continue;
    const std::string location = prefix.empty() ? key : fmt::format("{}.{}", prefix, key);
    const FieldSpec* field = nullptr;
    for (const FieldSpec& f : fields)
      if (f.name == key) field = &f;
    if (!field) return field_error(location, "is not a known field");
    if (!field->writable) return field_error(location, "is read-only");
    auto encoded = encode_field(*field, value, location);
    if (!encoded) return encoded.error();
    if (field->required && std::holds_alternative<std::monostate>(*encoded)) {
      if (field->name != generated_field || !creating) return field_error(location, "is required");
    }
    // A name of blanks is no name: a required text must say something.
    if (field->required && field->type == FieldType::text && value.is_string() &&
        is_blank(value.get_ref<const std::string&>())) {
      if (field->name != generated_field || !creating)
        return field_error(location, "must not be empty");
      continue;  // generated on create, as if it were not given
    }
    if (field->type == FieldType::reference) {
      if (Status s = check_reference(db, tenant_id, *field, *encoded, location); !s)
        return s.error();
    }
    // On create, NULL means "use the column default".
    if (creating && std::holds_alternative<std::monostate>(*encoded)) continue;
    columns.emplace_back(std::string(field->name), std::move(*encoded));
  }
  if (creating) {
    for (const FieldSpec& f : fields) {
      if (!f.required || f.name == generated_field) continue;
      if (!find_column(columns, f.name)) {
        const std::string location =
            prefix.empty() ? std::string(f.name) : fmt::format("{}.{}", prefix, f.name);
        return field_error(location, "is required");
      }
    }
  }
  return columns;
}

Status insert_row(SqliteConnection& db, std::string_view table, const Columns& columns) {
  std::string names, marks;
  for (const auto& [name, value] : columns) {
    names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
    marks += marks.empty() ? "?" : ", ?";
  }
  auto stmt = db.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, marks));
  if (!stmt) return stmt.error();
  int i = 1;
  for (const auto& [name, value] : columns) stmt->bind(i++, value);
  return stmt->run();
}

constexpr std::size_t kMaxChildren = 1000;

// Replaces the children of every child collection present in `input`.
Status write_children(SqliteConnection& db, const EntitySpec& entity, Id tenant_id, Id parent_id,
                      const Json& input, bool replacing) {
  for (const ChildSpec& child : entity.children) {
    auto it = input.find(std::string(child.name));
    if (it == input.end()) continue;
    const std::string name(child.name);
    if (!it->is_array() && !it->is_null()) return field_error(name, "must be an array");
    // Bounded so that sums over a collection (order totals) cannot overflow.
    if (it->is_array() && it->size() > kMaxChildren)
      return field_error(name, fmt::format("must not have more than {} entries", kMaxChildren));
    std::vector<Columns> rows;
    if (it->is_array()) {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string location = fmt::format("{}[{}]", name, i);
        auto columns = encode_fields(db, tenant_id, child.fields, (*it)[i], true, location,
                                     [](std::string_view) { return false; });
        if (!columns) return columns.error();
        if (Status s = apply_child_rules(db, tenant_id, entity, child, *columns, location); !s)
          return s.error();
        rows.push_back(std::move(*columns));
      }
    }
    if (replacing) {
      auto clear =
          db.prepare(fmt::format("DELETE FROM {} WHERE {} = ?", child.table, child.parent_key));
      if (!clear) return clear.error();
      clear->bind(1, parent_id);
      if (Status s = clear->run(); !s) return s;
    }
    for (Columns& row : rows) {
      row.emplace_back(std::string(child.parent_key), SqlValue{parent_id});
      if (Status s = insert_row(db, child.table, row); !s) {
        Error e = s.error();
        if (e.kind == ErrorKind::conflict && !e.location.empty()) {
          e.message = fmt::format("{}: {} appears twice", name, e.location);
          e.location = name;
        }
        return e;
      }
    }
  }
  return ok_status();
}

// Why a row cannot be deleted, in words, when other rows still point at it.
Status check_not_referenced(SqliteConnection& db, const EntitySpec& entity, Id id) {
  struct Reference {
    std::string table, column, label;
  };
  std::vector<Reference> references;
  for (const EntitySpec& other : catalog()) {
    for (const FieldSpec& f : other.fields)
      if (f.type == FieldType::reference && f.references == entity.name)
        references.push_back(
            {std::string(other.table), std::string(f.name), std::string(other.name)});
    for (const ChildSpec& c : other.children)
      for (const FieldSpec& f : c.fields)
        if (f.type == FieldType::reference && f.references == entity.name)
          references.push_back({std::string(c.table), std::string(f.name),
                                fmt::format("{} {}", other.singular, c.name)});
  }
  if (entity.name == "interactions")
    references.push_back({"timeline_events", "interaction_id", "timeline events"});
  if (entity.name == "users") references.push_back({"audit_log", "user_id", "audit log entries"});
  for (const Reference& r : references) {
    auto count = query_int(
        db, fmt::format("SELECT COUNT(*) FROM {} WHERE {} = ?", r.table, r.column), {SqlValue{id}});
    if (!count) return count.error();
    const std::int64_t n = count->value_or(0);
    if (n > 0)
      return make_error(ErrorKind::conflict,
                        fmt::format("{} {} cannot be deleted: {} {} still refer to it",
                                    entity.singular, id, n, r.label));
  }
  return ok_status();
}

Result<Columns> encode_entity_input(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                    const Json& input, bool creating) {
  auto handled_elsewhere = [&entity](std::string_view key) {
    return entity.child(key) != nullptr || is_user_password(entity, key);
  };
  auto columns = encode_fields(db, tenant_id, entity.fields, input, creating, "", handled_elsewhere,
                               entity.number_field);
  if (!columns) return columns.error();
  if (is_user_password(entity, kPasswordKey)) {
    auto it = input.find(std::string(kPasswordKey));
    if (it != input.end() && !it->is_null()) {
      if (!it->is_string()) return field_error("password", "must be a string");
      if (find_column(*columns, "password_hash"))
        return field_error("password", "cannot be given together with password_hash");
      auto hash = hash_password(it->get_ref<const std::string&>());
      if (!hash) return hash.error();
      columns->emplace_back("password_hash", SqlValue{std::move(*hash)});
    }
  }
  return columns;
}

// A human number given in the input (order_number, ticket_number) moves the tenant's counter
// past it, so generated numbers never collide with it. Returns whether one was given.
Result<bool> reserve_given_number(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                  const Columns& columns) {
  if (entity.number_field.empty()) return false;
  const SqlValue* given = find_column(columns, entity.number_field);
  if (!given || !std::holds_alternative<std::string>(*given)) return false;
  if (Status s = reserve_number(db, tenant_id, entity.number_prefix, std::get<std::string>(*given));
      !s)
    return s.error();
  return true;
}

}  // namespace

Result<EntityChange> create_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                   const Json& input, const Actor& actor,
                                   const std::optional<HistoricalTimes>& times) {
  if (times && times->updated_at && *times->updated_at < times->created_at)
    return field_error("updated_at", "must not be before created_at");
  auto columns = encode_entity_input(db, entity, tenant_id, input, true);
  if (!columns) return columns.error();
  // A generated number takes the year of the record's creation, historical or now.
  const TimeMs now = times ? times->created_at : now_ms();
  const TimeMs updated = times ? times->updated_at.value_or(times->created_at) : now;
  auto given_number = reserve_given_number(db, entity, tenant_id, *columns);
  if (!given_number) return given_number.error();
  if (!entity.number_field.empty() && !*given_number) {
    auto number = next_number(db, tenant_id, entity.number_prefix, now);
    if (!number) return number.error();
    columns->emplace_back(std::string(entity.number_field), SqlValue{std::move(*number)});
  }
  if (Status s = apply_entity_rules(*columns, entity, actor, true, now); !s) return s.error();
  columns->emplace_back("tenant_id", SqlValue{tenant_id});
  columns->emplace_back("created_at", SqlValue{now});
  columns->emplace_back("updated_at", SqlValue{updated});
  if (Status s = insert_row(db, entity.table, *columns); !s) return s.error();
  const Id id = db.last_insert_rowid();
  if (Status s = write_children(db, entity, tenant_id, id, input, false); !s) return s.error();
  if (Status s = after_entity_write(db, entity, id); !s) return s.error();
  auto after = fetch_entity(db, entity, tenant_id, id);
  if (!after) return after.error();
  return EntityChange{nullptr, std::move(*after)};
}

Result<EntityChange> update_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                   Id id, const Json& patch, const Actor& actor) {
  auto before = fetch_entity(db, entity, tenant_id, id);
  if (!before) return before.error();
  auto columns = encode_entity_input(db, entity, tenant_id, patch, false);
  if (!columns) return columns.error();
  const TimeMs now = now_ms();
  if (Status s = apply_entity_rules(*columns, entity, actor, false, now); !s) return s.error();
  if (auto given_number = reserve_given_number(db, entity, tenant_id, *columns); !given_number)
    return given_number.error();
  columns->emplace_back("updated_at", SqlValue{now});
  std::string assignments;
  for (const auto& [name, value] : *columns)
    assignments += fmt::format("{}{} = ?", assignments.empty() ? "" : ", ", name);
  auto stmt = db.prepare(
      fmt::format("UPDATE {} SET {} WHERE id = ? AND tenant_id = ?", entity.table, assignments));
  if (!stmt) return stmt.error();
  int i = 1;
  for (const auto& [name, value] : *columns) stmt->bind(i++, value);
  stmt->bind(i, id);
  stmt->bind(i + 1, tenant_id);
  if (Status s = stmt->run(); !s) return s.error();
  if (Status s = write_children(db, entity, tenant_id, id, patch, true); !s) return s.error();
  if (Status s = after_entity_write(db, entity, id); !s) return s.error();
  if (Status s = after_entity_update(db, entity, id, *before, *columns); !s) return s.error();
  auto after = fetch_entity(db, entity, tenant_id, id);
  if (!after) return after.error();
  return EntityChange{std::move(*before), std::move(*after)};
}

Result<EntityChange> remove_entity(SqliteConnection& db, const EntitySpec& entity, Id tenant_id,
                                   Id id) {
  auto before = fetch_entity(db, entity, tenant_id, id);
  if (!before) return before.error();
  if (Status s = check_not_referenced(db, entity, id); !s) return s.error();
  auto stmt =
      db.prepare(fmt::format("DELETE FROM {} WHERE id = ? AND tenant_id = ?", entity.table));
  if (!stmt) return stmt.error();
  stmt->bind(1, id).bind(2, tenant_id);
  if (Status s = stmt->run(); !s) return s.error();
  return EntityChange{std::move(*before), nullptr};
}

}  // namespace callwerk::store

#include "store/entity_rules.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"
#include "store/phone_number.hpp"

namespace callwerk::store {

namespace {

constexpr std::int64_t kMaxUnitPriceCents = 1'000'000'000;
constexpr std::size_t kMaxSynonymWords = 30;
constexpr std::size_t kMaxSynonymBytes = 64;

Status complete_phone(Columns& row, const std::string& location) {
  SqlValue* number = find_column(row, "number");
  if (!number || !std::holds_alternative<std::string>(*number))
    return field_error(location + ".number", "is required");
  auto e164 = normalize_phone_e164(std::get<std::string>(*number));
  if (!e164) return field_error(location + ".number", fmt::format("({})", e164.error().message));
  row.emplace_back("number_e164", SqlValue{std::move(*e164)});
  return ok_status();
}

Status complete_order_line(SqliteConnection& db, Id tenant_id, Columns& row,
                           const std::string& location) {
  SqlValue* quantity = find_column(row, "quantity");
  if (!quantity || !std::holds_alternative<std::int64_t>(*quantity) ||
      std::get<std::int64_t>(*quantity) < 1 || std::get<std::int64_t>(*quantity) > 1'000'000)
    return field_error(location + ".quantity", "must be between 1 and 1000000");
  SqlValue* product = find_column(row, "product_id");
  if (product && std::holds_alternative<std::int64_t>(*product)) {
    // Reference already checked to be of this tenant; take the defaults from the product.
    auto stmt =
        db.prepare("SELECT name, unit_price_cents FROM products WHERE id = ? AND tenant_id = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, std::get<std::int64_t>(*product)).bind(2, tenant_id);
    auto found = stmt->step();
    if (!found) return found.error();
    if (*found) {
      if (!find_column(row, "description"))
        row.emplace_back("description", SqlValue{stmt->text(0)});
      if (!find_column(row, "unit_price_cents"))
        row.emplace_back("unit_price_cents", SqlValue{stmt->int64(1)});
    }
  }
  const SqlValue* description = find_column(row, "description");
  if (!description || !std::holds_alternative<std::string>(*description))
    return field_error(location + ".description", "is required when there is no product_id");
  const SqlValue* price = find_column(row, "unit_price_cents");
  if (!price || !std::holds_alternative<std::int64_t>(*price))
    return field_error(location + ".unit_price_cents", "is required when there is no product_id");
  const std::int64_t qty = std::get<std::int64_t>(*find_column(row, "quantity"));
  const std::int64_t unit = std::get<std::int64_t>(*price);
  // 10 million euros per unit at most: with at most 1000 lines of at most 1,000,000 units, no
  // order total can overflow 64 bits.
  if (unit < 0 || unit > kMaxUnitPriceCents)
    return field_error(location + ".unit_price_cents", "must be between 0 and 1000000000");
  row.emplace_back("line_total_cents", SqlValue{qty * unit});
  return ok_status();
}

// A synonym group widens one query word to the others, so each entry must be one word as the
// search cuts words: no spaces, hyphens or punctuation between letters (kb/kb_synonyms.hpp).
Status check_synonym_words(Columns& columns) {
  SqlValue* words = find_column(columns, "words");
  if (!words || !std::holds_alternative<std::string>(*words)) return ok_status();
  const Json list = Json::parse(std::get<std::string>(*words), nullptr, false);
  if (!list.is_array() || list.size() < 2 || list.size() > kMaxSynonymWords)
    return field_error("words", fmt::format("must be a list of 2 to {} words", kMaxSynonymWords));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string location = fmt::format("words[{}]", i);
    if (!list[i].is_string()) return field_error(location, "must be a string");
    const std::string& word = list[i].get_ref<const std::string&>();
    if (word.empty() || word.size() > kMaxSynonymBytes)
      return field_error(location, fmt::format("must have 1 to {} bytes", kMaxSynonymBytes));
    for (char c : word)
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '/' || c == ',' ||
          c == '.')
        return field_error(location,
                           "must be one word (no spaces, hyphens or punctuation): '" + word + "'");
  }
  return ok_status();
}

// An order line holds at most 1,000,000 units (complete_order_line), so a larger limit
// would mean nothing; below 1 nothing could ever be ordered.
Status check_max_quantity(Columns& columns) {
  const SqlValue* limit = find_column(columns, "max_quantity");
  if (limit == nullptr || !std::holds_alternative<std::int64_t>(*limit)) return ok_status();
  const std::int64_t value = std::get<std::int64_t>(*limit);
  if (value < 1 || value > 1'000'000)
    return field_error("max_quantity", "must be between 1 and 1000000");
  return ok_status();
}

// A call back is dialled by its E.164 number; without a time it is due at once. The number is
// checked on every write, so an update cannot leave an undiallable request behind.
Status complete_callback(Columns& columns, bool creating, TimeMs now) {
  if (const SqlValue* number = find_column(columns, "number");
      number && std::holds_alternative<std::string>(*number)) {
    auto e164 = normalize_phone_e164(std::get<std::string>(*number));
    if (!e164) return field_error("number", fmt::format("({})", e164.error().message));
    columns.emplace_back("number_e164", SqlValue{std::move(*e164)});
  }
  if (const SqlValue* attempts = find_column(columns, "attempts");
      attempts && std::holds_alternative<std::int64_t>(*attempts) &&
      (std::get<std::int64_t>(*attempts) < 0 || std::get<std::int64_t>(*attempts) > 1000))
    return field_error("attempts", "must be between 0 and 1000");
  SqlValue* due = find_column(columns, "due_at");
  if (due && !std::holds_alternative<std::int64_t>(*due)) {
    *due = SqlValue{std::int64_t{now}};  // null: as soon as possible
  } else if (!due && creating) {
    columns.emplace_back("due_at", SqlValue{std::int64_t{now}});
  }
  return ok_status();
}

}  // namespace

Status apply_child_rules(SqliteConnection& db, Id tenant_id, const EntitySpec& entity,
                         const ChildSpec& child, Columns& row, const std::string& location) {
  if (entity.name == "contacts" && child.name == "phones") return complete_phone(row, location);
  if (entity.name == "orders" && child.name == "lines")
    return complete_order_line(db, tenant_id, row, location);
  return ok_status();
}

namespace {

// A queue's times and targets within what routing can work with: a value the ACD would refuse
// must be refused here, or the queue would be stored but never route a call.
Status check_queue_numbers(const Columns& columns) {
  struct Range {
    std::string_view field;
    std::int64_t min;
    std::int64_t max;
  };
  static constexpr Range kRanges[] = {
      {"service_level_seconds", 1, 3600}, {"service_level_target", 0, 100},
      {"max_wait_seconds", 0, 86400},     {"wrap_up_seconds", 0, 3600},
      {"ring_timeout_seconds", 5, 300},   {"voicemail_max_seconds", 5, 600}};
  for (const Range& range : kRanges) {
    const SqlValue* value = find_column(columns, range.field);
    if (value == nullptr || !std::holds_alternative<std::int64_t>(*value)) continue;
    const std::int64_t v = std::get<std::int64_t>(*value);
    if (v < range.min || v > range.max)
      return field_error(std::string(range.field),
                         fmt::format("must be between {} and {}", range.min, range.max));
  }
  return ok_status();
}

}  // namespace

Status apply_entity_rules(Columns& columns, const EntitySpec& entity, const Actor& actor,
                          bool creating, TimeMs now) {
  if (entity.name == "queues") return check_queue_numbers(columns);
  if ((entity.name == "orders" || entity.name == "callbacks") && creating && actor.user_id)
    columns.emplace_back("created_by", SqlValue{*actor.user_id});
  if (entity.name == "callbacks") return complete_callback(columns, creating, now);
  if (entity.name == "kb_synonyms") return check_synonym_words(columns);
  if (entity.name == "products") return check_max_quantity(columns);
  return ok_status();
}

namespace {

// A queue that overflows into another needs that queue, of the same tenant and not itself;
// checked on the stored row, so that a patch of either field alone is checked as well.
Status check_queue_overflow(SqliteConnection& db, Id id) {
  auto stmt = db.prepare(
      "SELECT q.overflow_action, COALESCE(q.overflow_queue, ''), q.name, "
      "(SELECT COUNT(*) FROM queues o WHERE o.tenant_id = q.tenant_id AND o.name = "
      "q.overflow_queue) FROM queues q WHERE q.id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto found = stmt->step();
  if (!found) return found.error();
  if (!*found || stmt->text(0) != "queue") return ok_status();
  const std::string target = stmt->text(1);
  if (target.empty())
    return field_error("overflow_queue", "is required when overflow_action is 'queue'");
  if (target == stmt->text(2)) return field_error("overflow_queue", "must be another queue");
  if (stmt->int64(3) == 0)
    return field_error("overflow_queue",
                       fmt::format("names no queue of this tenant ('{}')", target));
  return ok_status();
}

}  // namespace

Status after_entity_write(SqliteConnection& db, const EntitySpec& entity, Id id) {
  if (entity.name == "queues") return check_queue_overflow(db, id);
  if (entity.name != "orders") return ok_status();
  auto stmt = db.prepare(
      "UPDATE orders SET total_cents = (SELECT COALESCE(SUM(line_total_cents), 0) "
      "FROM order_lines WHERE order_id = ?1) WHERE id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  return stmt->run();
}

Status after_entity_update(SqliteConnection& db, const EntitySpec& entity, Id id,
                           const Json& before, const Columns& changed) {
  if (entity.name != "users") return ok_status();
  // A new password, role, name or deactivation ends every login of the user at once, so a
  // stolen session does not outlive a password change and a demoted user keeps no old rights.
  // Values sent along unchanged (a form that posts the whole user) end nothing.
  const auto differs = [&](std::string_view column) {
    const SqlValue* value = find_column(changed, column);
    if (!value) return false;
    const Json& old = before[std::string(column)];
    if (const auto* text = std::get_if<std::string>(value)) return old != Json(*text);
    if (const auto* number = std::get_if<std::int64_t>(value))
      return old.is_boolean() ? old.get<bool>() != (*number != 0) : old != Json(*number);
    return true;
  };
  const bool credentials_changed = find_column(changed, "password_hash") || differs("role") ||
                                   differs("username") || differs("active");
  if (!credentials_changed) return ok_status();
  auto stmt = db.prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  return stmt->run();
}

}  // namespace callwerk::store

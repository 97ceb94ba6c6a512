#include "app/import_fields.hpp"

#include <fmt/core.h>

#include <charconv>
#include <stdexcept>

namespace callwerk::app {

namespace {

using store::FieldSpec;
using store::FieldType;

size_t utf8_length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::optional<std::string> check_text(const std::string& text, const FieldSpec& field) {
  const size_t limit = field.max_length > 0 ? static_cast<size_t>(field.max_length) : 10000;
  if (utf8_length(text) > limit)
    return fmt::format("'{}' is longer than {} characters", field.name, limit);
  if (!field.allowed.empty()) {
    bool known = false;
    for (std::string_view a : field.allowed) known = known || a == text;
    if (!known) {
      std::string list;
      for (std::string_view a : field.allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return fmt::format("'{}' must be one of {}, not '{}'", field.name, list, text);
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

const store::EntitySpec& entity_spec(std::string_view name) {
  const store::EntitySpec* spec = store::find_entity(name);
  if (spec == nullptr) throw std::logic_error(fmt::format("entity {} not in catalog", name));
  return *spec;
}

std::optional<std::int64_t> parse_money_cents(std::string_view text) {
  const size_t separator = text.find_first_of(".,");
  const std::string_view whole = text.substr(0, separator);
  std::string_view fraction =
      separator == std::string_view::npos ? std::string_view() : text.substr(separator + 1);
  if (whole.empty() || (separator != std::string_view::npos && fraction.empty()) ||
      fraction.size() > 2)
    return std::nullopt;
  for (char c : whole)
    if (c < '0' || c > '9') return std::nullopt;
  for (char c : fraction)
    if (c < '0' || c > '9') return std::nullopt;
  auto euros = parse_integer(whole);
  if (!euros || *euros > 1'000'000'000'000) return std::nullopt;
  std::int64_t cents = 0;
  if (!fraction.empty()) cents = *parse_integer(fraction) * (fraction.size() == 1 ? 10 : 1);
  return *euros * 100 + cents;
}

std::string format_money_cents(std::int64_t cents) {
  return fmt::format("{}.{:02}", cents / 100, cents % 100);
}

Result<Json> field_from_text(const std::string& text, const FieldSpec& field,
                             const std::string& location) {
  auto bad = [&](std::string message) {
    return make_error(ErrorKind::invalid_input, std::move(message), location);
  };
  if (text.empty()) return Json(nullptr);
  switch (field.type) {
    case FieldType::text:
      if (auto problem = check_text(text, field)) return bad(*problem);
      return Json(text);
    case FieldType::integer:
      if (auto value = parse_integer(text)) return Json(*value);
      return bad(fmt::format("'{}' must be a whole number, not '{}'", field.name, text));
    case FieldType::boolean:
      if (text == "true") return Json(true);
      if (text == "false") return Json(false);
      return bad(fmt::format("'{}' must be true or false, not '{}'", field.name, text));
    case FieldType::time:
      if (auto t = parse_iso8601(text)) return Json(format_iso8601(*t));
      return bad(
          fmt::format("'{}' must be a time like 2026-11-02T08:15:12Z, not '{}'", field.name, text));
    case FieldType::money:
      if (auto cents = parse_money_cents(text)) return Json(*cents);
      return bad(fmt::format("'{}' must be an amount like 12.90, not '{}'", field.name, text));
    case FieldType::json:
    case FieldType::reference:
      break;
  }
  return bad(fmt::format("'{}' cannot be given as text", field.name));
}

Result<Json> field_from_yaml(const YamlSource& source, const YAML::Node& value,
                             const FieldSpec& field) {
  if (value.IsNull()) return Json(nullptr);
  if (field.type == FieldType::json) {
    if (!value.IsSequence() && !value.IsMap())
      return yaml_error(source, value, fmt::format("'{}' must be a list or mapping", field.name));
    return yaml_to_json(value);
  }
  if (field.type == FieldType::money) {
    // In YAML cents are written as whole numbers, like in the API.
    auto cents = yaml_integer(source, value, field.name);
    if (!cents) return cents.error();
    if (*cents < 0)
      return yaml_error(source, value, fmt::format("'{}' must not be negative", field.name));
    return Json(*cents);
  }
  if (!value.IsScalar())
    return yaml_error(source, value, fmt::format("'{}' must be a single value", field.name));
  if (field.type == FieldType::boolean) {
    auto flag = yaml_bool(source, value, field.name);
    if (!flag) return flag.error();
    return Json(*flag);
  }
  return field_from_text(value.Scalar(), field, yaml_location(source, value.Mark()));
}

Status read_catalog_fields(const YamlSource& source, const YAML::Node& map,
                           const store::EntitySpec& entity,
                           std::initializer_list<std::string_view> handled_by_caller,
                           Json& fields) {
  if (auto s = check_unique_keys(source, map); !s) return s;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    bool skip = false;
    for (std::string_view h : handled_by_caller) skip = skip || h == key;
    if (skip) continue;
    const FieldSpec* field = entity.field(key);
    if (field == nullptr || !field->writable || field->type == FieldType::reference) {
      std::string list;
      for (const FieldSpec& f : entity.fields)
        if (f.writable && f.type != FieldType::reference && f.name != "password_hash" &&
            f.name != "sip_password")
          list += (list.empty() ? "" : ", ") + std::string(f.name);
      for (std::string_view h : handled_by_caller) list += ", " + std::string(h);
      return yaml_error(source, it->first,
                        fmt::format("unknown key '{}' (expected one of: {})", key, list));
    }
    auto value = field_from_yaml(source, it->second, *field);
    if (!value) return value.error();
    if (!value->is_null()) fields[key] = std::move(*value);
  }
  return ok_status();
}

Status check_required_fields(const std::string& record_location, const store::EntitySpec& entity,
                             const Json& fields,
                             std::initializer_list<std::string_view> satisfied_elsewhere) {
  for (const FieldSpec& f : entity.fields) {
    if (!f.required || !f.writable) continue;
    bool elsewhere = false;
    for (std::string_view s : satisfied_elsewhere) elsewhere = elsewhere || s == f.name;
    if (elsewhere) continue;
    if (fields.contains(std::string(f.name)) && !fields[std::string(f.name)].is_null()) continue;
    return make_error(ErrorKind::invalid_input, fmt::format("missing required key '{}'", f.name),
                      record_location);
  }
  return ok_status();
}

}  // namespace callwerk::app

#include "store/entity_codec.hpp"

#include <utility>

#include <charconv>

#include <fmt/format.h>

#include "core/clock.hpp"

namespace callwerk::store {

namespace {

constexpr int kDefaultMaxLength = 10000;

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string allowed_list(const FieldSpec& field) {
  std::string out;
  for (std::string_view v : field.allowed) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

Result<SqlValue> encode_text(const FieldSpec& field, const std::string& text,
                             const std::string& location) {
  const int max = field.max_length > 0 ? field.max_length : kDefaultMaxLength;
  if (utf8_length(text) > static_cast<std::size_t>(max))
    return field_error(location, fmt::format("is longer than {} characters", max));
  if (!field.allowed.empty()) {
    bool found = false;
    for (std::string_view v : field.allowed) found = found || v == text;
    if (!found)
      return field_error(location, fmt::format("must be one of: {}", allowed_list(field)));
  }
  return SqlValue{text};
}

}  // namespace

const SqlValue* find_column(const Columns& columns, std::string_view name) {
  for (const auto& [column, value] : columns)
    if (column == name) return &value;
  return nullptr;
}

SqlValue* find_column(Columns& columns, std::string_view name) {
  return const_cast<SqlValue*>(find_column(std::as_const(columns), name));
}

Error field_error(const std::string& location, const std::string& problem) {
  return make_error(ErrorKind::invalid_input, fmt::format("{} {}", location, problem), location);
}

Result<SqlValue> encode_field(const FieldSpec& field, const Json& value,
                              const std::string& location) {
  if (value.is_null()) return SqlValue{};
  switch (field.type) {
    case FieldType::integer:
    case FieldType::money:
    case FieldType::reference: {
      if (!value.is_number_integer()) return field_error(location, "must be an integer");
      if (value.is_number_unsigned() &&
          value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        return field_error(location, "is too large");
      const std::int64_t v = value.get<std::int64_t>();
      if (field.type == FieldType::money && v < 0)
        return field_error(location, "must not be negative");
      if (field.type == FieldType::reference && v <= 0)
        return field_error(location, "must be a positive id");
      return SqlValue{v};
    }
    case FieldType::boolean:
      if (!value.is_boolean()) return field_error(location, "must be true or false");
      return SqlValue{std::int64_t{value.get<bool>() ? 1 : 0}};
    case FieldType::time: {
      if (value.is_number_integer()) return SqlValue{value.get<std::int64_t>()};
      if (!value.is_string()) return field_error(location, "must be an ISO 8601 time");
      auto t = parse_iso8601(value.get_ref<const std::string&>());
      if (!t) return field_error(location, "must be an ISO 8601 time (2026-11-26T19:04:22Z)");
      return SqlValue{*t};
    }
    case FieldType::json:
      if (!value.is_array() && !value.is_object())
        return field_error(location, "must be a JSON array or object");
      return SqlValue{value.dump()};
    case FieldType::text:
      if (!value.is_string()) return field_error(location, "must be a string");
      return encode_text(field, value.get_ref<const std::string&>(), location);
  }
  return field_error(location, "has an unsupported type");
}

Result<SqlValue> encode_filter(const FieldSpec& field, const std::string& text) {
  const std::string location(field.name);
  switch (field.type) {
    case FieldType::integer:
    case FieldType::money:
    case FieldType::reference: {
      std::int64_t v = 0;
      const char* end = text.data() + text.size();
      auto [ptr, ec] = std::from_chars(text.data(), end, v);
      if (ec != std::errc() || ptr != end || text.empty())
        return field_error(location, "must be an integer");
      return SqlValue{v};
    }
    case FieldType::boolean:
      if (text == "true" || text == "1") return SqlValue{std::int64_t{1}};
      if (text == "false" || text == "0") return SqlValue{std::int64_t{0}};
      return field_error(location, "must be true or false");
    case FieldType::time: {
      auto t = parse_iso8601(text);
      if (!t) return field_error(location, "must be an ISO 8601 time");
      return SqlValue{*t};
    }
    case FieldType::json:
      return field_error(location, "cannot be filtered");
    case FieldType::text:
      return encode_text(field, text, location);
  }
  return field_error(location, "cannot be filtered");
}

Json decode_field(const FieldSpec& field, const SqliteStatement& row, int column) {
  if (row.is_null(column)) return nullptr;
  switch (field.type) {
    case FieldType::integer:
    case FieldType::money:
    case FieldType::reference:
      return row.int64(column);
    case FieldType::boolean:
      return row.int64(column) != 0;
    case FieldType::time:
      return format_iso8601(row.int64(column));
    case FieldType::json: {
      Json parsed = Json::parse(row.text(column), nullptr, /*allow_exceptions=*/false);
      return parsed.is_discarded() ? Json(row.text(column)) : parsed;
    }
    case FieldType::text:
      return row.text(column);
  }
  return nullptr;
}

}  // namespace callwerk::store

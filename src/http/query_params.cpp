#include "http/query_params.hpp"

#include <algorithm>
#include <charconv>
#include <functional>

#include <fmt/format.h>

namespace callwerk::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error bad_param(std::string_view name, std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message), std::string(name));
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// Validates a filter value against the field's type and normalises it to the form the store
// compares with (booleans as "1"/"0").
Result<std::string> filter_value(const store::FieldSpec& field, const std::string& value) {
  using store::FieldType;
  switch (field.type) {
    case FieldType::boolean:
      if (value == "true" || value == "1") return std::string("1");
      if (value == "false" || value == "0") return std::string("0");
      return bad_param(field.name, "expected true or false");
    case FieldType::integer:
    case FieldType::money:
    case FieldType::reference:
      if (!parse_int(value)) return bad_param(field.name, "expected an integer");
      return value;
    case FieldType::time: {
      auto t = parse_iso8601(value);
      if (!t) return bad_param(field.name, "expected an ISO 8601 time or milliseconds");
      return std::to_string(*t);
    }
    case FieldType::text:
      if (!field.allowed.empty() &&
          std::find(field.allowed.begin(), field.allowed.end(), value) == field.allowed.end()) {
        return bad_param(field.name, fmt::format("'{}' is not an allowed value", value));
      }
      if (value.size() > 1000) return bad_param(field.name, "value too long");
      return value;
    case FieldType::json:
      break;
  }
  return bad_param(field.name, "this field cannot be filtered");
}

// A parameter handled by the common part; `false` means "not a common parameter".
Result<bool> apply_common(store::ListQuery& query, const std::string& name,
                          const std::string& value) {
  if (name == "limit") {
    auto n = parse_int(value);
    if (!n || *n < 1 || *n > 500) return bad_param(name, "limit must be between 1 and 500");
    query.limit = static_cast<int>(*n);
    return true;
  }
  if (name == "offset") {
    auto n = parse_int(value);
    if (!n || *n < 0 || *n > 100'000'000) return bad_param(name, "offset must be >= 0");
    query.offset = static_cast<int>(*n);
    return true;
  }
  if (name == "from" || name == "to") {
    auto t = parse_iso8601(value);
    if (!t) return bad_param(name, "expected an ISO 8601 time or milliseconds");
    (name == "from" ? query.from : query.to) = *t;
    return true;
  }
  if (name == "q") {
    if (value.size() > 500) return bad_param(name, "search text too long");
    query.text = value;
    return true;
  }
  return false;
}

Status apply_sort(store::ListQuery& query, const std::string& value,
                  const std::function<bool(std::string_view)>& sortable) {
  std::string_view field = value;
  bool descending = false;
  if (!field.empty() && field.front() == '-') {
    descending = true;
    field.remove_prefix(1);
  }
  if (field.empty() || !sortable(field)) {
    return bad_param("sort", fmt::format("cannot sort by '{}'", value));
  }
  query.sort = std::string(field);
  query.descending = descending;
  return ok_status();
}

}  // namespace

std::optional<std::string> url_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<QueryParams> parse_query(std::string_view query) {
  // No endpoint takes more than a dozen; the duplicate check below is quadratic.
  constexpr std::size_t kMaxParams = 64;
  QueryParams params;
  while (!query.empty()) {
    if (params.size() >= kMaxParams) {
      return make_error(ErrorKind::invalid_input, "too many query parameters", "query");
    }
    const auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto name = url_decode(part.substr(0, eq), true);
    auto value =
        url_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!name || !value) {
      return make_error(ErrorKind::invalid_input, "malformed percent-encoding in the query",
                        "query");
    }
    for (const auto& [existing, unused] : params) {
      if (existing == *name) return bad_param(*name, "parameter given more than once");
    }
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

Result<store::ListQuery> entity_list_query(const store::EntitySpec& entity, store::Id tenant_id,
                                           const QueryParams& params) {
  store::ListQuery query;
  query.tenant_id = tenant_id;
  for (const auto& [name, value] : params) {
    auto common = apply_common(query, name, value);
    if (!common) return common.error();
    if (*common) continue;
    if (name == "sort") {
      auto sorted = apply_sort(query, value, [&](std::string_view f) {
        const store::FieldSpec* spec = entity.field(f);
        return spec != nullptr && !spec->secret && spec->type != store::FieldType::json;
      });
      if (!sorted) return sorted.error();
      continue;
    }
    const store::FieldSpec* field = entity.field(name);
    if (field == nullptr || !field->filterable || field->secret) {
      return bad_param(name, fmt::format("unknown parameter '{}'", name));
    }
    auto normalised = filter_value(*field, value);
    if (!normalised) return normalised.error();
    query.equals.emplace_back(name, std::move(*normalised));
  }
  return query;
}

Result<store::ListQuery> audit_list_query(store::Id tenant_id, const QueryParams& params) {
  static const store::FieldSpec kUserId{.name = "user_id", .type = store::FieldType::integer};
  static const store::FieldSpec kText{.name = "text"};
  store::ListQuery query;
  query.tenant_id = tenant_id;
  for (const auto& [name, value] : params) {
    auto common = apply_common(query, name, value);
    if (!common) return common.error();
    if (*common) continue;
    if (name == "sort") {
      auto sorted = apply_sort(query, value, [](std::string_view f) {
        return f == "at" || f == "id" || f == "action" || f == "entity" || f == "user_id";
      });
      if (!sorted) return sorted.error();
      continue;
    }
    if (name == "entity" || name == "action" || name == "user_id") {
      store::FieldSpec field = name == "user_id" ? kUserId : kText;
      field.name = name;
      auto normalised = filter_value(field, value);
      if (!normalised) return normalised.error();
      query.equals.emplace_back(name, std::move(*normalised));
      continue;
    }
    return bad_param(name, fmt::format("unknown parameter '{}'", name));
  }
  return query;
}

Status expect_no_params(const QueryParams& params) {
  if (params.empty()) return ok_status();
  return bad_param(params.front().first,
                   fmt::format("unknown parameter '{}'", params.front().first));
}

}  // namespace callwerk::http

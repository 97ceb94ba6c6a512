#include "store/number_sequence.hpp"

#include <charconv>

#include <fmt/format.h>

namespace callwerk::store {

Result<std::string> next_number(SqliteConnection& db, Id tenant_id, std::string_view prefix,
                                TimeMs at) {
  const std::string year = format_iso8601(at).substr(0, 4);
  const std::string name = fmt::format("{}-{}", prefix, year);
  auto stmt = db.prepare(
      "INSERT INTO number_sequences (tenant_id, name, next_value) VALUES (?, ?, 2) "
      "ON CONFLICT (tenant_id, name) DO UPDATE SET next_value = next_value + 1 "
      "RETURNING next_value - 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, tenant_id).bind(2, std::string_view(name));
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorKind::internal, "number sequence returned nothing");
  const std::int64_t value = stmt->int64(0);
  return fmt::format("{}-{:06}", name, value);
}

Status reserve_number(SqliteConnection& db, Id tenant_id, std::string_view prefix,
                      const std::string& number) {
  // PREFIX-YYYY-digits
  const std::size_t head = prefix.size() + 6;
  if (number.size() <= head || number.compare(0, prefix.size(), prefix) != 0 ||
      number[prefix.size()] != '-' || number[head - 1] != '-')
    return ok_status();
  for (std::size_t i = prefix.size() + 1; i < head - 1; ++i)
    if (number[i] < '0' || number[i] > '9') return ok_status();
  std::int64_t value = 0;
  const char* end = number.data() + number.size();
  auto [ptr, ec] = std::from_chars(number.data() + head, end, value);
  if (ec != std::errc() || ptr != end || value < 0) return ok_status();
  auto stmt = db.prepare(
      "INSERT INTO number_sequences (tenant_id, name, next_value) VALUES (?, ?, ?) "
      "ON CONFLICT (tenant_id, name) DO UPDATE SET "
      "next_value = MAX(next_value, excluded.next_value)");
  if (!stmt) return stmt.error();
  stmt->bind(1, tenant_id).bind(2, std::string_view(number).substr(0, head - 1)).bind(3, value + 1);
  return stmt->run();
}

}  // namespace callwerk::store

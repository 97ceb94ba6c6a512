#pragma once
// Human-readable numbers per tenant and year: "B-2026-000123" for orders, "T-2026-000042" for
// tickets, from the number_sequences table (migration 0002).

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

// Hands out the next number for `prefix` in the year of `at` (UTC).
Result<std::string> next_number(SqliteConnection& db, Id tenant_id, std::string_view prefix,
                                TimeMs at);

// A number given explicitly (import) moves the counter past it, so generated numbers never
// collide with imported ones. Numbers not in the PREFIX-YYYY-N form are ignored.
Status reserve_number(SqliteConnection& db, Id tenant_id, std::string_view prefix,
                      const std::string& number);

}  // namespace callwerk::store

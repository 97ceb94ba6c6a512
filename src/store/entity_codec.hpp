#pragma once
// Conversion between API JSON and SQLite column values, driven by the catalog's FieldSpec:
// validation of input values (type, enum, length, time syntax) and formatting of stored values
// (ISO times, booleans, parsed JSON).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/catalog.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::store {

// Column name and value, in the order they are written.
using Columns = std::vector<std::pair<std::string, SqlValue>>;

// The value of `name` in `columns`, or null.
SqlValue* find_column(Columns& columns, std::string_view name);
const SqlValue* find_column(const Columns& columns, std::string_view name);

// Validates one input value and converts it for storage. `location` names the field in errors
// ("name", "phones[0].number"). JSON null becomes SQL NULL (required-ness is checked elsewhere).
Result<SqlValue> encode_field(const FieldSpec& field, const Json& value,
                              const std::string& location);

// Converts a query-string value ("true", "12", "2026-11-01") of a filterable field.
Result<SqlValue> encode_filter(const FieldSpec& field, const std::string& text);

// Reads column `column` of the current row as the API JSON of `field`.
Json decode_field(const FieldSpec& field, const SqliteStatement& row, int column);

// "name must be a string" with location "name".
Error field_error(const std::string& location, const std::string& problem);

}  // namespace callwerk::store

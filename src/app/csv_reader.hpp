#pragma once
// RFC 4180 CSV for the import/export format, on top of libcsv. libcsv knows nothing about
// lines, so the reader feeds it byte by byte and remembers where every field starts: an
// error in row 5000 of a contacts file must point at the right line even when earlier
// fields contain quoted line breaks.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace callwerk::app {

struct CsvField {
  std::string text;
  int line = 0;    // 1-based, where the field starts
  int column = 0;  // 1-based byte column
};

struct CsvRecord {
  std::vector<CsvField> fields;
  int line() const { return fields.empty() ? 0 : fields.front().line; }
};

struct CsvTable {
  std::vector<CsvField> header;
  std::vector<CsvRecord> rows;  // every row has exactly header.size() fields
};

// `file` is only used in error locations ("products.csv:12:7: ...").
Result<CsvTable> parse_csv(std::string_view text, const std::string& file);

// One field, quoted when it has to be (separator, quote, line break, outer spaces).
std::string csv_escape(std::string_view field);
// A whole row with "\n".
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace callwerk::app

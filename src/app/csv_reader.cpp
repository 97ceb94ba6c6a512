#include "app/csv_reader.hpp"

#include <csv.h>
#include <fmt/core.h>

#include <memory>

namespace callwerk::app {

namespace {

// Collects libcsv's callbacks into records with positions.
struct CsvCollector {
  std::vector<CsvRecord> records;
  CsvRecord current;
  int line = 1;
  int column = 1;
  int field_line = 1;
  int field_column = 1;
  bool awaiting_record = true;  // the next non-newline byte starts a record

  static void on_field(void* data, size_t length, void* self_ptr) {
    auto* self = static_cast<CsvCollector*>(self_ptr);
    CsvField field;
    if (data != nullptr) field.text.assign(static_cast<const char*>(data), length);
    field.line = self->field_line;
    field.column = self->field_column;
    self->current.fields.push_back(std::move(field));
    // Called while the separator at (line, column) is consumed: the next field starts after it.
    self->field_line = self->line;
    self->field_column = self->column + 1;
  }

  static void on_record(int /*terminator*/, void* self_ptr) {
    auto* self = static_cast<CsvCollector*>(self_ptr);
    self->records.push_back(std::move(self->current));
    self->current = CsvRecord{};
    self->awaiting_record = true;
  }
};

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, const std::string& file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM from spreadsheets

  csv_parser parser{};
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    return make_error(ErrorKind::internal, "cannot initialise the CSV parser", file);
  // csv_free must run on every path.
  auto release = [](csv_parser* p) { csv_free(p); };
  std::unique_ptr<csv_parser, decltype(release)> guard(&parser, release);

  CsvCollector collector;
  for (char byte : text) {
    const bool newline = byte == '\n' || byte == '\r';
    if (collector.awaiting_record && !newline) {
      collector.awaiting_record = false;
      collector.field_line = collector.line;
      collector.field_column = collector.column;
    }
    if (csv_parse(&parser, &byte, 1, CsvCollector::on_field, CsvCollector::on_record, &collector) !=
        1) {
      return make_error(ErrorKind::invalid_input,
                        fmt::format("malformed CSV ({})", csv_strerror(csv_error(&parser))),
                        fmt::format("{}:{}:{}", file, collector.line, collector.column));
    }
    if (byte == '\n') {
      ++collector.line;
      collector.column = 1;
    } else {
      ++collector.column;
    }
  }
  if (csv_fini(&parser, CsvCollector::on_field, CsvCollector::on_record, &collector) != 0) {
    return make_error(ErrorKind::invalid_input, "malformed CSV (unterminated quoted field)",
                      fmt::format("{}:{}:{}", file, collector.field_line, collector.field_column));
  }

  CsvTable table;
  if (collector.records.empty())
    return make_error(ErrorKind::invalid_input, "empty CSV file: a header row is required",
                      file + ":1:1");
  table.header = std::move(collector.records.front().fields);
  for (size_t i = 1; i < collector.records.size(); ++i) {
    CsvRecord& record = collector.records[i];
    if (record.fields.size() != table.header.size()) {
      const CsvField& at = record.fields.size() > table.header.size()
                               ? record.fields[table.header.size()]
                               : record.fields.back();
      return make_error(ErrorKind::invalid_input,
                        fmt::format("row has {} fields, the header has {}", record.fields.size(),
                                    table.header.size()),
                        fmt::format("{}:{}:{}", file, at.line, at.column));
    }
    table.rows.push_back(std::move(record));
  }
  return table;
}

std::string csv_escape(std::string_view field) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                                field.back() == ' ' || field.back() == '\t'));
  if (!needs_quotes) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_escape(fields[i]);
  }
  out += '\n';
  return out;
}

}  // namespace callwerk::app

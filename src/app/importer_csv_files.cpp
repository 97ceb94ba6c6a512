// products.csv and contacts.csv.
#include <fmt/core.h>

#include <cctype>
#include <map>

#include "app/csv_reader.hpp"
#include "app/import_fields.hpp"
#include "app/importer_files.hpp"
#include "store/phone_number.hpp"

namespace callwerk::app {

namespace {

std::string field_location(const std::string& display, const CsvField& field) {
  return fmt::format("{}:{}:{}", display, field.line, field.column);
}

Error csv_error(const std::string& display, const CsvField& field, std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message), field_location(display, field));
}

// Column name -> index, checking the header against the known and required columns.
Result<std::map<std::string, size_t>> read_header(const CsvTable& table, const std::string& display,
                                                  const std::vector<std::string_view>& known,
                                                  const std::vector<std::string_view>& required) {
  std::map<std::string, size_t> columns;
  for (size_t i = 0; i < table.header.size(); ++i) {
    const CsvField& name = table.header[i];
    bool is_known = false;
    for (std::string_view k : known) is_known = is_known || k == name.text;
    if (!is_known) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ",") + std::string(k);
      return csv_error(display, name,
                       fmt::format("unknown column '{}' (expected: {})", name.text, list));
    }
    if (!columns.emplace(name.text, i).second)
      return csv_error(display, name, fmt::format("column '{}' appears twice", name.text));
  }
  for (std::string_view r : required) {
    if (!columns.contains(std::string(r)))
      return csv_error(display, table.header.front(),
                       fmt::format("missing required column '{}'", r));
  }
  return columns;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool one_of(const std::string& value, std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed)
    if (a == value) return true;
  return false;
}

// "mobile:+49 170 1234567;landline:06131 987654"
Result<Json> parse_phones(const std::string& text, const std::string& location) {
  Json phones = Json::array();
  for (const std::string& raw : split(text, ';')) {
    const std::string entry = trim(raw);
    if (entry.empty()) continue;
    const size_t colon = entry.find(':');
    if (colon == std::string::npos)
      return make_error(
          ErrorKind::invalid_input,
          fmt::format("phone '{}' must be kind:number, e.g. mobile:+49 170 1234567", entry),
          location);
    const std::string kind = trim(entry.substr(0, colon));
    const std::string number = trim(entry.substr(colon + 1));
    if (!one_of(kind, {"mobile", "landline", "work", "fax", "other"}))
      return make_error(
          ErrorKind::invalid_input,
          fmt::format("phone kind must be mobile, landline, work, fax or other, not '{}'", kind),
          location);
    if (auto e164 = store::normalize_phone_e164(number); !e164)
      return make_error(ErrorKind::invalid_input,
                        fmt::format("phone number '{}': {}", number, e164.error().message),
                        location);
    phones.push_back({{"kind", kind}, {"number", number}});
  }
  return phones;
}

// "phone:yes:Vertragsabschluss:2024-03-01"; the source may itself contain ':', the time is
// the last part that starts with a date.
Result<Json> parse_consents(const std::string& text, const std::string& location) {
  Json consents = Json::array();
  auto bad = [&](const std::string& entry) {
    return make_error(ErrorKind::invalid_input,
                      fmt::format("consent '{}' must be kind:yes|no:source:YYYY-MM-DD, e.g. "
                                  "phone:yes:Vertragsabschluss:2024-03-01",
                                  entry),
                      location);
  };
  for (const std::string& raw : split(text, ';')) {
    const std::string entry = trim(raw);
    if (entry.empty()) continue;
    const size_t first = entry.find(':');
    const size_t second = first == std::string::npos ? first : entry.find(':', first + 1);
    if (second == std::string::npos) return bad(entry);
    const std::string kind = entry.substr(0, first);
    const std::string granted = entry.substr(first + 1, second - first - 1);
    const std::string rest = entry.substr(second + 1);
    // The date begins after the last ':' that is followed by "dddd-".
    size_t date_start = std::string::npos;
    for (size_t i = rest.find(':'); i != std::string::npos; i = rest.find(':', i + 1)) {
      if (i + 5 < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i + 1])) &&
          std::isdigit(static_cast<unsigned char>(rest[i + 4])) && rest[i + 5] == '-')
        date_start = i;
    }
    if (date_start == std::string::npos) return bad(entry);
    const std::string source = trim(rest.substr(0, date_start));
    const auto at = parse_iso8601(rest.substr(date_start + 1));
    if (!one_of(kind, {"phone", "email", "sms", "post", "recording", "survey"}))
      return make_error(ErrorKind::invalid_input,
                        fmt::format("consent kind must be phone, email, sms, post, recording or "
                                    "survey, not '{}'",
                                    kind),
                        location);
    if (granted != "yes" && granted != "no") return bad(entry);
    if (source.empty() || !at) return bad(entry);
    consents.push_back({{"kind", kind},
                        {"granted", granted == "yes"},
                        {"source", source},
                        {"recorded_at", format_iso8601(*at)}});
  }
  return consents;
}

Result<CsvTable> load_csv(const std::filesystem::path& file, const std::string& display) {
  auto text = read_text_file(file, display);
  if (!text) return text.error();
  return parse_csv(*text, display);
}

}  // namespace

Status read_products_file(const std::filesystem::path& file, const std::string& display,
                          TenantImport& tenant) {
  auto table = load_csv(file, display);
  if (!table) return table.error();
  const std::vector<std::string_view> known = {
      "sku",   "name",     "description", "category", "unit",
      "price", "currency", "vat_percent", "active",   "max_quantity"};
  auto columns = read_header(*table, display, known, {"sku", "name", "price"});
  if (!columns) return columns.error();
  const auto& spec = entity_spec("products");
  for (const CsvRecord& row : table->rows) {
    ImportRecord record;
    record.location = field_location(display, row.fields.front());
    for (const auto& [name, index] : *columns) {
      const CsvField& cell = row.fields[index];
      if (cell.text.empty() && (name == "sku" || name == "name" || name == "price"))
        return csv_error(display, cell, fmt::format("'{}' must not be empty", name));
      const std::string field_name = name == "price" ? "unit_price_cents" : name;
      auto value =
          field_from_text(cell.text, *spec.field(field_name), field_location(display, cell));
      if (!value) return value.error();
      if (name == "vat_percent" && value->is_number() &&
          (value->get<std::int64_t>() < 0 || value->get<std::int64_t>() > 100))
        return csv_error(display, cell, "'vat_percent' must be between 0 and 100");
      if (name == "max_quantity" && value->is_number() &&
          (value->get<std::int64_t>() < 1 || value->get<std::int64_t>() > 1'000'000))
        return csv_error(display, cell, "'max_quantity' must be between 1 and 1000000");
      if (!value->is_null()) record.fields[field_name] = std::move(*value);
    }
    if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
    record.key = record.fields["sku"].get<std::string>();
    tenant.products.push_back(std::move(record));
  }
  return ok_status();
}

Status read_contacts_file(const std::filesystem::path& file, const std::string& display,
                          TenantImport& tenant) {
  auto table = load_csv(file, display);
  if (!table) return table.error();
  const std::vector<std::string_view> known = {
      "customer_number", "salutation", "first_name",  "last_name", "company",
      "email",           "street",     "postcode",    "city",      "country",
      "phones",          "consents",   "do_not_call", "notes"};
  auto columns = read_header(*table, display, known, {});
  if (!columns) return columns.error();
  const auto& spec = entity_spec("contacts");
  for (const CsvRecord& row : table->rows) {
    ImportRecord record;
    record.location = field_location(display, row.fields.front());
    for (const auto& [name, index] : *columns) {
      const CsvField& cell = row.fields[index];
      const std::string location = field_location(display, cell);
      Result<Json> value = Json(nullptr);
      if (name == "phones")
        value = parse_phones(cell.text, location);
      else if (name == "consents")
        value = parse_consents(cell.text, location);
      else
        value = field_from_text(cell.text, *spec.field(name), location);
      if (!value) return value.error();
      if (!value->is_null()) record.fields[name] = std::move(*value);
    }
    if (record.fields.contains("customer_number"))
      record.key = record.fields["customer_number"].get<std::string>();
    tenant.contacts.push_back(std::move(record));
  }
  return ok_status();
}

}  // namespace callwerk::app

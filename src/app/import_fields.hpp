#pragma once
// Catalog-driven conversion of import values into the store's API JSON. The catalog already
// knows every field's type, enum values and length, so the importer checks them here, with
// the position of the value, instead of learning about them from the store while writing.

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/yaml_helpers.hpp"
#include "store/catalog.hpp"

namespace callwerk::app {

// One field from YAML.
Result<Json> field_from_yaml(const YamlSource& source, const YAML::Node& value,
                             const store::FieldSpec& field);
// One field from CSV text; an empty cell is "not given" (null).
Result<Json> field_from_text(const std::string& text, const store::FieldSpec& field,
                             const std::string& location);

// Reads every key of a record mapping that is a writable plain field of `entity` into
// `fields`; keys in `handled_by_caller` are skipped; any other key is an error.
Status read_catalog_fields(const YamlSource& source, const YAML::Node& map,
                           const store::EntitySpec& entity,
                           std::initializer_list<std::string_view> handled_by_caller, Json& fields);

// Every required field of `entity` must be in `fields` (or in `satisfied_elsewhere`, e.g.
// a reference that is resolved while writing). The error points at the record.
Status check_required_fields(const std::string& record_location, const store::EntitySpec& entity,
                             const Json& fields,
                             std::initializer_list<std::string_view> satisfied_elsewhere = {});

// "12.90", "12,90", "12" -> cents; nullopt for anything else (also negative amounts).
std::optional<std::int64_t> parse_money_cents(std::string_view text);
std::string format_money_cents(std::int64_t cents);  // 1290 -> "12.90"

const store::EntitySpec& entity_spec(std::string_view name);  // must exist in the catalog

}  // namespace callwerk::app

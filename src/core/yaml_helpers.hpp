#pragma once
// Reading YAML with positions: every error names `file:line:column` (1-based) of the node at
// fault, so that a user can jump to it in an editor.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace callwerk {

using Json = nlohmann::json;

// A file as it appears in messages, plus a line offset for YAML embedded in another file
// (the front matter of a knowledge article starts on line 2).
struct YamlSource {
  std::string file;
  int line_offset = 0;
};

std::string yaml_location(const YamlSource& source, const YAML::Mark& mark);
Error yaml_error(const YamlSource& source, const YAML::Node& node, std::string message);

Result<std::string> read_text_file(const std::filesystem::path& path, const std::string& display);
// Parses text; a syntax error becomes `file:line:col: message`.
Result<YAML::Node> parse_yaml(const std::string& text, const YamlSource& source);
Result<YAML::Node> load_yaml_file(const std::filesystem::path& path, const std::string& display);

// Type checks with positions. Scalars are read as written: `201` and "201" are both the text
// "201"; `true`/`false` are the only booleans.
Status expect_map(const YamlSource& source, const YAML::Node& node, std::string_view what);
Status expect_sequence(const YamlSource& source, const YAML::Node& node, std::string_view what);
Result<std::string> yaml_string(const YamlSource& source, const YAML::Node& node,
                                std::string_view key);
Result<std::int64_t> yaml_integer(const YamlSource& source, const YAML::Node& node,
                                  std::string_view key);
Result<bool> yaml_bool(const YamlSource& source, const YAML::Node& node, std::string_view key);
Result<TimeMs> yaml_time(const YamlSource& source, const YAML::Node& node, std::string_view key);

// A key written twice in one mapping (YAML readers silently keep one of them).
Status check_unique_keys(const YamlSource& source, const YAML::Node& map);
// The first key of a mapping that is not in `allowed`, as an error at that key (duplicate
// keys are errors as well).
Status check_known_keys(const YamlSource& source, const YAML::Node& map,
                        std::initializer_list<std::string_view> allowed);

// Free-form YAML (timeline payloads, dispositions) as JSON. Plain scalars that look like
// numbers, booleans or null become those; quoted scalars stay strings.
Json yaml_to_json(const YAML::Node& node);
// The reverse, for the exporter: text that would read back as a number, boolean or null is
// quoted, so that export -> import keeps every value's type.
void emit_json(YAML::Emitter& out, const Json& value);

}  // namespace callwerk

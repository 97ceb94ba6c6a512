#include "core/yaml_helpers.hpp"

#include <fmt/core.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace callwerk {

std::string yaml_location(const YamlSource& source, const YAML::Mark& mark) {
  // yaml-cpp marks are 0-based; editors count from 1. A null mark (-1) means "the file".
  const int line = mark.line < 0 ? 1 : mark.line + 1 + source.line_offset;
  const int column = mark.column < 0 ? 1 : mark.column + 1;
  return fmt::format("{}:{}:{}", source.file, line, column);
}

Error yaml_error(const YamlSource& source, const YAML::Node& node, std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message),
                    yaml_location(source, node.Mark()));
}

Result<std::string> read_text_file(const std::filesystem::path& path, const std::string& display) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::invalid_input, "cannot read file", display + ":1:1");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Result<YAML::Node> parse_yaml(const std::string& text, const YamlSource& source) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return make_error(ErrorKind::invalid_input, e.msg, yaml_location(source, e.mark));
  }
}

Result<YAML::Node> load_yaml_file(const std::filesystem::path& path, const std::string& display) {
  auto text = read_text_file(path, display);
  if (!text) return text.error();
  return parse_yaml(*text, YamlSource{display});
}

namespace {

std::string_view kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
      return "empty";
    default:
      return "undefined";
  }
}

bool is_quoted(const YAML::Node& node) {
  return node.Tag() == "!";
}

}  // namespace

Status expect_map(const YamlSource& source, const YAML::Node& node, std::string_view what) {
  if (node.IsMap()) return ok_status();
  return yaml_error(source, node,
                    fmt::format("{} must be a mapping, not {}", what, kind_name(node)));
}

Status expect_sequence(const YamlSource& source, const YAML::Node& node, std::string_view what) {
  if (node.IsSequence()) return ok_status();
  return yaml_error(source, node, fmt::format("{} must be a list, not {}", what, kind_name(node)));
}

Result<std::string> yaml_string(const YamlSource& source, const YAML::Node& node,
                                std::string_view key) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar())
    return yaml_error(source, node, fmt::format("'{}' must be text, not {}", key, kind_name(node)));
  return node.Scalar();
}

Result<std::int64_t> yaml_integer(const YamlSource& source, const YAML::Node& node,
                                  std::string_view key) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return value;
  }
  return yaml_error(source, node, fmt::format("'{}' must be a whole number", key));
}

Result<bool> yaml_bool(const YamlSource& source, const YAML::Node& node, std::string_view key) {
  if (node.IsScalar() && !is_quoted(node)) {
    if (node.Scalar() == "true") return true;
    if (node.Scalar() == "false") return false;
  }
  return yaml_error(source, node, fmt::format("'{}' must be true or false", key));
}

Result<TimeMs> yaml_time(const YamlSource& source, const YAML::Node& node, std::string_view key) {
  if (node.IsScalar()) {
    if (auto t = parse_iso8601(node.Scalar())) return *t;
  }
  return yaml_error(source, node,
                    fmt::format("'{}' must be a time like 2026-11-02T08:15:12Z", key));
}

Status check_unique_keys(const YamlSource& source, const YAML::Node& map) {
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    if (!seen.insert(it->first.Scalar()).second)
      return yaml_error(source, it->first, fmt::format("duplicate key '{}'", it->first.Scalar()));
  }
  return ok_status();
}

Status check_known_keys(const YamlSource& source, const YAML::Node& map,
                        std::initializer_list<std::string_view> allowed) {
  if (auto s = check_unique_keys(source, map); !s) return s;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return yaml_error(source, it->first,
                        fmt::format("unknown key '{}' (expected one of: {})", key, list));
    }
  }
  return ok_status();
}

Json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json object = Json::object();
      for (auto it = node.begin(); it != node.end(); ++it)
        object[it->first.as<std::string>("")] = yaml_to_json(it->second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      Json array = Json::array();
      for (const auto& item : node) array.push_back(yaml_to_json(item));
      return array;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (is_quoted(node)) return text;
      if (text == "true") return true;
      if (text == "false") return false;
      if (text == "null" || text == "~") return nullptr;
      std::int64_t integer = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return integer;
      double real = 0;
      auto [rend, rec] = std::from_chars(text.data(), text.data() + text.size(), real);
      if (rec == std::errc() && rend == text.data() + text.size() && !text.empty()) return real;
      return text;
    }
    default:
      return nullptr;
  }
}

namespace {

// Text that a YAML reader would take for a number, boolean or null must be quoted to stay text.
bool looks_like_other_scalar(const std::string& text) {
  if (text.empty()) return true;
  // Other YAML readers (1.1 booleans, "+49..." as a number) must read it as text as well.
  if (std::string_view("+-.0123456789").find(text.front()) != std::string_view::npos) return true;
  for (const char* word :
       {"yes", "no", "on", "off", "y", "n", "Yes", "No", "YES", "NO", "On", "Off"})
    if (text == word) return true;
  YAML::Node probe;
  Json parsed;
  try {
    probe = YAML::Load(text);
  } catch (const YAML::Exception&) {
    return true;
  }
  if (!probe.IsScalar()) return true;
  parsed = yaml_to_json(probe);
  return !parsed.is_string() || parsed.get<std::string>() != text;
}

}  // namespace

void emit_json(YAML::Emitter& out, const Json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (auto it = value.begin(); it != value.end(); ++it) {
      out << YAML::Key << it.key() << YAML::Value;
      emit_json(out, *it);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& item : value) emit_json(out, item);
    out << YAML::EndSeq;
  } else if (value.is_null()) {
    out << YAML::Null;
  } else if (value.is_boolean()) {
    out << value.get<bool>();
  } else if (value.is_number_integer()) {
    out << value.get<std::int64_t>();
  } else if (value.is_number()) {
    out << value.dump();
  } else {
    const std::string text = value.get<std::string>();
    if (looks_like_other_scalar(text) || text.find('\n') != std::string::npos)
      out << YAML::DoubleQuoted << text;
    else
      out << text;
  }
}

}  // namespace callwerk

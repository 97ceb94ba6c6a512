#include <fmt/core.h>

#include <charconv>
#include <set>

#include "flow/flow_loader_reader.hpp"

namespace callwerk::flow::loader {

SourceMark mark_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return SourceMark{1, 1};
  return SourceMark{mark.line + 1, mark.column + 1};
}

void fail(FlowIssueKind kind, SourceMark at, std::string message) {
  throw LoadFailure{
      FlowIssue{kind, std::move(message), std::max(at.line, 1), std::max(at.column, 1)}};
}

void fail(FlowIssueKind kind, const YAML::Node& at, std::string message) {
  fail(kind, mark_of(at), std::move(message));
}

std::string scalar_text(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) fail(FlowIssueKind::wrong_type, node, fmt::format("{} must be text", what));
  return node.Scalar();
}

MapReader::MapReader(const YAML::Node& map, std::string what, SourceMark owner)
    : what_(std::move(what)), owner_(owner) {
  if (!map.IsMap())
    fail(FlowIssueKind::wrong_type, map, fmt::format("{} must be a mapping", what_));
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = scalar_text(it->first, "a key");
    if (!seen.insert(key).second)
      fail(FlowIssueKind::syntax, it->first, fmt::format("duplicate key '{}'", key));
    entries_.push_back(Entry{it->first, it->second});
  }
}

const MapReader::Entry* MapReader::entry(std::string_view key) const {
  for (const Entry& e : entries_)
    if (e.key.Scalar() == key) return &e;
  return nullptr;
}

std::optional<YAML::Node> MapReader::find(std::string_view key) {
  bool listed = false;
  for (const std::string& k : known_) listed = listed || k == key;
  if (!listed) known_.emplace_back(key);
  const Entry* e = entry(key);
  if (!e || e->value.IsNull()) return std::nullopt;
  return e->value;
}

YAML::Node MapReader::require(std::string_view key) {
  auto value = find(key);
  if (!value) {
    const Entry* e = entry(key);
    fail(FlowIssueKind::missing_key, e ? mark_of(e->key) : owner_,
         fmt::format("{} needs '{}'", what_, key));
  }
  return *value;
}

SourceMark MapReader::key_mark(std::string_view key) const {
  const Entry* e = entry(key);
  return e ? mark_of(e->key) : owner_;
}

std::map<std::string, SourceMark> MapReader::key_marks() const {
  std::map<std::string, SourceMark> marks;
  for (const Entry& e : entries_) marks.emplace(e.key.Scalar(), mark_of(e.key));
  return marks;
}

std::string MapReader::text(std::string_view key, bool required) {
  auto value = required ? std::optional<YAML::Node>(require(key)) : find(key);
  if (!value) return {};
  std::string result = scalar_text(*value, fmt::format("'{}'", key));
  if (required && result.empty())
    fail(FlowIssueKind::missing_key, *value, fmt::format("'{}' must not be empty", key));
  return result;
}

int MapReader::integer(std::string_view key, int fallback, int min, int max) {
  auto value = find(key);
  if (!value) return fallback;
  const std::string text = scalar_text(*value, fmt::format("'{}'", key));
  int result = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    fail(FlowIssueKind::wrong_type, *value, fmt::format("'{}' must be a whole number", key));
  if (result < min || result > max)
    fail(FlowIssueKind::bad_value, *value,
         fmt::format("'{}' must be between {} and {}, not {}", key, min, max, result));
  return result;
}

std::optional<double> MapReader::number(std::string_view key) {
  auto value = find(key);
  if (!value) return std::nullopt;
  const std::string text = scalar_text(*value, fmt::format("'{}'", key));
  double result = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    fail(FlowIssueKind::wrong_type, *value,
         fmt::format("'{}' must be a number (with a decimal point)", key));
  return result;
}

bool MapReader::boolean(std::string_view key, bool fallback) {
  auto value = find(key);
  if (!value) return fallback;
  // Only plain true/false: a quoted "true" or a YAML 1.1 "yes" is a typo more often than not.
  if (value->IsScalar() && value->Tag() != "!") {
    if (value->Scalar() == "true") return true;
    if (value->Scalar() == "false") return false;
  }
  fail(FlowIssueKind::wrong_type, *value, fmt::format("'{}' must be true or false", key));
}

NodeId MapReader::target(std::string_view key, bool required) {
  return text(key, required);
}

PromptSpec MapReader::prompt(std::string_view key) {
  auto value = find(key);
  if (!value) return {};
  return read_prompt(*value, fmt::format("'{}'", key));
}

std::string MapReader::variable(std::string_view key, std::string fallback, bool required) {
  auto value = required ? std::optional<YAML::Node>(require(key)) : find(key);
  if (!value) return fallback;
  std::string name = scalar_text(*value, fmt::format("'{}'", key));
  if (!valid_variable_name(name))
    fail(FlowIssueKind::bad_value, *value,
         fmt::format("'{}' is not a variable name (letters, digits, '_', parts joined by '.')",
                     name));
  return name;
}

std::vector<std::string> MapReader::text_list(std::string_view key) {
  auto value = find(key);
  if (!value) return {};
  if (!value->IsSequence())
    fail(FlowIssueKind::wrong_type, *value, fmt::format("'{}' must be a list", key));
  std::vector<std::string> result;
  for (const YAML::Node& item : *value)
    result.push_back(scalar_text(item, fmt::format("an entry of '{}'", key)));
  return result;
}

void MapReader::finish() const {
  for (const Entry& e : entries_) {
    bool known = false;
    for (const std::string& k : known_) known = known || k == e.key.Scalar();
    if (known) continue;
    std::string list;
    for (const std::string& k : known_) list += (list.empty() ? "" : ", ") + k;
    fail(FlowIssueKind::unknown_key, e.key,
         fmt::format("unknown key '{}' in {} (known: {})", e.key.Scalar(), what_, list));
  }
}

PromptSpec read_prompt(const YAML::Node& node, std::string_view what) {
  PromptSpec prompt;
  prompt.mark = mark_of(node);
  if (node.IsScalar()) {
    prompt.text = node.Scalar();
    return prompt;
  }
  if (!node.IsMap())
    fail(FlowIssueKind::wrong_type, node,
         fmt::format("{} must be text or a mapping with text, file and chat", what));
  MapReader map(node, std::string(what), prompt.mark);
  prompt.text = map.text("text");
  prompt.file = map.text("file");
  prompt.chat = map.text("chat");
  map.finish();
  if (prompt.empty())
    fail(FlowIssueKind::missing_key, node, fmt::format("{} needs 'text' or 'file'", what));
  if (!prompt.chat.empty() && prompt.text.empty())
    fail(FlowIssueKind::missing_key, node,
         fmt::format("{} with 'chat' needs 'text' too: the protocol and the phone use it", what));
  return prompt;
}

bool valid_variable_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  bool part_empty = true;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '.') {
      if (part_empty) return false;
      part_empty = true;
      continue;
    }
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || byte >= 0x80;
    if (!word) return false;
    part_empty = false;
  }
  return !part_empty;
}

bool valid_keypad_key(std::string_view key) {
  return key.size() == 1 && ((key[0] >= '0' && key[0] <= '9') || key[0] == '*' || key[0] == '#');
}

std::vector<AskChoice> read_choices(const YAML::Node& list, std::string_view what) {
  if (!list.IsSequence())
    fail(FlowIssueKind::wrong_type, list, fmt::format("'{}' must be a list", what));
  std::vector<AskChoice> choices;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    MapReader map(item, fmt::format("an entry of '{}'", what), mark_of(item));
    AskChoice choice;
    choice.key = map.text("key");
    if (choice.key.empty()) choice.key = std::to_string(i + 1);
    choice.value = map.text("value", true);
    choice.label = map.text("label");
    choice.keywords = map.text_list("keywords");
    map.finish();
    const SourceMark at = map.key_mark("key");
    if (!valid_keypad_key(choice.key))
      fail(FlowIssueKind::bad_value, at,
           fmt::format("key '{}' is not a keypad key (0-9, * or #)", choice.key));
    if (!keys.insert(choice.key).second)
      fail(FlowIssueKind::bad_value, at, fmt::format("key '{}' is used twice", choice.key));
    choices.push_back(std::move(choice));
  }
  return choices;
}

InputHandling read_input_handling(MapReader& map) {
  InputHandling input;
  input.max_retries = map.integer("max_retries", input.max_retries, 0, 10);
  input.no_input_ms = map.integer("no_input_ms", input.no_input_ms, 1000, 60000);
  input.no_input_prompt = map.prompt("no_input_prompt");
  input.no_match_prompt = map.prompt("no_match_prompt");
  input.no_input = map.target("no_input", false);
  input.no_match = map.target("no_match", false);
  input.on_max_retries = map.target("on_max_retries", false);
  return input;
}

}  // namespace callwerk::flow::loader

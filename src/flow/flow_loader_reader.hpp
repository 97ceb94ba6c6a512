#pragma once
// Internal to the loader (flow_loader*.cpp): reads the keys of one YAML mapping with
// positions. A problem is thrown as LoadFailure and caught where the node (or the whole flow)
// begins, so each reading function stays a straight list of keys. Nothing escapes load_flow.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "flow/flow_loader.hpp"
#include "flow/flow_model.hpp"

namespace callwerk::flow::loader {

struct LoadFailure {
  FlowIssue issue;
};

SourceMark mark_of(const YAML::Node& node);
[[noreturn]] void fail(FlowIssueKind kind, SourceMark at, std::string message);
[[noreturn]] void fail(FlowIssueKind kind, const YAML::Node& at, std::string message);

// Every key asked for counts as known, whether present or not; finish() reports the first
// key nobody asked for, with the list of known ones.
class MapReader {
 public:
  // `what` names the mapping in messages ("node 'start'"); `owner` is where missing keys are
  // reported (the line that names the node).
  MapReader(const YAML::Node& map, std::string what, SourceMark owner);

  const std::string& what() const { return what_; }
  SourceMark owner() const { return owner_; }
  // The value, or nullopt when absent (or written as an empty value).
  std::optional<YAML::Node> find(std::string_view key);
  YAML::Node require(std::string_view key);
  SourceMark key_mark(std::string_view key) const;
  std::map<std::string, SourceMark> key_marks() const;

  std::string text(std::string_view key, bool required = false);
  int integer(std::string_view key, int fallback, int min, int max);
  std::optional<double> number(std::string_view key);
  bool boolean(std::string_view key, bool fallback);
  NodeId target(std::string_view key, bool required);
  PromptSpec prompt(std::string_view key);
  std::string variable(std::string_view key, std::string fallback, bool required);
  std::vector<std::string> text_list(std::string_view key);

  void finish() const;

 private:
  struct Entry {
    YAML::Node key;
    YAML::Node value;
  };
  const Entry* entry(std::string_view key) const;

  std::vector<Entry> entries_;
  std::vector<std::string> known_;
  std::string what_;
  SourceMark owner_;
};

std::string scalar_text(const YAML::Node& node, std::string_view what);
PromptSpec read_prompt(const YAML::Node& node, std::string_view what);
// Letters (UTF-8 too), digits and '_' in dot-separated parts; not starting with a digit.
bool valid_variable_name(std::string_view name);
// "0".."9", "*" or "#".
bool valid_keypad_key(std::string_view key);
// Lists of {key, value, label, keywords}; a missing key is the 1-based position.
std::vector<AskChoice> read_choices(const YAML::Node& list, std::string_view what);
// The keys shared by every node that waits for the caller.
InputHandling read_input_handling(MapReader& map);

// One function per node type; `map` is the node's mapping with `type` already read.
NodeBody read_say(MapReader& map);
NodeBody read_menu(MapReader& map);
NodeBody read_ask(MapReader& map);
NodeBody read_set(MapReader& map);
NodeBody read_branch(MapReader& map);
NodeBody read_goto(MapReader& map);
NodeBody read_transfer(MapReader& map);
NodeBody read_hangup(MapReader& map);
NodeBody read_identify(MapReader& map);
NodeBody read_answer(MapReader& map);
NodeBody read_order(MapReader& map);
NodeBody read_complaint(MapReader& map);
NodeBody read_survey(MapReader& map);
NodeBody read_webhook(MapReader& map);
NodeBody read_callback(MapReader& map);

}  // namespace callwerk::flow::loader

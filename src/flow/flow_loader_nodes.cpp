// Reading the conversation nodes: say, menu, ask, set, branch, goto, transfer, hangup.
#include <fmt/core.h>

#include <array>
#include <set>

#include "flow/flow_loader_reader.hpp"

namespace callwerk::flow::loader {

namespace {

PromptSpec required_prompt(MapReader& map, std::string_view key) {
  map.require(key);
  return map.prompt(key);
}

constexpr std::array<std::pair<std::string_view, InputKind>, 10> input_kinds{{
    {"digits", InputKind::digits},
    {"number", InputKind::number},
    {"amount", InputKind::amount},
    {"date", InputKind::date},
    {"yes_no", InputKind::yes_no},
    {"choice", InputKind::choice},
    {"text", InputKind::text},
    {"customer_number", InputKind::customer_number},
    {"iban", InputKind::iban},
    {"postcode", InputKind::postcode},
}};

InputKind read_input_kind(MapReader& map) {
  auto value = map.find("input");
  if (!value) return InputKind::digits;
  const std::string name = scalar_text(*value, "'input'");
  std::string known;
  for (const auto& [text, kind] : input_kinds) {
    if (text == name) return kind;
    known += (known.empty() ? "" : ", ") + std::string(text);
  }
  fail(FlowIssueKind::bad_value, *value,
       fmt::format("unknown input '{}' (known: {})", name, known));
}

// A key that only some input kinds use is an error for the others: it would silently do nothing.
void only_for(MapReader& map, std::string_view key, bool applies, std::string_view kinds) {
  if (map.find(key) && !applies)
    fail(FlowIssueKind::bad_value, map.key_mark(key),
         fmt::format("'{}' applies to input {} only", key, kinds));
}

MenuOption read_option(const YAML::Node& key, const YAML::Node& value) {
  MenuOption option;
  option.key = scalar_text(key, "a menu key");
  option.mark = mark_of(key);
  if (!valid_keypad_key(option.key))
    fail(FlowIssueKind::bad_value, key,
         fmt::format("menu key '{}' is not a keypad key (0-9, * or #)", option.key));
  if (value.IsScalar()) {
    option.target = value.Scalar();
    return option;
  }
  MapReader map(value, fmt::format("option '{}'", option.key), option.mark);
  option.target = map.target("goto", true);
  option.label = map.text("label");
  option.keywords = map.text_list("keywords");
  map.finish();
  return option;
}

}  // namespace

NodeBody read_say(MapReader& map) {
  SayNode say;
  say.prompt = required_prompt(map, "text");
  say.next = map.target("next", false);
  return say;
}

NodeBody read_menu(MapReader& map) {
  MenuNode menu;
  menu.prompt = required_prompt(map, "prompt");
  const YAML::Node options = map.require("options");
  MapReader keys(options, "'options'", map.key_mark("options"));  // type and duplicates
  for (auto it = options.begin(); it != options.end(); ++it)
    menu.options.push_back(read_option(it->first, it->second));
  if (menu.options.empty()) fail(FlowIssueKind::missing_key, options, "a menu needs options");
  menu.input = read_input_handling(map);
  return menu;
}

NodeBody read_ask(MapReader& map) {
  AskNode ask;
  ask.prompt = required_prompt(map, "prompt");
  ask.kind = read_input_kind(map);
  ask.variable = map.variable("variable", "", true);
  const bool lengths = ask.kind == InputKind::digits || ask.kind == InputKind::customer_number ||
                       ask.kind == InputKind::text;
  const bool range = ask.kind == InputKind::number || ask.kind == InputKind::amount;
  only_for(map, "min_length", lengths, "digits, customer_number and text");
  only_for(map, "max_length", lengths, "digits, customer_number and text");
  only_for(map, "min", range, "number and amount");
  only_for(map, "max", range, "number and amount");
  only_for(map, "choices", ask.kind == InputKind::choice, "choice");
  ask.min_length = map.integer("min_length", 0, 0, 1000);
  ask.max_length = map.integer("max_length", 0, 0, 1000);
  if (ask.max_length != 0 && ask.min_length > ask.max_length)
    fail(FlowIssueKind::bad_value, map.key_mark("min_length"),
         "'min_length' is larger than 'max_length'");
  ask.min_value = map.number("min");
  ask.max_value = map.number("max");
  if (ask.min_value && ask.max_value && *ask.min_value > *ask.max_value)
    fail(FlowIssueKind::bad_value, map.key_mark("min"), "'min' is larger than 'max'");
  if (ask.kind == InputKind::choice) {
    ask.choices = read_choices(map.require("choices"), "choices");
    if (ask.choices.empty())
      fail(FlowIssueKind::missing_key, map.key_mark("choices"), "input choice needs choices");
  }
  ask.confirm = map.boolean("confirm", false);
  ask.confirm_prompt = map.prompt("confirm_prompt");
  ask.next = map.target("next", true);
  ask.input = read_input_handling(map);
  return ask;
}

NodeBody read_set(MapReader& map) {
  SetNode set;
  const YAML::Node values = map.require("values");
  MapReader checked(values, "'values'", map.key_mark("values"));
  for (auto it = values.begin(); it != values.end(); ++it) {
    const std::string name = scalar_text(it->first, "a variable name");
    if (!valid_variable_name(name))
      fail(FlowIssueKind::bad_value, it->first, fmt::format("'{}' is not a variable name", name));
    if (!it->second.IsScalar())
      fail(FlowIssueKind::wrong_type, it->second,
           fmt::format("the value of '{}' must be an expression (text)", name));
    set.assignments.emplace_back(name, it->second.Scalar());
    set.marks.push_back(mark_of(it->first));
  }
  if (set.assignments.empty()) fail(FlowIssueKind::missing_key, values, "'values' is empty");
  set.next = map.target("next", true);
  return set;
}

NodeBody read_branch(MapReader& map) {
  BranchNode branch;
  const YAML::Node cases = map.require("cases");
  if (!cases.IsSequence() || cases.size() == 0)
    fail(FlowIssueKind::wrong_type, cases, "'cases' must be a list of {if, goto}");
  for (const YAML::Node& item : cases) {
    MapReader entry(item, "a case", mark_of(item));
    BranchCase c;
    c.condition = entry.text("if", true);
    c.target = entry.target("goto", true);
    c.mark = mark_of(*entry.find("if"));
    entry.finish();
    branch.cases.push_back(std::move(c));
  }
  branch.otherwise = map.target("else", true);
  return branch;
}

NodeBody read_goto(MapReader& map) {
  GotoNode jump;
  const NodeId local = map.target("goto", false);
  jump.flow = map.text("flow");
  const NodeId remote = map.target("node", false);
  if (jump.flow.empty()) {
    if (!remote.empty())
      fail(FlowIssueKind::bad_value, map.key_mark("node"),
           "'node' belongs to 'flow'; within this flow write 'goto: <node>'");
    if (local.empty()) fail(FlowIssueKind::missing_key, map.owner(), "goto needs 'goto' or 'flow'");
    jump.target = local;
  } else {
    if (!local.empty())
      fail(FlowIssueKind::bad_value, map.key_mark("goto"),
           "with 'flow' the node of the other flow is given as 'node'");
    jump.target = remote;
  }
  return jump;
}

NodeBody read_transfer(MapReader& map) {
  TransferNode transfer;
  transfer.queue = map.text("queue", true);
  if (auto skills = map.find("skills")) {
    MapReader levels(*skills, "'skills'", map.key_mark("skills"));
    for (auto it = skills->begin(); it != skills->end(); ++it) {
      const std::string skill = scalar_text(it->first, "a skill");
      transfer.skills.emplace_back(skill, levels.integer(skill, 1, 0, 100));
    }
  }
  transfer.priority = map.integer("priority", 0, 0, 100);
  transfer.summary = map.text("summary");
  transfer.prompt = map.prompt("text");
  return transfer;
}

NodeBody read_hangup(MapReader& map) {
  HangupNode hangup;
  hangup.prompt = map.prompt("text");
  hangup.reason = map.text("reason");
  return hangup;
}

}  // namespace callwerk::flow::loader

#include "flow/flow_loader.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <optional>

#include "flow/flow_loader_reader.hpp"

namespace callwerk::flow {

using loader::fail;
using loader::LoadFailure;
using loader::MapReader;
using loader::mark_of;

std::string_view issue_kind_name(FlowIssueKind kind) {
  switch (kind) {
    case FlowIssueKind::syntax:
      return "syntax";
    case FlowIssueKind::unknown_node_type:
      return "unknown_node_type";
    case FlowIssueKind::unknown_key:
      return "unknown_key";
    case FlowIssueKind::wrong_type:
      return "wrong_type";
    case FlowIssueKind::missing_key:
      return "missing_key";
    case FlowIssueKind::bad_value:
      return "bad_value";
    case FlowIssueKind::bad_expression:
      return "bad_expression";
    case FlowIssueKind::bad_template:
      return "bad_template";
    case FlowIssueKind::missing_target:
      return "missing_target";
    case FlowIssueKind::unknown_flow:
      return "unknown_flow";
    case FlowIssueKind::unknown_queue:
      return "unknown_queue";
    case FlowIssueKind::unreachable_node:
      return "unreachable_node";
    case FlowIssueKind::undefined_variable:
      return "undefined_variable";
    case FlowIssueKind::loop_without_input:
      return "loop_without_input";
    case FlowIssueKind::not_on_channel:
      return "not_on_channel";
  }
  return "unknown";
}

std::string issue_location(const FlowIssue& issue, std::string_view file_name) {
  return fmt::format("{}:{}:{}", file_name, issue.line, issue.column);
}

Error issue_error(const FlowIssue& issue, std::string_view file_name) {
  return make_error(ErrorKind::invalid_input, issue.message, issue_location(issue, file_name));
}

namespace {

using NodeReader = NodeBody (*)(MapReader&);

struct NodeType {
  std::string_view name;
  NodeReader read;
};

constexpr std::array<NodeType, 15> node_types{{
    {"say", loader::read_say},
    {"menu", loader::read_menu},
    {"ask", loader::read_ask},
    {"set", loader::read_set},
    {"branch", loader::read_branch},
    {"goto", loader::read_goto},
    {"identify", loader::read_identify},
    {"answer", loader::read_answer},
    {"order", loader::read_order},
    {"complaint", loader::read_complaint},
    {"survey", loader::read_survey},
    {"webhook", loader::read_webhook},
    {"transfer", loader::read_transfer},
    {"callback", loader::read_callback},
    {"hangup", loader::read_hangup},
}};

FlowNode read_node(const YAML::Node& key, const YAML::Node& value) {
  FlowNode node;
  node.id = loader::scalar_text(key, "a node name");
  node.mark = mark_of(key);
  if (node.id.empty()) fail(FlowIssueKind::bad_value, key, "a node name must not be empty");
  if (value.IsNull())
    fail(FlowIssueKind::missing_key, key, fmt::format("node '{}' needs 'type'", node.id));
  MapReader map(value, fmt::format("node '{}'", node.id), node.mark);
  node.type = map.text("type", true);
  const auto* type = std::find_if(node_types.begin(), node_types.end(),
                                  [&](const NodeType& t) { return t.name == node.type; });
  if (type == node_types.end()) {
    std::string known;
    for (const NodeType& t : node_types) known += (known.empty() ? "" : ", ") + std::string(t.name);
    fail(FlowIssueKind::unknown_node_type, *map.find("type"),
         fmt::format("unknown node type '{}' (known: {})", node.type, known));
  }
  node.body = type->read(map);
  map.finish();
  node.key_marks = map.key_marks();
  return node;
}

std::string name_from_file(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  for (std::string_view suffix : {".yaml", ".yml"})
    if (file_name.size() > suffix.size() && file_name.ends_with(suffix))
      file_name.remove_suffix(suffix.size());
  return std::string(file_name);
}

void read_into(const YAML::Node& root, std::string_view file_name, FlowLoad& out) {
  Flow& flow = out.flow;
  auto guard = [&](auto&& step) {
    try {
      step();
    } catch (const LoadFailure& failure) {
      out.issues.push_back(failure.issue);
    }
  };
  std::optional<MapReader> top;
  guard([&] {
    if (!root.IsMap()) fail(FlowIssueKind::syntax, SourceMark{1, 1}, "a flow must be a mapping");
    top.emplace(root, "the flow", SourceMark{1, 1});
  });
  if (!top) return;
  flow.key_marks = top->key_marks();
  guard([&] { flow.name = top->text("name"); });
  if (flow.name.empty()) flow.name = name_from_file(file_name);
  guard([&] { flow.description = top->text("description"); });
  guard([&] {
    const std::string language = top->text("language");
    if (language.empty()) return;
    if (language != "de" && language != "en")
      fail(FlowIssueKind::bad_value, *top->find("language"),
           fmt::format("language must be de or en, not '{}'", language));
    flow.language = language;
  });
  guard([&] { flow.start = top->target("start", false); });
  guard([&] { flow.fallback = top->target("fallback", false); });
  YAML::Node nodes;
  guard([&] {
    nodes = top->require("nodes");
    if (!nodes.IsMap() || nodes.size() == 0)
      fail(FlowIssueKind::wrong_type, nodes, "'nodes' must be a mapping of node names to nodes");
  });
  guard([&] { top->finish(); });
  if (!nodes.IsMap()) return;
  guard([&] { MapReader unique(nodes, "'nodes'", mark_of(nodes)); });
  for (auto it = nodes.begin(); it != nodes.end(); ++it) {
    if (flow.start.empty() && it->first.IsScalar()) flow.start = it->first.Scalar();
    guard([&] {
      FlowNode node = read_node(it->first, it->second);
      if (flow.index.count(node.id)) return;  // duplicate: reported by the check above
      flow.index.emplace(node.id, flow.nodes.size());
      flow.nodes.push_back(std::move(node));
    });
  }
}

}  // namespace

FlowLoad read_flow(std::string_view yaml_text, std::string_view file_name) {
  FlowLoad out;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    const int line = e.mark.line < 0 ? 1 : e.mark.line + 1;
    const int column = e.mark.column < 0 ? 1 : e.mark.column + 1;
    out.issues.push_back(FlowIssue{FlowIssueKind::syntax, e.msg, line, column});
    return out;
  }
  read_into(root, file_name, out);
  std::stable_sort(out.issues.begin(), out.issues.end(), [](const auto& a, const auto& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return out;
}

Result<Flow> load_flow(std::string_view yaml_text, std::string_view file_name) {
  FlowLoad load = read_flow(yaml_text, file_name);
  if (!load.issues.empty()) return issue_error(load.issues.front(), file_name);
  return std::move(load.flow);
}

}  // namespace callwerk::flow

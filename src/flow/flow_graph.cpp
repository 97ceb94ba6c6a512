#include "flow/flow_graph.hpp"

#include <map>
#include <set>
#include <variant>

#include "core/overloaded.hpp"

namespace callwerk::flow {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string prompt_label(const PromptSpec& prompt) {
  return short_label(prompt.text.empty() ? prompt.file : prompt.text);
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ", ";
    out += part;
  }
  return short_label(out);
}

// The words of the node a reader recognises it by.
std::string node_label(const FlowNode& node) {
  return std::visit(
      Overloaded{
          [](const SayNode& n) { return prompt_label(n.prompt); },
          [](const MenuNode& n) { return prompt_label(n.prompt); },
          [](const AskNode& n) {
            return n.prompt.empty() ? short_label(n.variable) : prompt_label(n.prompt);
          },
          [](const SetNode& n) {
            std::vector<std::string> names;
            for (const auto& [variable, expression] : n.assignments) names.push_back(variable);
            return joined(names);
          },
          [](const BranchNode& n) {
            return n.cases.empty() ? std::string() : short_label(n.cases.front().condition);
          },
          [](const GotoNode& n) { return short_label(n.flow.empty() ? n.target : n.flow); },
          [](const IdentifyNode& n) {
            std::vector<std::string> ways;
            for (IdentifyBy by : n.by) ways.emplace_back(identify_by_name(by));
            return joined(ways);
          },
          [](const AnswerNode& n) {
            return n.query.empty() ? prompt_label(n.prompt) : short_label(n.query);
          },
          [](const OrderNode& n) { return short_label(n.category); },
          [](const ComplaintNode& n) {
            std::vector<std::string> categories;
            for (const AskChoice& c : n.categories)
              categories.push_back(c.label.empty() ? c.value : c.label);
            return joined(categories);
          },
          [](const SurveyNode& n) { return short_label(n.survey); },
          [](const WebhookNode& n) { return short_label(n.url); },
          [](const TransferNode& n) { return short_label(n.queue); },
          [](const CallbackNode& n) { return short_label(n.queue); },
          [](const HangupNode& n) {
            return n.prompt.empty() ? short_label(n.reason) : prompt_label(n.prompt);
          },
      },
      node.body);
}

using LabeledTargets = std::vector<std::pair<NodeId, std::string>>;

void add_input_targets(const InputHandling& input, LabeledTargets& out) {
  if (!input.no_input.empty()) out.emplace_back(input.no_input, "no_input");
  if (!input.no_match.empty()) out.emplace_back(input.no_match, "no_match");
  if (!input.on_max_retries.empty()) out.emplace_back(input.on_max_retries, "on_max_retries");
}

// The same targets as node_targets() (a test holds them together), each with its reason.
LabeledTargets labeled_targets(const FlowNode& node) {
  LabeledTargets out;
  auto add = [&](const NodeId& target, std::string label) {
    if (!target.empty()) out.emplace_back(target, std::move(label));
  };
  std::visit(Overloaded{
                 [&](const SayNode& n) { add(n.next, ""); },
                 [&](const MenuNode& n) {
                   for (const MenuOption& o : n.options) add(o.target, o.key);
                   add_input_targets(n.input, out);
                 },
                 [&](const AskNode& n) {
                   add(n.next, "");
                   add_input_targets(n.input, out);
                 },
                 [&](const SetNode& n) { add(n.next, ""); },
                 [&](const BranchNode& n) {
                   for (const BranchCase& c : n.cases) add(c.target, short_label(c.condition));
                   add(n.otherwise, "else");
                 },
                 [&](const GotoNode& n) {
                   if (n.flow.empty()) add(n.target, "");
                 },
                 [&](const IdentifyNode& n) {
                   add(n.next, "found");
                   add(n.not_found, "not_found");
                   add_input_targets(n.input, out);
                 },
                 [&](const AnswerNode& n) {
                   add(n.next, "helped");
                   add(n.not_helped, "not_helped");
                   add_input_targets(n.input, out);
                 },
                 [&](const OrderNode& n) {
                   add(n.next, "");
                   add(n.cancelled, "cancelled");
                   add_input_targets(n.input, out);
                 },
                 [&](const ComplaintNode& n) {
                   add(n.next, "");
                   add_input_targets(n.input, out);
                 },
                 [&](const SurveyNode& n) {
                   add(n.next, "");
                   add_input_targets(n.input, out);
                 },
                 [&](const WebhookNode& n) {
                   add(n.next, "");
                   add(n.on_failure, "on_failure");
                 },
                 [](const TransferNode&) {},
                 [&](const CallbackNode& n) {
                   add(n.next, "");
                   add_input_targets(n.input, out);
                 },
                 [](const HangupNode&) {},
             },
             node.body);
  return out;
}

}  // namespace

std::string short_label(std::string_view text, std::size_t max_bytes) {
  // Whitespace runs (line breaks of folded YAML text) become one space.
  std::string flat;
  for (char c : text) {
    if (is_space(c)) {
      if (!flat.empty() && flat.back() != ' ') flat += ' ';
    } else {
      flat += c;
    }
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  if (flat.size() <= max_bytes) return flat;
  std::size_t cut = flat.rfind(' ', max_bytes);
  if (cut == std::string::npos || cut == 0) {
    cut = max_bytes;
    while (cut > 0 && is_continuation_byte(flat[cut])) --cut;
  }
  flat.resize(cut);
  while (!flat.empty() && (flat.back() == ' ' || flat.back() == ',' || flat.back() == '.'))
    flat.pop_back();
  return flat + "…";
}

FlowGraph flow_graph(const Flow& flow) {
  FlowGraph graph;
  for (const FlowNode& node : flow.nodes) {
    FlowGraphNode shown;
    shown.id = node.id;
    shown.type = node.type;
    shown.label = node_label(node);
    shown.start = node.id == flow.start;
    shown.fallback = !flow.fallback.empty() && node.id == flow.fallback;
    shown.line = node.mark.line;
    graph.nodes.push_back(std::move(shown));
  }

  std::set<NodeId> others;  // external and missing nodes already added
  auto other_node = [&](const NodeId& id, std::string type, std::string label, GraphNodeKind kind) {
    if (!others.insert(id).second) return;
    FlowGraphNode shown;
    shown.id = id;
    shown.type = std::move(type);
    shown.label = std::move(label);
    shown.kind = kind;
    graph.nodes.push_back(std::move(shown));
  };
  // One edge per (from, to); a second way to the same node adds its label.
  std::map<std::pair<NodeId, NodeId>, std::size_t> edge_at;
  auto add_edge = [&](const NodeId& from, const NodeId& to, const std::string& label) {
    auto [it, added] = edge_at.try_emplace({from, to}, graph.edges.size());
    if (added) {
      graph.edges.push_back({from, to, label});
      return;
    }
    std::string& existing = graph.edges[it->second].label;
    if (label.empty() || existing == label) return;
    existing = existing.empty() ? label : existing + ", " + label;
  };

  for (const FlowNode& node : flow.nodes) {
    for (const auto& [target, label] : labeled_targets(node)) {
      if (!flow.find(target)) other_node(target, "missing", target, GraphNodeKind::missing);
      add_edge(node.id, target, label);
    }
    if (const auto* jump = std::get_if<GotoNode>(&node.body); jump && !jump->flow.empty()) {
      const NodeId id = "flow:" + jump->flow + (jump->target.empty() ? "" : "#" + jump->target);
      other_node(id, "flow", jump->target.empty() ? jump->flow : jump->flow + " › " + jump->target,
                 GraphNodeKind::external);
      add_edge(node.id, id, "");
    }
  }
  return graph;
}

}  // namespace callwerk::flow

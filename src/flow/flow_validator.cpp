#include "flow/flow_validator.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <map>

#include "core/overloaded.hpp"
#include "flow/flow_validator_checks.hpp"

namespace callwerk::flow {

namespace {

FlowIssue issue_at(FlowIssueKind kind, SourceMark mark, std::string message) {
  return FlowIssue{kind, std::move(message), std::max(mark.line, 1), std::max(mark.column, 1)};
}

void add_input_targets(const FlowNode& node, const InputHandling& input,
                       std::vector<FlowEdge>& edges) {
  for (auto [key, target] : {std::pair<const char*, const NodeId*>{"no_input", &input.no_input},
                             {"no_match", &input.no_match},
                             {"on_max_retries", &input.on_max_retries}})
    if (!target->empty()) edges.push_back({*target, node.mark_of(key)});
}

bool has(const std::vector<Channel>& channels, Channel channel) {
  return std::find(channels.begin(), channels.end(), channel) != channels.end();
}

}  // namespace

std::vector<FlowEdge> node_targets(const FlowNode& node) {
  std::vector<FlowEdge> edges;
  auto add = [&](const NodeId& target, const char* key) {
    if (!target.empty()) edges.push_back({target, node.mark_of(key)});
  };
  std::visit(Overloaded{
                 [&](const SayNode& n) { add(n.next, "next"); },
                 [&](const MenuNode& n) {
                   for (const MenuOption& o : n.options) edges.push_back({o.target, o.mark});
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const AskNode& n) {
                   add(n.next, "next");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const SetNode& n) { add(n.next, "next"); },
                 [&](const BranchNode& n) {
                   for (const BranchCase& c : n.cases) edges.push_back({c.target, c.mark});
                   add(n.otherwise, "else");
                 },
                 [&](const GotoNode& n) {
                   if (n.flow.empty()) add(n.target, "goto");
                 },
                 [&](const IdentifyNode& n) {
                   add(n.next, node.key_marks.count("found") ? "found" : "next");
                   add(n.not_found, "not_found");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const AnswerNode& n) {
                   add(n.next, "next");
                   add(n.not_helped, "not_helped");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const OrderNode& n) {
                   add(n.next, "next");
                   add(n.cancelled, "cancelled");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const ComplaintNode& n) {
                   add(n.next, "next");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const SurveyNode& n) {
                   add(n.next, "next");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const WebhookNode& n) {
                   add(n.next, "next");
                   add(n.on_failure, "on_failure");
                 },
                 [&](const TransferNode&) {},
                 [&](const CallbackNode& n) {
                   add(n.next, "next");
                   add_input_targets(node, n.input, edges);
                 },
                 [&](const HangupNode&) {},
             },
             node.body);
  return edges;
}

bool node_waits_for_input(const FlowNode& node) {
  return std::visit(Overloaded{
                        [](const SayNode&) { return false; },
                        [](const SetNode&) { return false; },
                        [](const BranchNode&) { return false; },
                        [](const GotoNode&) { return false; },
                        [](const WebhookNode&) { return false; },
                        [](const TransferNode&) { return false; },
                        [](const HangupNode&) { return false; },
                        // Found by the caller's number alone, nobody is asked anything.
                        [](const IdentifyNode& n) {
                          return std::any_of(n.by.begin(), n.by.end(), [](IdentifyBy by) {
                            return by != IdentifyBy::caller_number;
                          });
                        },
                        [](const CallbackNode& n) { return n.ask_number; },
                        [](const auto&) { return true; },
                    },
                    node.body);
}

namespace {

void check_targets(const Flow& flow, const FlowValidationContext& context,
                   std::vector<FlowIssue>& issues) {
  auto mark_of = [&](const char* key) {
    auto it = flow.key_marks.find(key);
    return it == flow.key_marks.end() ? SourceMark{1, 1} : it->second;
  };
  if (!flow.start.empty() && !flow.find(flow.start))
    issues.push_back(issue_at(FlowIssueKind::missing_target, mark_of("start"),
                              fmt::format("start node '{}' does not exist", flow.start)));
  if (!flow.fallback.empty() && !flow.find(flow.fallback))
    issues.push_back(issue_at(FlowIssueKind::missing_target, mark_of("fallback"),
                              fmt::format("fallback node '{}' does not exist", flow.fallback)));
  for (const FlowNode& node : flow.nodes) {
    for (const FlowEdge& edge : node_targets(node))
      if (!flow.find(edge.target))
        issues.push_back(issue_at(
            FlowIssueKind::missing_target, edge.mark,
            fmt::format("node '{}' goes to '{}', which does not exist", node.id, edge.target)));
    if (const auto* jump = std::get_if<GotoNode>(&node.body);
        jump && !jump->flow.empty() && jump->flow != flow.name && context.flows &&
        !context.flows->count(jump->flow))
      issues.push_back(issue_at(FlowIssueKind::unknown_flow, node.mark_of("flow"),
                                fmt::format("there is no flow '{}'", jump->flow)));
    const std::string* queue = nullptr;
    if (const auto* t = std::get_if<TransferNode>(&node.body)) queue = &t->queue;
    if (const auto* c = std::get_if<CallbackNode>(&node.body)) queue = &c->queue;
    if (queue && context.queues && !context.queues->count(*queue))
      issues.push_back(issue_at(FlowIssueKind::unknown_queue, node.mark_of("queue"),
                                fmt::format("there is no queue '{}'", *queue)));
  }
}

void check_reachable(const Flow& flow, const FlowValidationContext& context,
                     std::vector<FlowIssue>& issues) {
  std::vector<bool> seen(flow.nodes.size(), false);
  std::vector<std::size_t> todo;
  auto visit = [&](const NodeId& id) {
    auto it = flow.index.find(id);
    if (it == flow.index.end() || seen[it->second]) return;
    seen[it->second] = true;
    todo.push_back(it->second);
  };
  visit(flow.start);
  visit(flow.fallback);
  for (const NodeId& entry : context.entry_nodes) visit(entry);
  while (!todo.empty()) {
    const std::size_t at = todo.back();
    todo.pop_back();
    for (const FlowEdge& edge : node_targets(flow.nodes[at])) visit(edge.target);
  }
  for (std::size_t i = 0; i < flow.nodes.size(); ++i)
    if (!seen[i])
      issues.push_back(issue_at(
          FlowIssueKind::unreachable_node, flow.nodes[i].mark,
          fmt::format("node '{}' is never reached from '{}'", flow.nodes[i].id, flow.start)));
}

// Strongly connected components (Tarjan) of the nodes that never wait for input: every such
// component with a cycle in it would run forever without the caller.
void check_loops(const Flow& flow, std::vector<FlowIssue>& issues) {
  const std::size_t count = flow.nodes.size();
  std::vector<std::vector<std::size_t>> next(count);
  std::vector<bool> self_loop(count, false);
  for (std::size_t i = 0; i < count; ++i) {
    if (node_waits_for_input(flow.nodes[i])) continue;
    for (const FlowEdge& edge : node_targets(flow.nodes[i])) {
      auto it = flow.index.find(edge.target);
      if (it == flow.index.end() || node_waits_for_input(flow.nodes[it->second])) continue;
      next[i].push_back(it->second);
      if (it->second == i) self_loop[i] = true;
    }
  }
  std::vector<int> order(count, -1), low(count, 0);
  std::vector<bool> on_stack(count, false);
  std::vector<std::size_t> stack;
  int counter = 0;
  std::function<void(std::size_t)> connect = [&](std::size_t v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (std::size_t w : next[v]) {
      if (order[w] < 0) {
        connect(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], order[w]);
      }
    }
    if (low[v] != order[v]) return;
    std::vector<std::size_t> component;
    std::size_t w = 0;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack[w] = false;
      component.push_back(w);
    } while (w != v);
    if (component.size() < 2 && !self_loop[v]) return;
    std::sort(component.begin(), component.end());  // order of writing
    std::string names;
    for (std::size_t i : component) names += (names.empty() ? "'" : ", '") + flow.nodes[i].id + "'";
    issues.push_back(issue_at(
        FlowIssueKind::loop_without_input, flow.nodes[component.front()].mark,
        fmt::format("loop without input: {} go round without ever waiting for the caller", names)));
  };
  for (std::size_t i = 0; i < count; ++i)
    if (order[i] < 0) connect(i);
}

void check_prompt_channels(const PromptSpec& prompt, std::vector<FlowIssue>& issues) {
  if (!prompt.file.empty() && prompt.text.empty() && prompt.chat.empty())
    issues.push_back(issue_at(FlowIssueKind::not_on_channel, prompt.mark,
                              "chat shows text: a prompt with only a 'file' needs 'text' too"));
}

void check_channels(const Flow& flow, const FlowValidationContext& context,
                    std::vector<FlowIssue>& issues) {
  for (const FlowNode& node : flow.nodes) {
    if (has(context.channels, Channel::voice))
      if (const auto* ask = std::get_if<AskNode>(&node.body); ask && ask->kind == InputKind::text)
        issues.push_back(issue_at(FlowIssueKind::not_on_channel, node.mark_of("input"),
                                  "input text cannot be typed on the phone; this flow is meant "
                                  "for voice"));
    if (!has(context.channels, Channel::chat)) continue;
    validator::for_each_prompt(
        node, [&](const PromptSpec& prompt, bool) { check_prompt_channels(prompt, issues); });
  }
}

}  // namespace

std::vector<FlowIssue> validate_flow(const Flow& flow, const FlowValidationContext& context) {
  std::vector<FlowIssue> issues;
  check_targets(flow, context, issues);
  check_reachable(flow, context, issues);
  check_loops(flow, issues);
  check_channels(flow, context, issues);
  validator::check_variables(flow, context, issues);
  std::stable_sort(issues.begin(), issues.end(), [](const FlowIssue& a, const FlowIssue& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return issues;
}

std::vector<FlowIssue> check_flow_text(std::string_view yaml_text, std::string_view file_name,
                                       const FlowValidationContext& context) {
  FlowLoad load = read_flow(yaml_text, file_name);
  if (!load.issues.empty()) return std::move(load.issues);
  return validate_flow(load.flow, context);
}

Result<Flow> load_valid_flow(std::string_view yaml_text, std::string_view file_name,
                             const FlowValidationContext& context) {
  FlowLoad load = read_flow(yaml_text, file_name);
  if (!load.issues.empty()) return issue_error(load.issues.front(), file_name);
  const std::vector<FlowIssue> issues = validate_flow(load.flow, context);
  if (!issues.empty()) return issue_error(issues.front(), file_name);
  return std::move(load.flow);
}

}  // namespace callwerk::flow

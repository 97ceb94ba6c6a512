// The variable checks of the validator: every variable a template, expression or webhook reads
// must be provided by the channel or written by some node of the flow. Which path sets it
// first is the interpreter's business: an unset variable reads as empty, never as an error.
#include <fmt/core.h>

#include <set>

#include "flow/flow_expression.hpp"
#include "flow/flow_template.hpp"
#include "flow/flow_validator_checks.hpp"

namespace callwerk::flow::validator {

namespace {

struct Written {
  std::set<std::string> names;
  std::set<std::string> prefixes;  // "kontakt" provides kontakt.name, kontakt.plz, ...

  bool covers(const std::string& name) const {
    if (names.count(name)) return true;
    for (std::string_view prefix = name;;) {
      if (prefixes.count(std::string(prefix))) return true;
      const auto dot = prefix.rfind('.');
      if (dot == std::string_view::npos) return false;
      prefix = prefix.substr(0, dot);
    }
  }
};

Written collect_written(const Flow& flow, const FlowValidationContext& context) {
  Written written;
  for (const std::string& name : context.provided_variables) {
    if (name.ends_with(".*"))
      written.prefixes.insert(name.substr(0, name.size() - 2));
    else
      written.names.insert(name);
  }
  for (const FlowNode& node : flow.nodes) {
    if (const auto* ask = std::get_if<AskNode>(&node.body)) written.names.insert(ask->variable);
    if (const auto* set = std::get_if<SetNode>(&node.body))
      for (const auto& [name, expression] : set->assignments) written.names.insert(name);
    if (const auto* n = std::get_if<IdentifyNode>(&node.body)) written.prefixes.insert(n->variable);
    if (const auto* n = std::get_if<OrderNode>(&node.body)) written.prefixes.insert(n->variable);
    if (const auto* n = std::get_if<ComplaintNode>(&node.body))
      written.prefixes.insert(n->variable);
    if (const auto* n = std::get_if<WebhookNode>(&node.body)) written.prefixes.insert(n->variable);
    // The answer node's fixed variables: antwort.frage, .artikel, .titel, .geholfen.
    if (std::holds_alternative<AnswerNode>(node.body)) written.prefixes.insert("antwort");
    if (const auto* n = std::get_if<SurveyNode>(&node.body))
      for (const SurveyQuestion& q : n->questions) written.names.insert("survey." + q.id);
  }
  return written;
}

class VariableCheck {
 public:
  VariableCheck(const Flow& flow, const FlowValidationContext& context,
                std::vector<FlowIssue>& issues)
      : written_(collect_written(flow, context)), issues_(issues) {}

  void read(const std::string& name, SourceMark mark, const FlowNode& node, bool confirm = false) {
    if (written_.covers(name) || (confirm && name == "value")) return;
    add(FlowIssueKind::undefined_variable, mark,
        fmt::format("node '{}' reads '{}', which no node sets and the channel does not provide",
                    node.id, name));
  }

  void template_text(const std::string& text, SourceMark mark, const FlowNode& node,
                     bool confirm = false) {
    if (text.empty()) return;
    auto names = template_variables(text);
    if (!names) {
      add(FlowIssueKind::bad_template, mark,
          fmt::format("bad placeholder in node '{}': {}", node.id, names.error().describe()));
      return;
    }
    for (const std::string& name : *names) read(name, mark, node, confirm);
  }

  void expression(const std::string& text, SourceMark mark, const FlowNode& node) {
    auto parsed = parse_expression(text);
    if (!parsed) {
      add(FlowIssueKind::bad_expression, mark,
          fmt::format("bad expression '{}' in node '{}': {}", text, node.id,
                      parsed.error().describe()));
      return;
    }
    for (const std::string& name : parsed->variables_read()) read(name, mark, node);
  }

 private:
  void add(FlowIssueKind kind, SourceMark mark, std::string message) {
    issues_.push_back(
        FlowIssue{kind, std::move(message), std::max(mark.line, 1), std::max(mark.column, 1)});
  }

  Written written_;
  std::vector<FlowIssue>& issues_;
};

void input_prompts(const InputHandling& input,
                   const std::function<void(const PromptSpec&, bool)>& visit) {
  visit(input.no_input_prompt, false);
  visit(input.no_match_prompt, false);
}

}  // namespace

void for_each_prompt(const FlowNode& node,
                     const std::function<void(const PromptSpec&, bool confirm)>& visit) {
  std::visit(
      [&](const auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (requires { body.prompt; }) visit(body.prompt, false);
        if constexpr (requires { body.input; }) input_prompts(body.input, visit);
        if constexpr (std::is_same_v<Body, AskNode>) visit(body.confirm_prompt, true);
        if constexpr (std::is_same_v<Body, AnswerNode>) visit(body.helped_prompt, false);
        if constexpr (std::is_same_v<Body, ComplaintNode>) visit(body.created_prompt, false);
        if constexpr (std::is_same_v<Body, IdentifyNode>) {
          visit(body.customer_number_prompt, false);
          visit(body.postcode_prompt, false);
          visit(body.name_prompt, false);
        }
        if constexpr (std::is_same_v<Body, SurveyNode>)
          for (const SurveyQuestion& q : body.questions) visit(q.prompt, false);
      },
      node.body);
}

void check_variables(const Flow& flow, const FlowValidationContext& context,
                     std::vector<FlowIssue>& issues) {
  VariableCheck check(flow, context, issues);
  for (const FlowNode& node : flow.nodes) {
    for_each_prompt(node, [&](const PromptSpec& prompt, bool confirm) {
      check.template_text(prompt.text, prompt.mark, node, confirm);
      if (!prompt.chat.empty()) check.template_text(prompt.chat, prompt.mark, node, confirm);
    });
    if (const auto* n = std::get_if<TransferNode>(&node.body))
      check.template_text(n->summary, node.mark_of("summary"), node);
    if (const auto* n = std::get_if<AnswerNode>(&node.body))
      check.template_text(n->query, node.mark_of("query"), node);
    if (const auto* n = std::get_if<SetNode>(&node.body))
      for (std::size_t i = 0; i < n->assignments.size(); ++i)
        check.expression(n->assignments[i].second, i < n->marks.size() ? n->marks[i] : node.mark,
                         node);
    if (const auto* n = std::get_if<BranchNode>(&node.body))
      for (const BranchCase& c : n->cases) check.expression(c.condition, c.mark, node);
    if (const auto* n = std::get_if<SurveyNode>(&node.body))
      for (const SurveyQuestion& q : n->questions)
        if (!q.show_if.empty()) check.expression(q.show_if, q.mark, node);
    if (const auto* n = std::get_if<WebhookNode>(&node.body))
      for (const std::string& name : n->send) check.read(name, node.mark_of("send"), node);
  }
}

}  // namespace callwerk::flow::validator

// Nodes that never wait for the caller: say, set, branch, goto, transfer, hangup.

#include <fmt/core.h>

#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

void enter(StepContext& ctx, const SayNode& node) {
  ctx.say(node.prompt);
  ctx.go_to_or_end(node.next);
}

void enter(StepContext& ctx, const SetNode& node) {
  const CompiledNode& compiled = ctx.compiled_node();
  for (std::size_t i = 0; i < node.assignments.size(); ++i) {
    const std::string& variable = node.assignments[i].first;
    if (!compiled.errors[i].empty()) {
      ctx.fail(fmt::format("Ausdruck für „{}“ ist ungültig: {}", variable, compiled.errors[i]));
      return;
    }
    ctx.set_variable(variable, compiled.expressions[i].evaluate(ctx.state.variables));
  }
  ctx.go_to_or_end(node.next);
}

void enter(StepContext& ctx, const BranchNode& node) {
  const CompiledNode& compiled = ctx.compiled_node();
  for (std::size_t i = 0; i < node.cases.size(); ++i) {
    const BranchCase& branch_case = node.cases[i];
    if (!compiled.errors[i].empty()) {
      ctx.fail(fmt::format("Bedingung „{}“ ist ungültig: {}", branch_case.condition,
                           compiled.errors[i]));
      return;
    }
    if (!is_truthy(compiled.expressions[i].evaluate(ctx.state.variables))) continue;
    RecordData data = ctx.node_data();
    data.add({"condition", branch_case.condition}).add({"target", branch_case.target});
    ctx.record("flow.branch",
               fmt::format("Bedingung {} trifft zu, weiter bei „{}“", branch_case.condition,
                           branch_case.target),
               std::move(data));
    ctx.go_to(branch_case.target);
    return;
  }
  if (node.otherwise.empty()) {
    ctx.fail("keine Bedingung trifft zu und es gibt keinen else-Zweig");
    return;
  }
  RecordData data = ctx.node_data();
  data.add({"target", node.otherwise});  // no condition: the else branch
  ctx.record("flow.branch",
             fmt::format("Keine Bedingung trifft zu, weiter bei „{}“", node.otherwise),
             std::move(data));
  ctx.go_to(node.otherwise);
}

void enter(StepContext& ctx, const GotoNode& node) {
  if (node.flow.empty()) {
    ctx.go_to(node.target);
  } else {
    ctx.switch_flow(node.flow, node.target);
  }
}

void enter(StepContext& ctx, const TransferNode& node) {
  if (node.prompt.empty()) {
    ctx.say_phrase(Phrase::transfer);
  } else {
    ctx.say(node.prompt);
  }
  Transfer transfer;
  transfer.queue = node.queue;
  transfer.skills = node.skills;
  transfer.priority = node.priority;
  transfer.summary = node.summary.empty() ? summarize(ctx.state) : ctx.render(node.summary);
  transfer.reason = ctx.state.escalation == "max_retries"
                        ? "Eingabe nach mehreren Versuchen nicht verstanden"
                        : fmt::format("Weiterleitung laut Leitfaden (Knoten „{}“)", ctx.node_id());
  transfer.variables = ctx.state.variables;

  FlowVariables skills;
  for (const auto& [skill, level] : node.skills) skills.emplace(skill, std::int64_t{level});
  ctx.record("flow.transfer",
             fmt::format("Weiterleitung an Warteschlange „{}“. Grund: {}. {}", node.queue,
                         transfer.reason, transfer.summary),
             {{"node", ctx.node_id()},
              {"queue", node.queue},
              {"skills", std::move(skills)},
              {"priority", node.priority},
              {"reason", transfer.reason},
              {"summary", transfer.summary},
              // Everything collected, for the agent who takes over (the desk's screen pop).
              {"variables", transfer.variables}});
  ctx.out.emplace_back(std::move(transfer));
  ctx.state.finished = true;
  ctx.state.end_reason = "transfer";
}

void enter(StepContext& ctx, const HangupNode& node) {
  // Without a prompt of its own the node says nothing: the goodbye is usually the say before.
  if (!node.prompt.empty()) ctx.say(node.prompt);
  ctx.end(node.reason.empty() ? "flow_end" : node.reason);
}

}  // namespace callwerk::flow

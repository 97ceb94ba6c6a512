// The step loop: apply one event to the node that waits for it, then run nodes until the
// conversation waits again or ends. Node semantics live in flow_interpreter_<group>.cpp.

#include "flow/flow_interpreter.hpp"

#include <fmt/core.h>

#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

// --- library ---------------------------------------------------------------------------------

void FlowLibrary::add(std::shared_ptr<const Flow> flow) {
  if (!flow) return;
  if (main_.empty()) main_ = flow->name;
  flows_[flow->name] = std::move(flow);
}

const Flow* FlowLibrary::find(std::string_view name) const {
  auto it = flows_.find(name);
  return it == flows_.end() ? nullptr : it->second.get();
}

// --- compiling -------------------------------------------------------------------------------

namespace {

void compile_expression(CompiledNode& compiled, const std::string& text) {
  auto parsed = parse_expression(text);
  if (parsed) {
    compiled.expressions.push_back(std::move(parsed.value()));
    compiled.errors.emplace_back();
  } else {
    compiled.expressions.emplace_back();
    compiled.errors.push_back(parsed.error().describe());
  }
}

CompiledNode compile_node(const FlowNode& node, const ProductCatalog& catalog) {
  CompiledNode compiled;
  if (const auto* set = std::get_if<SetNode>(&node.body)) {
    for (const auto& [variable, expression] : set->assignments) {
      compile_expression(compiled, expression);
    }
  } else if (const auto* branch = std::get_if<BranchNode>(&node.body)) {
    for (const auto& branch_case : branch->cases)
      compile_expression(compiled, branch_case.condition);
  } else if (const auto* survey = std::get_if<SurveyNode>(&node.body)) {
    // One per question; an empty show_if stays the null constant and is never evaluated.
    for (const auto& question : survey->questions) {
      if (question.show_if.empty()) {
        compiled.expressions.emplace_back();
        compiled.errors.emplace_back();
      } else {
        compile_expression(compiled, question.show_if);
      }
    }
  } else if (const auto* order = std::get_if<OrderNode>(&node.body)) {
    compiled.products = offered_products(catalog, order->category);
  }
  return compiled;
}

const char* channel_name(Channel channel) {
  return channel == Channel::voice ? "voice" : "chat";
}

}  // namespace

FlowInterpreter::FlowInterpreter(FlowLibrary library) {
  auto compiled = std::make_shared<Compiled>();
  for (const auto& [name, flow] : library.flows()) {
    CompiledFlow& target = compiled->flows[name];
    target.flow = flow;
    target.nodes.reserve(flow->nodes.size());
    for (const auto& node : flow->nodes)
      target.nodes.push_back(compile_node(node, library.catalog()));
  }
  compiled->library = std::move(library);
  compiled_ = std::move(compiled);
}

FlowInterpreter::~FlowInterpreter() = default;

const FlowLibrary& FlowInterpreter::library() const {
  return compiled_->library;
}

// --- stepping --------------------------------------------------------------------------------

namespace {

void start(StepContext& ctx, const StartEvent& event) {
  FlowState& state = ctx.state;
  state.started = true;
  state.channel = event.channel;
  state.caller_number = event.caller_number;
  state.variables = event.variables;
  state.flow = event.flow.empty() ? ctx.compiled.library.main_flow() : event.flow;
  const CompiledFlow* flow = ctx.compiled.find(state.flow);
  state.language = !event.language.empty() ? event.language
                   : flow != nullptr       ? flow->flow->language
                                           : "de";
  ctx.record("flow.start",
             fmt::format("Gespräch beginnt: Leitfaden „{}“, {}{}", state.flow,
                         event.channel == Channel::voice ? "Telefon" : "Chat",
                         event.caller_number.empty() ? "" : ", Anrufer " + event.caller_number),
             {{"flow", state.flow},
              {"channel", channel_name(event.channel)},
              {"caller", event.caller_number},
              {"language", state.language}});
  if (flow == nullptr) {
    ctx.fail(fmt::format("Leitfaden „{}“ gibt es nicht", state.flow));
    return;
  }
  state.node = flow->flow->start;
  state.phase = FlowPhase::entering;
}

std::uint32_t request_of(const FlowEvent& event) {
  return std::visit(
      [](const auto& e) -> std::uint32_t {
        if constexpr (requires { e.request; }) {
          return e.request;
        } else {
          return 0;
        }
      },
      event);
}

// Whether the event is the one the current node waits for.
bool fits(const FlowState& state, const FlowEvent& event) {
  const bool input =
      std::holds_alternative<InputEvent>(event) || std::holds_alternative<NoInputEvent>(event);
  if (input) {
    return state.phase == FlowPhase::awaiting_input || state.phase == FlowPhase::confirming;
  }
  return state.phase == FlowPhase::awaiting_result && request_of(event) == state.request;
}

void run(StepContext& ctx) {
  FlowState& state = ctx.state;
  while (!ctx.waiting && !state.finished) {
    if (++state.steps_since_input > FlowInterpreter::kMaxStepsWithoutInput) {
      ctx.fail(fmt::format("mehr als {} Schritte ohne Eingabe, der Leitfaden läuft im Kreis",
                           FlowInterpreter::kMaxStepsWithoutInput));
      return;
    }
    if (!ctx.load()) return;
    ++state.steps;
    std::visit([&ctx](const auto& body) { enter(ctx, body); }, ctx.node->body);
  }
}

}  // namespace

std::vector<FlowAction> FlowInterpreter::step(FlowState& state, const FlowEvent& event) const {
  std::vector<FlowAction> actions;
  actions.reserve(8);
  step(state, event, actions);
  return actions;
}

void FlowInterpreter::step(FlowState& state, const FlowEvent& event,
                           std::vector<FlowAction>& actions) const {
  StepContext ctx(*compiled_, state, actions);
  if (const auto* begin = std::get_if<StartEvent>(&event)) {
    if (state.started) return;
    start(ctx, *begin);
  } else {
    if (!state.started || state.finished || !fits(state, event)) return;
    if (!ctx.load()) return;
    // Only the caller resets the runaway guard: a loop through webhooks still counts.
    if (std::holds_alternative<InputEvent>(event) || std::holds_alternative<NoInputEvent>(event)) {
      state.steps_since_input = 0;
    }
    std::visit([&ctx, &event](const auto& body) { react(ctx, body, event); }, ctx.node->body);
  }
  run(ctx);
}

}  // namespace callwerk::flow

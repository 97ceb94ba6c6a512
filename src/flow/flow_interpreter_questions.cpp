// Nodes that put a question to the caller: menu (a key or, in chat, a keyword) and ask (a
// checked value, optionally read back and confirmed).

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_interpreter_detail.hpp"
#include "flow/flow_template.hpp"

namespace callwerk::flow {

namespace {

// After a failed attempt: ask again (how, the node knows), or give up when nothing is named.
template <typename AskAgain>
void after_failure(StepContext& ctx, Attempt attempt, AskAgain&& ask_again) {
  switch (attempt) {
    case Attempt::again:
      ask_again();
      break;
    case Attempt::exhausted:
      ctx.give_up();
      break;
    case Attempt::moved:
      break;
  }
}

// How many keys a voice menu waits for: one when every key is one character, so that the
// caller need not close with '#'.
int menu_digits(const MenuNode& node) {
  for (const auto& option : node.options) {
    if (option.key.size() != 1) return 0;
  }
  return 1;
}

}  // namespace

// --- menu ------------------------------------------------------------------------------------

void enter(StepContext& ctx, const MenuNode& node) {
  ctx.say(node.prompt);
  AwaitInput request;
  request.timeout_ms = node.input.no_input_ms;
  if (ctx.state.channel == Channel::voice) {
    request.mode = InputMode::keypad;
    request.max_digits = menu_digits(node);
  } else {
    request.mode = InputMode::text;
    request.choices.reserve(node.options.size());
    for (const auto& option : node.options) {
      request.choices.push_back({option.label.empty() ? option.key : option.label, option.key});
    }
  }
  ctx.await_input(std::move(request));
}

void react(StepContext& ctx, const MenuNode& node, const FlowEvent& event) {
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) {
    after_failure(ctx, ctx.failed_attempt(node.input, true, {}, {}), [&ctx] { ctx.repeat(); });
    return;
  }
  const int index = match_menu_option(node.options, input->text, ctx.state.channel);
  if (index < 0) {
    ctx.record_input(input->text, {});
    after_failure(ctx, ctx.failed_attempt(node.input, false, input->text, {}),
                  [&ctx] { ctx.repeat(); });
    return;
  }
  const MenuOption& option = node.options[static_cast<std::size_t>(index)];
  ctx.record_input(input->text, option.label.empty() ? option.target : option.label);
  ctx.state.escalation.clear();
  ctx.go_to(option.target);
}

// --- ask -------------------------------------------------------------------------------------

namespace {

AwaitInput ask_request(const StepContext& ctx, const AskNode& node) {
  if (node.kind == InputKind::yes_no) return ctx.yes_no_request(node.input.no_input_ms);
  AwaitInput request;
  request.timeout_ms = node.input.no_input_ms;
  if (ctx.state.channel == Channel::chat) {
    request.mode = InputMode::text;
    if (node.kind == InputKind::choice) {
      for (const auto& choice : node.choices) {
        request.choices.push_back(
            {choice.label.empty() ? choice.value : choice.label, choice.value});
      }
    }
    return request;
  }
  request.mode = InputMode::keypad;
  switch (node.kind) {
    case InputKind::postcode:
      request.max_digits = 5;
      break;
    case InputKind::date:
      request.max_digits = 8;  // DDMMYYYY
      break;
    case InputKind::choice:
      request.max_digits = 1;
      for (const auto& choice : node.choices) {
        if (choice.key.size() != 1) request.max_digits = 0;
      }
      break;
    case InputKind::digits:
    case InputKind::customer_number:
      request.max_digits = node.max_length;
      break;
    default:
      request.max_digits = 0;  // closed with '#' or a pause
      break;
  }
  return request;
}

// Reads the pending value back and waits for yes or no.
void confirm(StepContext& ctx, const AskNode& node) {
  FlowState& state = ctx.state;
  state.phase = FlowPhase::confirming;
  const std::string_view text = node.confirm_prompt.text.empty() && node.confirm_prompt.file.empty()
                                    ? ctx.phrase_text(Phrase::confirm)
                                    : std::string_view(node.confirm_prompt.text);
  // {{value}} is the answer as it is read back; a flow variable of that name is only hidden
  // while the sentence is rendered.
  FlowValue spoken = spoken_value(node.kind, state.pending, state.language);
  auto [slot, inserted] = state.variables.try_emplace("value");
  std::swap(slot->second, spoken);
  std::string rendered = render_template(text, state.variables, state.language);
  if (inserted) {
    state.variables.erase(slot);
  } else {
    std::swap(slot->second, spoken);
  }
  ctx.say_text(std::move(rendered), node.confirm_prompt.file);
  ctx.await_input(ctx.yes_no_request(node.input.no_input_ms));
}

void accept(StepContext& ctx, const AskNode& node, FlowValue value) {
  ctx.state.escalation.clear();
  ctx.set_variable(node.variable, std::move(value));
  ctx.go_to_or_end(node.next);
}

void react_confirming(StepContext& ctx, const AskNode& node, const FlowEvent& event) {
  const auto* input = std::get_if<InputEvent>(&event);
  auto confirm_again = [&ctx, &node] { confirm(ctx, node); };
  if (input == nullptr) {
    after_failure(ctx, ctx.failed_attempt(node.input, true, {}, {}), confirm_again);
    return;
  }
  ctx.record_input(input->text, {});
  auto yes = parse_yes_no(input->text, ctx.state.channel, ctx.state.language);
  if (!yes) {
    after_failure(
        ctx,
        ctx.failed_attempt(node.input, false, input->text, ctx.phrase_text(Phrase::confirm_again)),
        confirm_again);
    return;
  }
  if (*yes) {
    ctx.record("flow.confirm", "Bestätigt", {{"node", ctx.node_id()}, {"confirmed", true}});
    FlowValue value = std::move(ctx.state.pending);
    ctx.state.pending = FlowValue{};
    accept(ctx, node, std::move(value));
    return;
  }
  ctx.record("flow.confirm", "Nicht bestätigt, die Frage wird wiederholt",
             {{"node", ctx.node_id()}, {"confirmed", false}});
  // Not a failed attempt: the caller answered, and the next answer needs a question anyway.
  ctx.state.pending = FlowValue{};
  ctx.say_phrase(Phrase::ask_again);
  ctx.repeat();
}

}  // namespace

void enter(StepContext& ctx, const AskNode& node) {
  ctx.say(node.prompt);
  ctx.await_input(ask_request(ctx, node));
}

void react(StepContext& ctx, const AskNode& node, const FlowEvent& event) {
  if (ctx.state.phase == FlowPhase::confirming) {
    react_confirming(ctx, node, event);
    return;
  }
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) {
    after_failure(ctx, ctx.failed_attempt(node.input, true, {}, {}), [&ctx] { ctx.repeat(); });
    return;
  }
  ctx.record_input(input->text, {});
  auto parsed = parse_input(node, input->text, ctx.state.channel, ctx.state.language);
  if (!parsed) {
    after_failure(ctx, ctx.failed_attempt(node.input, false, input->text, parsed.error().message),
                  [&ctx] { ctx.repeat(); });
    return;
  }
  if (node.confirm) {
    ctx.state.pending = std::move(parsed.value());
    confirm(ctx, node);
    return;
  }
  accept(ctx, node, std::move(parsed.value()));
}

}  // namespace callwerk::flow

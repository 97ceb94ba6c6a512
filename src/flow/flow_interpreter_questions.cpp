// Nodes that put a question to the caller: menu (a key or, in chat, a keyword) and ask (a
// checked value, optionally read back and confirmed).

#include <fmt/core.h>

#include <algorithm>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"
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

namespace {

// Chat: a question typed where a menu offers choices ("Wie lange dauert die Lieferung?").
// A single word is a typo of an option or a greeting, and a code ("RIES-23") an article
// number, more often than a question: at least two real words (three letters or more).
bool worth_a_search(const StepContext& ctx, std::string_view text) {
  if (ctx.state.channel != Channel::chat) return false;
  const std::string folded = fold_for_matching(text);
  int words = 0;
  for (std::string_view word : input_parts::folded_words(folded)) {
    const bool has_letter = std::any_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    });
    if (word.size() >= 3 && has_letter) ++words;
  }
  return words >= 2;
}

void menu_no_match(StepContext& ctx, const MenuNode& node, std::string_view text) {
  after_failure(ctx, ctx.failed_attempt(node.input, false, text, {}), [&ctx] { ctx.repeat(); });
}

// The article the visitor's words found, then the menu again: the visitor may choose, or
// ask on. Nothing found: the words were no valid choice after all.
void menu_kb_result(StepContext& ctx, const MenuNode& node, const KbSearchResult& result) {
  const auto* asked = std::get_if<std::string>(&ctx.state.pending);
  const std::string text = asked != nullptr ? *asked : std::string();
  ctx.state.pending = {};
  if (!result.found) {
    ctx.record("flow.kb", "Kein passender Artikel gefunden",
               {{"node", ctx.node_id()}, {"found", false}});
    menu_no_match(ctx, node, text);
    return;
  }
  record_article_found(ctx, result);
  ctx.say_phrase(Phrase::menu_kb_intro);
  ctx.say_text(article_text(ctx, result));
  ctx.say_phrase(Phrase::menu_kb_after);
  ctx.repeat();
}

}  // namespace

void react(StepContext& ctx, const MenuNode& node, const FlowEvent& event) {
  if (const auto* result = std::get_if<KbSearchResult>(&event)) {
    menu_kb_result(ctx, node, *result);
    return;
  }
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) {
    after_failure(ctx, ctx.failed_attempt(node.input, true, {}, {}), [&ctx] { ctx.repeat(); });
    return;
  }
  const int index = match_menu_option(node.options, input->text, ctx.state.channel);
  if (index < 0) {
    ctx.record_input(input->text, {});
    if (worth_a_search(ctx, input->text)) {
      // Free text in chat is matched against the knowledge base too (the search is the
      // channel's, like an answer node's).
      ctx.state.pending = input->text;
      ctx.record("flow.kb", fmt::format("Suche in der Wissensdatenbank: „{}“", input->text),
                 {{"node", ctx.node_id()}, {"query", input->text}});
      SearchKb search;
      search.query = input->text;
      search.language = ctx.state.language;
      ctx.await_result(std::move(search));
      return;
    }
    menu_no_match(ctx, node, input->text);
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
                                    : std::string_view(ctx.prompt_words(node.confirm_prompt));
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

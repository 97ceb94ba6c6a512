// The complaint node: category, the order it concerns (optional), a description (chat), the
// remedy the caller wants, then CreateTicket with the node's SLA. Variables under the node's
// `variable` (reklamation): kategorie, bestellnummer, beschreibung, wunsch, and nummer and
// frist once the ticket exists. Only the category is required: the optional parts are left
// out when the caller gives up on them.

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"
#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

namespace {

// Parts of the node (FlowState::sub_step), in the order they are asked.
constexpr int kCategory = 0;
constexpr int kOrder = 1;
constexpr int kDescription = 2;  // chat only
constexpr int kRemedy = 3;
constexpr int kCreating = 4;

std::string field(const ComplaintNode& node, std::string_view name) {
  return node.variable + "." + std::string(name);
}

std::string text_of(const FlowState& state, const std::string& name) {
  const auto it = state.variables.find(name);
  if (it == state.variables.end()) return {};
  const auto* text = std::get_if<std::string>(&it->second);
  return text == nullptr ? std::string() : *text;
}

void forget_earlier_run(StepContext& ctx, const ComplaintNode& node) {
  FlowVariables& variables = ctx.state.variables;
  const std::string prefix = node.variable + ".";
  auto it = variables.lower_bound(prefix);
  while (it != variables.end() && it->first.starts_with(prefix)) it = variables.erase(it);
}

bool part_needed(const StepContext& ctx, const ComplaintNode& node, int part) {
  switch (part) {
    case kOrder:
      return node.ask_order;
    case kDescription:
      return node.ask_description && ctx.state.channel == Channel::chat;
    case kRemedy:
      return !node.remedies.empty();
    default:
      return true;
  }
}

void ask_choice(StepContext& ctx, const ComplaintNode& node, Phrase question,
                const std::vector<AskChoice>& choices, const PromptSpec* own = nullptr) {
  std::string text(own != nullptr && !own->text.empty() ? ctx.render(ctx.prompt_words(*own))
                                                        : std::string(ctx.phrase_text(question)));
  if (const std::string keys = choices_sentence(ctx, choices); !keys.empty()) text += " " + keys;
  ctx.say_text(std::move(text));
  ctx.await_input(choice_request(ctx, node.input, choices));
}

// A choice answered: the choice's value in `name`; false (after the failed attempt) when the
// input fits none.
bool take_choice(StepContext& ctx, const ComplaintNode& node, const std::vector<AskChoice>& choices,
                 const InputEvent& input, std::string_view name, bool required) {
  AskNode check;
  check.kind = InputKind::choice;
  check.choices = choices;
  auto value = parse_input(check, input.text, ctx.state.channel, ctx.state.language);
  const int index = match_choice(choices, input_parts::keypad_text(input.text, ctx.state.channel));
  if (!value || index < 0) {
    ctx.record_input(input.text, {});
    const std::string reason = value ? std::string() : value.error().message;
    retry_or(ctx, ctx.failed_attempt(node.input, false, input.text, reason), [&ctx, required] {
      if (required) {
        ctx.give_up();
      } else {
        next_part(ctx);
      }
    });
    return false;
  }
  const AskChoice& choice = choices[static_cast<std::size_t>(index)];
  ctx.record_input(input.text, choice.label.empty() ? choice.value : choice.label);
  ctx.state.escalation.clear();
  ctx.set_variable(field(node, name), *value);
  return true;
}

bool no_order_words(std::string_view folded) {
  for (const std::string_view word :
       {"keine", "kein", "nein", "ohne", "nicht", "weiss nicht", "keine ahnung", "none", "no"})
    if (folded == word) return true;
  return false;
}

// The order number as written in chat: the first word with a digit ("Bestellung B-2026-4701"),
// letters, digits and - / only; empty when there is none.
std::string written_order_number(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(at, end - at);
    while (!word.empty() && (word.back() == '.' || word.back() == ',' || word.back() == ')'))
      word.remove_suffix(1);
    while (!word.empty() && (word.front() == '#' || word.front() == '(')) word.remove_prefix(1);
    if (word.find_first_of("0123456789") != std::string_view::npos) {
      if (word.size() > 30) return {};
      std::string number;
      for (const char c : word) {
        const bool allowed = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                             (c >= 'a' && c <= 'z') || c == '-' || c == '/';
        if (!allowed) return {};
        number += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      }
      return number;
    }
    at = end + 1;
  }
  return {};
}

void order_input(StepContext& ctx, const ComplaintNode& node, const InputEvent& input) {
  const bool voice = ctx.state.channel == Channel::voice;
  const std::string_view text = input_parts::keypad_text(input.text, ctx.state.channel);
  if (text.empty() || (!voice && no_order_words(fold_for_matching(text)))) {
    ctx.record_input(input.text.empty() ? "#" : input.text, "ohne Bestellnummer");
    next_part(ctx);
    return;
  }
  ctx.record_input(input.text, {});
  const std::string number =
      voice ? (input_parts::all_digits(text) ? std::string(text) : "") : written_order_number(text);
  if (number.empty()) {
    retry_or(ctx,
             ctx.failed_attempt(node.input, false, input.text,
                                ctx.phrase_text(Phrase::complaint_order_invalid)),
             [&ctx] { next_part(ctx); });
    return;
  }
  ctx.state.escalation.clear();
  ctx.set_variable(field(node, "bestellnummer"), number);
  next_part(ctx);
}

void description_input(StepContext& ctx, const ComplaintNode& node, const InputEvent& input) {
  ctx.record_input(input.text, {});
  AskNode check;
  check.kind = InputKind::text;
  auto text = parse_input(check, input.text, ctx.state.channel, ctx.state.language);
  if (!text) {
    retry_or(ctx, ctx.failed_attempt(node.input, false, input.text, text.error().message),
             [&ctx] { next_part(ctx); });
    return;
  }
  ctx.state.escalation.clear();
  ctx.set_variable(field(node, "beschreibung"), *text);
  next_part(ctx);
}

void create_ticket(StepContext& ctx, const ComplaintNode& node) {
  const FlowState& state = ctx.state;
  CreateTicket request;
  request.category = text_of(state, field(node, "kategorie"));
  request.description = text_of(state, field(node, "beschreibung"));
  request.order_number = text_of(state, field(node, "bestellnummer"));
  request.remedy = text_of(state, field(node, "wunsch"));
  request.sla_hours = node.sla_hours;
  request.contact = contact_of(state);
  ctx.record("flow.ticket",
             fmt::format("Reklamation wird angelegt: {}{}{}, Frist {} Stunden", request.category,
                         request.order_number.empty() ? "" : ", Bestellung ", request.order_number,
                         node.sla_hours),
             {{"node", ctx.node_id()},
              {"category", request.category},
              {"order_number", request.order_number},
              {"remedy", request.remedy},
              {"sla_hours", node.sla_hours}});
  ctx.state.sub_step = kCreating;
  ctx.await_result(std::move(request));
}

void ticket_result(StepContext& ctx, const ComplaintNode& node, const TicketResult& result) {
  if (!result.ok) {
    ctx.record("flow.ticket",
               fmt::format("Reklamation nicht angelegt{}{}", result.error.empty() ? "" : ": ",
                           result.error),
               {{"node", ctx.node_id()}, {"ok", false}, {"error", result.error}});
    failed_to_fallback(ctx, Phrase::complaint_failed, "ticket_failed");
    return;
  }
  ctx.set_variable(field(node, "nummer"), result.number);
  if (!result.due.empty()) ctx.set_variable(field(node, "frist"), result.due);
  ctx.record(
      "flow.ticket",
      fmt::format("Reklamation angelegt: {}{}{}", result.number,
                  result.due.empty() ? "" : ", Antwort bis ", result.due),
      {{"node", ctx.node_id()}, {"ok", true}, {"number", result.number}, {"due", result.due}});
  if (!node.created_prompt.empty())
    ctx.say(node.created_prompt);
  else
    ctx.say_text(
        result.due.empty()
            ? phrase_format(ctx, Phrase::complaint_created_sla, result.number, node.sla_hours)
            : phrase_format(ctx, Phrase::complaint_created, result.number, result.due));
  ctx.go_to_or_end(node.next);
}

}  // namespace

void enter(StepContext& ctx, const ComplaintNode& node) {
  FlowState& state = ctx.state;
  if (state.sub_step == kCategory && state.retries == 0) forget_earlier_run(ctx, node);
  while (state.sub_step < kCreating && !part_needed(ctx, node, state.sub_step)) ++state.sub_step;
  switch (state.sub_step) {
    case kCategory:
      ask_choice(ctx, node, Phrase::complaint_category_prompt, node.categories, &node.prompt);
      return;
    case kOrder:
      ctx.say_phrase(Phrase::complaint_order_prompt);
      ctx.await_input(open_request(ctx, node.input, 0));
      return;
    case kDescription:
      ctx.say_phrase(Phrase::complaint_description_prompt);
      ctx.await_input(open_request(ctx, node.input, 0));
      return;
    case kRemedy:
      ask_choice(ctx, node, Phrase::complaint_remedy_prompt, node.remedies);
      return;
    default:
      create_ticket(ctx, node);
      return;
  }
}

void react(StepContext& ctx, const ComplaintNode& node, const FlowEvent& event) {
  if (const auto* result = std::get_if<TicketResult>(&event)) {
    ticket_result(ctx, node, *result);
    return;
  }
  const int part = ctx.state.sub_step;
  if (std::holds_alternative<NoInputEvent>(event)) {
    retry_or(ctx, ctx.failed_attempt(node.input, true, {}, {}), [&ctx, part] {
      if (part == kCategory) {
        ctx.give_up();
      } else {
        next_part(ctx);  // the optional parts are left out
      }
    });
    return;
  }
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) return;
  if (part == kCategory) {
    if (take_choice(ctx, node, node.categories, *input, "kategorie", true)) next_part(ctx);
  } else if (part == kOrder) {
    order_input(ctx, node, *input);
  } else if (part == kDescription) {
    description_input(ctx, node, *input);
  } else if (part == kRemedy) {
    if (take_choice(ctx, node, node.remedies, *input, "wunsch", false)) next_part(ctx);
  }
}

}  // namespace callwerk::flow

// Nodes that need something done outside the interpreter: identify (contact lookup), webhook
// and callback. Each sends a side-effect action and waits for its result event.

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

namespace {

AwaitInput open_question(const StepContext& ctx, const InputHandling& handling, int digits) {
  AwaitInput request;
  request.timeout_ms = handling.no_input_ms;
  request.mode = ctx.state.channel == Channel::voice ? InputMode::keypad : InputMode::text;
  request.max_digits = ctx.state.channel == Channel::voice ? digits : 0;
  return request;
}

void say_or_phrase(StepContext& ctx, const PromptSpec& prompt, Phrase fallback) {
  if (prompt.empty()) {
    ctx.say_phrase(fallback);
  } else {
    ctx.say(prompt);
  }
}

std::string fields_text(const FlowVariables& fields) {
  std::string text;
  for (const auto& [name, value] : fields) {
    if (!text.empty()) text += ", ";
    text += name + ": " + value_to_text(value, "de");
  }
  return text;
}

}  // namespace

// --- identify --------------------------------------------------------------------------------

namespace {

const std::vector<IdentifyBy>& ways(const IdentifyNode& node) {
  static const std::vector<IdentifyBy> kDefault{IdentifyBy::caller_number,
                                                IdentifyBy::customer_number};
  return node.by.empty() ? kDefault : node.by;
}

const AskNode& check_of(InputKind kind) {
  static const AskNode kCustomerNumber = [] {
    AskNode ask;
    ask.kind = InputKind::customer_number;
    return ask;
  }();
  static const AskNode kPostcode = [] {
    AskNode ask;
    ask.kind = InputKind::postcode;
    return ask;
  }();
  return kind == InputKind::postcode ? kPostcode : kCustomerNumber;
}

// Names are asked only in chat; on the phone the postcode alone is given to the lookup.
bool asks_name(const StepContext& ctx, IdentifyBy way) {
  return way == IdentifyBy::name_postcode && ctx.state.channel == Channel::chat &&
         is_null(ctx.state.pending);
}

void next_way(StepContext& ctx) {
  ++ctx.state.sub_step;
  ctx.state.retries = 0;
  ctx.state.pending = FlowValue{};
  ctx.repeat();
}

void lookup(StepContext& ctx, LookupContact request, std::string_view what) {
  ctx.record("flow.contact", fmt::format("Kontaktsuche nach {}", what),
             {{"node", ctx.node_id()}, {"by", identify_by_name(request.by)}});
  ctx.await_result(std::move(request));
}

void identify_input(StepContext& ctx, const IdentifyNode& node, const InputEvent& input) {
  FlowState& state = ctx.state;
  const IdentifyBy way = ways(node)[static_cast<std::size_t>(state.sub_step)];
  ctx.record_input(input.text, {});
  auto on_failure = [&ctx](Attempt attempt) {
    if (attempt == Attempt::again) ctx.repeat();
    if (attempt == Attempt::exhausted) next_way(ctx);
  };
  if (asks_name(ctx, way)) {
    std::string name = fold_for_matching(input.text).empty() ? std::string() : input.text;
    if (name.empty()) {
      on_failure(ctx.failed_attempt(node.input, false, input.text, {}));
      return;
    }
    state.pending = std::move(name);
    ctx.repeat();  // now the postcode
    return;
  }
  const InputKind kind =
      way == IdentifyBy::customer_number ? InputKind::customer_number : InputKind::postcode;
  auto parsed = parse_input(check_of(kind), input.text, state.channel, state.language);
  if (!parsed) {
    on_failure(ctx.failed_attempt(node.input, false, input.text, parsed.error().message));
    return;
  }
  LookupContact request;
  request.by = way;
  const std::string value = value_to_text(*parsed, "de");
  if (way == IdentifyBy::customer_number) {
    request.customer_number = value;
    lookup(ctx, std::move(request), "Kundennummer " + value);
  } else {
    if (const auto* name = std::get_if<std::string>(&state.pending)) request.name = *name;
    request.postcode = value;
    std::string what = request.name.empty()
                           ? "Postleitzahl " + value
                           : fmt::format("Name {} und Postleitzahl {}", request.name, value);
    lookup(ctx, std::move(request), what);
  }
}

void identify_result(StepContext& ctx, const IdentifyNode& node,
                     const ContactLookupResult& result) {
  FlowState& state = ctx.state;
  const IdentifyBy way = ways(node)[static_cast<std::size_t>(state.sub_step)];
  if (!result.found) {
    ctx.record("flow.contact", "Kein Kontakt gefunden",
               {{"node", ctx.node_id()}, {"by", identify_by_name(way)}, {"found", false}});
    if (way != IdentifyBy::caller_number) ctx.say_phrase(Phrase::contact_not_found);
    next_way(ctx);
    return;
  }
  for (const auto& [field, value] : result.fields) {
    state.variables.insert_or_assign(node.variable + "." + field, value);
  }
  state.escalation.clear();
  ctx.record("flow.contact", "Kontakt gefunden: " + fields_text(result.fields),
             {{"node", ctx.node_id()},
              {"by", identify_by_name(way)},
              {"found", true},
              {"variable", node.variable},
              {"fields", result.fields}});
  ctx.go_to_or_end(node.next);
}

}  // namespace

void enter(StepContext& ctx, const IdentifyNode& node) {
  FlowState& state = ctx.state;
  const auto& by = ways(node);
  while (static_cast<std::size_t>(state.sub_step) < by.size()) {
    const IdentifyBy way = by[static_cast<std::size_t>(state.sub_step)];
    if (way == IdentifyBy::caller_number) {
      if (state.caller_number.empty()) {
        ++state.sub_step;
        continue;
      }
      LookupContact request;
      request.by = way;
      request.caller_number = state.caller_number;
      lookup(ctx, std::move(request), "Rufnummer " + state.caller_number);
      return;
    }
    if (way == IdentifyBy::customer_number) {
      say_or_phrase(ctx, node.customer_number_prompt, Phrase::customer_number_prompt);
      ctx.await_input(open_question(ctx, node.input, 0));
      return;
    }
    if (asks_name(ctx, way)) {
      say_or_phrase(ctx, node.name_prompt, Phrase::name_prompt);
      ctx.await_input(open_question(ctx, node.input, 0));
      return;
    }
    say_or_phrase(ctx, node.postcode_prompt, Phrase::postcode_prompt);
    ctx.await_input(open_question(ctx, node.input, 5));
    return;
  }
  ctx.record("flow.contact", "Kontakt nicht ermittelt", {{"node", ctx.node_id()}});
  // Without a not_found way the conversation goes on without a contact.
  ctx.go_to_or_end(node.not_found.empty() ? node.next : node.not_found);
}

void react(StepContext& ctx, const IdentifyNode& node, const FlowEvent& event) {
  if (const auto* result = std::get_if<ContactLookupResult>(&event)) {
    identify_result(ctx, node, *result);
  } else if (const auto* input = std::get_if<InputEvent>(&event)) {
    identify_input(ctx, node, *input);
  } else if (std::holds_alternative<NoInputEvent>(event)) {
    const Attempt attempt = ctx.failed_attempt(node.input, true, {}, {});
    if (attempt == Attempt::again) ctx.repeat();
    if (attempt == Attempt::exhausted) next_way(ctx);
  }
}

// --- webhook ---------------------------------------------------------------------------------

void enter(StepContext& ctx, const WebhookNode& node) {
  const FlowVariables& variables = ctx.state.variables;
  CallWebhook request;
  request.url = node.url;
  request.timeout_ms = node.timeout_ms;
  if (node.send.empty()) {
    request.data = variables;
  } else {
    // A name sends that variable and everything under it: "kontakt" sends kontakt.name, ...
    for (const std::string& name : node.send) {
      for (auto it = variables.lower_bound(name); it != variables.end(); ++it) {
        const std::string& key = it->first;
        if (key.compare(0, name.size(), name) != 0) break;
        if (key.size() == name.size() || key[name.size()] == '.') request.data.insert(*it);
      }
    }
  }
  ctx.record("flow.webhook",
             fmt::format("Webhook an {} mit {} Feldern", node.url, request.data.size()),
             {{"node", ctx.node_id()}, {"url", node.url}, {"sent", request.data}});
  ctx.await_result(std::move(request));
}

void react(StepContext& ctx, const WebhookNode& node, const FlowEvent& event) {
  const auto* result = std::get_if<WebhookResult>(&event);
  if (result == nullptr) return;
  if (result->ok) {
    for (const auto& [field, value] : result->fields) {
      ctx.state.variables.insert_or_assign(node.variable + "." + field, value);
    }
    ctx.record("flow.webhook",
               fmt::format("Webhook-Antwort {}{}{}", result->status,
                           result->fields.empty() ? "" : ": ", fields_text(result->fields)),
               {{"node", ctx.node_id()},
                {"ok", true},
                {"status", result->status},
                {"variable", node.variable},
                {"fields", result->fields}});
    ctx.go_to_or_end(node.next);
    return;
  }
  ctx.record("flow.webhook",
             fmt::format("Webhook fehlgeschlagen (Status {}){}{}", result->status,
                         result->error.empty() ? "" : ": ", result->error),
             {{"node", ctx.node_id()},
              {"ok", false},
              {"status", result->status},
              {"error", result->error}});
  const NodeId& target = node.on_failure.empty() ? ctx.flow->flow->fallback : node.on_failure;
  if (!target.empty()) {
    ctx.go_to(target);
    return;
  }
  ctx.say_phrase(Phrase::technical_error);
  ctx.end("webhook_failed");
}

// --- callback --------------------------------------------------------------------------------

namespace {

constexpr int kAskingNumber = 1;

// A phone number as typed: digits with an optional leading '+', spaces and - / ( ) allowed.
// Empty when it is not one (6 to 15 digits, E.164's limit).
std::string phone_number(std::string_view raw) {
  std::string number;
  for (const char c : raw) {
    if (c >= '0' && c <= '9') {
      number += c;
    } else if (c == '+' && number.empty()) {
      number += c;
    } else if (c != ' ' && c != '-' && c != '/' && c != '(' && c != ')' && c != '#') {
      return {};
    }
  }
  const std::size_t digits = number.size() - (number.starts_with('+') ? 1 : 0);
  return digits >= 6 && digits <= 15 ? number : std::string();
}

void schedule(StepContext& ctx, const CallbackNode& node, std::string number) {
  ctx.set_variable("rueckruf.nummer", number);
  ScheduleCallback request;
  request.queue = node.queue;
  request.number = std::move(number);
  request.summary = summarize(ctx.state);
  request.variables = ctx.state.variables;
  request.contact = contact_of(ctx.state);
  request.language = ctx.state.language;
  ctx.record(
      "flow.callback",
      fmt::format("Rückruf angefragt an {} (Warteschlange „{}“)", request.number, node.queue),
      {{"node", ctx.node_id()}, {"queue", node.queue}, {"number", request.number}});
  ctx.await_result(std::move(request));
}

void goodbye(StepContext& ctx, std::string reason) {
  ctx.say_phrase(Phrase::goodbye);
  ctx.end(std::move(reason));
}

}  // namespace

void enter(StepContext& ctx, const CallbackNode& node) {
  FlowState& state = ctx.state;
  if (state.sub_step == kAskingNumber || node.ask_number || state.caller_number.empty()) {
    state.sub_step = kAskingNumber;
    ctx.say_phrase(Phrase::callback_number_prompt);
    ctx.await_input(open_question(ctx, node.input, 0));
    return;
  }
  schedule(ctx, node, state.caller_number);
}

void react(StepContext& ctx, const CallbackNode& node, const FlowEvent& event) {
  auto on_failure = [&ctx](Attempt attempt) {
    if (attempt == Attempt::again) ctx.repeat();
    if (attempt == Attempt::exhausted) ctx.give_up();
  };
  if (std::holds_alternative<NoInputEvent>(event)) {
    on_failure(ctx.failed_attempt(node.input, true, {}, {}));
    return;
  }
  if (const auto* input = std::get_if<InputEvent>(&event)) {
    ctx.record_input(input->text, {});
    std::string number = phone_number(input->text);
    if (number.empty()) {
      on_failure(ctx.failed_attempt(node.input, false, input->text,
                                    ctx.phrase_text(Phrase::callback_invalid_number)));
      return;
    }
    schedule(ctx, node, std::move(number));
    return;
  }
  const auto* result = std::get_if<CallbackResult>(&event);
  if (result == nullptr) return;
  if (!result->ok) {
    ctx.record("flow.callback",
               fmt::format("Rückruf konnte nicht eingeplant werden{}{}",
                           result->error.empty() ? "" : ": ", result->error),
               {{"node", ctx.node_id()}, {"ok", false}, {"error", result->error}});
    ctx.say_phrase(Phrase::callback_failed);
    const NodeId& fallback = ctx.flow->flow->fallback;
    if (!fallback.empty() && fallback != ctx.state.node) {
      ctx.go_to(fallback);
    } else {
      goodbye(ctx, "callback_failed");
    }
    return;
  }
  if (!result->when.empty()) ctx.state.variables.insert_or_assign("rueckruf.zeit", result->when);
  ctx.record("flow.callback",
             result->when.empty() ? std::string("Rückruf eingeplant")
                                  : "Rückruf eingeplant: " + result->when,
             {{"node", ctx.node_id()}, {"ok", true}, {"when", result->when}});
  if (!node.prompt.empty()) {
    ctx.say(node.prompt);
  } else {
    ctx.say_phrase(result->when.empty() ? Phrase::callback_confirmed_asap
                                        : Phrase::callback_confirmed);
  }
  if (node.next.empty()) {
    goodbye(ctx, "callback");
  } else {
    ctx.go_to(node.next);
  }
}

}  // namespace callwerk::flow

// The step context: moving between nodes, waiting, failed attempts, and the transcript lines
// every node writes through it.

#include <fmt/core.h>

#include "flow/flow_interpreter_detail.hpp"
#include "flow/flow_template.hpp"

namespace callwerk::flow {

namespace {

std::string_view speaker(Channel channel) {
  return channel == Channel::voice ? "Anrufer" : "Kunde";
}

}  // namespace

bool StepContext::load() {
  if (flow == nullptr || flow->flow->name != state.flow) {
    flow = compiled.find(state.flow);
    node = nullptr;
    if (flow == nullptr) {
      fail(fmt::format("Leitfaden „{}“ gibt es nicht", state.flow));
      return false;
    }
  }
  if (node == nullptr || node->id != state.node) {
    node = flow->flow->find(state.node);
    if (node == nullptr) {
      fail(fmt::format("Knoten „{}“ gibt es im Leitfaden „{}“ nicht", state.node, state.flow));
      return false;
    }
  }
  return true;
}

const CompiledNode& StepContext::compiled_node() const {
  return flow->nodes[static_cast<std::size_t>(node - flow->flow->nodes.data())];
}

const std::string& StepContext::node_id() const {
  static const std::string none;
  return node != nullptr ? node->id : none;
}

RecordData StepContext::node_data() const {
  RecordData data;
  data.fields.reserve(4);
  data.add({"node", node_id()});
  return data;
}

// --- moving on -------------------------------------------------------------------------------

void StepContext::go_to(const NodeId& target) {
  const FlowNode* next = flow->flow->find(target);
  if (next == nullptr) {
    fail(fmt::format("Knoten „{}“ gibt es im Leitfaden „{}“ nicht", target, state.flow));
    return;
  }
  node = next;
  state.node = target;
  state.phase = FlowPhase::entering;
  state.sub_step = 0;
  state.retries = 0;
  state.pending = FlowValue{};
}

void StepContext::go_to_or_end(const NodeId& target) {
  if (target.empty()) {
    end("flow_end");
  } else {
    go_to(target);
  }
}

void StepContext::switch_flow(const std::string& name, const NodeId& target) {
  const CompiledFlow* other = compiled.find(name);
  if (other == nullptr) {
    fail(fmt::format("Leitfaden „{}“ gibt es nicht", name));
    return;
  }
  const NodeId& entry = target.empty() ? other->flow->start : target;
  record("flow.goto", fmt::format("Weiter im Leitfaden „{}“ bei „{}“", name, entry),
         {{"node", node_id()}, {"flow", name}, {"target", entry}});
  state.flow = name;
  flow = other;
  go_to(entry);
}

void StepContext::repeat() {
  state.phase = FlowPhase::entering;
}

void StepContext::give_up() {
  const NodeId& fallback = flow->flow->fallback;
  if (!fallback.empty() && fallback != state.node) {
    go_to(fallback);
    return;
  }
  say_phrase(Phrase::max_retries);
  end("max_retries");
}

void StepContext::end(std::string reason) {
  record("flow.end", fmt::format("Gespräch beendet ({})", reason),
         {{"node", node_id()}, {"reason", reason}});
  state.finished = true;
  state.end_reason = reason;
  out.emplace_back(Hangup{std::move(reason)});
}

void StepContext::fail(std::string message) {
  record("flow.error", "Fehler im Leitfaden: " + message,
         {{"node", node_id()}, {"flow", state.flow}, {"message", message}});
  say_phrase(Phrase::technical_error);
  end("flow_error");
}

// --- waiting ---------------------------------------------------------------------------------

void StepContext::await_input(AwaitInput request) {
  out.emplace_back(std::move(request));
  if (state.phase != FlowPhase::confirming) state.phase = FlowPhase::awaiting_input;
  waiting = true;
}

AwaitInput StepContext::yes_no_request(int timeout_ms) const {
  AwaitInput request;
  request.timeout_ms = timeout_ms;
  if (state.channel == Channel::voice) {
    request.mode = InputMode::keypad;
    request.max_digits = 1;
  } else {
    request.mode = InputMode::text;
    const bool english = state.language == "en";
    request.choices.push_back({std::string(phrase_text(Phrase::yes)), english ? "yes" : "ja"});
    request.choices.push_back({std::string(phrase_text(Phrase::no)), english ? "no" : "nein"});
  }
  return request;
}

Attempt StepContext::failed_attempt(const InputHandling& handling, bool no_input,
                                    std::string_view input, std::string_view reason) {
  ++state.retries;
  const int allowed = handling.max_retries + 1;
  RecordData data = node_data();
  data.add({"attempt", state.retries}).add({"max_attempts", allowed});
  if (no_input) {
    record("flow.no_input",
           fmt::format("Keine Eingabe (Versuch {} von {})", state.retries, allowed),
           std::move(data));
  } else {
    data.add({"input", input});
    if (!reason.empty()) data.add({"reason", reason});
    // The input itself is already in the transcript (record_input); this line says why not.
    record("flow.no_match",
           reason.empty()
               ? fmt::format("Passt zu keiner Auswahl (Versuch {} von {})", state.retries, allowed)
               : fmt::format("Nicht verwendbar: {} (Versuch {} von {})", reason, state.retries,
                             allowed),
           std::move(data));
  }

  const NodeId& jump = no_input ? handling.no_input : handling.no_match;
  if (!jump.empty()) {
    go_to(jump);
    return Attempt::moved;
  }
  if (state.retries > handling.max_retries) {
    state.escalation = "max_retries";
    const NodeId& target = handling.on_max_retries;
    record("flow.retries",
           fmt::format("Zu viele Fehlversuche bei „{}“, weiter {}", node_id(),
                       target.empty() ? std::string("nach Rückfallregel")
                                      : fmt::format("bei „{}“", target)),
           {{"node", node_id()}, {"target", target}});
    if (target.empty()) return Attempt::exhausted;
    go_to(target);
    return Attempt::moved;
  }

  const PromptSpec& own = no_input ? handling.no_input_prompt : handling.no_match_prompt;
  if (!own.empty()) {
    say(own);
  } else if (!no_input && !reason.empty()) {
    say_text(std::string(reason));
  } else {
    say_phrase(no_input ? Phrase::no_input : Phrase::no_match);
  }
  return Attempt::again;
}

// --- saying and recording --------------------------------------------------------------------

std::string StepContext::render(std::string_view text) const {
  if (text.find("{{") == std::string_view::npos) return std::string(text);
  return render_template(text, state.variables, state.language);
}

void StepContext::say(const PromptSpec& prompt) {
  say_text(render(prompt_words(prompt)), prompt.file);
}

void StepContext::say_text(std::string text, std::string file) {
  RecordData data = node_data();
  if (!file.empty()) data.add({"file", file});
  record("flow.prompt",
         text.empty() ? fmt::format("Virtueller Agent: [Ansage {}]", file)
                      : "Virtueller Agent: " + text,
         std::move(data));
  out.emplace_back(Say{std::move(text), std::move(file)});
}

std::string_view StepContext::phrase_text(Phrase which) const {
  return phrase(which, state.language, state.channel);
}

void StepContext::say_phrase(Phrase which) {
  say_text(render(phrase_text(which)));
}

void StepContext::record(std::string kind, std::string text, RecordData data) {
  out.emplace_back(Record{std::move(kind), std::move(text), std::move(data)});
}

void StepContext::record_input(std::string_view input, std::string_view meaning) {
  RecordData data = node_data();
  data.add({"input", input});
  if (!meaning.empty()) data.add({"meaning", meaning});
  record("flow.input",
         meaning.empty() ? fmt::format("{}: {}", speaker(state.channel), input)
                         : fmt::format("{}: {} ({})", speaker(state.channel), input, meaning),
         std::move(data));
}

void StepContext::set_variable(const std::string& name, FlowValue value) {
  std::string text = value_to_text(value, "de");
  RecordData data = node_data();
  data.add({"variable", name}).add({"value", value});
  record("flow.variable", fmt::format("Erfasst: {} = {}", name, text.empty() ? "(leer)" : text),
         std::move(data));
  state.variables.insert_or_assign(name, std::move(value));
}

// --- summary ----------------------------------------------------------------------------------

std::string summarize(const FlowState& state) {
  // Long free text would drown the rest; the agent sees every variable in full anyway.
  constexpr std::size_t kMaxValue = 60;
  std::string summary;
  if (!state.caller_number.empty()) summary = "Anrufer " + state.caller_number + ". ";
  const std::size_t intro = summary.size();
  summary += "Erfasst: ";
  bool first = true;
  for (const auto& [name, value] : state.variables) {
    if (is_null(value)) continue;
    std::string text = value_to_text(value, "de");
    if (text.size() > kMaxValue) {
      std::size_t cut = kMaxValue;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text = text.substr(0, cut) + "…";
    }
    if (!first) summary += "; ";
    summary += name + ": " + text;
    first = false;
  }
  if (first) return summary.substr(0, intro) + "Noch keine Angaben erfasst.";
  summary += ".";
  return summary;
}

}  // namespace callwerk::flow

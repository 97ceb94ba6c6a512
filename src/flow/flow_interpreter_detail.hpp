#pragma once
// Private to the interpreter's .cpp files: the parsed form of the flows, the context one step
// works in, and the handlers per node type. Each node type has
//   enter(ctx, node)         runs the node (says, asks, sends a side effect, or moves on)
//   react(ctx, node, event)  handles the input or result the node waits for
// A new node type (answer, order, complaint, survey) adds these two overloads in its own file
// and uses FlowState::sub_step for its own progress; nothing else changes.

#include <fmt/core.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flow/flow_actions.hpp"
#include "flow/flow_expression.hpp"
#include "flow/flow_interpreter.hpp"
#include "flow/flow_phrases.hpp"
#include "flow/flow_state.hpp"

namespace callwerk::flow {

// Expressions of one node, parsed once: set values, branch conditions or survey show_if (one
// per question), in order. A text that does not parse keeps its error, reported as flow.error
// when the node runs. An order node keeps the catalog's products it offers (pointers into the
// library's catalog, which the interpreter holds).
struct CompiledNode {
  std::vector<Expression> expressions;
  std::vector<std::string> errors;  // per expression; empty when it parsed
  std::vector<const CatalogProduct*> products;
};

struct CompiledFlow {
  std::shared_ptr<const Flow> flow;
  std::vector<CompiledNode> nodes;  // parallel to flow->nodes
};

struct FlowInterpreter::Compiled {
  FlowLibrary library;
  std::map<std::string, CompiledFlow, std::less<>> flows;

  const CompiledFlow* find(std::string_view name) const {
    auto it = flows.find(name);
    return it == flows.end() ? nullptr : &it->second;
  }
};

// What became of a failed attempt (no input, no match) at a question.
enum class Attempt {
  again,      // the reprompt was said; the node asks its question again
  moved,      // it went to the no_input/no_match target or on_max_retries
  exhausted,  // retries are used up and the node names no target: the caller decides
};

// One step: the state it changes, the actions it appends, the node it is at.
class StepContext {
 public:
  StepContext(const FlowInterpreter::Compiled& compiled, FlowState& state,
              std::vector<FlowAction>& out)
      : compiled(compiled), state(state), out(out) {}

  const FlowInterpreter::Compiled& compiled;
  FlowState& state;
  std::vector<FlowAction>& out;
  const CompiledFlow* flow = nullptr;
  const FlowNode* node = nullptr;
  bool waiting = false;  // the node waits for an event: the step ends

  // Finds state.flow/state.node; false (after fail()) when either is missing.
  bool load();
  const CompiledNode& compiled_node() const;

  // --- moving on ---
  // To a node of this flow (retries and sub-step start afresh).
  void go_to(const NodeId& target);
  // To `target`, or end the conversation ("flow_end") when it is empty.
  void go_to_or_end(const NodeId& target);
  // To another flow, at `target` or its start node.
  void switch_flow(const std::string& name, const NodeId& target);
  // Run the current node again from its beginning, keeping retries and sub-step.
  void repeat();
  // Retries exhausted, nothing named: the flow's fallback, else say so and hang up.
  void give_up();
  void end(std::string reason);
  // A broken flow: flow.error, an apology, hang up with "flow_error".
  void fail(std::string message);

  // --- waiting ---
  void await_input(AwaitInput request);
  // Sends a side-effect action with a fresh request id and waits for its result.
  template <typename Action>
  void await_result(Action action) {
    action.request = ++state.request;
    out.emplace_back(std::move(action));
    state.phase = FlowPhase::awaiting_result;
    waiting = true;
  }
  // A failed attempt at the current question: records it, counts it, says the reprompt or
  // jumps. `input` is what was entered (empty for no input), `reason` why it did not fit (told
  // to the caller when the node has no no-match prompt of its own).
  Attempt failed_attempt(const InputHandling& handling, bool no_input, std::string_view input,
                         std::string_view reason);

  // --- saying and recording ---
  std::string render(std::string_view text) const;
  // The prompt's words for this channel (chat: its `chat` text when it has one), unrendered.
  const std::string& prompt_words(const PromptSpec& prompt) const {
    return state.channel == Channel::chat && !prompt.chat.empty() ? prompt.chat : prompt.text;
  }
  void say(const PromptSpec& prompt);
  void say_text(std::string text, std::string file = {});
  void say_phrase(Phrase which);
  std::string_view phrase_text(Phrase which) const;
  void record(std::string kind, std::string text, RecordData data);
  // The caller's input as a transcript line and flow.input record; `meaning` is what it chose
  // or the value it gave ("Zählerstand melden"), empty when the input speaks for itself.
  void record_input(std::string_view input, std::string_view meaning);
  void set_variable(const std::string& name, FlowValue value);
  RecordData node_data() const;  // {"node": id}
  const std::string& node_id() const;

  // Waits for a yes or no: one key on the phone, buttons in chat.
  AwaitInput yes_no_request(int timeout_ms) const;
};

// The collected variables as a short German text for the agent who takes over.
std::string summarize(const FlowState& state);

// --- node handlers (flow_interpreter_basic.cpp, _questions.cpp, _services.cpp) --------------

void enter(StepContext& ctx, const SayNode& node);
void enter(StepContext& ctx, const SetNode& node);
void enter(StepContext& ctx, const BranchNode& node);
void enter(StepContext& ctx, const GotoNode& node);
void enter(StepContext& ctx, const TransferNode& node);
void enter(StepContext& ctx, const HangupNode& node);

void enter(StepContext& ctx, const MenuNode& node);
void react(StepContext& ctx, const MenuNode& node, const FlowEvent& event);
void enter(StepContext& ctx, const AskNode& node);
void react(StepContext& ctx, const AskNode& node, const FlowEvent& event);

void enter(StepContext& ctx, const IdentifyNode& node);
void react(StepContext& ctx, const IdentifyNode& node, const FlowEvent& event);
void enter(StepContext& ctx, const WebhookNode& node);
void react(StepContext& ctx, const WebhookNode& node, const FlowEvent& event);
void enter(StepContext& ctx, const CallbackNode& node);
void react(StepContext& ctx, const CallbackNode& node, const FlowEvent& event);

void enter(StepContext& ctx, const AnswerNode& node);
void react(StepContext& ctx, const AnswerNode& node, const FlowEvent& event);
void enter(StepContext& ctx, const OrderNode& node);
void react(StepContext& ctx, const OrderNode& node, const FlowEvent& event);
void enter(StepContext& ctx, const ComplaintNode& node);
void react(StepContext& ctx, const ComplaintNode& node, const FlowEvent& event);
void enter(StepContext& ctx, const SurveyNode& node);
void react(StepContext& ctx, const SurveyNode& node, const FlowEvent& event);

// --- shared by the nodes that ask several things (flow_interpreter_parts.cpp) ----------------

// A phrase with {} placeholders filled in (see flow_phrases.hpp).
template <typename... Args>
std::string phrase_format(const StepContext& ctx, Phrase which, const Args&... args) {
  return fmt::format(fmt::runtime(ctx.phrase_text(which)), args...);
}
// On to the next part of the node (sub_step + 1) with fresh retries; the node runs again.
void next_part(StepContext& ctx);
// An open question: digits on the phone (`digits` = max_digits, 0: until '#'), text in chat.
AwaitInput open_request(const StepContext& ctx, const InputHandling& handling, int digits);
// A choice: one key on the phone when every key is one character, buttons in chat.
AwaitInput choice_request(const StepContext& ctx, const InputHandling& handling,
                          const std::vector<AskChoice>& choices);
// Voice: "Für Bruch drücken Sie die 1, für Verspätung die 2." Chat: empty (buttons show them).
std::string choices_sentence(const StepContext& ctx, const std::vector<AskChoice>& choices);
// A failed attempt: again -> the node runs again; exhausted -> `exhausted` decides.
template <typename Exhausted>
void retry_or(StepContext& ctx, Attempt attempt, Exhausted&& exhausted) {
  if (attempt == Attempt::again) ctx.repeat();
  if (attempt == Attempt::exhausted) exhausted();
}
// A side effect failed: `sorry`, then the flow's fallback; without one, end with `reason`.
void failed_to_fallback(StepContext& ctx, Phrase sorry, std::string reason);
// The contact's fields (variables under "kontakt.") without the prefix, for orders and tickets.
FlowVariables contact_of(const FlowState& state);

// A knowledge-base article as one text: "Lieferzeiten. Wir liefern ..."; a title that ends in
// a question mark or full stop keeps it; chat puts the summary on its own line.
std::string article_text(const StepContext& ctx, const KbSearchResult& result);
// The flow.kb line for an article found (answer node, chat menu).
void record_article_found(StepContext& ctx, const KbSearchResult& result);

// Nodes that never wait get no event.
template <typename Node>
void react(StepContext&, const Node&, const FlowEvent&) {}

}  // namespace callwerk::flow

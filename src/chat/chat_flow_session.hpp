#pragma once
// A conversation flow in the web chat: the flow interpreter's actions turned into what a chat
// shows and does, as a pure state machine (no sockets, no timers, no store).
//
// Unlike a call, a chat needs no turns: every sentence is shown at once, and a question's
// choices become buttons. The channel executes the outputs in order: messages to the visitor,
// timeline entries, side effects (answered through on_result), the input timer.
//
// Input timeout: flows are written for the phone, where a few seconds of silence mean the
// caller is lost. A chat visitor reads, thinks and types, or looks at another tab, so a question
// waits at least kMinNoInputMs (three minutes) before the flow hears NoInputEvent; a flow's own
// longer no_input_ms is kept.
//
// After a hand-over to a queue the flow has ended; the chat waits for a human. What the visitor
// writes then is kept for the agent (timeline entries), not given to the flow.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "flow/flow_interpreter.hpp"

namespace callwerk::chat {

// A message of the virtual agent for the visitor.
struct BotText {
  std::string text;
};

// The visitor may answer now: show the buttons (may be none: free text only) and start the
// input timer with `timeout_ms` (replacing a running one).
struct AskVisitor {
  std::vector<flow::InputChoice> choices;
  int timeout_ms = 0;
};

// Handed over to a queue: the visitor waits for a human agent.
struct WaitForAgent {
  std::string queue;
  std::string summary;  // for the agent (and shown to the visitor as what was collected)
  std::string reason;
  int priority = 0;
};

// The conversation is over; `reason` as the flow's Hangup says ("flow_end", "max_retries", ...).
struct EndChat {
  std::string reason;
};

// One line of the interaction's timeline.
struct TimelineEntry {
  std::string type;  // flow.prompt, flow.input, ..., chat.message
  nlohmann::json payload;
  std::string actor;  // "virtual-agent" or "visitor"
};

// A side effect to execute: LookupContact, SearchKb, CreateOrder, CreateTicket, CallWebhook and
// ScheduleCallback are answered with on_result(); SaveSurveyAnswer needs no answer.
struct RunRequest {
  flow::FlowAction effect;
};

using ChatOutput =
    std::variant<BotText, AskVisitor, WaitForAgent, EndChat, TimelineEntry, RunRequest>;

class ChatFlowSession {
 public:
  static constexpr int kMinNoInputMs = 3 * 60 * 1000;
  // A visitor's message longer than this is cut (the channel refuses far longer frames).
  static constexpr std::size_t kMaxMessageBytes = 2000;

  enum class Phase {
    idle,     // not started
    asking,   // a question is out; messages answer it
    working,  // a side effect is out; messages are kept but not answered
    waiting,  // handed over to a queue; messages are kept for the agent
    ended,
  };

  ChatFlowSession(std::shared_ptr<const flow::FlowInterpreter> interpreter, flow::StartEvent start);

  std::vector<ChatOutput> start();
  // Text the visitor wrote.
  std::vector<ChatOutput> on_message(std::string_view text);
  // A button the visitor pressed: its value when it is one of the current question's choices,
  // else it counts as written text.
  std::vector<ChatOutput> on_choice(std::string_view value);
  // The input timer of the last AskVisitor ran out.
  std::vector<ChatOutput> on_input_timeout();
  // The answer to a RunRequest (its `request` id must match, else nothing happens).
  std::vector<ChatOutput> on_result(const flow::FlowEvent& result);

  Phase phase() const { return phase_; }
  const flow::FlowState& flow_state() const { return state_; }
  // The buttons of the question that is out (empty when none is).
  const std::vector<flow::InputChoice>& choices() const { return choices_; }

 private:
  void step(const flow::FlowEvent& event, std::vector<ChatOutput>& out);
  void visitor_said(std::string_view text, std::string_view value, std::vector<ChatOutput>& out);

  std::shared_ptr<const flow::FlowInterpreter> interpreter_;
  flow::StartEvent start_event_;
  flow::FlowState state_;
  Phase phase_ = Phase::idle;
  std::vector<flow::InputChoice> choices_;
  std::vector<flow::FlowAction> scratch_;  // reused for every step's actions
};

// A visitor's text as the chat takes it: valid UTF-8 (invalid bytes replaced), control
// characters except newlines removed, surrounding spaces trimmed, cut to `max_bytes` at a
// character boundary.
std::string clean_visitor_text(std::string_view text, std::size_t max_bytes);

}  // namespace callwerk::chat

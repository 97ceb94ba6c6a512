#pragma once
// A conversation flow on one call: the flow interpreter's actions turned into what a phone
// call can do, as a pure state machine (no sockets, no timers of its own).
//
// The interpreter says everything at once ("say, say, wait for input"); a call has to take it
// in turns. Consecutive Say actions become one playback; the actions after it wait until it
// has been heard. A playback followed by a question can be interrupted by a key, which then
// already counts as input. Keypad digits are collected for the question until '#', until
// `max_digits` are there, or until the caller pauses; then they go to the flow as one input.

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "flow/flow_interpreter.hpp"
#include "voice/call_script.hpp"

namespace callwerk::voice {

class VoiceFlowSession final : public CallScript {
 public:
  // Time a caller may pause between two digits of a longer entry before it counts as done.
  static constexpr int kInterDigitTimeoutMs = 3000;

  VoiceFlowSession(std::shared_ptr<const flow::FlowInterpreter> interpreter,
                   flow::StartEvent start);

  std::vector<CallAction> start() override;
  std::vector<CallAction> on_playback_done() override;
  std::vector<CallAction> on_digit(char digit) override;
  std::vector<CallAction> on_input_timeout() override;
  std::vector<CallAction> on_transfer_failed() override;
  std::vector<CallAction> on_result(const flow::FlowEvent& result) override;
  bool finished() const override { return waiting_ == Waiting::ended; }

  const flow::FlowState& flow_state() const { return state_; }

 private:
  enum class Waiting {
    nothing,            // actions may run
    playback,           // a prompt plays that keys do not interrupt
    prompt_then_input,  // a question is being asked; a key interrupts it
    input,              // the question is out; digits or the input timer answer it
    result,             // a side effect is out
    transfer,           // the call is being connected
    ended,
  };

  void step(const flow::FlowEvent& event, std::vector<CallAction>& out);
  void run_queued(std::vector<CallAction>& out);
  void play_queued_says(std::vector<CallAction>& out);
  void submit_digits(std::vector<CallAction>& out);

  std::shared_ptr<const flow::FlowInterpreter> interpreter_;
  flow::StartEvent start_event_;
  flow::FlowState state_;
  std::deque<flow::FlowAction> queue_;
  Waiting waiting_ = Waiting::nothing;
  flow::AwaitInput question_;
  std::string digits_;
  std::vector<flow::FlowAction> scratch_;  // reused for every step's actions
};

}  // namespace callwerk::voice

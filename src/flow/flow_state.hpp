#pragma once
// Where one conversation stands in its flow. Plain data owned by the channel (one per call or
// chat session) and changed only by FlowInterpreter::step(); copyable, so that a human agent's
// desktop can continue from exactly here with every answer already collected.

#include <cstdint>
#include <string>

#include "flow/flow_input.hpp"
#include "flow/flow_model.hpp"
#include "flow/flow_value.hpp"

namespace callwerk::flow {

// What the current node waits for.
enum class FlowPhase : std::uint8_t {
  entering,         // the node has not run yet (between nodes, inside one step)
  awaiting_input,   // its question is out; the next InputEvent or NoInputEvent answers it
  confirming,       // ask: the value was read back; waiting for yes or no
  awaiting_result,  // a side-effect action is out; waiting for its result with `request`
};

struct FlowState {
  std::string flow;  // name of the running flow (changes on `goto` with `flow:`)
  NodeId node;       // the current node of that flow
  FlowPhase phase = FlowPhase::entering;
  // A node's own progress where one node takes several turns: identify counts the ways it has
  // tried, callback whether it asked for a number. 0 when a node is entered.
  int sub_step = 0;
  int retries = 0;            // failed attempts (no input, no match) at the current question
  FlowValue pending;          // ask: the value being confirmed; identify: the name while asking PLZ
  std::uint32_t request = 0;  // id of the side effect awaited (counts up per conversation)

  FlowVariables variables;
  std::string language = "de";
  Channel channel = Channel::voice;
  std::string caller_number;

  // Why the conversation left the happy path, for the transfer reason ("max_retries" after
  // exhausted retries); cleared when the caller gives a valid answer.
  std::string escalation;

  bool started = false;
  bool finished = false;
  std::string end_reason;  // the Hangup reason, or "transfer"

  // Node runs since the caller last said or typed anything (or let a question time out): the
  // guard against flows that loop without waiting (see FlowInterpreter::kMaxStepsWithoutInput).
  int steps_since_input = 0;
  std::uint64_t steps = 0;  // node runs in total, for statistics
};

}  // namespace callwerk::flow

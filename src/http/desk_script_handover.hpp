#pragma once
// Where the agent desktop's guided script (Gesprächsleitfaden) picks up a conversation: read
// from the interaction's timeline, which holds every record of the flow that ran before (the
// virtual agent's, or an earlier script's). Pure: no store, no clock.
//
// A transfer node is a flow's last node, so "after the hand-over" means the place the caller
// did not get past: when the virtual agent gave up after too many failed attempts
// (flow.retries, with no answer of the caller after it), the human asks that question again;
// otherwise the human continues at the last question the caller answered before the transfer
// (the menu where they asked for a person, the customer number that was not found, ...). The
// variables are everything the flow collected, so nobody is asked twice for what it already has.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "flow/flow_value.hpp"

namespace callwerk::http {

struct ScriptHandover {
  bool transferred = false;  // a flow.transfer entry exists
  std::string queue;         // of the last transfer
  std::string summary;
  std::string reason;
  // Where the human continues; empty when the timeline names no question to continue at.
  std::string resume_flow;
  std::string resume_node;
  // "max_retries": the flow gave up there; "last_question": the caller answered it last before
  // the transfer.
  std::string resume_why;
  flow::FlowVariables variables;  // every variable the flows set, the last value winning
};

// The hand-over read from a timeline (the array GET /interactions/{id}/timeline answers, in
// order). Entries that are no flow records are ignored; a timeline without any flow record gives
// an empty ScriptHandover.
ScriptHandover find_script_handover(const nlohmann::json& timeline);

// A JSON value as a flow value: strings, booleans, whole and other numbers; anything else
// (null, arrays, objects) as null.
flow::FlowValue flow_value_of(const nlohmann::json& value);

}  // namespace callwerk::http

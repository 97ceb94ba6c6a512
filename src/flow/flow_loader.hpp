#pragma once
// YAML text -> Flow. The language is described in docs/flows.md. Loading checks what a single
// node can get wrong (unknown node type, unknown key, wrong type, missing key, bad value);
// flow_validator.hpp checks how the nodes fit together. Every problem names its line.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "flow/flow_model.hpp"

namespace callwerk::flow {

enum class FlowIssueKind {
  syntax,              // the text is not YAML, or the top level is not a flow mapping
  unknown_node_type,   // `type:` names no node type
  unknown_key,         // a key the node type does not have
  wrong_type,          // a list where text belongs, "drei" where a number belongs, ...
  missing_key,         // a required key is absent (type, next, variable, queue, ...)
  bad_value,           // right type, wrong value (port-like ranges, "ftp://" urls, menu key "A")
  bad_expression,      // a `set` value, branch condition or show_if that does not parse
  bad_template,        // a text with a broken {{placeholder}}
  missing_target,      // a target naming no node of the flow
  unknown_flow,        // goto flow: names no flow of the tenant
  unknown_queue,       // transfer/callback queue: names no queue of the tenant
  unreachable_node,    // no path from `start` leads to it
  undefined_variable,  // read, but neither provided by the channel nor written by any node
  loop_without_input,  // a cycle the caller could never leave: no node on it waits for input
  not_on_channel,      // needs a channel the flow is not meant for (free text on the phone)
};

std::string_view issue_kind_name(FlowIssueKind kind);

struct FlowIssue {
  FlowIssueKind kind = FlowIssueKind::syntax;
  std::string message;
  int line = 1;  // 1-based, in the flow's YAML
  int column = 1;
};

// "file:line:col" for the issue, as in compiler messages.
std::string issue_location(const FlowIssue& issue, std::string_view file_name);
// The issue as an invalid_input Error with that location.
Error issue_error(const FlowIssue& issue, std::string_view file_name);

// What loading produced: every node that loaded without a problem, and the problems of the
// others (loading goes on after a bad node so that an editor can show all of them at once).
// After a top-level problem (syntax, no `nodes:`) the flow is empty.
struct FlowLoad {
  Flow flow;
  std::vector<FlowIssue> issues;  // sorted by line, then column
};

FlowLoad read_flow(std::string_view yaml_text, std::string_view file_name);

// The flow, or its first loading issue as "file:line:col: message". The name comes from
// `name:`, else from the file name without directory and ".yaml".
Result<Flow> load_flow(std::string_view yaml_text, std::string_view file_name);

}  // namespace callwerk::flow

#pragma once
// Checks how the nodes of a loaded flow fit together: targets that name no node, nodes no path
// reaches, variables nobody sets, loops the caller could never leave, templates and
// expressions that do not parse, queues and flows the tenant does not have, inputs the
// channel cannot take. Reports every issue, not just the first, sorted by line.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "flow/flow_input.hpp"
#include "flow/flow_loader.hpp"
#include "flow/flow_model.hpp"

namespace callwerk::flow {

struct FlowValidationContext {
  // The tenant's other flows (for goto with flow:); nullopt: not checked. The flow itself
  // always counts.
  std::optional<std::set<std::string>> flows;
  // The tenant's queues (for transfer and callback); nullopt: not checked.
  std::optional<std::set<std::string>> queues;
  // Variables the channel sets before the first node. A name ending in ".*" provides every
  // name under it ("crm.*" provides crm.segment).
  std::vector<std::string> provided_variables{"caller.number", "caller.name", "channel",
                                              "tenant.name"};
  // The channels the flow is meant for: voice rejects free-text input, chat rejects prompts
  // that have only a recording.
  std::vector<Channel> channels{Channel::voice, Channel::chat};
  // Nodes that other flows jump to (goto with flow: and node:); reachable like `start`.
  std::vector<NodeId> entry_nodes;
};

std::vector<FlowIssue> validate_flow(const Flow& flow, const FlowValidationContext& context);

// Loading and validation together, for an editor that shows every problem at its line. When
// loading found problems, only they are returned: a node that did not load would make the
// graph checks report targets and variables that are in fact fine.
std::vector<FlowIssue> check_flow_text(std::string_view yaml_text, std::string_view file_name,
                                       const FlowValidationContext& context);

// The flow when it loads and validates clean; otherwise the first issue (by line) as an
// invalid_input Error located "file:line:col".
Result<Flow> load_valid_flow(std::string_view yaml_text, std::string_view file_name,
                             const FlowValidationContext& context);

// Whether the node waits for the caller (menu, ask, ...) rather than running straight on
// (say, set, branch, goto, webhook); what loop_without_input is judged by.
bool node_waits_for_input(const FlowNode& node);

// Every node the given node may continue with inside its flow, with where it is written.
struct FlowEdge {
  NodeId target;
  SourceMark mark;
};
std::vector<FlowEdge> node_targets(const FlowNode& node);

}  // namespace callwerk::flow

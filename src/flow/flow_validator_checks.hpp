#pragma once
// Internal to flow_validator*.cpp: the checks that validate_flow runs one after another.

#include <functional>
#include <vector>

#include "flow/flow_validator.hpp"

namespace callwerk::flow::validator {

// Every prompt of a node (input handling and survey questions included); `confirm` is true for
// an ask node's confirm_prompt, where {{value}} is the answer being read back.
void for_each_prompt(const FlowNode& node,
                     const std::function<void(const PromptSpec&, bool confirm)>& visit);

// Templates and expressions that do not parse, and variables read but never set.
void check_variables(const Flow& flow, const FlowValidationContext& context,
                     std::vector<FlowIssue>& issues);

}  // namespace callwerk::flow::validator

#pragma once
// The parsed form of an expression, private to the flow library: the whole tree in one array
// of 12-byte nodes (children before their parents), literals and variable names beside it.
// One allocation per part instead of one per node, and evaluation walks indices.

#include <cstdint>
#include <string>
#include <vector>

#include "flow/flow_value.hpp"

namespace callwerk::flow {

enum class ExpressionOp : std::uint8_t {
  constant,  // first: index into constants
  variable,  // first: index into names
  negate,
  logical_not,
  logical_and,
  logical_or,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  add,
  subtract,
  multiply,
  divide,
  fn_empty,
  fn_length,
  fn_lower,
  fn_contains,
};

struct ExpressionStep {
  ExpressionOp op = ExpressionOp::constant;
  std::uint32_t first = 0;   // operand node, or the constant / name index
  std::uint32_t second = 0;  // second operand node of binary operators and contains()
};

struct ExpressionNode {
  std::vector<ExpressionStep> steps;
  std::vector<FlowValue> constants;
  std::vector<std::string> names;  // each variable once, in order of first appearance
  std::uint32_t root = 0;
};

}  // namespace callwerk::flow

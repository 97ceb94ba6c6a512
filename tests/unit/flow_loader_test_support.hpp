#pragma once
// Helpers for the flow loader and validator tests: YAML written as a list of lines, and a
// node's body by id.

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "flow/flow_model.hpp"

namespace callwerk::flow::test {

// Lines joined with '\n': the index in the list + 1 is the line number in messages.
inline std::string lines(std::initializer_list<std::string_view> list) {
  std::string text;
  for (std::string_view line : list) text.append(line).append("\n");
  return text;
}

template <typename Body>
const Body& body(const Flow& flow, const std::string& id) {
  const FlowNode* node = flow.find(id);
  EXPECT_NE(node, nullptr) << id;
  return std::get<Body>(node->body);
}

}  // namespace callwerk::flow::test

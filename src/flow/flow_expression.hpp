#pragma once
// The small expression language of `set` values, `branch` conditions and survey `show_if`:
//   literals   42  12.5  "text"  'text'  true  false  null
//   variables  kundennummer  kontakt.name  survey.q1   (letters incl. UTF-8, digits, '_', '.')
//   operators  == != < <= > >=   and or not   + - * /   ( )
//   functions  empty(x)  length(x)  lower(x)  contains(text, part)
// Numbers compare as numbers, strings as strings (byte order); a comparison of a number with a
// string is false (== ) / true (!=) and never an error, because callers type odd things.
// `+` adds numbers and joins text. Truthy: true, a non-zero number, a non-empty string.
// Parsing is strict (errors with the column); evaluation never fails: an undefined variable is
// null and a division by zero is null.
// Finer points: whole numbers stay whole unless they overflow (then double); `/` of whole
// numbers is whole when it divides evenly, else exact (7 / 2 == 3.5). Text `+` a number joins
// its digits ("Nr. " + 5), text `+` null joins nothing, anything else mixed is null. `and`,
// `or`, `not` yield bools. null and bools are only equal or not, never `<`. Comparisons do not
// chain (`1 < x < 5` is an error). Nesting deeper than 64 levels is an error.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "flow/flow_value.hpp"

namespace callwerk::flow {

struct ExpressionNode;  // defined in flow_expression_tree.hpp (private to the library)

class Expression {
 public:
  Expression();  // the constant null
  Expression(std::shared_ptr<const ExpressionNode> root, std::string source);

  FlowValue evaluate(const FlowVariables& variables) const;
  // is_truthy(evaluate(variables)) without building the value: for branch conditions.
  bool evaluate_truthy(const FlowVariables& variables) const;
  // Every variable the expression reads, in order of first appearance (for the validator).
  std::vector<std::string> variables_read() const;
  const std::string& source() const { return source_; }

 private:
  std::shared_ptr<const ExpressionNode> root_;  // immutable, so copies share it
  std::string source_;
};

// Error location is "column N" (1-based) of the expression text; the loader prefixes file:line.
Result<Expression> parse_expression(std::string_view text);

bool is_truthy(const FlowValue& value);
// How a value reads in text: German uses a decimal comma ("12,5"), English a point; null is "".
std::string value_to_text(const FlowValue& value, std::string_view language);

}  // namespace callwerk::flow

// Recursive descent over the grammar, lowest precedence first:
//   or         := and ("or" and)*
//   and        := not ("and" not)*
//   not        := "not" not | comparison
//   comparison := additive (("==" | "!=" | "<" | "<=" | ">" | ">=") additive)?
//   additive   := term (("+" | "-") term)*
//   term       := unary (("*" | "/") unary)*
//   unary      := "-" unary | primary
//   primary    := number | string | true | false | null | name | name "(" args ")" | "(" or ")"
// Comparisons do not chain: `1 < x < 5` would silently mean `(1 < x) < 5`, so it is an error.

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <utility>

#include "flow/flow_expression.hpp"
#include "flow/flow_expression_lexer.hpp"
#include "flow/flow_expression_text.hpp"
#include "flow/flow_expression_tree.hpp"

namespace callwerk::flow {

namespace {

// Parentheses, `not` and unary minus recurse in the parser; beyond this the text is surely
// not a hand-written condition, and the stack stays small whatever a file contains.
constexpr int kMaxNesting = 64;
// Height of the tree, which evaluation recurses through: long `a or b or ...` chains grow it
// without nesting.
constexpr int kMaxHeight = 256;
constexpr std::uint32_t kFailed = UINT32_MAX;

struct FunctionInfo {
  std::string_view name;
  ExpressionOp op;
  int arguments;
};
constexpr std::array<FunctionInfo, 4> kFunctions{{
    {"empty", ExpressionOp::fn_empty, 1},
    {"length", ExpressionOp::fn_length, 1},
    {"lower", ExpressionOp::fn_lower, 1},
    {"contains", ExpressionOp::fn_contains, 2},
}};

std::optional<ExpressionOp> comparison_op(TokenKind kind) {
  switch (kind) {
    case TokenKind::equal:
      return ExpressionOp::equal;
    case TokenKind::not_equal:
      return ExpressionOp::not_equal;
    case TokenKind::less:
      return ExpressionOp::less;
    case TokenKind::less_equal:
      return ExpressionOp::less_equal;
    case TokenKind::greater:
      return ExpressionOp::greater;
    case TokenKind::greater_equal:
      return ExpressionOp::greater_equal;
    default:
      return std::nullopt;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source), lexer_(source) {}

  Result<Expression> run() {
    advance();
    if (token_.kind == TokenKind::end) return error_at(0, "the expression is empty");
    const std::uint32_t root = parse_or();
    if (root != kFailed && token_.kind != TokenKind::end) {
      if (token_.kind == TokenKind::close_paren) {
        fail(token_.offset, "')' has no matching '('");
      } else {
        // `NOT x` reads `NOT` as a variable, so the hint belongs to the token before.
        std::string hint = keyword_hint(token_);
        if (hint.empty()) hint = keyword_hint(previous_);
        fail(token_.offset,
             "unexpected " + describe(token_) + " after a complete expression" + hint);
      }
    }
    if (error_) return std::move(*error_);
    tree_.root = root;
    auto tree = std::make_shared<ExpressionNode>(std::move(tree_));
    return Expression(std::move(tree), std::string(source_));
  }

 private:
  // Holds one level of nesting while a nested part is parsed.
  class Nesting {
   public:
    explicit Nesting(Parser& parser) : parser_(parser) { ++parser_.nesting_; }
    ~Nesting() { --parser_.nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    bool too_deep() const { return parser_.nesting_ > kMaxNesting; }

   private:
    Parser& parser_;
  };

  void advance() {
    previous_.kind = token_.kind;
    previous_.offset = token_.offset;
    previous_.length = token_.length;
    lexer_.next(token_);
    if (token_.kind == TokenKind::error) fail(token_.offset, token_.text);
  }

  Error error_at(std::size_t offset, const std::string& message) const {
    return make_error(
        ErrorKind::invalid_input,
        "column " + std::to_string(text::column_at(source_, offset)) + ": " + message);
  }

  std::uint32_t fail(std::size_t offset, const std::string& message) {
    if (!error_) error_ = error_at(offset, message);
    return kFailed;
  }

  std::string describe(const Token& token) const {
    if (token.kind == TokenKind::end) return "end of the expression";
    return "'" + std::string(source_.substr(token.offset, token.length)) + "'";
  }

  // `AND`, `True`, `NULL`: keywords are lower case, which is easy to miss.
  std::string keyword_hint(const Token& token) const {
    if (token.kind != TokenKind::name) return {};
    std::string lower;
    text::append_lower(lower, source_.substr(token.offset, token.length));
    for (const std::string_view word : {"and", "or", "not", "true", "false", "null"}) {
      if (lower == word) return " (keywords are written in lower case: '" + lower + "')";
    }
    return {};
  }

  std::uint32_t height(std::uint32_t node) const { return heights_[node]; }

  std::uint32_t add(ExpressionOp op, std::uint32_t first, std::uint32_t second,
                    std::uint32_t child_height, std::size_t offset) {
    if (child_height + 1 > kMaxHeight) return fail(offset, "the expression is nested too deeply");
    tree_.steps.push_back({op, first, second});
    heights_.push_back(child_height + 1);
    return static_cast<std::uint32_t>(tree_.steps.size() - 1);
  }
  std::uint32_t add_leaf(ExpressionOp op, std::uint32_t index, std::size_t offset) {
    return add(op, index, 0, 0, offset);
  }
  std::uint32_t add_unary(ExpressionOp op, std::uint32_t operand, std::size_t offset) {
    return add(op, operand, 0, height(operand), offset);
  }
  std::uint32_t add_binary(ExpressionOp op, std::uint32_t left, std::uint32_t right,
                           std::size_t offset) {
    return add(op, left, right, std::max(height(left), height(right)), offset);
  }

  // Built in place: moving a whole FlowValue here trips g++ 12's maybe-uninitialized warning.
  template <typename T>
  std::uint32_t add_constant(T&& value, std::size_t offset) {
    tree_.constants.emplace_back(std::in_place_type<std::decay_t<T>>, std::forward<T>(value));
    return add_leaf(ExpressionOp::constant, static_cast<std::uint32_t>(tree_.constants.size() - 1),
                    offset);
  }

  std::uint32_t add_variable(std::string_view name, std::size_t offset) {
    auto& names = tree_.names;
    auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) found = names.insert(names.end(), std::string(name));
    return add_leaf(ExpressionOp::variable, static_cast<std::uint32_t>(found - names.begin()),
                    offset);
  }

  std::uint32_t parse_or() {
    std::uint32_t left = parse_and();
    while (left != kFailed && token_.kind == TokenKind::kw_or) {
      const std::size_t offset = token_.offset;
      advance();
      const std::uint32_t right = parse_and();
      if (right == kFailed) return kFailed;
      left = add_binary(ExpressionOp::logical_or, left, right, offset);
    }
    return left;
  }

  std::uint32_t parse_and() {
    std::uint32_t left = parse_not();
    while (left != kFailed && token_.kind == TokenKind::kw_and) {
      const std::size_t offset = token_.offset;
      advance();
      const std::uint32_t right = parse_not();
      if (right == kFailed) return kFailed;
      left = add_binary(ExpressionOp::logical_and, left, right, offset);
    }
    return left;
  }

  std::uint32_t parse_not() {
    if (token_.kind != TokenKind::kw_not) return parse_comparison();
    const std::size_t offset = token_.offset;
    const Nesting nesting(*this);
    if (nesting.too_deep()) return fail(offset, "the expression is nested too deeply");
    advance();
    const std::uint32_t operand = parse_not();
    if (operand == kFailed) return kFailed;
    return add_unary(ExpressionOp::logical_not, operand, offset);
  }

  std::uint32_t parse_comparison() {
    const std::uint32_t left = parse_additive();
    if (left == kFailed) return kFailed;
    const std::optional<ExpressionOp> op = comparison_op(token_.kind);
    if (!op) return left;
    const std::size_t offset = token_.offset;
    advance();
    const std::uint32_t right = parse_additive();
    if (right == kFailed) return kFailed;
    if (comparison_op(token_.kind)) {
      return fail(token_.offset, "comparisons do not chain; join them with 'and'");
    }
    return add_binary(*op, left, right, offset);
  }

  std::uint32_t parse_additive() {
    std::uint32_t left = parse_term();
    while (left != kFailed && (token_.kind == TokenKind::plus || token_.kind == TokenKind::minus)) {
      const ExpressionOp op =
          token_.kind == TokenKind::plus ? ExpressionOp::add : ExpressionOp::subtract;
      const std::size_t offset = token_.offset;
      advance();
      const std::uint32_t right = parse_term();
      if (right == kFailed) return kFailed;
      left = add_binary(op, left, right, offset);
    }
    return left;
  }

  std::uint32_t parse_term() {
    std::uint32_t left = parse_unary();
    while (left != kFailed && (token_.kind == TokenKind::star || token_.kind == TokenKind::slash)) {
      const ExpressionOp op =
          token_.kind == TokenKind::star ? ExpressionOp::multiply : ExpressionOp::divide;
      const std::size_t offset = token_.offset;
      advance();
      const std::uint32_t right = parse_unary();
      if (right == kFailed) return kFailed;
      left = add_binary(op, left, right, offset);
    }
    return left;
  }

  std::uint32_t parse_unary() {
    if (token_.kind != TokenKind::minus) return parse_primary();
    const std::size_t offset = token_.offset;
    const Nesting nesting(*this);
    if (nesting.too_deep()) return fail(offset, "the expression is nested too deeply");
    advance();
    const std::uint32_t operand = parse_unary();
    if (operand == kFailed) return kFailed;
    if (fold_negative_literal(operand)) return operand;
    return add_unary(ExpressionOp::negate, operand, offset);
  }

  // `-5` is a constant rather than a negation evaluated on every call.
  bool fold_negative_literal(std::uint32_t node) {
    const ExpressionStep& step = tree_.steps[node];
    if (step.op != ExpressionOp::constant) return false;
    FlowValue& value = tree_.constants[step.first];
    if (auto* integer = std::get_if<std::int64_t>(&value)) {
      if (*integer == INT64_MIN) return false;
      *integer = -*integer;
      return true;
    }
    if (auto* real = std::get_if<double>(&value)) {
      *real = -*real;
      return true;
    }
    return false;
  }

  std::uint32_t parse_primary() {
    const std::size_t offset = token_.offset;
    switch (token_.kind) {
      case TokenKind::error:
        return kFailed;
      case TokenKind::integer: {
        const std::int64_t value = token_.integer;
        advance();
        return add_constant(value, offset);
      }
      case TokenKind::real: {
        const double value = token_.real;
        advance();
        return add_constant(value, offset);
      }
      case TokenKind::text: {
        std::string value = std::move(token_.text);
        advance();
        return add_constant(std::move(value), offset);
      }
      case TokenKind::kw_true:
      case TokenKind::kw_false: {
        const bool value = token_.kind == TokenKind::kw_true;
        advance();
        return add_constant(value, offset);
      }
      case TokenKind::kw_null:
        advance();
        return add_constant(std::monostate{}, offset);
      case TokenKind::name: {
        const std::string_view name = source_.substr(offset, token_.length);
        advance();
        if (token_.kind == TokenKind::open_paren) return parse_call(name, offset);
        return add_variable(name, offset);
      }
      case TokenKind::open_paren: {
        const Nesting nesting(*this);
        if (nesting.too_deep()) return fail(offset, "the expression is nested too deeply");
        advance();
        const std::uint32_t inner = parse_or();
        if (inner == kFailed) return kFailed;
        if (token_.kind != TokenKind::close_paren) return missing_close(offset);
        advance();
        return inner;
      }
      default:
        return fail(offset, "unexpected " + describe(token_) + keyword_hint(token_));
    }
  }

  std::uint32_t missing_close(std::size_t open_offset) {
    if (token_.kind == TokenKind::error) return kFailed;
    return fail(token_.offset, "')' expected for the '(' at column " +
                                   std::to_string(text::column_at(source_, open_offset)) +
                                   ", found " + describe(token_));
  }

  // At the '(' after a function name.
  std::uint32_t parse_call(std::string_view name, std::size_t name_offset) {
    const auto function = std::find_if(kFunctions.begin(), kFunctions.end(),
                                       [&](const FunctionInfo& f) { return f.name == name; });
    if (function == kFunctions.end()) {
      return fail(name_offset, "unknown function '" + std::string(name) +
                                   "' (known: empty, length, lower, contains)");
    }
    const std::size_t open_offset = token_.offset;
    const Nesting nesting(*this);
    if (nesting.too_deep()) return fail(open_offset, "the expression is nested too deeply");
    advance();
    std::array<std::uint32_t, 2> arguments{};
    int count = 0;
    if (token_.kind != TokenKind::close_paren) {
      while (true) {
        const std::uint32_t argument = parse_or();
        if (argument == kFailed) return kFailed;
        if (count < 2) arguments[count] = argument;
        ++count;
        if (token_.kind != TokenKind::comma) break;
        advance();
      }
      if (token_.kind != TokenKind::close_paren) return missing_close(open_offset);
    }
    advance();
    if (count != function->arguments) {
      const auto plural = [](int n) { return n == 1 ? " argument" : " arguments"; };
      return fail(name_offset, std::string(name) + "() takes " +
                                   std::to_string(function->arguments) +
                                   plural(function->arguments) + ", not " + std::to_string(count));
    }
    if (function->arguments == 1) return add_unary(function->op, arguments[0], name_offset);
    return add_binary(function->op, arguments[0], arguments[1], name_offset);
  }

  std::string_view source_;
  ExpressionLexer lexer_;
  Token token_;
  Token previous_;  // kind and place only
  ExpressionNode tree_;
  std::vector<std::uint32_t> heights_;  // per node, only while parsing
  int nesting_ = 0;
  std::optional<Error> error_;
};

}  // namespace

Result<Expression> parse_expression(std::string_view text) {
  return Parser(text).run();
}

}  // namespace callwerk::flow

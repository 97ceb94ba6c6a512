// Evaluation of parsed expressions and the text form of values. Evaluation reads strings in
// place (from the variables and the literals) and only builds text for `+` and lower(), so a
// typical branch condition runs without touching the heap.

#include "flow/flow_expression.hpp"

#include <charconv>
#include <cmath>
#include <utility>

#include "flow/flow_expression_text.hpp"
#include "flow/flow_expression_tree.hpp"

namespace callwerk::flow {

namespace {

enum class Kind : std::uint8_t { null, boolean, integer, real, text };

// An intermediate value. Text is a view into the variables, the tree's literals or `owned`;
// an Operand is filled in place and never moved, so a view into `owned` stays valid.
struct Operand {
  Kind kind = Kind::null;
  bool owns = false;
  bool flag = false;
  std::int64_t integer = 0;
  double real = 0;
  std::string_view text;
  std::string owned;

  void set_null() { kind = Kind::null; }
  void set_bool(bool value) { kind = Kind::boolean, flag = value; }
  void set_integer(std::int64_t value) { kind = Kind::integer, integer = value; }
  // Infinity and NaN (from overflowing doubles) read as null like any other impossible result.
  void set_real(double value) {
    if (std::isfinite(value)) {
      kind = Kind::real, real = value;
    } else {
      kind = Kind::null;
    }
  }
  void set_view(std::string_view value) { kind = Kind::text, owns = false, text = value; }
  void take_owned() { kind = Kind::text, owns = true, text = owned; }

  bool is_number() const { return kind == Kind::integer || kind == Kind::real; }
  double as_double() const { return kind == Kind::integer ? static_cast<double>(integer) : real; }
};

void load(const FlowValue& value, Operand& out) {
  switch (value.index()) {
    case 1:
      return out.set_bool(std::get<bool>(value));
    case 2:
      return out.set_integer(std::get<std::int64_t>(value));
    case 3:
      return out.set_real(std::get<double>(value));
    case 4:
      return out.set_view(std::get<std::string>(value));
    default:
      return out.set_null();
  }
}

// Copies `from` into `out`, taking a copy of text that lives in `from` itself.
void forward(const Operand& from, Operand& out) {
  out.kind = from.kind;
  out.flag = from.flag;
  out.integer = from.integer;
  out.real = from.real;
  if (from.kind != Kind::text) return;
  if (from.owns) {
    out.owned.assign(from.text);
    out.take_owned();
  } else {
    out.set_view(from.text);
  }
}

bool truthy(const Operand& value) {
  switch (value.kind) {
    case Kind::boolean:
      return value.flag;
    case Kind::integer:
      return value.integer != 0;
    case Kind::real:
      return value.real != 0;
    case Kind::text:
      return !value.text.empty();
    case Kind::null:
      return false;
  }
  return false;
}

// Where text is expected, numbers read as their digits; bools and null have no such text.
bool text_of(const Operand& value, char* buffer, std::string_view& out) {
  switch (value.kind) {
    case Kind::text:
      out = value.text;
      return true;
    case Kind::integer:
      out = text::plain_number(value.integer, buffer);
      return true;
    case Kind::real:
      out = text::plain_number(value.real, buffer);
      return true;
    default:
      return false;
  }
}

// `same` is equality without an order (null and null, true and true): `<=` does not hold.
enum class Order : std::uint8_t { less, equal, greater, same, unordered };

template <typename T>
Order order_of(T a, T b) {
  if (a < b) return Order::less;
  if (b < a) return Order::greater;
  return a == b ? Order::equal : Order::unordered;  // NaN
}

// Exact, because converting a large int64 to double would round it.
Order order_int_real(std::int64_t a, double b) {
  if (std::isnan(b)) return Order::unordered;
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (b >= kTwoTo63) return Order::less;
  if (b < -kTwoTo63) return Order::greater;
  const double whole = std::trunc(b);
  const auto whole_int = static_cast<std::int64_t>(whole);
  if (a != whole_int) return a < whole_int ? Order::less : Order::greater;
  return order_of(0.0, b - whole);
}

Order flip(Order order) {
  if (order == Order::less) return Order::greater;
  if (order == Order::greater) return Order::less;
  return order;
}

Order compare(const Operand& a, const Operand& b) {
  if (a.kind == Kind::integer && b.kind == Kind::integer) return order_of(a.integer, b.integer);
  if (a.kind == Kind::real && b.kind == Kind::real) return order_of(a.real, b.real);
  if (a.kind == Kind::integer && b.kind == Kind::real) return order_int_real(a.integer, b.real);
  if (a.kind == Kind::real && b.kind == Kind::integer) {
    return flip(order_int_real(b.integer, a.real));
  }
  if (a.kind != b.kind) return Order::unordered;
  switch (a.kind) {
    case Kind::text: {
      const int c = a.text.compare(b.text);
      return c < 0 ? Order::less : (c > 0 ? Order::greater : Order::equal);
    }
    case Kind::boolean:
      return a.flag == b.flag ? Order::same : Order::unordered;
    case Kind::null:
      return Order::same;
    default:
      return Order::unordered;
  }
}

bool comparison_holds(ExpressionOp op, Order order) {
  switch (op) {
    case ExpressionOp::equal:
      return order == Order::equal || order == Order::same;
    case ExpressionOp::not_equal:
      return order != Order::equal && order != Order::same;
    case ExpressionOp::less:
      return order == Order::less;
    case ExpressionOp::less_equal:
      return order == Order::less || order == Order::equal;
    case ExpressionOp::greater:
      return order == Order::greater;
    case ExpressionOp::greater_equal:
      return order == Order::greater || order == Order::equal;
    default:
      return false;
  }
}

// Text joins text, numbers (as digits) and null (as nothing); anything with a bool is null.
void join(const Operand& a, const Operand& b, Operand& out) {
  if (a.kind == Kind::boolean || b.kind == Kind::boolean) return out.set_null();
  char buffer_a[32];
  char buffer_b[32];
  std::string_view text_a;
  std::string_view text_b;
  text_of(a, buffer_a, text_a);
  text_of(b, buffer_b, text_b);
  out.owned.clear();
  out.owned.reserve(text_a.size() + text_b.size());
  out.owned.append(text_a);
  out.owned.append(text_b);
  out.take_owned();
}

void arithmetic(ExpressionOp op, const Operand& a, const Operand& b, Operand& out) {
  if (op == ExpressionOp::add && (a.kind == Kind::text || b.kind == Kind::text)) {
    return join(a, b, out);
  }
  if (!a.is_number() || !b.is_number()) return out.set_null();
  if (a.kind == Kind::integer && b.kind == Kind::integer) {
    const std::int64_t x = a.integer;
    const std::int64_t y = b.integer;
    std::int64_t result = 0;
    switch (op) {
      case ExpressionOp::add:
        if (!__builtin_add_overflow(x, y, &result)) return out.set_integer(result);
        return out.set_real(static_cast<double>(x) + static_cast<double>(y));
      case ExpressionOp::subtract:
        if (!__builtin_sub_overflow(x, y, &result)) return out.set_integer(result);
        return out.set_real(static_cast<double>(x) - static_cast<double>(y));
      case ExpressionOp::multiply:
        if (!__builtin_mul_overflow(x, y, &result)) return out.set_integer(result);
        return out.set_real(static_cast<double>(x) * static_cast<double>(y));
      default:
        // Whole numbers that divide evenly stay whole (300 / 100 == 3); otherwise the exact
        // quotient, because callers of 7 / 2 mean 3,5 and not 3.
        if (y == 0) return out.set_null();
        if (x == INT64_MIN && y == -1) return out.set_real(-static_cast<double>(x));
        if (x % y == 0) return out.set_integer(x / y);
        return out.set_real(static_cast<double>(x) / static_cast<double>(y));
    }
  }
  const double x = a.as_double();
  const double y = b.as_double();
  switch (op) {
    case ExpressionOp::add:
      return out.set_real(x + y);
    case ExpressionOp::subtract:
      return out.set_real(x - y);
    case ExpressionOp::multiply:
      return out.set_real(x * y);
    default:
      return y == 0 ? out.set_null() : out.set_real(x / y);
  }
}

void negate(const Operand& a, Operand& out) {
  if (a.kind == Kind::integer) {
    if (a.integer == INT64_MIN) return out.set_real(-static_cast<double>(a.integer));
    return out.set_integer(-a.integer);
  }
  if (a.kind == Kind::real) return out.set_real(-a.real);
  out.set_null();
}

void length(const Operand& a, Operand& out) {
  char buffer[32];
  std::string_view text;
  if (a.kind == Kind::null) return out.set_integer(0);
  if (!text_of(a, buffer, text)) return out.set_null();
  out.set_integer(static_cast<std::int64_t>(text::count_characters(text)));
}

void contains(const Operand& a, const Operand& b, Operand& out) {
  char buffer_a[32];
  char buffer_b[32];
  std::string_view haystack;
  std::string_view needle;
  if (!text_of(a, buffer_a, haystack) || !text_of(b, buffer_b, needle)) {
    return out.set_bool(false);
  }
  out.set_bool(haystack.find(needle) != std::string_view::npos);
}

class Evaluator {
 public:
  Evaluator(const ExpressionNode& tree, const FlowVariables& variables)
      : tree_(tree), variables_(variables) {}

  // Recursion depth is bounded by the parser's height limit.
  void run(std::uint32_t index, Operand& out) const {
    const ExpressionStep& step = tree_.steps[index];
    switch (step.op) {
      case ExpressionOp::constant:
        return load(tree_.constants[step.first], out);
      case ExpressionOp::variable: {
        const auto found = variables_.find(tree_.names[step.first]);
        if (found == variables_.end()) return out.set_null();
        return load(found->second, out);
      }
      case ExpressionOp::logical_and:
      case ExpressionOp::logical_or: {
        const bool is_or = step.op == ExpressionOp::logical_or;
        if (truthy_at(step.first) == is_or) return out.set_bool(is_or);
        return out.set_bool(truthy_at(step.second));
      }
      case ExpressionOp::logical_not:
        return out.set_bool(!truthy_at(step.first));
      case ExpressionOp::fn_empty: {
        Operand a;
        run(step.first, a);
        return out.set_bool(a.kind == Kind::null || (a.kind == Kind::text && a.text.empty()));
      }
      case ExpressionOp::fn_length: {
        Operand a;
        run(step.first, a);
        return length(a, out);
      }
      case ExpressionOp::fn_lower: {
        Operand a;
        run(step.first, a);
        if (a.kind != Kind::text) return forward(a, out);
        out.owned.clear();
        text::append_lower(out.owned, a.text);
        return out.take_owned();
      }
      case ExpressionOp::negate: {
        Operand a;
        run(step.first, a);
        return negate(a, out);
      }
      default:
        break;
    }
    Operand a;
    Operand b;
    run(step.first, a);
    run(step.second, b);
    switch (step.op) {
      case ExpressionOp::fn_contains:
        return contains(a, b, out);
      case ExpressionOp::add:
      case ExpressionOp::subtract:
      case ExpressionOp::multiply:
      case ExpressionOp::divide:
        return arithmetic(step.op, a, b, out);
      default:
        return out.set_bool(comparison_holds(step.op, compare(a, b)));
    }
  }

  bool truthy_at(std::uint32_t index) const {
    Operand value;
    run(index, value);
    return truthy(value);
  }

 private:
  const ExpressionNode& tree_;
  const FlowVariables& variables_;
};

FlowValue to_flow_value(Operand& value) {
  switch (value.kind) {
    case Kind::boolean:
      return value.flag;
    case Kind::integer:
      return value.integer;
    case Kind::real:
      return value.real;
    case Kind::text:
      if (value.owns) return std::move(value.owned);
      return std::string(value.text);
    case Kind::null:
      break;
  }
  return FlowValue{};
}

bool is_english(std::string_view language) {
  return language.size() >= 2 && (language[0] == 'e' || language[0] == 'E') &&
         (language[1] == 'n' || language[1] == 'N');
}

// Fixed notation with up to six decimals, trailing zeros dropped: amounts and measurements
// read as people write them (12,5 rather than 12.500000 or 1.25e1).
std::string real_to_text(double value, bool english) {
  if (!std::isfinite(value)) return {};
  char buffer[400];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 6);
  std::string text(buffer, result.ptr);
  const std::size_t point = text.find('.');
  if (point != std::string::npos) {
    std::size_t end = text.size();
    while (end > point + 1 && text[end - 1] == '0') --end;
    if (end == point + 1) end = point;
    text.resize(end);
    if (end > point && !english) text[point] = ',';
  }
  if (text == "-0") text = "0";
  return text;
}

}  // namespace

Expression::Expression() = default;

Expression::Expression(std::shared_ptr<const ExpressionNode> root, std::string source)
    : root_(std::move(root)), source_(std::move(source)) {}

FlowValue Expression::evaluate(const FlowVariables& variables) const {
  if (!root_) return FlowValue{};
  Operand result;
  Evaluator(*root_, variables).run(root_->root, result);
  return to_flow_value(result);
}

bool Expression::evaluate_truthy(const FlowVariables& variables) const {
  if (!root_) return false;
  return Evaluator(*root_, variables).truthy_at(root_->root);
}

std::vector<std::string> Expression::variables_read() const {
  if (!root_) return {};
  return root_->names;
}

bool is_truthy(const FlowValue& value) {
  Operand operand;
  load(value, operand);
  return truthy(operand);
}

std::string value_to_text(const FlowValue& value, std::string_view language) {
  const bool english = is_english(language);
  switch (value.index()) {
    case 1:
      if (english) return std::get<bool>(value) ? "yes" : "no";
      return std::get<bool>(value) ? "ja" : "nein";
    case 2:
      return std::to_string(std::get<std::int64_t>(value));
    case 3:
      return real_to_text(std::get<double>(value), english);
    case 4:
      return std::get<std::string>(value);
    default:
      return {};
  }
}

}  // namespace callwerk::flow

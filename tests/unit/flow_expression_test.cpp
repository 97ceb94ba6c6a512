#include "flow/flow_expression.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <string>

// Counts heap allocations so that a test can show that evaluating a condition stays off the
// heap (the interpreter runs over a million steps a second). Not under AddressSanitizer: this
// replacement of the global operator new would take the place of its checked one for every
// test in the binary.
#if !defined(__SANITIZE_ADDRESS__)
#define CALLWERK_COUNT_ALLOCATIONS 1
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// g++ sees free() on memory from operator new, which is exactly what the pair above does.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop
#endif

namespace callwerk::flow {
namespace {

FlowValue eval(std::string_view text, const FlowVariables& variables = {}) {
  auto expression = parse_expression(text);
  EXPECT_TRUE(expression.ok()) << text << ": " << expression.error().message;
  if (!expression.ok()) return FlowValue{};
  return expression->evaluate(variables);
}

bool eval_bool(std::string_view text, const FlowVariables& variables = {}) {
  const FlowValue value = eval(text, variables);
  EXPECT_TRUE(std::holds_alternative<bool>(value)) << text << " is not a bool";
  return std::holds_alternative<bool>(value) && std::get<bool>(value);
}

std::int64_t eval_int(std::string_view text, const FlowVariables& variables = {}) {
  const FlowValue value = eval(text, variables);
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(value)) << text << " is not an int";
  return std::holds_alternative<std::int64_t>(value) ? std::get<std::int64_t>(value) : -999;
}

double eval_real(std::string_view text, const FlowVariables& variables = {}) {
  const FlowValue value = eval(text, variables);
  EXPECT_TRUE(std::holds_alternative<double>(value)) << text << " is not a double";
  return std::holds_alternative<double>(value) ? std::get<double>(value) : -999;
}

std::string eval_text(std::string_view text, const FlowVariables& variables = {}) {
  const FlowValue value = eval(text, variables);
  EXPECT_TRUE(std::holds_alternative<std::string>(value)) << text << " is not a string";
  return std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : "?";
}

bool eval_null(std::string_view text, const FlowVariables& variables = {}) {
  return is_null(eval(text, variables));
}

std::string parse_error(std::string_view text) {
  auto expression = parse_expression(text);
  EXPECT_FALSE(expression.ok()) << text << " parsed";
  if (expression.ok()) return {};
  EXPECT_EQ(expression.error().kind, ErrorKind::invalid_input);
  return expression.error().message;
}

// The "column N" an error names, or 0.
int error_column(std::string_view text) {
  const std::string message = parse_error(text);
  const auto at = message.find("column ");
  if (at == std::string::npos) return 0;
  return std::atoi(message.c_str() + at + 7);
}

TEST(FlowExpression, Literals) {
  EXPECT_EQ(eval_int("42"), 42);
  EXPECT_EQ(eval_int("0"), 0);
  EXPECT_DOUBLE_EQ(eval_real("12.5"), 12.5);
  EXPECT_EQ(eval_text("\"Text\""), "Text");
  EXPECT_EQ(eval_text("'Text'"), "Text");
  EXPECT_EQ(eval_text("''"), "");
  EXPECT_TRUE(eval_bool("true"));
  EXPECT_FALSE(eval_bool("false"));
  EXPECT_TRUE(eval_null("null"));
  EXPECT_EQ(eval_int("-7"), -7);
  EXPECT_DOUBLE_EQ(eval_real("-0.25"), -0.25);
  EXPECT_EQ(eval_int("-9223372036854775807"), -9223372036854775807LL);
  // Beyond int64 a whole number is a double, like overflowing arithmetic.
  EXPECT_DOUBLE_EQ(eval_real("99999999999999999999"), 1e20);
}

TEST(FlowExpression, StringEscapesAndQuotes) {
  EXPECT_EQ(eval_text(R"("sag \"ja\"")"), "sag \"ja\"");
  EXPECT_EQ(eval_text(R"('C:\\pfad')"), "C:\\pfad");
  EXPECT_EQ(eval_text(R"('it\'s')"), "it's");
  EXPECT_EQ(eval_text(R"("it's")"), "it's");
  EXPECT_EQ(eval_text(R"('sag "ja"')"), "sag \"ja\"");
  EXPECT_EQ(eval_text(R"("a\nb\tc")"), "a\nb\tc");
  EXPECT_EQ(eval_text(R"("\\")"), "\\");
  EXPECT_EQ(eval_text("\"Größe ÄÖÜ\""), "Größe ÄÖÜ");
  EXPECT_EQ(eval_text(R"("a" + 'b')"), "ab");
}

TEST(FlowExpression, Precedence) {
  EXPECT_EQ(eval_int("1 + 2 * 3"), 7);
  EXPECT_EQ(eval_int("(1 + 2) * 3"), 9);
  EXPECT_EQ(eval_int("10 - 4 - 3"), 3);  // left to right
  EXPECT_EQ(eval_int("24 / 4 / 2"), 3);
  EXPECT_EQ(eval_int("2 * 3 - 4 / 2"), 4);
  EXPECT_EQ(eval_int("-2 * 3"), -6);
  EXPECT_EQ(eval_int("-(2 + 3)"), -5);
  EXPECT_EQ(eval_int("2 - -3"), 5);
  EXPECT_EQ(eval_int("- - 4"), 4);
  EXPECT_EQ(eval_int("-x * 2", {{"x", std::int64_t{3}}}), -6);
  // and binds tighter than or.
  EXPECT_TRUE(eval_bool("true or false and false"));
  EXPECT_TRUE(eval_bool("false and false or true"));
  // not binds tighter than and, looser than comparison.
  EXPECT_FALSE(eval_bool("not false and false"));
  EXPECT_TRUE(eval_bool("not (false and false)"));
  EXPECT_TRUE(eval_bool("not 1 == 2"));
  EXPECT_TRUE(eval_bool("not not true"));
  // Arithmetic before comparison, comparison before and/or.
  EXPECT_TRUE(eval_bool("1 + 2 == 3"));
  EXPECT_TRUE(eval_bool("2 * 3 > 5 and 1 < 2"));
  EXPECT_TRUE(eval_bool("1 == 2 or 3 == 3"));
  EXPECT_TRUE(eval_bool("((((1))) + ((2))) == 3"));
}

TEST(FlowExpression, ComparisonOperators) {
  EXPECT_TRUE(eval_bool("2 == 2"));
  EXPECT_FALSE(eval_bool("2 == 3"));
  EXPECT_TRUE(eval_bool("2 != 3"));
  EXPECT_FALSE(eval_bool("2 != 2"));
  EXPECT_TRUE(eval_bool("2 < 3"));
  EXPECT_FALSE(eval_bool("3 < 3"));
  EXPECT_TRUE(eval_bool("3 <= 3"));
  EXPECT_FALSE(eval_bool("4 <= 3"));
  EXPECT_TRUE(eval_bool("4 > 3"));
  EXPECT_FALSE(eval_bool("3 > 3"));
  EXPECT_TRUE(eval_bool("3 >= 3"));
  EXPECT_FALSE(eval_bool("2 >= 3"));
  EXPECT_TRUE(eval_bool("-1 < 0"));
}

TEST(FlowExpression, NumbersCompareNumericallyAcrossIntAndDouble) {
  EXPECT_TRUE(eval_bool("2 == 2.0"));
  EXPECT_TRUE(eval_bool("2.0 == 2"));
  EXPECT_TRUE(eval_bool("2 < 2.5"));
  EXPECT_TRUE(eval_bool("2.5 < 3"));
  EXPECT_TRUE(eval_bool("3 > 2.5"));
  EXPECT_TRUE(eval_bool("-2 > -2.5"));
  EXPECT_TRUE(eval_bool("2.5 >= 2"));
  EXPECT_FALSE(eval_bool("2 >= 2.5"));
  // Exact: 2^53 + 1 is not the double 2^53, which a conversion to double would claim.
  EXPECT_FALSE(eval_bool("9007199254740993 == 9007199254740992.0"));
  EXPECT_TRUE(eval_bool("9007199254740993 > 9007199254740992.0"));
  EXPECT_TRUE(eval_bool("9223372036854775807 < 99999999999999999999"));
  EXPECT_TRUE(eval_bool("-9223372036854775807 > -99999999999999999999"));
}

TEST(FlowExpression, StringsCompareAsStringsInByteOrder) {
  EXPECT_TRUE(eval_bool("'abc' == \"abc\""));
  EXPECT_TRUE(eval_bool("'abc' != 'abd'"));
  EXPECT_TRUE(eval_bool("'abc' < 'abd'"));
  EXPECT_TRUE(eval_bool("'ab' < 'abc'"));
  EXPECT_TRUE(eval_bool("'Z' < 'a'"));
  EXPECT_TRUE(eval_bool("'z' < 'ä'"));
  EXPECT_TRUE(eval_bool("'b' >= 'a'"));
  EXPECT_TRUE(eval_bool("'10' < '9'"));  // text, not numbers
}

TEST(FlowExpression, MixedTypesCompareUnequalWithoutError) {
  EXPECT_FALSE(eval_bool("'10' == 10"));
  EXPECT_TRUE(eval_bool("'10' != 10"));
  EXPECT_FALSE(eval_bool("'10' < 11"));
  EXPECT_FALSE(eval_bool("'10' > 9"));
  EXPECT_FALSE(eval_bool("true == 1"));
  EXPECT_TRUE(eval_bool("true != 1"));
  EXPECT_TRUE(eval_bool("true == true"));
  EXPECT_TRUE(eval_bool("true != false"));
  EXPECT_FALSE(eval_bool("false < true"));
  EXPECT_TRUE(eval_bool("null == null"));
  EXPECT_FALSE(eval_bool("null == 0"));
  EXPECT_FALSE(eval_bool("null == ''"));
  EXPECT_TRUE(eval_bool("null != false"));
  EXPECT_FALSE(eval_bool("null < 1"));
  EXPECT_FALSE(eval_bool("null >= null"));  // null and bools are equal or not, never ordered
  EXPECT_FALSE(eval_bool("true <= true"));
  EXPECT_TRUE(eval_bool("unbekannt == null"));
  EXPECT_FALSE(eval_bool("unbekannt > 0"));
}

TEST(FlowExpression, IntegerArithmeticStaysInteger) {
  EXPECT_EQ(eval_int("2 + 3"), 5);
  EXPECT_EQ(eval_int("2 - 3"), -1);
  EXPECT_EQ(eval_int("4 * 5"), 20);
  EXPECT_EQ(eval_int("300 / 100"), 3);
  EXPECT_EQ(eval_int("-300 / 100"), -3);
  EXPECT_EQ(eval_int("betrag * 2", {{"betrag", std::int64_t{1250}}}), 2500);
}

TEST(FlowExpression, DivisionThatDoesNotDivideEvenlyIsExact) {
  EXPECT_DOUBLE_EQ(eval_real("7 / 2"), 3.5);
  EXPECT_DOUBLE_EQ(eval_real("-7 / 2"), -3.5);
  EXPECT_DOUBLE_EQ(eval_real("1250 / 100"), 12.5);
}

TEST(FlowExpression, DoubleArithmetic) {
  EXPECT_DOUBLE_EQ(eval_real("2 + 0.5"), 2.5);
  EXPECT_DOUBLE_EQ(eval_real("0.5 + 2"), 2.5);
  EXPECT_DOUBLE_EQ(eval_real("2.5 - 3"), -0.5);
  EXPECT_DOUBLE_EQ(eval_real("1.5 * 4"), 6.0);
  EXPECT_DOUBLE_EQ(eval_real("5 / 2.0"), 2.5);
  EXPECT_DOUBLE_EQ(eval_real("-(1.5)"), -1.5);
  EXPECT_DOUBLE_EQ(eval_real("-x", {{"x", 2.25}}), -2.25);
}

TEST(FlowExpression, DivisionByZeroIsNull) {
  EXPECT_TRUE(eval_null("1 / 0"));
  EXPECT_TRUE(eval_null("0 / 0"));
  EXPECT_TRUE(eval_null("1.5 / 0"));
  EXPECT_TRUE(eval_null("1 / 0.0"));
  EXPECT_TRUE(eval_null("x / y", {{"x", std::int64_t{1}}, {"y", std::int64_t{0}}}));
  EXPECT_TRUE(eval_bool("1 / 0 == null"));
}

TEST(FlowExpression, IntegerOverflowBecomesDouble) {
  EXPECT_DOUBLE_EQ(eval_real("9223372036854775807 + 1"), 9223372036854775808.0);
  EXPECT_DOUBLE_EQ(eval_real("-9223372036854775807 - 2"), -9223372036854775809.0);
  EXPECT_DOUBLE_EQ(eval_real("9223372036854775807 * 2"), 18446744073709551614.0);
  const FlowVariables minimum{{"m", std::int64_t{INT64_MIN}}};
  EXPECT_DOUBLE_EQ(eval_real("-m", minimum), 9223372036854775808.0);
  EXPECT_DOUBLE_EQ(eval_real("m / -1", minimum), 9223372036854775808.0);
  EXPECT_DOUBLE_EQ(eval_real("m * -1", minimum), 9223372036854775808.0);
  EXPECT_EQ(eval_int("m / 1", minimum), INT64_MIN);
  EXPECT_EQ(eval_int("-9223372036854775807 - 1"), INT64_MIN);
}

TEST(FlowExpression, DoubleOverflowIsNull) {
  const std::string big = "1" + std::string(308, '0') + ".0";
  EXPECT_TRUE(eval_null(big + " * 10"));
  EXPECT_TRUE(eval_null(big + " * 10 - " + big + " * 10"));
}

TEST(FlowExpression, PlusJoinsText) {
  EXPECT_EQ(eval_text("'Max' + ' ' + 'Muster'"), "Max Muster");
  EXPECT_EQ(eval_text("'Nr. ' + 5"), "Nr. 5");
  EXPECT_EQ(eval_text("5 + '. Stock'"), "5. Stock");
  EXPECT_EQ(eval_text("'Wert ' + 2.5"), "Wert 2.5");
  EXPECT_EQ(eval_text("'Nr. ' + (1 + 2)"), "Nr. 3");  // numbers add first when grouped
  EXPECT_EQ(eval_text("'Nr. ' + 1 + 2"), "Nr. 12");   // left to right otherwise
  EXPECT_EQ(eval_text("vorname + ' ' + nachname", {{"vorname", std::string("Max")}}), "Max ");
  EXPECT_EQ(eval_text("'a' + null"), "a");
  EXPECT_TRUE(eval_null("'a' + true"));
  const std::string long_text(100, 'x');
  EXPECT_EQ(eval_text("a + a", {{"a", long_text}}), long_text + long_text);
}

TEST(FlowExpression, ArithmeticOnWrongTypesIsNull) {
  EXPECT_TRUE(eval_null("'a' - 'b'"));
  EXPECT_TRUE(eval_null("'3' * 2"));
  EXPECT_TRUE(eval_null("'6' / 2"));
  EXPECT_TRUE(eval_null("1 + true"));
  EXPECT_TRUE(eval_null("null + 1"));
  EXPECT_TRUE(eval_null("null + null"));
  EXPECT_TRUE(eval_null("unbekannt + 1"));
  EXPECT_TRUE(eval_null("-'a'"));
  EXPECT_TRUE(eval_null("-true"));
  EXPECT_TRUE(eval_null("-null"));
}

TEST(FlowExpression, LogicYieldsBooleansFromTruthiness) {
  EXPECT_TRUE(eval_bool("true and true"));
  EXPECT_FALSE(eval_bool("true and false"));
  EXPECT_FALSE(eval_bool("false and true"));
  EXPECT_TRUE(eval_bool("false or true"));
  EXPECT_FALSE(eval_bool("false or false"));
  EXPECT_TRUE(eval_bool("'x' and 1"));
  EXPECT_FALSE(eval_bool("0 or ''"));
  EXPECT_FALSE(eval_bool("0.0 or null"));
  EXPECT_TRUE(eval_bool("not ''"));
  EXPECT_FALSE(eval_bool("not 'x'"));
  EXPECT_TRUE(eval_bool("not unbekannt"));
  EXPECT_TRUE(eval_bool("1 / 0 == null or false"));
}

TEST(FlowExpression, Truthiness) {
  EXPECT_FALSE(is_truthy(FlowValue{}));
  EXPECT_TRUE(is_truthy(true));
  EXPECT_FALSE(is_truthy(false));
  EXPECT_TRUE(is_truthy(std::int64_t{-1}));
  EXPECT_FALSE(is_truthy(std::int64_t{0}));
  EXPECT_TRUE(is_truthy(0.5));
  EXPECT_FALSE(is_truthy(0.0));
  EXPECT_TRUE(is_truthy(std::string("0")));
  EXPECT_FALSE(is_truthy(std::string()));
}

TEST(FlowExpression, EvaluateTruthyAgreesWithEvaluate) {
  const FlowVariables variables{{"a", std::int64_t{3}}, {"t", std::string("x")}};
  for (const char* text : {"a > 2", "a < 2", "t", "t + ''", "a - 3", "a / 0", "lower(t)",
                           "unbekannt", "not t", "a and t", "0.5", "length(t) == 1"}) {
    auto expression = parse_expression(text);
    ASSERT_TRUE(expression.ok()) << text;
    EXPECT_EQ(expression->evaluate_truthy(variables), is_truthy(expression->evaluate(variables)))
        << text;
  }
}

TEST(FlowExpression, FunctionEmpty) {
  EXPECT_TRUE(eval_bool("empty(null)"));
  EXPECT_TRUE(eval_bool("empty(unbekannt)"));
  EXPECT_TRUE(eval_bool("empty('')"));
  EXPECT_FALSE(eval_bool("empty('a')"));
  EXPECT_FALSE(eval_bool("empty(0)"));
  EXPECT_FALSE(eval_bool("empty(false)"));
  EXPECT_TRUE(eval_bool("not empty(name)", {{"name", std::string("Max")}}));
}

TEST(FlowExpression, FunctionLength) {
  EXPECT_EQ(eval_int("length('abc')"), 3);
  EXPECT_EQ(eval_int("length('größe')"), 5);  // characters, not bytes
  EXPECT_EQ(eval_int("length('')"), 0);
  EXPECT_EQ(eval_int("length(null)"), 0);
  EXPECT_EQ(eval_int("length(plz)", {{"plz", std::string("04109")}}), 5);
  EXPECT_EQ(eval_int("length(12345)"), 5);
  EXPECT_TRUE(eval_null("length(true)"));
  EXPECT_TRUE(eval_bool("length(plz) == 5", {{"plz", std::string("04109")}}));
}

TEST(FlowExpression, FunctionLower) {
  EXPECT_EQ(eval_text("lower('Hallo WELT')"), "hallo welt");
  EXPECT_EQ(eval_text("lower('ÄÖÜ STRASSE ẞ É')"), "äöü strasse ß é");
  EXPECT_EQ(eval_text("lower('ПРИВЕТ')"), "привет");
  EXPECT_EQ(eval_text("lower('× ÷ 1 2')"), "× ÷ 1 2");
  EXPECT_EQ(eval_int("lower(5)"), 5);
  EXPECT_TRUE(eval_null("lower(null)"));
  EXPECT_TRUE(eval_bool("lower(antwort) == 'ja'", {{"antwort", std::string("JA")}}));
  // A view of the argument's own text is copied, not left dangling.
  EXPECT_EQ(eval_text("lower(lower('AB') + 'C')"), "abc");
}

TEST(FlowExpression, FunctionContains) {
  EXPECT_TRUE(eval_bool("contains('Hauptstraße 5', 'straße')"));
  EXPECT_FALSE(eval_bool("contains('Hauptstraße 5', 'Straße')"));  // case matters
  EXPECT_TRUE(eval_bool("contains(lower('Hauptstraße 5'), lower('STRASSE')) == false"));
  EXPECT_TRUE(eval_bool("contains('abc', '')"));
  EXPECT_TRUE(eval_bool("contains(12345, 23)"));
  EXPECT_TRUE(eval_bool("contains('Tarif 2024', 2024)"));
  EXPECT_FALSE(eval_bool("contains(null, 'a')"));
  EXPECT_FALSE(eval_bool("contains('a', null)"));
  EXPECT_FALSE(eval_bool("contains(true, 'true')"));
  EXPECT_TRUE(eval_bool("contains(text, 'kaputt')", {{"text", std::string("Zähler kaputt")}}));
}

TEST(FlowExpression, VariablesWithDotsAndUtf8Letters) {
  const FlowVariables variables{
      {"kontakt.name", std::string("Müller")}, {"größe", std::int64_t{42}},
      {"survey.q1", std::int64_t{5}},          {"_intern", true},
      {"Straße_2", std::string("Weg")},        {"True", std::string("eine Variable")}};
  EXPECT_EQ(eval_text("kontakt.name", variables), "Müller");
  EXPECT_EQ(eval_int("größe + 1", variables), 43);
  EXPECT_TRUE(eval_bool("survey.q1 >= 4", variables));
  EXPECT_TRUE(eval_bool("_intern", variables));
  EXPECT_EQ(eval_text("Straße_2", variables), "Weg");
  EXPECT_EQ(eval_text("True", variables), "eine Variable");  // keywords are lower case only
  EXPECT_TRUE(eval_null("kontakt.vorname", variables));
}

TEST(FlowExpression, VariablesReadInOrderOfFirstAppearance) {
  auto expression =
      parse_expression("b + a == b and contains(kontakt.name, x) or not empty(größe) or a");
  ASSERT_TRUE(expression.ok()) << expression.error().message;
  EXPECT_EQ(expression->variables_read(),
            (std::vector<std::string>{"b", "a", "kontakt.name", "x", "größe"}));
  auto constant = parse_expression("1 + 2 == 3 and true and lower('x') == 'x'");
  ASSERT_TRUE(constant.ok());
  EXPECT_TRUE(constant->variables_read().empty());
}

TEST(FlowExpression, KeepsSourceAndSharesTreeOnCopy) {
  auto parsed = parse_expression("  x * 2 ");
  ASSERT_TRUE(parsed.ok());
  const Expression copy = *parsed;
  EXPECT_EQ(copy.source(), "  x * 2 ");
  EXPECT_EQ(std::get<std::int64_t>(copy.evaluate({{"x", std::int64_t{21}}})), 42);
  EXPECT_EQ(std::get<std::int64_t>(parsed->evaluate({{"x", std::int64_t{2}}})), 4);
}

TEST(FlowExpression, DefaultExpressionIsNull) {
  const Expression expression;
  EXPECT_TRUE(is_null(expression.evaluate({{"x", true}})));
  EXPECT_FALSE(expression.evaluate_truthy({}));
  EXPECT_TRUE(expression.variables_read().empty());
  EXPECT_EQ(expression.source(), "");
}

TEST(FlowExpression, WhitespaceIsFree) {
  EXPECT_EQ(eval_int("\t1+2 *\n3\r\n"), 7);
  EXPECT_TRUE(eval_bool("empty ( x )"));
  EXPECT_TRUE(eval_bool("contains('ab','b')"));
}

TEST(FlowExpressionErrors, SyntaxErrorsNameTheColumn) {
  EXPECT_EQ(error_column("1 +"), 4);
  EXPECT_NE(parse_error("1 +").find("end of the expression"), std::string::npos);
  EXPECT_EQ(error_column("1 2"), 3);
  EXPECT_EQ(error_column("a b"), 3);
  EXPECT_EQ(error_column("* 2"), 1);
  EXPECT_EQ(error_column("1 + * 2"), 5);
  EXPECT_EQ(error_column("x # 2"), 3);
  EXPECT_EQ(error_column("x == €"), 6);
  EXPECT_EQ(error_column(".x"), 1);
  EXPECT_EQ(error_column("not"), 4);
  EXPECT_EQ(error_column("a and or b"), 7);
  EXPECT_EQ(error_column("()"), 2);
  EXPECT_EQ(error_column("1 +\n2 2"), 7);
  EXPECT_NE(parse_error("#").find("column 1: unexpected character '#'"), std::string::npos);
}

TEST(FlowExpressionErrors, EmptyExpression) {
  EXPECT_EQ(error_column(""), 1);
  EXPECT_NE(parse_error("   ").find("empty"), std::string::npos);
}

TEST(FlowExpressionErrors, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(error_column("größe + )"), 9);
  EXPECT_EQ(error_column("'äöü' 1"), 7);
}

TEST(FlowExpressionErrors, UnbalancedParentheses) {
  EXPECT_EQ(error_column("(1 + 2"), 7);
  EXPECT_NE(parse_error("(1 + 2").find("the '(' at column 1"), std::string::npos);
  EXPECT_EQ(error_column("((1) + 2"), 9);
  EXPECT_EQ(error_column("1 + 2)"), 6);
  EXPECT_NE(parse_error("1 + 2)").find("no matching '('"), std::string::npos);
  EXPECT_EQ(error_column("(1))"), 4);
  EXPECT_EQ(error_column("empty(x"), 8);
  EXPECT_EQ(error_column("contains(x, 'a' 'b')"), 17);
}

TEST(FlowExpressionErrors, UnknownFunctionsAndWrongArgumentCounts) {
  EXPECT_EQ(error_column("x or upper(x)"), 6);
  EXPECT_NE(parse_error("upper(x)").find("unknown function 'upper'"), std::string::npos);
  EXPECT_NE(parse_error("Lower(x)").find("unknown function"), std::string::npos);
  EXPECT_EQ(error_column("1 + contains(x)"), 5);
  EXPECT_NE(parse_error("contains(x)").find("contains() takes 2 arguments, not 1"),
            std::string::npos);
  EXPECT_NE(parse_error("lower(x, y)").find("lower() takes 1 argument, not 2"), std::string::npos);
  EXPECT_NE(parse_error("empty()").find("empty() takes 1 argument, not 0"), std::string::npos);
  EXPECT_NE(parse_error("contains(a, b, c, d)").find("not 4"), std::string::npos);
  EXPECT_EQ(error_column("contains(a,)"), 12);
  EXPECT_EQ(error_column("length(,)"), 8);
}

TEST(FlowExpressionErrors, BadStrings) {
  EXPECT_EQ(error_column("\"abc"), 1);
  EXPECT_EQ(error_column("x == 'abc"), 6);
  EXPECT_NE(parse_error("'abc").find("no closing quote"), std::string::npos);
  EXPECT_EQ(error_column("'abc\""), 1);   // quotes must match
  EXPECT_EQ(error_column("'abc\\'"), 1);  // the escaped quote does not close
  EXPECT_EQ(error_column("'a\\q'"), 3);
  EXPECT_NE(parse_error("'a\\q'").find("unknown escape"), std::string::npos);
  EXPECT_EQ(error_column("'a\\"), 1);
}

TEST(FlowExpressionErrors, BadNumbersAndNames) {
  EXPECT_EQ(error_column("12abc"), 3);
  EXPECT_EQ(error_column("1."), 3);
  EXPECT_EQ(error_column("1.x"), 3);
  EXPECT_EQ(error_column("1.2.3"), 4);
  EXPECT_EQ(error_column("1_000"), 2);
  EXPECT_EQ(error_column("a..b"), 3);
  EXPECT_EQ(error_column("x + kontakt."), 12);
  EXPECT_NE(parse_error("a..b").find("empty part"), std::string::npos);
  EXPECT_EQ(error_column("x + \xff"), 5);
  EXPECT_NE(parse_error("\xc3").find("UTF-8"), std::string::npos);
}

TEST(FlowExpressionErrors, OperatorsFromOtherLanguagesGetAHint) {
  EXPECT_EQ(error_column("a = 1"), 3);
  EXPECT_NE(parse_error("a = 1").find("'=='"), std::string::npos);
  EXPECT_EQ(error_column("a && b"), 3);
  EXPECT_NE(parse_error("a && b").find("'and'"), std::string::npos);
  EXPECT_NE(parse_error("a || b").find("'or'"), std::string::npos);
  EXPECT_EQ(error_column("!a"), 1);
  EXPECT_NE(parse_error("!a").find("'not'"), std::string::npos);
  EXPECT_EQ(error_column("+1"), 1);
}

TEST(FlowExpressionErrors, KeywordsAreLowerCaseOnly) {
  EXPECT_EQ(error_column("a AND b"), 3);
  EXPECT_NE(parse_error("a AND b").find("lower case: 'and'"), std::string::npos);
  EXPECT_NE(parse_error("x == 1 Or y").find("lower case: 'or'"), std::string::npos);
  EXPECT_NE(parse_error("NOT x").find("lower case: 'not'"), std::string::npos);
}

TEST(FlowExpressionErrors, ComparisonsDoNotChain) {
  EXPECT_EQ(error_column("1 < x < 5"), 7);
  EXPECT_NE(parse_error("a == b == c").find("'and'"), std::string::npos);
  EXPECT_TRUE(eval_bool("(1 < 2) == true"));
  EXPECT_TRUE(eval_bool("1 < x and x < 5", {{"x", std::int64_t{3}}}));
}

// `before` x n, then `middle`, then `after` x n. Appended, not added with operator+: GCC 12
// warns about its own std::string code there at -O2 (a false -Warray-bounds).
std::string nested(std::size_t n, char before, std::string_view middle, char after = '\0') {
  std::string text(n, before);
  text.append(middle);
  if (after != '\0') text.append(n, after);
  return text;
}

TEST(FlowExpressionErrors, DeepNestingIsAnErrorNotACrash) {
  EXPECT_EQ(error_column(std::string(10000, '(')), 65);
  EXPECT_EQ(error_column(nested(10000, '(', "1", ')')), 65);
  EXPECT_EQ(error_column(nested(10000, '-', "1")), 65);
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_EQ(error_column(nots + "x"), 257);
  std::string calls;
  for (int i = 0; i < 10000; ++i) calls += "lower(";
  EXPECT_EQ(error_column(calls), 64 * 6 + 6);
  EXPECT_NE(parse_error(std::string(100, '(')).find("nested too deeply"), std::string::npos);
  // Long chains nest the tree without parentheses; evaluation recurses through it.
  std::string sum = "1";
  for (int i = 0; i < 10000; ++i) sum += "+1";
  EXPECT_NE(parse_error(sum).find("nested too deeply"), std::string::npos);
}

TEST(FlowExpressionErrors, ReasonableNestingIsFine) {
  EXPECT_EQ(eval_int(nested(60, '(', "7", ')')), 7);
  EXPECT_EQ(eval_int(nested(60, '-', "7")), 7);
  std::string sum = "1";
  for (int i = 0; i < 200; ++i) sum += " + 1";
  EXPECT_EQ(eval_int(sum), 201);
  std::string any = "x == 0";
  for (int i = 1; i < 200; ++i) any += " or x == " + std::to_string(i);
  EXPECT_TRUE(eval_bool(any, {{"x", std::int64_t{199}}}));
  EXPECT_FALSE(eval_bool(any, {{"x", std::int64_t{200}}}));
}

// Random text from the expression alphabet: every input either parses and evaluates, or fails
// with a column inside the text (or one past its end).
TEST(FlowExpressionErrors, RandomTextParsesOrFailsWithAColumn) {
  const std::vector<std::string> pieces{"(",
                                        ")",
                                        "((",
                                        "))",
                                        ",",
                                        "+",
                                        "-",
                                        "*",
                                        "/",
                                        "==",
                                        "!=",
                                        "<",
                                        "<=",
                                        ">",
                                        ">=",
                                        "=",
                                        "and",
                                        "or",
                                        "not",
                                        "true",
                                        "false",
                                        "null",
                                        "x",
                                        "größe",
                                        "a.b",
                                        ".",
                                        "..",
                                        "0",
                                        "7",
                                        "2.5",
                                        "9223372036854775807",
                                        "'t'",
                                        "\"Ä\"",
                                        "'",
                                        "\"",
                                        "\\",
                                        "empty(",
                                        "length(",
                                        "lower(",
                                        "contains(",
                                        "nope(",
                                        " ",
                                        "\t",
                                        "\xc3",
                                        "\xff",
                                        "#",
                                        "1.",
                                        "_"};
  std::mt19937 random(4);
  const FlowVariables variables{{"x", std::int64_t{3}}, {"größe", std::string("XL")}, {"a.b", 2.5}};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int count = 1 + static_cast<int>(random() % 12);
    for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
    auto expression = parse_expression(text);
    if (expression.ok()) {
      expression->evaluate(variables);
      expression->evaluate_truthy(variables);
      continue;
    }
    const std::string& message = expression.error().message;
    ASSERT_EQ(message.rfind("column ", 0), 0u) << text << ": " << message;
    const int column = std::atoi(message.c_str() + 7);
    EXPECT_GE(column, 1) << text;
    EXPECT_LE(column, static_cast<int>(text.size()) + 1) << text << ": " << message;
  }
}

#if defined(CALLWERK_COUNT_ALLOCATIONS)
TEST(FlowExpressionSpeed, ConditionsOnShortAndLongTextDoNotAllocate) {
  const std::string long_name = "Maximilian Mustermann-Lüdenscheidt von und zu Gutenberg";
  FlowVariables variables{{"kontakt.name", long_name},
                          {"betrag", std::int64_t{12500}},
                          {"antwort", std::string("ja")},
                          {"plz", std::string("04109")}};
  auto condition = parse_expression(
      "kontakt.name == 'Maximilian Mustermann-Lüdenscheidt von und zu Gutenberg' and "
      "betrag / 100 > 99.5 and not empty(antwort) and length(plz) == 5 and "
      "contains(kontakt.name, 'Gutenberg') and -betrag < 0");
  ASSERT_TRUE(condition.ok()) << condition.error().message;
  const long before = g_allocations.load();
  bool all = true;
  for (int i = 0; i < 100; ++i) all = all && condition->evaluate_truthy(variables);
  FlowValue number = condition->evaluate(variables);
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_TRUE(all);
  EXPECT_TRUE(std::get<bool>(number));
}
#endif

TEST(FlowValueText, NumbersInGermanAndEnglish) {
  EXPECT_EQ(value_to_text(12.5, "de"), "12,5");
  EXPECT_EQ(value_to_text(12.5, "en"), "12.5");
  EXPECT_EQ(value_to_text(3.0, "de"), "3");
  EXPECT_EQ(value_to_text(-3.0, "en"), "-3");
  EXPECT_EQ(value_to_text(0.1 + 0.2, "de"), "0,3");
  EXPECT_EQ(value_to_text(1234567.891, "de"), "1234567,891");
  EXPECT_EQ(value_to_text(0.125, "de-DE"), "0,125");
  EXPECT_EQ(value_to_text(0.125, "en-GB"), "0.125");
  EXPECT_EQ(value_to_text(-0.0000001, "de"), "0");
  EXPECT_EQ(value_to_text(1e20, "de"), "100000000000000000000");
  EXPECT_EQ(value_to_text(std::int64_t{-42}, "de"), "-42");
  EXPECT_EQ(value_to_text(std::int64_t{1234567}, "en"), "1234567");
}

TEST(FlowValueText, OtherValues) {
  EXPECT_EQ(value_to_text(true, "de"), "ja");
  EXPECT_EQ(value_to_text(false, "de"), "nein");
  EXPECT_EQ(value_to_text(true, "en"), "yes");
  EXPECT_EQ(value_to_text(false, "en"), "no");
  EXPECT_EQ(value_to_text(FlowValue{}, "de"), "");
  EXPECT_EQ(value_to_text(std::string("12.5 Text"), "de"), "12.5 Text");
  EXPECT_EQ(value_to_text(eval("7 / 2"), "de"), "3,5");
}

}  // namespace
}  // namespace callwerk::flow

#include "flow/flow_expression_lexer.hpp"

#include <charconv>

#include "flow/flow_expression_text.hpp"

namespace callwerk::flow {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

TokenKind keyword(std::string_view word) {
  if (word == "and") return TokenKind::kw_and;
  if (word == "or") return TokenKind::kw_or;
  if (word == "not") return TokenKind::kw_not;
  if (word == "true") return TokenKind::kw_true;
  if (word == "false") return TokenKind::kw_false;
  if (word == "null") return TokenKind::kw_null;
  return TokenKind::name;
}

}  // namespace

void ExpressionLexer::fail(Token& token, std::size_t offset, std::string message) {
  token.kind = TokenKind::error;
  token.offset = offset;
  token.length = 0;
  token.text = std::move(message);
  pos_ = source_.size();  // nothing after an error is read
}

void ExpressionLexer::next(Token& token) {
  while (pos_ < source_.size() && is_space(source_[pos_])) ++pos_;
  token.offset = pos_;
  token.length = 1;
  if (pos_ >= source_.size()) {
    token.kind = TokenKind::end;
    token.length = 0;
    return;
  }
  const char c = source_[pos_];
  const char following = pos_ + 1 < source_.size() ? source_[pos_ + 1] : '\0';
  const auto single = [&](TokenKind kind) {
    token.kind = kind;
    ++pos_;
  };
  const auto pair = [&](TokenKind kind) {
    token.kind = kind;
    token.length = 2;
    pos_ += 2;
  };
  switch (c) {
    case '(':
      return single(TokenKind::open_paren);
    case ')':
      return single(TokenKind::close_paren);
    case ',':
      return single(TokenKind::comma);
    case '+':
      return single(TokenKind::plus);
    case '-':
      return single(TokenKind::minus);
    case '*':
      return single(TokenKind::star);
    case '/':
      return single(TokenKind::slash);
    case '<':
      return following == '=' ? pair(TokenKind::less_equal) : single(TokenKind::less);
    case '>':
      return following == '=' ? pair(TokenKind::greater_equal) : single(TokenKind::greater);
    case '=':
      if (following == '=') return pair(TokenKind::equal);
      return fail(token, pos_, "'=' is not an operator; compare with '=='");
    case '!':
      if (following == '=') return pair(TokenKind::not_equal);
      return fail(token, pos_, "'!' is not an operator; write 'not'");
    case '&':
      return fail(token, pos_, "'&' is not an operator; write 'and'");
    case '|':
      return fail(token, pos_, "'|' is not an operator; write 'or'");
    case '"':
    case '\'':
      return read_string(token);
    default:
      break;
  }
  if (is_digit(c)) return read_number(token);
  const text::CodePoint point = text::decode_utf8(source_, pos_);
  if (point.length == 0) return fail(token, pos_, "the text is not valid UTF-8");
  if (text::is_name_start(point.value)) return read_name(token);
  return fail(token, pos_,
              "unexpected character '" + std::string(source_.substr(pos_, point.length)) + "'");
}

void ExpressionLexer::read_number(Token& token) {
  const std::size_t start = pos_;
  while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
  bool is_real = false;
  if (pos_ < source_.size() && source_[pos_] == '.') {
    if (pos_ + 1 >= source_.size() || !is_digit(source_[pos_ + 1])) {
      return fail(token, pos_ + 1, "a digit must follow the decimal point");
    }
    is_real = true;
    ++pos_;
    while (pos_ < source_.size() && is_digit(source_[pos_])) ++pos_;
  }
  if (pos_ < source_.size()) {
    const text::CodePoint point = text::decode_utf8(source_, pos_);
    if (point.length != 0 && text::is_name_part(point.value)) {
      return fail(token, pos_, "a number is followed by a space or an operator");
    }
  }
  const char* first = source_.data() + start;
  const char* last = source_.data() + pos_;
  token.offset = start;
  token.length = pos_ - start;
  if (!is_real) {
    const auto result = std::from_chars(first, last, token.integer);
    if (result.ec == std::errc{}) {
      token.kind = TokenKind::integer;
      return;
    }
    // Beyond int64 a whole number still reads, as a double, like arithmetic that overflows.
  }
  const auto result = std::from_chars(first, last, token.real);
  if (result.ec != std::errc{}) return fail(token, start, "the number is too large");
  token.kind = TokenKind::real;
}

void ExpressionLexer::read_string(Token& token) {
  const std::size_t start = pos_;
  const char quote = source_[pos_++];
  token.text.clear();
  while (pos_ < source_.size()) {
    const char c = source_[pos_];
    if (c == quote) {
      ++pos_;
      token.kind = TokenKind::text;
      token.offset = start;
      token.length = pos_ - start;
      return;
    }
    if (c != '\\') {
      token.text.push_back(c);
      ++pos_;
      continue;
    }
    if (pos_ + 1 >= source_.size()) break;
    const char escaped = source_[pos_ + 1];
    switch (escaped) {
      case '\\':
      case '"':
      case '\'':
        token.text.push_back(escaped);
        break;
      case 'n':
        token.text.push_back('\n');
        break;
      case 't':
        token.text.push_back('\t');
        break;
      default:
        return fail(token, pos_, "unknown escape in a string (known: \\\\ \\\" \\' \\n \\t)");
    }
    pos_ += 2;
  }
  fail(token, start, "the string has no closing quote");
}

void ExpressionLexer::read_name(Token& token) {
  const std::size_t start = pos_;
  pos_ = text::scan_name_chars(source_, pos_);
  const std::string_view word = source_.substr(start, pos_ - start);
  const text::NameProblem problem = text::check_name(word);
  if (problem.reason != nullptr) return fail(token, start + problem.offset, problem.reason);
  token.kind = keyword(word);
  token.offset = start;
  token.length = word.size();
}

}  // namespace callwerk::flow

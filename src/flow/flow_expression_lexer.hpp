#pragma once
// Splits expression text into tokens for the parser. Strict on purpose: a flow author learns
// about `=`, `&&` or an unterminated string at load time, with the column, not on a live call.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace callwerk::flow {

enum class TokenKind : std::uint8_t {
  end,
  error,  // `text` holds the message
  integer,
  real,
  text,  // a string literal, unescaped into `text`
  name,
  open_paren,
  close_paren,
  comma,
  plus,
  minus,
  star,
  slash,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  kw_and,
  kw_or,
  kw_not,
  kw_true,
  kw_false,
  kw_null,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;  // byte offset of the first character (of the problem for errors)
  std::size_t length = 0;  // bytes of source text
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
};

class ExpressionLexer {
 public:
  explicit ExpressionLexer(std::string_view source) : source_(source) {}

  // The next token; after `end` or `error` it keeps returning `end`.
  void next(Token& token);

 private:
  void read_number(Token& token);
  void read_string(Token& token);
  void read_name(Token& token);
  void fail(Token& token, std::size_t offset, std::string message);

  std::string_view source_;
  std::size_t pos_ = 0;
};

}  // namespace callwerk::flow

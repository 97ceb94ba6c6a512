#pragma once
// Character rules shared by expressions and templates: what a variable name may contain, how
// a column is counted, how text is lower-cased and how numbers read inside text. Names are
// dotted paths of letters (ASCII, Latin incl. umlauts and ß, Greek, Cyrillic), digits and '_';
// they start with a letter or '_'. Columns count characters, not bytes, because that is what
// a person sees in an editor.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace callwerk::flow::text {

// One decoded UTF-8 character; `length` is 0 when the bytes at that place are not valid UTF-8.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};
CodePoint decode_utf8(std::string_view text, std::size_t pos);

bool is_name_start(char32_t c);  // a letter or '_'
bool is_name_part(char32_t c);   // a letter, a digit, '_' or '.'

// 1-based column of the byte at `offset`, counted in characters.
std::size_t column_at(std::string_view text, std::size_t offset);
std::size_t count_characters(std::string_view text);

// The end of the run of name characters starting at `pos` (`pos` itself when there is none).
std::size_t scan_name_chars(std::string_view text, std::size_t pos);

// Why `name` is not a valid variable name (nullptr when it is), and the byte offset at fault.
struct NameProblem {
  const char* reason = nullptr;
  std::size_t offset = 0;
};
NameProblem check_name(std::string_view name);

// Lower case for ASCII, Latin-1 letters (Ä -> ä), capital sharp s and Cyrillic; other bytes
// are copied as they are.
void append_lower(std::string& out, std::string_view text);

// Numbers as they read inside computed text ("Nr. " + 5): digits, a decimal point, the
// shortest form that reads back as the same value. `buffer` must hold 32 characters.
std::string_view plain_number(std::int64_t value, char* buffer);
std::string_view plain_number(double value, char* buffer);

}  // namespace callwerk::flow::text

#include "flow/flow_expression_text.hpp"

#include <charconv>

namespace callwerk::flow::text {

namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

char32_t lower_code_point(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;  // À..Þ except ×
  if (c == 0x1E9E) return 0xDF;                              // capital sharp s
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;           // Cyrillic А..Я
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;           // Cyrillic Ѐ..Џ
  return c;
}

}  // namespace

CodePoint decode_utf8(std::string_view text, std::size_t pos) {
  const auto first = static_cast<unsigned char>(text[pos]);
  if (first < 0x80) return {first, 1};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((first & 0xE0) == 0xC0) {
    length = 2, value = first & 0x1F, minimum = 0x80;
  } else if ((first & 0xF0) == 0xE0) {
    length = 3, value = first & 0x0F, minimum = 0x800;
  } else if ((first & 0xF8) == 0xF0) {
    length = 4, value = first & 0x07, minimum = 0x10000;
  } else {
    return {};
  }
  if (pos + length > text.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if (!is_continuation(byte)) return {};
    value = (value << 6) | (byte & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values beyond Unicode are not characters.
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

bool is_name_start(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_') return true;
  if (c < 0xC0) return false;
  if (c == 0xD7 || c == 0xF7) return false;  // × and ÷ sit among the Latin-1 letters
  return c <= 0x024F                         // Latin-1 letters, Latin Extended-A and -B
         || (c >= 0x0370 && c <= 0x03FF)     // Greek
         || (c >= 0x0400 && c <= 0x04FF)     // Cyrillic
         || (c >= 0x1E00 && c <= 0x1EFF);    // Latin Extended Additional (capital ß)
}

bool is_name_part(char32_t c) {
  return is_name_start(c) || (c >= U'0' && c <= U'9') || c == U'.';
}

std::size_t column_at(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  return count_characters(text.substr(0, offset)) + 1;
}

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += is_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return count;
}

std::size_t scan_name_chars(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const CodePoint c = decode_utf8(text, pos);
    if (c.length == 0 || !is_name_part(c.value)) break;
    pos += c.length;
  }
  return pos;
}

NameProblem check_name(std::string_view name) {
  if (name.empty()) return {"the name is empty", 0};
  std::size_t pos = 0;
  bool after_dot = false;
  while (pos < name.size()) {
    const CodePoint c = decode_utf8(name, pos);
    if (c.length == 0) return {"the name is not valid UTF-8", pos};
    if (pos == 0 && !is_name_start(c.value)) {
      return {"a name starts with a letter or '_'", pos};
    }
    if (!is_name_part(c.value)) {
      return {"a name has only letters, digits, '_' and '.'", pos};
    }
    if (c.value == U'.') {
      if (after_dot) return {"a name has no empty part between dots", pos};
      if (pos + 1 == name.size()) return {"a name does not end with '.'", pos};
    }
    after_dot = c.value == U'.';
    pos += c.length;
  }
  return {};
}

void append_lower(std::string& out, std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      out.push_back(static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 0x20 : byte));
      ++pos;
      continue;
    }
    const CodePoint c = decode_utf8(text, pos);
    if (c.length == 0) {
      out.push_back(static_cast<char>(byte));
      ++pos;
      continue;
    }
    append_utf8(out, lower_code_point(c.value));
    pos += c.length;
  }
}

std::string_view plain_number(std::int64_t value, char* buffer) {
  const auto result = std::to_chars(buffer, buffer + 32, value);
  return {buffer, static_cast<std::size_t>(result.ptr - buffer)};
}

std::string_view plain_number(double value, char* buffer) {
  const auto result = std::to_chars(buffer, buffer + 32, value);
  return {buffer, static_cast<std::size_t>(result.ptr - buffer)};
}

}  // namespace callwerk::flow::text

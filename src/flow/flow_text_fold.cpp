// Folding of chat text for matching against keywords, and the UTF-8 decoding it rests on.

#include <string>
#include <string_view>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

namespace input_parts {

namespace {

bool continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

}  // namespace

CodePoint decode_utf8(std::string_view text, std::size_t at) {
  const auto b0 = static_cast<unsigned char>(text[at]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t length = 0;
  unsigned char low = 0x80;  // the second byte's range, narrowed where the first byte demands
  unsigned char high = 0xBF;
  char32_t value = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    value = b0 & 0x0F;
    if (b0 == 0xE0) low = 0xA0;   // overlong below U+0800
    if (b0 == 0xED) high = 0x9F;  // UTF-16 surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    value = b0 & 0x07;
    if (b0 == 0xF0) low = 0x90;   // overlong below U+10000
    if (b0 == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  const auto b1 = static_cast<unsigned char>(text[at + 1]);
  if (b1 < low || b1 > high) return {};
  value = (value << 6) | (b1 & 0x3F);
  for (std::size_t i = 2; i < length; ++i) {
    const auto b = static_cast<unsigned char>(text[at + i]);
    if (!continuation(b)) return {};
    value = (value << 6) | (b & 0x3F);
  }
  return {value, length, true};
}

bool valid_utf8(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    const CodePoint cp = decode_utf8(text, at);
    if (!cp.valid) return false;
    at += cp.length;
  }
  return true;
}

std::vector<std::string_view> folded_words(std::string_view folded) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < folded.size()) {
    std::size_t end = folded.find(' ', at);
    if (end == std::string_view::npos) end = folded.size();
    if (end > at) words.push_back(folded.substr(at, end - at));  // robust to double spaces
    at = end + 1;
  }
  return words;
}

bool contains_phrase(std::string_view folded, std::string_view phrase) {
  if (phrase.empty()) return false;
  std::size_t at = folded.find(phrase);
  while (at != std::string_view::npos) {
    const bool starts_word = at == 0 || folded[at - 1] == ' ';
    const std::size_t end = at + phrase.size();
    const bool ends_word = end == folded.size() || folded[end] == ' ';
    if (starts_word && ends_word) return true;
    at = folded.find(phrase, at + 1);
  }
  return false;
}

}  // namespace input_parts

namespace {

// The lower-case partner of the capitals callers of a German contact center write: Latin-1,
// Latin Extended-A, Greek and Cyrillic. Other scripts are kept as they are.
char32_t lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130) return U'i';  // İ
    if (c == 0x178) return 0xFF;  // Ÿ
    // Pairs are (even upper, odd lower) except in Ĺ..ň and Ź..ž, which are shifted by one.
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    const bool even_upper = (c <= 0x137 && c != 0x131) || (c >= 0x14A && c <= 0x177);
    if ((odd_upper && c % 2 == 1) || (even_upper && c % 2 == 0)) return c + 1;
    return c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek Α..Ϋ
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 0x25;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 0x3F;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;  // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;  // Cyrillic Ѐ..Џ
  return c;
}

// Accents typed as a separate mark after the letter (decomposed text from some keyboards).
bool combining_mark(char32_t c) {
  return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0xFE20 && c <= 0xFE2F);
}

// Letters and digits stay; punctuation, symbols, currency signs, emoji and invisible
// characters separate words. Beyond ASCII this goes by block, which is exact enough for
// matching what callers type against keywords.
bool word_character(char32_t c) {
  if (c < 0x80) return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9');
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;  // Latin-1 symbols, × ÷
  if (c >= 0x2000 && c <= 0x2BFF) return false;          // punctuation .. arrows, shapes
  if (c >= 0x2E00 && c <= 0x2E7F) return false;          // supplemental punctuation
  if (c >= 0x3000 && c <= 0x303F) return false;          // CJK punctuation
  if (c >= 0xD800 && c <= 0xF8FF) return false;          // private use
  if (c >= 0xFE00 && c <= 0xFE0F) return false;          // variation selectors
  if (c >= 0xFE30 && c <= 0xFE6F) return false;          // compatibility punctuation
  if (c >= 0xFF00 && c <= 0xFF0F) return false;          // full-width punctuation
  if (c >= 0xFFF0 && c <= 0xFFFF) return false;          // specials
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;        // emoji and pictographs
  if (c >= 0xE0000) return false;                        // tags, private use planes
  return true;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The German spellings without umlauts, as callers type them on keyboards without them.
std::string_view umlaut_spelling(char32_t c) {
  switch (c) {
    case 0xE4:
      return "ae";
    case 0xF6:
      return "oe";
    case 0xFC:
      return "ue";
    case 0xDF:
    case 0x1E9E:  // capital ß
      return "ss";
    default:
      return {};
  }
}

}  // namespace

std::string fold_for_matching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool gap = false;       // a separator was seen since the last letter
  char32_t previous = 0;  // the last letter written, for a combining diaeresis after it
  std::size_t at = 0;
  while (at < text.size()) {
    const input_parts::CodePoint cp = input_parts::decode_utf8(text, at);
    at += cp.length;
    const char32_t c = cp.valid ? lower(cp.value) : U' ';
    if (c == 0x308 && (previous == U'a' || previous == U'o' || previous == U'u')) {
      out += 'e';  // a + ◌̈ is ä
      previous = 0;
      continue;
    }
    if (combining_mark(c)) continue;
    const std::string_view spelled = umlaut_spelling(c);
    if (spelled.empty() && !word_character(c)) {
      gap = true;
      previous = 0;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    if (!spelled.empty()) {
      out += spelled;
      previous = 0;
    } else {
      append_utf8(out, c);
      previous = c;
    }
  }
  return out;
}

}  // namespace callwerk::flow

#include "store/text_fold.hpp"

#include <sqlite3.h>

#include <cstdint>

namespace callwerk::store {

namespace {

// The lower-case partner of an upper-case code point, or the code point itself.
char32_t lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c < 0xC0) return c;
  // Latin-1 Supplement: À..Þ except the multiplication sign ×.
  if (c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
  if (c < 0x100) return c;
  if (c <= 0x17F) {
    // Latin Extended-A pairs upper/lower as even/odd, with the odd/even stretches between
    // Ĺ (U+0139) and ň (U+0148) and from Ź (U+0179) on; ı ĸ ŉ ſ have no capital here.
    if (c == 0x130) return U'i';  // İ
    if (c == 0x178) return 0xFF;  // Ÿ -> ÿ
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || c >= 0x179;
    if (odd_upper) return (c % 2 == 1) ? c + 1 : c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek Α..Ϋ
  // Greek capitals with tonos have irregular partners.
  constexpr char32_t kTonos[][2] = {{0x386, 0x3AC}, {0x388, 0x3AD}, {0x389, 0x3AE}, {0x38A, 0x3AF},
                                    {0x38C, 0x3CC}, {0x38E, 0x3CD}, {0x38F, 0x3CE}};
  for (const auto& [upper, lower_case] : kTonos)
    if (c == upper) return lower_case;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;  // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;  // Cyrillic Ѐ..Џ
  return c;
}

// lower() keeps every code point below U+0800, so one or two bytes are enough.
void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
    return;
  }
  out += static_cast<char>(0xC0 | (c >> 6));
  out += static_cast<char>(0x80 | (c & 0x3F));
}

void sql_fold(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  const auto* text = sqlite3_value_text(args[0]);
  const int size = sqlite3_value_bytes(args[0]);
  if (text == nullptr) return sqlite3_result_null(context);
  const std::string folded =
      fold_case(std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size)));
  sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::string fold_case(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      out += static_cast<char>(b0 >= 'A' && b0 <= 'Z' ? b0 + 0x20 : b0);
      ++i;
      continue;
    }
    // Only two-byte sequences (U+0080..U+07FF) can change; a valid one is decoded, folded and
    // re-encoded. Anything else is copied byte by byte.
    if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      if ((b1 & 0xC0) == 0x80) {
        append_utf8(out, lower((static_cast<char32_t>(b0 & 0x1F) << 6) | (b1 & 0x3F)));
        i += 2;
        continue;
      }
    }
    out += static_cast<char>(b0);
    ++i;
  }
  return out;
}

int register_fold_function(sqlite3* db) {
  return sqlite3_create_function_v2(db, "cw_fold", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    sql_fold, nullptr, nullptr, nullptr);
}

}  // namespace callwerk::store

#include "sip/sip_text.hpp"

namespace callwerk::sip {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (ascii_alnum(c)) continue;
    if (std::string_view("-.!%*_+`'~").find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::optional<unsigned long> parse_decimal(std::string_view text, unsigned long max) {
  // Digits only: "-1", "+5" and "1e3" are all invalid in SIP numeric fields.
  if (text.empty() || text.size() > 10) return std::nullopt;
  unsigned long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  if (value > max) return std::nullopt;
  return value;
}

namespace {

// Index of the next comma at or after `from` that separates list entries; npos when none.
size_t next_list_comma(std::string_view value, size_t from) {
  bool quoted = false;
  bool in_angle = false;
  for (size_t i = from; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      if (c == '\\') {
        ++i;  // quoted-pair: the next character never ends the string
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == '>') {
      in_angle = false;
    } else if (c == ',' && !in_angle) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<std::string_view> split_header_list(std::string_view value) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= value.size()) {
    auto comma = next_list_comma(value, start);
    auto part = trim(value.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return parts;
}

std::string_view first_header_list_item(std::string_view value) {
  size_t start = 0;
  while (start <= value.size()) {
    auto comma = next_list_comma(value, start);
    auto part = trim(value.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (!part.empty() || comma == std::string_view::npos) return part;
    start = comma + 1;
  }
  return {};
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int hi = hex_value(text[i + 1]);
    int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

}  // namespace callwerk::sip

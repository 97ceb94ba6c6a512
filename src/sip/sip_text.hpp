#pragma once
// Small text helpers shared by the SIP parsers. They work on views so the parser stays
// zero-copy; only percent-decoding produces an owned string.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callwerk::sip {

// ASCII case folding: SIP's case-insensitive parts (names, tokens, hosts) are ASCII, and the
// C library's tolower is locale-dependent and a call per character on the hottest path.
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);  // SP and HT only (SIP's LWS after unfolding)
bool is_token(std::string_view text);          // RFC 3261 §25.1 token
std::optional<unsigned long> parse_decimal(std::string_view text, unsigned long max);

// Splits a header value at top-level commas; commas inside quoted strings and <...> URIs
// belong to the value (Contact display names and URI headers may contain them).
std::vector<std::string_view> split_header_list(std::string_view value);
// The first entry split_header_list would return, without building the list; empty when none.
std::string_view first_header_list_item(std::string_view value);

// Decodes %xx escapes (RFC 3261 §19.1.2); nullopt when an escape is malformed.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace callwerk::sip

// Check digits: Luhn for customer numbers, ISO 13616 mod 97 for IBANs.

#include <cstdint>
#include <string>
#include <string_view>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

namespace {

bool upper_letter(char c) {
  return c >= 'A' && c <= 'Z';
}
bool digit(char c) {
  return c >= '0' && c <= '9';
}

// Countries whose callers we expect, with their fixed IBAN length; the rest only get the range
// the standard allows, so that a caller from elsewhere is not turned away by a missing table.
int iban_length_for(std::string_view country) {
  if (country == "DE") return 22;
  if (country == "AT") return 20;
  if (country == "CH") return 21;
  return 0;
}

// The IBAN moved (first four characters to the end), letters as two-digit numbers (A = 10),
// taken mod 97. The number has up to 68 digits, so it is reduced in chunks that keep the
// running value well inside 64 bits: remainder (< 97) followed by at most 9 more digits.
int iban_remainder(std::string_view iban) {
  std::uint64_t remainder = 0;
  std::uint64_t chunk = 0;
  int chunk_digits = 0;
  std::uint64_t scale = 1;
  auto push_digit = [&](int d) {
    chunk = chunk * 10 + static_cast<std::uint64_t>(d);
    scale *= 10;
    if (++chunk_digits == 9) {
      remainder = (remainder * scale + chunk) % 97;
      chunk = 0;
      chunk_digits = 0;
      scale = 1;
    }
  };
  const std::string moved = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
  for (const char c : moved) {
    if (digit(c)) {
      push_digit(c - '0');
    } else {
      const int value = c - 'A' + 10;
      push_digit(value / 10);
      push_digit(value % 10);
    }
  }
  remainder = (remainder * scale + chunk) % 97;
  return static_cast<int>(remainder);
}

}  // namespace

namespace input_parts {

std::string normalised_iban(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace input_parts

bool valid_customer_number(std::string_view digits) {
  if (digits.size() < 2 || !input_parts::all_digits(digits)) return false;
  // From the right: the check digit itself counts once, every second digit before it twice
  // (with the digits of the product added, i.e. minus 9 above 9).
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool valid_iban(std::string_view text) {
  const std::string iban = input_parts::normalised_iban(text);
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!upper_letter(iban[0]) || !upper_letter(iban[1]) || !digit(iban[2]) || !digit(iban[3]))
    return false;
  for (const char c : iban)
    if (!digit(c) && !upper_letter(c)) return false;
  // Computed check digits are 02..98; 00, 01 and 99 pass mod 97 only as aliases of 97, 98, 02.
  const std::string_view check = std::string_view(iban).substr(2, 2);
  if (check == "00" || check == "01" || check == "99") return false;
  const int fixed = iban_length_for(std::string_view(iban).substr(0, 2));
  if (fixed != 0 && static_cast<int>(iban.size()) != fixed) return false;
  return iban_remainder(iban) == 1;
}

}  // namespace callwerk::flow

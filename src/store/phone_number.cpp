#include "store/phone_number.hpp"

namespace callwerk::store {

namespace {

constexpr std::string_view kGermanCountryCode = "49";

bool is_separator(char c) {
  return c == ' ' || c == '-' || c == '/' || c == '(' || c == ')' || c == '.' || c == '\t';
}

}  // namespace

Result<std::string> normalize_phone_e164(std::string_view number) {
  std::string digits;
  bool plus = false;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (!is_separator(c)) {
      return make_error(ErrorKind::invalid_input,
                        "a phone number may only contain digits, spaces, + - / ( )");
    }
  }
  if (digits.size() < 5) {
    return make_error(ErrorKind::invalid_input, "a phone number needs at least 5 digits");
  }
  std::string national;
  if (plus) {
    national = digits;
  } else if (digits.rfind("00", 0) == 0) {
    national = digits.substr(2);
  } else if (digits.rfind('0', 0) == 0) {
    national = std::string(kGermanCountryCode) + digits.substr(1);
  } else {
    return make_error(ErrorKind::invalid_input,
                      "a phone number must start with +, 00 or the area code with 0");
  }
  // "+49 (0)170 ..." is a common way of writing a German number: the trunk 0 is dropped.
  if (national.rfind("490", 0) == 0) national.erase(2, 1);
  if (national.size() > 15 || national[0] == '0') {
    return make_error(ErrorKind::invalid_input, "not a valid international phone number");
  }
  return "+" + national;
}

}  // namespace callwerk::store

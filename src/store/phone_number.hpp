#pragma once
// Phone numbers as people type them ("06131 98 76-54", "+49 (0)170 1234567") to E.164
// ("+496131987654"), so that an incoming caller ID finds its contact.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace callwerk::store {

// German national numbers are the default: a leading single 0 becomes +49, 00 becomes +.
// Rejects letters, misplaced '+', fewer than 5 or more than 15 digits (invalid_input).
Result<std::string> normalize_phone_e164(std::string_view number);

}  // namespace callwerk::store

#pragma once
// Reading fields of a stored object (the store's JSON) where absent and null are the same as
// empty: contacts without a last name, products without a unit.

#include <cstdint>
#include <string>

#include "store/store.hpp"

namespace callwerk::app {

inline std::string text_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::int64_t int_field(const Json& row, const char* key, std::int64_t absent = 0) {
  const auto it = row.find(key);
  return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : absent;
}

}  // namespace callwerk::app

#pragma once
// The values a flow works with: what a caller entered, what a lookup found, what `set`
// computed. Small on purpose: flows are scripts for conversations, not a programming language.

#include <cstdint>
#include <map>
#include <string>
#include <variant>

namespace callwerk::flow {

// null is "not set": a variable that was never assigned reads as null, never as an error at
// run time (the validator reports variables that no path can have set).
using FlowValue = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

// Variable names are dotted paths ("kontakt.name", "bestellung.nummer"); the map is ordered so
// that what a flow collected reads the same in the timeline and the transfer summary every time.
using FlowVariables = std::map<std::string, FlowValue>;

inline bool is_null(const FlowValue& value) {
  return std::holds_alternative<std::monostate>(value);
}

}  // namespace callwerk::flow

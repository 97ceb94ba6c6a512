#pragma once
// What a caller waiting in a queue hears: the place in line and, when the ACD can compute it
// from observed handle times, the expected wait, rounded to whole minutes the way people say
// it. Never a guess: without an estimate the sentence about the wait is left out.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callwerk::app {

// `position` 1 is next in line; `wait_seconds` unset when nothing can be said about it.
// In the call's language (German, or English: "en..."); the first announcement says why the
// caller waits. `callback_key`: the key that asks for a call back, offered when a call back
// can be made.
std::string queue_announcement(std::size_t position, std::optional<std::int64_t> wait_seconds,
                               bool first, std::optional<char> callback_key = std::nullopt,
                               std::string_view language = "de");

}  // namespace callwerk::app

#pragma once
// Time is UTC milliseconds since the epoch inside callwerk; ISO 8601 only at the edges.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace callwerk {

using TimeMs = std::int64_t;

TimeMs now_ms();

// "2026-11-26T19:04:22.123Z"
std::string format_iso8601(TimeMs t);

// Accepts "2026-11-26", "2026-11-26T19:04", "2026-11-26T19:04:22", optional ".123", and a
// zone suffix "Z" or "+01:00"; a value without zone is taken as UTC. Also accepts plain
// milliseconds ("1764183862123").
std::optional<TimeMs> parse_iso8601(std::string_view text);

}  // namespace callwerk

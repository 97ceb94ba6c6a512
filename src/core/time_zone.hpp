#pragma once
// A time zone's UTC offsets read from the system's tz database (TZif files, RFC 8536), for
// "today" figures that start at the tenant's local midnight. GCC 12 has no std::chrono::tzdb,
// and localtime_r with a changed TZ variable would touch process-wide state shared by threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace callwerk {

class TimeZone {
 public:
  // /usr/share/zoneinfo/<name> (or $TZDIR/<name>); names such as "Europe/Berlin" only.
  static Result<TimeZone> load(std::string_view name);
  // The contents of a TZif file (version 1, or the 64-bit data of version 2 and later).
  static Result<TimeZone> parse(std::string_view tzif);
  static TimeZone utc();

  // Seconds east of UTC in effect at `at`. After the file's last transition its offset holds
  // (the POSIX rule at the file's end is not evaluated; Debian's files list transitions
  // up to 2037).
  std::int32_t offset_seconds_at(TimeMs at) const;

 private:
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<std::int32_t> offsets_;      // in effect from transitions_[i] on
  std::int32_t initial_offset_ = 0;        // before the first transition
};

// A loaded zone by name, kept for the process; UTC for an empty or unknown name. Thread-safe.
std::shared_ptr<const TimeZone> shared_time_zone(const std::string& name);

// The UTC instant of the last local midnight at or before `now` in `zone`. On a day whose
// midnight the clocks skip, the first local instant of that day.
TimeMs local_day_start(TimeMs now, const TimeZone& zone);

}  // namespace callwerk

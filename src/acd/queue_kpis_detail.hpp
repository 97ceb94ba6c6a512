#pragma once
// Bucket arithmetic shared by the queue and agent KPI reports. Not part of the public API;
// every function expects a window that interval_starts() accepted.

#include <cstddef>
#include <optional>

#include "acd/queue_kpis.hpp"

namespace callwerk::acd::detail {

// The bucket length in effect (bucket_ms, or the whole window when it is 0).
std::int64_t bucket_length(const KpiWindow& window);

// Which bucket `t` falls in; unset outside [from, to).
std::optional<std::size_t> bucket_index(const KpiWindow& window, TimeMs t);

// End of the bucket that starts at `start` (the window's end for the last one).
TimeMs bucket_end(const KpiWindow& window, TimeMs start);

}  // namespace callwerk::acd::detail

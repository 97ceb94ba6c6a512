#pragma once
// The wallboard's live "today" view of each queue, from the records so far and the calls still
// waiting at `now`. Pure function: the runtime passes today's records (and any still waiting).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "acd/queue_kpis.hpp"
#include "acd/queue_kpis_records.hpp"
#include "core/clock.hpp"

namespace callwerk::acd {

struct QueueLiveSnapshot {
  std::string tenant;
  std::string queue;
  std::int64_t waiting_now = 0;              // in line at `now`, whenever they entered
  std::int64_t longest_current_wait_ms = 0;  // of those; 0 when nobody waits
  // Calls offered in [day_start, now], counted as of `now` (exits and wrap-ups after `now`
  // are not yet known). today.service_level is the figure to compare with the target.
  QueueKpis today;
};

// One snapshot per (tenant, queue) in `calls`, sorted. A call counts as waiting when it was
// enqueued by `now` and has not left by `now`; one that entered before day_start is waiting
// but not part of today's offered calls. Records enqueued after `now` are ignored.
std::vector<QueueLiveSnapshot> queue_live_snapshots(std::span<const QueuedCallRecord> calls,
                                                    TimeMs day_start, TimeMs now,
                                                    const KpiOptions& options);

}  // namespace callwerk::acd

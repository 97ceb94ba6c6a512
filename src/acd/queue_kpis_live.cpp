#include "acd/queue_kpis_live.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace callwerk::acd {

std::vector<QueueLiveSnapshot> queue_live_snapshots(std::span<const QueuedCallRecord> calls,
                                                    TimeMs day_start, TimeMs now,
                                                    const KpiOptions& options) {
  struct Live {
    std::int64_t waiting = 0;
    std::int64_t longest = 0;
    QueueCallTotals today;
  };
  std::map<std::pair<std::string, std::string>, Live> by_queue;
  for (const QueuedCallRecord& call : calls) {
    if (call.enqueued_at > now) continue;
    Live& live = by_queue[{call.tenant, call.queue}];
    const bool waiting = call.exit == QueueExit::waiting || call.left_queue_at > now;
    if (waiting) {
      ++live.waiting;
      live.longest = std::max(live.longest, now - call.enqueued_at);
    }
    if (call.enqueued_at >= day_start) add_call(live.today, call, options, now);
  }

  std::vector<QueueLiveSnapshot> snapshots;
  snapshots.reserve(by_queue.size());
  for (const auto& [key, live] : by_queue) {
    snapshots.push_back(QueueLiveSnapshot{key.first, key.second, live.waiting, live.longest,
                                          derive_queue_kpis(live.today)});
  }
  return snapshots;
}

}  // namespace callwerk::acd

#pragma once
// Agent KPIs per interval: calls answered and handled (from call records, in the interval the
// call was offered, like the queue KPIs) and time per state with occupancy (from state spans,
// split exactly at interval boundaries, since these are time measures). Pure functions.
//
// Occupancy = handling / (handling + ready), where handling is on_call (hold included) plus
// wrap_up time and ready is available plus reserved plus ringing time: the agent was free for
// work but not yet working on a call. Paused and offline time are in neither.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "acd/queue_kpis.hpp"
#include "acd/queue_kpis_records.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

struct AgentTotals {
  // From the call records the agent answered (all queues).
  std::int64_t answered = 0;
  std::int64_t handled = 0;  // wrap-up over
  std::int64_t talk_ms = 0;  // of the handled calls, hold included
  std::int64_t hold_ms = 0;
  std::int64_t wrap_up_ms = 0;
  // From the state spans, clipped to the interval.
  std::int64_t on_call_ms = 0;
  std::int64_t wrap_up_state_ms = 0;
  std::int64_t ready_ms = 0;  // available + reserved + ringing
  std::int64_t paused_ms = 0;
  std::map<std::string, std::int64_t> paused_ms_by_reason;

  bool operator==(const AgentTotals&) const = default;
};

struct AgentKpis {
  AgentTotals totals;
  std::optional<double> aht_ms;     // (talk_ms + wrap_up_ms) / handled
  std::optional<double> occupancy;  // (on_call + wrap_up state) / (that + ready); unset if 0/0
};

AgentKpis derive_agent_kpis(const AgentTotals& totals);

struct AgentIntervalKpis {
  std::string tenant;
  std::string agent;
  TimeMs interval_start = 0;
  TimeMs interval_end = 0;
  AgentKpis kpis;
};

// One row per (tenant, agent) found in `spans` or as the answering agent in `calls`, for each
// bucket of the window, sorted by tenant, agent, time. A span still open (no `to`) runs until
// the window's end: for a live view, end the window at now.
Result<std::vector<AgentIntervalKpis>> agent_kpis_by_interval(
    std::span<const QueuedCallRecord> calls, std::span<const AgentStateSpan> spans,
    const KpiWindow& window, const KpiOptions& options);

}  // namespace callwerk::acd

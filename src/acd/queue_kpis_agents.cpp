#include "acd/queue_kpis_agents.hpp"

#include <algorithm>
#include <utility>

#include "acd/queue_kpis_detail.hpp"

namespace callwerk::acd {
namespace {

using AgentKey = std::pair<std::string, std::string>;  // tenant, agent

void add_state_time(AgentTotals& totals, const AgentStateSpan& span, std::int64_t ms) {
  switch (span.activity) {
    case AgentActivity::offline:
      break;
    case AgentActivity::available:
    case AgentActivity::reserved:
    case AgentActivity::ringing:
      totals.ready_ms += ms;
      break;
    case AgentActivity::on_call:
      totals.on_call_ms += ms;
      break;
    case AgentActivity::wrap_up:
      totals.wrap_up_state_ms += ms;
      break;
    case AgentActivity::paused:
      totals.paused_ms += ms;
      totals.paused_ms_by_reason[span.reason] += ms;
      break;
  }
}

// The agent's share of a call record: what add_call counts for the queue, kept per agent.
void add_answered_call(AgentTotals& totals, const QueuedCallRecord& call,
                       const KpiOptions& options) {
  QueueCallTotals one;
  add_call(one, call, options);
  totals.answered += one.answered;
  totals.handled += one.handled;
  totals.talk_ms += one.talk_ms;
  totals.hold_ms += one.hold_ms;
  totals.wrap_up_ms += one.wrap_up_ms;
}

}  // namespace

AgentKpis derive_agent_kpis(const AgentTotals& totals) {
  AgentKpis k;
  k.totals = totals;
  if (totals.handled > 0) {
    k.aht_ms = static_cast<double>(totals.talk_ms + totals.wrap_up_ms) /
               static_cast<double>(totals.handled);
  }
  const std::int64_t handling = totals.on_call_ms + totals.wrap_up_state_ms;
  if (handling + totals.ready_ms > 0) {
    k.occupancy = static_cast<double>(handling) / static_cast<double>(handling + totals.ready_ms);
  }
  return k;
}

Result<std::vector<AgentIntervalKpis>> agent_kpis_by_interval(
    std::span<const QueuedCallRecord> calls, std::span<const AgentStateSpan> spans,
    const KpiWindow& window, const KpiOptions& options) {
  if (auto checked = check_kpi_options(options); !checked) return checked.error();
  auto starts = interval_starts(window);
  if (!starts) return starts.error();

  std::map<AgentKey, std::vector<AgentTotals>> by_agent;
  auto buckets_of = [&](const std::string& tenant, const std::string& agent) -> auto& {
    auto& buckets = by_agent[{tenant, agent}];
    if (buckets.empty()) buckets.resize(starts->size());
    return buckets;
  };

  for (const AgentStateSpan& span : spans) {
    auto& buckets = buckets_of(span.tenant, span.agent);
    const TimeMs from = std::max(span.from, window.from);
    const TimeMs to = std::min(span.to.value_or(window.to), window.to);
    // Walk the buckets the span overlaps and give each its share.
    for (TimeMs t = from; t < to;) {
      const std::size_t index = *detail::bucket_index(window, t);
      const TimeMs end = std::min(to, detail::bucket_end(window, (*starts)[index]));
      add_state_time(buckets[index], span, end - t);
      t = end;
    }
  }
  for (const QueuedCallRecord& call : calls) {
    if (call.exit != QueueExit::answered || call.agent.empty()) continue;
    auto& buckets = buckets_of(call.tenant, call.agent);
    if (auto index = detail::bucket_index(window, call.enqueued_at)) {
      add_answered_call(buckets[*index], call, options);
    }
  }

  std::vector<AgentIntervalKpis> rows;
  rows.reserve(by_agent.size() * starts->size());
  for (const auto& [key, buckets] : by_agent) {
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      rows.push_back(AgentIntervalKpis{key.first, key.second, (*starts)[i],
                                       detail::bucket_end(window, (*starts)[i]),
                                       derive_agent_kpis(buckets[i])});
    }
  }
  return rows;
}

}  // namespace callwerk::acd

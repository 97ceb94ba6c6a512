#pragma once
// JSON of the KPI figures of src/acd for the report endpoints: counts as integers, durations
// in seconds, rates as fractions (0.8 = 80 %), null where a rate has no data.

#include "acd/queue_kpis.hpp"
#include "acd/queue_kpis_agents.hpp"
#include "store/store.hpp"

namespace callwerk::http {

store::Json queue_kpis_json(const acd::QueueKpis& kpis);
store::Json agent_kpis_json(const acd::AgentKpis& kpis);

// Sums agent totals (all of them are additive), e.g. the intervals of a report to its total.
void add_agent_totals(acd::AgentTotals& sum, const acd::AgentTotals& more);

}  // namespace callwerk::http

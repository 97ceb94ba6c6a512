#pragma once
// The stored ACD records (catalog entities `queue_calls` and `agent_states`, rows as
// StoreReader::list returns them) turned into the records the pure KPI functions of src/acd
// take. Ids become decimal strings: tenant, queue and agent ids of the store.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "acd/queue_kpis_records.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::http {

// More rows than this in one window are refused (choose a shorter window or a filter): a
// report holds them all in memory on an HTTP thread.
constexpr std::int64_t kMaxReportRows = 200'000;

using FieldEquals = std::vector<std::pair<std::string, std::string>>;

// Every row of `entity` of one tenant whose time field lies in [from, to) (unbounded where
// unset) and that matches `equals`, oldest first, read in pages of 500. More than `max_rows`:
// invalid_input on "from".
Result<std::vector<store::Json>> list_rows_in_window(
    store::StoreReader& reader, const store::EntitySpec& entity, store::Id tenant_id,
    std::optional<TimeMs> from, std::optional<TimeMs> to, const FieldEquals& equals,
    std::int64_t max_rows = kMaxReportRows);

// One `queue_calls` row. Rows are stored when the stay is over, so none is still waiting.
Result<acd::QueuedCallRecord> queued_call_record(const store::Json& row, store::Id tenant_id);

// The tenant's queue calls offered in [from, to), optionally only those of one queue
// (`queue_id`) or answered by one agent (`agent_id`).
Result<std::vector<acd::QueuedCallRecord>> read_queue_calls(store::StoreReader& reader,
                                                            store::Id tenant_id, TimeMs from,
                                                            TimeMs to,
                                                            const FieldEquals& equals = {});

// Spans from `agent_states` rows (any order, several agents): each row's state lasts until
// the agent's next row; the agent's last state until `open_end` (a span never ends before it
// starts). Rows with an unknown state or no time are skipped.
std::vector<acd::AgentStateSpan> agent_state_spans(std::span<const store::Json> rows,
                                                   store::Id tenant_id, TimeMs open_end);

// The spans covering [from, to) of the given agents: each agent's newest row before `from`
// (unless it is offline) and every row in the window; the last state runs until
// min(to, now).
Result<std::vector<acd::AgentStateSpan>> read_agent_spans(store::StoreReader& reader,
                                                          store::Id tenant_id,
                                                          std::span<const store::Id> user_ids,
                                                          TimeMs from, TimeMs to, TimeMs now);

}  // namespace callwerk::http

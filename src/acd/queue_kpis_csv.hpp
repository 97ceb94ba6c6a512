#pragma once
// CSV export of KPI rows (RFC 4180: comma separated, CRLF line ends, fields quoted when they
// hold a comma, quote, CR or LF, quotes doubled). Pure: rows in, text out; the HTTP layer sends
// it. Column names are stable English identifiers; times are ISO 8601 UTC, durations seconds
// with one decimal, rates fractions (0.8472) with four decimals, and an empty field where a
// rate has no data.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "acd/queue_kpis.hpp"
#include "acd/queue_kpis_agents.hpp"

namespace callwerk::acd {

// One field, quoted when needed. Text that a spreadsheet would run as a formula (starting
// with =, +, -, @, tab or CR) gets a leading apostrophe first, so names typed by users cannot
// inject formulas into the team lead's spreadsheet.
std::string csv_text_field(std::string_view text);

// A header line and rows of already formatted fields, each line ended by CRLF.
std::string csv_document(std::span<const std::string> header,
                         std::span<const std::vector<std::string>> rows);

// Columns: tenant, queue, interval_start, interval_end, offered, answered,
// answered_within_threshold, abandoned, short_abandoned, callback_chosen, overflowed,
// timed_out, still_waiting, service_level, service_level_asterisk, service_level_asterisk_sl2,
// abandon_rate, asa_s, aht_s, longest_wait_s, handled, talk_s, hold_s, wrap_up_s.
std::string queue_kpis_csv(std::span<const QueueIntervalKpis> rows);

// Columns: tenant, agent, interval_start, interval_end, answered, handled, aht_s, talk_s,
// hold_s, wrap_up_s, on_call_s, wrap_up_state_s, ready_s, paused_s, occupancy.
std::string agent_kpis_csv(std::span<const AgentIntervalKpis> rows);

}  // namespace callwerk::acd

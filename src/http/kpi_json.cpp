#include "http/kpi_json.hpp"

#include <cmath>
#include <optional>

namespace callwerk::http {

namespace {

using store::Json;

// Milliseconds as seconds with millisecond precision (no binary noise such as 13.400000001).
double seconds(double ms) {
  return std::round(ms) / 1000.0;
}

Json optional_seconds(const std::optional<double>& ms) {
  return ms ? Json(seconds(*ms)) : Json();
}

// Fractions to six decimals: precise enough for any report, stable to compare.
Json optional_rate(const std::optional<double>& rate) {
  return rate ? Json(std::round(*rate * 1e6) / 1e6) : Json();
}

}  // namespace

Json queue_kpis_json(const acd::QueueKpis& kpis) {
  const acd::QueueCallTotals& t = kpis.totals;
  return Json{{"offered", t.offered},
              {"answered", t.answered},
              {"answered_within_threshold", t.answered_within_threshold},
              {"abandoned", t.abandoned},
              {"short_abandoned", t.short_abandoned},
              {"callback_chosen", t.callback_chosen},
              {"overflowed", t.overflowed},
              {"timed_out", t.timed_out},
              {"handled", t.handled},
              {"service_level", optional_rate(kpis.service_level)},
              {"service_level_asterisk", optional_rate(kpis.service_level_asterisk)},
              {"service_level_asterisk_sl2", optional_rate(kpis.service_level_asterisk_sl2)},
              {"abandon_rate", optional_rate(kpis.abandon_rate)},
              {"asa_seconds", optional_seconds(kpis.asa_ms)},
              {"aht_seconds", optional_seconds(kpis.aht_ms)},
              {"longest_wait_seconds", seconds(static_cast<double>(t.longest_wait_ms))},
              {"talk_seconds", seconds(static_cast<double>(t.talk_ms))},
              {"hold_seconds", seconds(static_cast<double>(t.hold_ms))},
              {"wrap_up_seconds", seconds(static_cast<double>(t.wrap_up_ms))}};
}

Json agent_kpis_json(const acd::AgentKpis& kpis) {
  const acd::AgentTotals& t = kpis.totals;
  Json paused = Json::object();
  for (const auto& [reason, ms] : t.paused_ms_by_reason)
    paused[reason] = seconds(static_cast<double>(ms));
  return Json{{"answered", t.answered},
              {"handled", t.handled},
              {"aht_seconds", optional_seconds(kpis.aht_ms)},
              {"talk_seconds", seconds(static_cast<double>(t.talk_ms))},
              {"hold_seconds", seconds(static_cast<double>(t.hold_ms))},
              {"wrap_up_seconds", seconds(static_cast<double>(t.wrap_up_ms))},
              {"on_call_seconds", seconds(static_cast<double>(t.on_call_ms))},
              {"wrap_up_state_seconds", seconds(static_cast<double>(t.wrap_up_state_ms))},
              {"ready_seconds", seconds(static_cast<double>(t.ready_ms))},
              {"paused_seconds", seconds(static_cast<double>(t.paused_ms))},
              {"paused_by_reason", std::move(paused)},
              {"occupancy", optional_rate(kpis.occupancy)}};
}

void add_agent_totals(acd::AgentTotals& sum, const acd::AgentTotals& more) {
  sum.answered += more.answered;
  sum.handled += more.handled;
  sum.talk_ms += more.talk_ms;
  sum.hold_ms += more.hold_ms;
  sum.wrap_up_ms += more.wrap_up_ms;
  sum.on_call_ms += more.on_call_ms;
  sum.wrap_up_state_ms += more.wrap_up_state_ms;
  sum.ready_ms += more.ready_ms;
  sum.paused_ms += more.paused_ms;
  for (const auto& [reason, ms] : more.paused_ms_by_reason) sum.paused_ms_by_reason[reason] += ms;
}

}  // namespace callwerk::http

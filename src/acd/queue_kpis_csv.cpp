#include "acd/queue_kpis_csv.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

#include "core/clock.hpp"

namespace callwerk::acd {
namespace {

std::string count(std::int64_t value) {
  return std::to_string(value);
}

std::string seconds(double ms) {
  return fmt::format("{:.1f}", ms / 1000.0);
}
std::string seconds(std::int64_t ms) {
  return seconds(static_cast<double>(ms));
}
std::string seconds(const std::optional<double>& ms) {
  return ms ? seconds(*ms) : std::string();
}

std::string fraction(const std::optional<double>& value) {
  return value ? fmt::format("{:.4f}", *value) : std::string();
}

std::string time(TimeMs t) {
  return format_iso8601(t);
}

}  // namespace

std::string csv_text_field(std::string_view text) {
  std::string value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    value = "'";
  }
  value.append(text);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_document(std::span<const std::string> header,
                         std::span<const std::vector<std::string>> rows) {
  std::string out;
  auto line = [&out](std::span<const std::string> fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ',';
      out += fields[i];
    }
    out += "\r\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
  return out;
}

std::string queue_kpis_csv(std::span<const QueueIntervalKpis> rows) {
  static const std::vector<std::string> header{"tenant",
                                               "queue",
                                               "interval_start",
                                               "interval_end",
                                               "offered",
                                               "answered",
                                               "answered_within_threshold",
                                               "abandoned",
                                               "short_abandoned",
                                               "callback_chosen",
                                               "overflowed",
                                               "timed_out",
                                               "still_waiting",
                                               "service_level",
                                               "service_level_asterisk",
                                               "service_level_asterisk_sl2",
                                               "abandon_rate",
                                               "asa_s",
                                               "aht_s",
                                               "longest_wait_s",
                                               "handled",
                                               "talk_s",
                                               "hold_s",
                                               "wrap_up_s"};
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows.size());
  for (const QueueIntervalKpis& row : rows) {
    const QueueKpis& k = row.kpis;
    const QueueCallTotals& t = k.totals;
    lines.push_back({csv_text_field(row.tenant),
                     csv_text_field(row.queue),
                     time(row.interval_start),
                     time(row.interval_end),
                     count(t.offered),
                     count(t.answered),
                     count(t.answered_within_threshold),
                     count(t.abandoned),
                     count(t.short_abandoned),
                     count(t.callback_chosen),
                     count(t.overflowed),
                     count(t.timed_out),
                     count(t.still_waiting),
                     fraction(k.service_level),
                     fraction(k.service_level_asterisk),
                     fraction(k.service_level_asterisk_sl2),
                     fraction(k.abandon_rate),
                     seconds(k.asa_ms),
                     seconds(k.aht_ms),
                     seconds(t.longest_wait_ms),
                     count(t.handled),
                     seconds(t.talk_ms),
                     seconds(t.hold_ms),
                     seconds(t.wrap_up_ms)});
  }
  return csv_document(header, lines);
}

std::string agent_kpis_csv(std::span<const AgentIntervalKpis> rows) {
  static const std::vector<std::string> header{
      "tenant",    "agent",           "interval_start", "interval_end", "answered",
      "handled",   "aht_s",           "talk_s",         "hold_s",       "wrap_up_s",
      "on_call_s", "wrap_up_state_s", "ready_s",        "paused_s",     "occupancy"};
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows.size());
  for (const AgentIntervalKpis& row : rows) {
    const AgentKpis& k = row.kpis;
    const AgentTotals& t = k.totals;
    lines.push_back({csv_text_field(row.tenant), csv_text_field(row.agent),
                     time(row.interval_start), time(row.interval_end), count(t.answered),
                     count(t.handled), seconds(k.aht_ms), seconds(t.talk_ms), seconds(t.hold_ms),
                     seconds(t.wrap_up_ms), seconds(t.on_call_ms), seconds(t.wrap_up_state_ms),
                     seconds(t.ready_ms), seconds(t.paused_ms), fraction(k.occupancy)});
  }
  return csv_document(header, lines);
}

}  // namespace callwerk::acd

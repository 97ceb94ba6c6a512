#pragma once
// Queue KPIs from raw call records (DOMAIN.md section 1): counts, the service-level variants,
// abandon rate, ASA, AHT, longest wait; per queue and interval. Pure functions.
//
// Definitions (all thresholds inclusive of the boundary as noted):
// - wait = left_queue_at - enqueued_at (ring time of agents included);
// - answered within threshold: wait <= service_level_threshold_ms (as Asterisk does);
// - short abandon: abandoned with wait < short_abandon_threshold_ms;
// - callers who chose a callback, overflowed or timed out are counted apart and are in no
//   service-level or abandon-rate denominator (the callback is its own, later contact);
// - AHT = (talk + wrap-up) / handled, talk from answer to talk end, hold included (the caller
//   is still occupying the agent); only calls whose wrap-up is over count as handled.
// - Interval attribution: a call belongs to the interval in which it was offered (enqueued),
//   even when it is answered, abandoned or handled in a later one.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "acd/queue_kpis_records.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

struct KpiOptions {
  std::int64_t service_level_threshold_ms = 20'000;
  std::int64_t short_abandon_threshold_ms = 5'000;
};

Status check_kpi_options(const KpiOptions& options);

// Counts and sums of a group of calls; every rate in QueueKpis follows from them, so groups
// can be added up (e.g. intervals to a day) before rates are derived.
struct QueueCallTotals {
  std::int64_t offered = 0;  // every stay, whatever its exit (also those still waiting)
  std::int64_t answered = 0;
  std::int64_t answered_within_threshold = 0;
  std::int64_t abandoned = 0;  // including short abandons
  std::int64_t short_abandoned = 0;
  std::int64_t abandoned_within_threshold = 0;  // for Asterisk's SL2 (short ones included)
  std::int64_t callback_chosen = 0;
  std::int64_t overflowed = 0;
  std::int64_t timed_out = 0;
  std::int64_t still_waiting = 0;
  std::int64_t answered_wait_ms = 0;  // sum over answered calls
  std::int64_t longest_wait_ms = 0;   // over every exit; waiting calls only with an `as_of`
  std::int64_t handled = 0;           // answered calls whose wrap-up is over
  std::int64_t talk_ms = 0;           // of the handled calls, hold included
  std::int64_t hold_ms = 0;           // of the handled calls (already inside talk_ms)
  std::int64_t wrap_up_ms = 0;        // of the handled calls

  QueueCallTotals& operator+=(const QueueCallTotals& other);
  bool operator==(const QueueCallTotals&) const = default;
};

// Adds one record. With `as_of`, only what had happened by then counts: a later exit makes
// the call still waiting (its wait so far counts for the longest wait), a later wrap-up end
// makes it not yet handled. Without `as_of`, everything in the record counts.
void add_call(QueueCallTotals& totals, const QueuedCallRecord& call, const KpiOptions& options,
              std::optional<TimeMs> as_of = std::nullopt);

// Rates are unset when their denominator is zero (no calls of that kind): "no data" differs
// from 0 % and 100 %.
struct QueueKpis {
  QueueCallTotals totals;
  // THE service level (Genesys style), shown on the wallboard and used for alerts:
  //   answered within threshold / (answered + abandoned - short abandons).
  // Chosen because abandons count against it (Asterisk's SL ignores them, so a queue where
  // everybody gives up looks perfect, and SL2 even rewards quick abandons), while callers who
  // hang up within seconds (misdials, no real intent) do not. Same as Erlang A's service_level.
  std::optional<double> service_level;
  // Asterisk SL: answered within threshold / answered.
  std::optional<double> service_level_asterisk;
  // Asterisk SL2: (answered within + abandoned within threshold) / (answered + abandoned).
  std::optional<double> service_level_asterisk_sl2;
  // (abandoned - short abandons) / (answered + abandoned - short abandons); callbacks apart.
  std::optional<double> abandon_rate;
  std::optional<double> asa_ms;  // answered_wait_ms / answered
  std::optional<double> aht_ms;  // (talk_ms + wrap_up_ms) / handled
};

QueueKpis derive_queue_kpis(const QueueCallTotals& totals);

// A report window [from, to) cut into buckets of bucket_ms (15, 30 or 60 minutes, or any
// positive length) starting at `from`; bucket_ms = 0 makes one bucket of the whole window
// (a day: pass local midnight to midnight, which also handles 23- and 25-hour days). The last
// bucket ends at `to` and may be shorter.
struct KpiWindow {
  TimeMs from = 0;
  TimeMs to = 0;
  std::int64_t bucket_ms = 0;
};

constexpr std::int64_t kMinutes15 = 15 * 60'000;
constexpr std::int64_t kMinutes30 = 30 * 60'000;
constexpr std::int64_t kMinutes60 = 60 * 60'000;

// The buckets' start times; fails when to <= from, bucket_ms < 0, or there would be more
// than 100,000 buckets.
Result<std::vector<TimeMs>> interval_starts(const KpiWindow& window);

struct QueueIntervalKpis {
  std::string tenant;
  std::string queue;
  TimeMs interval_start = 0;
  TimeMs interval_end = 0;
  QueueKpis kpis;
};

// One row per (tenant, queue) found in `calls` and bucket of the window, empty buckets
// included, sorted by tenant, queue, time. Calls offered outside the window are ignored.
Result<std::vector<QueueIntervalKpis>> queue_kpis_by_interval(
    std::span<const QueuedCallRecord> calls, const KpiWindow& window, const KpiOptions& options);

}  // namespace callwerk::acd

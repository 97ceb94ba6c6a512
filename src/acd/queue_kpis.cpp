#include "acd/queue_kpis.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "acd/queue_kpis_detail.hpp"

namespace callwerk::acd {
namespace {

constexpr std::size_t kMaxBuckets = 100'000;

std::optional<double> ratio(std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Durations from bad clocks or bad records must not go negative and poison the sums.
std::int64_t duration(TimeMs from, TimeMs to) {
  return std::max<std::int64_t>(0, to - from);
}

}  // namespace

namespace detail {

std::int64_t bucket_length(const KpiWindow& window) {
  return window.bucket_ms > 0 ? window.bucket_ms : window.to - window.from;
}

std::optional<std::size_t> bucket_index(const KpiWindow& window, TimeMs t) {
  if (t < window.from || t >= window.to) return std::nullopt;
  return static_cast<std::size_t>((t - window.from) / bucket_length(window));
}

TimeMs bucket_end(const KpiWindow& window, TimeMs start) {
  return std::min(window.to, start + bucket_length(window));
}

}  // namespace detail

Status check_kpi_options(const KpiOptions& options) {
  if (options.service_level_threshold_ms < 0) {
    return make_error(ErrorKind::invalid_input, "must not be negative",
                      "service_level_threshold_ms");
  }
  if (options.short_abandon_threshold_ms < 0) {
    return make_error(ErrorKind::invalid_input, "must not be negative",
                      "short_abandon_threshold_ms");
  }
  return ok_status();
}

QueueCallTotals& QueueCallTotals::operator+=(const QueueCallTotals& other) {
  offered += other.offered;
  answered += other.answered;
  answered_within_threshold += other.answered_within_threshold;
  abandoned += other.abandoned;
  short_abandoned += other.short_abandoned;
  abandoned_within_threshold += other.abandoned_within_threshold;
  callback_chosen += other.callback_chosen;
  overflowed += other.overflowed;
  timed_out += other.timed_out;
  still_waiting += other.still_waiting;
  answered_wait_ms += other.answered_wait_ms;
  longest_wait_ms = std::max(longest_wait_ms, other.longest_wait_ms);
  handled += other.handled;
  talk_ms += other.talk_ms;
  hold_ms += other.hold_ms;
  wrap_up_ms += other.wrap_up_ms;
  return *this;
}

void add_call(QueueCallTotals& totals, const QueuedCallRecord& call, const KpiOptions& options,
              std::optional<TimeMs> as_of) {
  ++totals.offered;
  const bool exited = call.exit != QueueExit::waiting && (!as_of || call.left_queue_at <= *as_of);
  if (!exited) {
    ++totals.still_waiting;
    if (as_of)
      totals.longest_wait_ms = std::max(totals.longest_wait_ms, duration(call.enqueued_at, *as_of));
    return;
  }
  const std::int64_t wait = duration(call.enqueued_at, call.left_queue_at);
  totals.longest_wait_ms = std::max(totals.longest_wait_ms, wait);
  const bool within = wait <= options.service_level_threshold_ms;
  switch (call.exit) {
    case QueueExit::waiting:
      break;
    case QueueExit::answered: {
      ++totals.answered;
      if (within) ++totals.answered_within_threshold;
      totals.answered_wait_ms += wait;
      const bool wrapped_up = call.talk_ended_at && call.wrap_up_ended_at &&
                              (!as_of || *call.wrap_up_ended_at <= *as_of);
      if (wrapped_up) {
        ++totals.handled;
        totals.talk_ms += duration(call.left_queue_at, *call.talk_ended_at);
        totals.hold_ms += std::max<std::int64_t>(0, call.hold_ms);
        totals.wrap_up_ms += duration(*call.talk_ended_at, *call.wrap_up_ended_at);
      }
      break;
    }
    case QueueExit::abandoned:
      ++totals.abandoned;
      if (wait < options.short_abandon_threshold_ms) ++totals.short_abandoned;
      if (within) ++totals.abandoned_within_threshold;
      break;
    case QueueExit::callback_chosen:
      ++totals.callback_chosen;
      break;
    case QueueExit::overflowed:
      ++totals.overflowed;
      break;
    case QueueExit::timed_out:
      ++totals.timed_out;
      break;
  }
}

QueueKpis derive_queue_kpis(const QueueCallTotals& t) {
  QueueKpis k;
  k.totals = t;
  const std::int64_t real_abandons = t.abandoned - t.short_abandoned;
  k.service_level = ratio(t.answered_within_threshold, t.answered + real_abandons);
  k.service_level_asterisk = ratio(t.answered_within_threshold, t.answered);
  k.service_level_asterisk_sl2 =
      ratio(t.answered_within_threshold + t.abandoned_within_threshold, t.answered + t.abandoned);
  k.abandon_rate = ratio(real_abandons, t.answered + real_abandons);
  k.asa_ms = ratio(t.answered_wait_ms, t.answered);
  k.aht_ms = ratio(t.talk_ms + t.wrap_up_ms, t.handled);
  return k;
}

Result<std::vector<TimeMs>> interval_starts(const KpiWindow& window) {
  if (window.to <= window.from) {
    return make_error(ErrorKind::invalid_input, "must be after the window's start", "to");
  }
  if (window.bucket_ms < 0) {
    return make_error(ErrorKind::invalid_input, "must not be negative", "bucket_ms");
  }
  const std::int64_t length = detail::bucket_length(window);
  const std::int64_t span = window.to - window.from;
  const std::int64_t count = span / length + (span % length != 0 ? 1 : 0);
  if (count > static_cast<std::int64_t>(kMaxBuckets)) {
    return make_error(ErrorKind::invalid_input, "more than 100000 intervals", "bucket_ms");
  }
  std::vector<TimeMs> starts;
  starts.reserve(static_cast<std::size_t>(count));
  for (TimeMs t = window.from; t < window.to; t += length) starts.push_back(t);
  return starts;
}

Result<std::vector<QueueIntervalKpis>> queue_kpis_by_interval(
    std::span<const QueuedCallRecord> calls, const KpiWindow& window, const KpiOptions& options) {
  if (auto checked = check_kpi_options(options); !checked) return checked.error();
  auto starts = interval_starts(window);
  if (!starts) return starts.error();

  std::map<std::pair<std::string, std::string>, std::vector<QueueCallTotals>> by_queue;
  for (const QueuedCallRecord& call : calls) {
    auto& buckets = by_queue[{call.tenant, call.queue}];
    if (buckets.empty()) buckets.resize(starts->size());
    if (auto index = detail::bucket_index(window, call.enqueued_at)) {
      add_call(buckets[*index], call, options);
    }
  }

  std::vector<QueueIntervalKpis> rows;
  rows.reserve(by_queue.size() * starts->size());
  for (const auto& [key, buckets] : by_queue) {
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      rows.push_back(QueueIntervalKpis{key.first, key.second, (*starts)[i],
                                       detail::bucket_end(window, (*starts)[i]),
                                       derive_queue_kpis(buckets[i])});
    }
  }
  return rows;
}

}  // namespace callwerk::acd

#pragma once
// Estimated wait for a caller at position k of a queue, computed from the agents serving the
// queue and the handle times observed, for announcements and the wallboard. Pure functions.
//
// Model. Every agent serving the queue is a server that frees up at known expected times:
// an available agent at 0, a busy agent (reserved, ringing, talking or in wrap-up) after its
// expected remaining handle time, and after each call it takes, one mean handle time (AHT)
// later again. Callers are served first come, first served, each release taking the head of
// the line, so the caller at position k is answered at the k-th release. The expected
// remaining time of a call that has run e ms is the observed mean residual life
// mean(x - e | x > e) over the observed handle times x (a call that has run long is judged by
// the calls that ran at least as long, not by the overall mean); when no observed call ran
// that long there is no data, and the memoryless assumption of Erlang C (remaining = AHT) is
// used. The model ignores callers ahead who give up (so it errs on the long side) and agents
// shared with other queues (which errs on the short side).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.hpp"

namespace callwerk::acd {

// Handle times (talk + hold + wrap-up, ms) of a queue's recently completed calls, prepared
// for residual-life lookups. Built once per KPI refresh, queried per announcement.
class HandleTimeProfile {
 public:
  HandleTimeProfile() = default;
  // Negative values are ignored (bad records).
  explicit HandleTimeProfile(std::span<const std::int64_t> handle_ms);

  std::size_t samples() const { return sorted_.size(); }
  // Mean handle time; 0 without samples.
  double mean_ms() const;
  // mean(x - elapsed | x > elapsed) over the samples; mean_ms() when no sample exceeds
  // `elapsed_ms`; 0 without samples.
  double expected_remaining_ms(std::int64_t elapsed_ms) const;

 private:
  std::vector<std::int64_t> sorted_;
  std::vector<double> suffix_sum_;  // suffix_sum_[i] = sum of sorted_[i..]
};

enum class EstimateConfidence {
  none,    // no estimate: no handle times observed, or no agent serves the queue
  low,     // fewer than 10 observed handle times
  medium,  // fewer than 50
  high,    // 50 or more, or the caller is answered at once (no data needed)
};

struct WaitEstimateInput {
  int position = 1;          // 1 = next in line
  int available_agents = 0;  // ready agents serving the queue, not yet given a call
  // One entry per agent serving the queue who is busy: ms since it started handling its
  // current call (answer time; 0 for an agent reserved or ringing for a new call).
  std::vector<std::int64_t> busy_elapsed_ms;
};

struct WaitEstimate {
  std::optional<std::int64_t> wait_ms;       // unset when confidence is none
  std::optional<std::int64_t> wait_seconds;  // wait_ms rounded up to whole seconds
  EstimateConfidence confidence = EstimateConfidence::none;
  std::size_t samples = 0;  // observed handle times the estimate rests on
};

// Fails with invalid_input for position < 1 or > 100000, negative agent counts or elapsed
// times. No agents, or busy agents but no observed handle times, give confidence none.
Result<WaitEstimate> estimate_wait(const WaitEstimateInput& input,
                                   const HandleTimeProfile& handle_times);

}  // namespace callwerk::acd

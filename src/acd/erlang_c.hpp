#pragma once
// Erlang C (M/M/N queue, callers never give up): the probability of waiting, service level,
// ASA and occupancy of a queue with N agents, as in DOMAIN.md section 1. Pure functions.
//
// Numerics: no factorials or powers. Erlang B comes from its recursion, kept as its inverse
// (1/B(n) = 1 + n/A * 1/B(n-1)), which only grows and so cannot underflow for hundreds or
// thousands of agents; C follows from B as C = N / ((N - A) / B + A).

#include <cstdint>

#include "core/result.hpp"

namespace callwerk::acd {

// The load of one queue: arrivals per second and mean handle time (talk + hold + wrap-up).
struct Traffic {
  double arrivals_per_second = 0;
  double aht_seconds = 0;

  // Offered load A = lambda * AHT in erlangs (agents kept busy on average).
  double erlangs() const { return arrivals_per_second * aht_seconds; }
};

// The traffic observed in an interval: `calls` offered within `interval_ms` and their mean
// handle time. This is how the staffing calculator is fed from a queue's KPIs.
Result<Traffic> observed_traffic(std::int64_t calls, std::int64_t interval_ms, double aht_seconds);

// Erlang B blocking probability B(N, A) of a loss system; N >= 0 agents, A > 0 erlangs.
Result<double> erlang_b(int agents, double erlangs);

// Erlang C probability that a caller has to wait, C(N, A); needs N > A (else the queue grows
// without bound and every caller waits).
Result<double> erlang_c(int agents, double erlangs);

struct ErlangCMetrics {
  double erlangs = 0;           // A
  double wait_probability = 0;  // C(N, A)
  double service_level = 0;     // P(wait <= threshold) = 1 - C * exp(-(N - A) * t / AHT)
  double asa_seconds = 0;       // mean wait over all callers = C * AHT / (N - A)
  double occupancy = 0;         // A / N
};

// All Erlang C figures for `agents` agents at a service-level threshold (seconds, >= 0).
Result<ErlangCMetrics> erlang_c_metrics(int agents, const Traffic& traffic,
                                        double threshold_seconds);

}  // namespace callwerk::acd

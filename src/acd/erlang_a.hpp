#pragma once
// Erlang A (M/M/N+M: Poisson arrivals, exponential handle times, N agents, callers who give up
// after an exponential patience time with mean 1/theta), as in DOMAIN.md section 1
// (Mandelbaum & Zeltyn, "The Palm/Erlang-A Queue"). Unlike Erlang C it is stable for any load,
// so it also answers "what happens with too few agents". Pure functions.
//
// Method. The number in system is a birth-death chain: pi_j = pi_0 A^j/j! up to N, then
// pi_{N+k} = pi_N prod_{i=1..k} lambda / (N mu + i theta). It is summed until the terms are
// negligible (relative 1e-17), relative to pi_N so that no factorial is formed (the part below
// N comes from the Erlang B recursion). An arrival sees this distribution (PASTA).
//   P(wait > 0) = sum_{k>=0} pi_{N+k};  P(abandon) = theta E[Q] / lambda.
// Waiting time of an arrival that finds k callers waiting (FCFS): at position j (j callers
// ahead) it moves up at rate r_j = N mu + j theta (an agent frees or someone ahead gives up)
// and gives up itself at rate theta. So it is answered with probability
// S_k = prod_{j=0..k} r_j / (r_j + theta), and, given that, its wait is a sum of independent
// exponentials with rates r_j + theta (the sojourn of competing exponentials does not depend
// on which one fired). Hence
//   ASA = sum_k q_k S_k sum_{j<=k} 1/(r_j + theta) / P(answered)
//   P(answered within t) = P(no wait) + sum_k q_k S_k P(sum_{j<=k} Exp(r_j + theta) <= t),
// where the last probability (a hypoexponential CDF, unstable in closed form) is computed for
// all k at once by uniformization of the pure-death chain of positions (Poisson-weighted steps
// of its embedded chain; error below 1e-12).

#include "acd/erlang_c.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

struct ErlangAMetrics {
  double erlangs = 0;              // A = lambda * AHT
  double wait_probability = 0;     // P(wait > 0): an arrival finds every agent busy
  double abandon_probability = 0;  // share of arrivals that give up before an agent answers
  // Answered within the threshold, as a share of all arrivals (abandons count against it, like
  // the KPI `service_level`).
  double service_level = 0;
  // Answered within the threshold, as a share of the answered calls (Asterisk's SL).
  double service_level_of_answered = 0;
  double asa_seconds = 0;        // mean wait of the answered calls
  double mean_wait_seconds = 0;  // mean time in queue of all callers, answered or not: E[Q]/lambda
  double mean_queue_length = 0;  // E[Q], callers waiting (time average)
  double occupancy = 0;          // A (1 - P(abandon)) / N: the agents' busy share
};

// All Erlang A figures for `agents` agents; `mean_patience_seconds` is the callers' mean time
// until they give up (> 0), `threshold_seconds` the service-level threshold (>= 0). Fails with
// invalid_input on bad input, and when the load is so far above capacity that the queue
// length distribution would need more than a few million terms.
Result<ErlangAMetrics> erlang_a_metrics(int agents, const Traffic& traffic,
                                        double mean_patience_seconds, double threshold_seconds);

}  // namespace callwerk::acd

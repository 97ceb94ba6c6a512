#include "acd/erlang_a.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

#include "acd/erlang_detail.hpp"

namespace callwerk::acd {
namespace {

// Beyond this many queue states the load is absurd for a call center (and slow to compute).
constexpr std::size_t kMaxQueueStates = 4'000'000;
// Steps times states of the service-level computation; about a second of work.
constexpr double kMaxUniformizationWork = 1e9;
// Above this the terms are rescaled so that the products cannot overflow.
constexpr double kRescaleAbove = 1e200;

// Unnormalized stationary weights relative to pi_N: `below` = sum_{j<N} pi_j / pi_N and
// waiting[k] = pi_{N+k} / pi_N (all possibly scaled by one common factor).
struct ChainWeights {
  double below = 0;
  std::vector<double> waiting;
};

Result<ChainWeights> chain_weights(int agents, double lambda, double mu, double theta) {
  ChainWeights w;
  w.below = detail::inverse_erlang_b(agents, lambda / mu) - 1.0;
  const double n_mu = agents * mu;
  double term = 1.0;
  double sum = 1.0;
  w.waiting.push_back(term);
  for (std::size_t k = 1;; ++k) {
    if (k >= kMaxQueueStates) {
      return make_error(ErrorKind::invalid_input,
                        "the load is too far above what the agents can handle for Erlang A",
                        "agents");
    }
    const double rate_out = n_mu + static_cast<double>(k) * theta;
    term *= lambda / rate_out;
    w.waiting.push_back(term);
    sum += term;
    if (sum > kRescaleAbove) {
      for (double& x : w.waiting) x /= kRescaleAbove;
      w.below /= kRescaleAbove;
      term /= kRescaleAbove;
      sum /= kRescaleAbove;
    }
    if (rate_out > lambda && term < 1e-17 * sum) break;
  }
  return w;
}

// sum_k weight[k] * P(sum_{j=0..k} Exp(rates[j]) <= t) by uniformization of the pure-death
// chain "position k -> k-1 -> ... -> answered" with rates[j] increasing in j.
double answered_within(const std::vector<double>& weight, const std::vector<double>& rates,
                       double t) {
  if (weight.empty() || t <= 0) return 0;
  const double uniform_rate = rates.back();
  const double x = uniform_rate * t;
  std::vector<double> mass = weight;
  std::vector<double> stay(rates.size());
  std::vector<double> down(rates.size());
  for (std::size_t j = 0; j < rates.size(); ++j) {
    down[j] = rates[j] / uniform_rate;
    stay[j] = 1.0 - down[j];
  }
  double absorbed = 0;
  double result = 0;
  double poisson_total = 0;
  const double last_step = x + 40.0 * std::sqrt(x) + 50.0;
  for (double n = 0;; n += 1.0) {
    const double poisson = std::exp(-x + n * std::log(x) - std::lgamma(n + 1.0));
    result += poisson * absorbed;
    poisson_total += poisson;
    if ((n > x && poisson_total >= 1.0 - 1e-13) || n > last_step) break;
    // One step of the embedded chain.
    absorbed += mass[0] * down[0];
    for (std::size_t j = 0; j + 1 < mass.size(); ++j) {
      mass[j] = mass[j] * stay[j] + mass[j + 1] * down[j + 1];
    }
    mass.back() *= stay.back();
  }
  // The Poisson tail not summed (< 1e-13) gets the last absorbed mass, a lower bound.
  return result + (1.0 - poisson_total) * absorbed;
}

}  // namespace

Result<ErlangAMetrics> erlang_a_metrics(int agents, const Traffic& traffic,
                                        double mean_patience_seconds, double threshold_seconds) {
  if (auto bad = detail::check_agents(agents)) return *bad;
  if (auto bad = detail::check_traffic(traffic)) return *bad;
  if (auto bad = detail::check_positive(mean_patience_seconds, "mean_patience_seconds")) {
    return *bad;
  }
  if (auto bad = detail::check_threshold(threshold_seconds)) return *bad;

  const double lambda = traffic.arrivals_per_second;
  const double mu = 1.0 / traffic.aht_seconds;
  const double theta = 1.0 / mean_patience_seconds;
  auto weights = chain_weights(agents, lambda, mu, theta);
  if (!weights) return weights.error();
  const std::vector<double>& waiting = weights->waiting;

  double waiting_sum = 0;
  double queue_sum = 0;
  for (std::size_t k = 0; k < waiting.size(); ++k) {
    waiting_sum += waiting[k];
    queue_sum += static_cast<double>(k) * waiting[k];
  }
  const double total = weights->below + waiting_sum;  // may be infinite: no waiting at all
  const double no_wait = std::isinf(total) ? 1.0 : weights->below / total;

  ErlangAMetrics m;
  m.erlangs = traffic.erlangs();
  m.wait_probability = std::isinf(total) ? 0.0 : waiting_sum / total;
  m.mean_queue_length = std::isinf(total) ? 0.0 : queue_sum / total;
  m.abandon_probability = theta * m.mean_queue_length / lambda;
  m.mean_wait_seconds = m.mean_queue_length / lambda;

  // Per entry position k: the arrival's weight q_k S_k and its expected wait if answered.
  std::vector<double> answered_weight(waiting.size());
  std::vector<double> sojourn_rates(waiting.size());
  double answered = no_wait;
  double answered_wait_sum = 0;
  double survive = 1.0;
  double expected_wait = 0;
  for (std::size_t k = 0; k < waiting.size(); ++k) {
    const double moving_up = agents * mu + static_cast<double>(k) * theta;
    sojourn_rates[k] = moving_up + theta;
    survive *= moving_up / sojourn_rates[k];
    expected_wait += 1.0 / sojourn_rates[k];
    const double q = std::isinf(total) ? 0.0 : waiting[k] / total;
    answered_weight[k] = q * survive;
    answered += answered_weight[k];
    answered_wait_sum += answered_weight[k] * expected_wait;
  }
  m.asa_seconds = answered > 0 ? answered_wait_sum / answered : 0.0;

  // Entry positions that carry no weight (beyond 1e-16 of the answered share) are dropped:
  // they change nothing but would raise the uniformization rate and the work per step.
  std::size_t used = answered_weight.size();
  while (used > 1 && answered_weight[used - 1] <= 1e-16 * answered) --used;
  answered_weight.resize(used);
  sojourn_rates.resize(used);
  const double work = sojourn_rates.back() * threshold_seconds * static_cast<double>(used);
  if (work > kMaxUniformizationWork) {
    return make_error(ErrorKind::invalid_input,
                      "the service-level threshold is too long for this load to compute",
                      "threshold_seconds");
  }
  const double answered_in_time =
      no_wait + answered_within(answered_weight, sojourn_rates, threshold_seconds);
  m.service_level = answered_in_time;
  m.service_level_of_answered = answered > 0 ? answered_in_time / answered : 0.0;
  m.occupancy = m.erlangs * (1.0 - m.abandon_probability) / agents;
  return m;
}

}  // namespace callwerk::acd

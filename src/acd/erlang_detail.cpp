#include "acd/erlang_detail.hpp"

#include <cmath>
#include <string>

namespace callwerk::acd::detail {

std::optional<Error> check_agents(int agents) {
  if (agents <= 0) return make_error(ErrorKind::invalid_input, "must be at least 1", "agents");
  return std::nullopt;
}

std::optional<Error> check_positive(double value, std::string_view field) {
  if (!(value > 0) || !std::isfinite(value)) {
    return make_error(ErrorKind::invalid_input, "must be a finite number > 0", std::string(field));
  }
  return std::nullopt;
}

std::optional<Error> check_traffic(const Traffic& traffic) {
  if (auto bad = check_positive(traffic.arrivals_per_second, "arrivals_per_second")) return bad;
  return check_positive(traffic.aht_seconds, "aht_seconds");
}

std::optional<Error> check_threshold(double threshold_seconds) {
  if (!(threshold_seconds >= 0) || !std::isfinite(threshold_seconds)) {
    return make_error(ErrorKind::invalid_input, "must be a finite number >= 0",
                      "threshold_seconds");
  }
  return std::nullopt;
}

double next_inverse_erlang_b(int n, double erlangs, double previous_inverse) {
  return 1.0 + static_cast<double>(n) / erlangs * previous_inverse;
}

double inverse_erlang_b(int agents, double erlangs) {
  double inverse = 1.0;
  for (int n = 1; n <= agents; ++n) inverse = next_inverse_erlang_b(n, erlangs, inverse);
  return inverse;
}

double erlang_c_from_inverse_b(int agents, double erlangs, double inverse_b) {
  // C = N B / (N - A (1 - B)), numerator and denominator divided by B.
  const double n = static_cast<double>(agents);
  return n / ((n - erlangs) * inverse_b + erlangs);
}

ErlangCMetrics erlang_c_metrics_from(int agents, const Traffic& traffic, double wait_probability,
                                     double threshold_seconds) {
  const double erlangs = traffic.erlangs();
  const double spare = static_cast<double>(agents) - erlangs;
  ErlangCMetrics m;
  m.erlangs = erlangs;
  m.wait_probability = wait_probability;
  m.service_level =
      1.0 - wait_probability * std::exp(-spare * threshold_seconds / traffic.aht_seconds);
  m.asa_seconds = wait_probability * traffic.aht_seconds / spare;
  m.occupancy = erlangs / static_cast<double>(agents);
  return m;
}

}  // namespace callwerk::acd::detail

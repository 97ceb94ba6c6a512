#include "acd/erlang_c.hpp"

#include <cmath>
#include <string>

#include "acd/erlang_detail.hpp"

namespace callwerk::acd {

using detail::check_agents;
using detail::check_positive;

Result<Traffic> observed_traffic(std::int64_t calls, std::int64_t interval_ms, double aht_seconds) {
  if (calls < 0) return make_error(ErrorKind::invalid_input, "must not be negative", "calls");
  if (interval_ms <= 0) {
    return make_error(ErrorKind::invalid_input, "must be positive", "interval_ms");
  }
  if (!(aht_seconds >= 0) || !std::isfinite(aht_seconds)) {
    return make_error(ErrorKind::invalid_input, "must be a finite number >= 0", "aht_seconds");
  }
  return Traffic{static_cast<double>(calls) * 1000.0 / static_cast<double>(interval_ms),
                 aht_seconds};
}

Result<double> erlang_b(int agents, double erlangs) {
  if (agents < 0) return make_error(ErrorKind::invalid_input, "must not be negative", "agents");
  if (auto bad = check_positive(erlangs, "erlangs")) return *bad;
  return 1.0 / detail::inverse_erlang_b(agents, erlangs);
}

Result<double> erlang_c(int agents, double erlangs) {
  if (auto bad = check_agents(agents)) return *bad;
  if (auto bad = check_positive(erlangs, "erlangs")) return *bad;
  if (static_cast<double>(agents) <= erlangs) {
    return make_error(ErrorKind::invalid_input,
                      "Erlang C needs more agents than the offered load (" +
                          std::to_string(erlangs) + " erlangs)",
                      "agents");
  }
  return detail::erlang_c_from_inverse_b(agents, erlangs,
                                         detail::inverse_erlang_b(agents, erlangs));
}

Result<ErlangCMetrics> erlang_c_metrics(int agents, const Traffic& traffic,
                                        double threshold_seconds) {
  if (auto bad = detail::check_traffic(traffic)) return *bad;
  if (auto bad = detail::check_threshold(threshold_seconds)) return *bad;
  auto c = erlang_c(agents, traffic.erlangs());
  if (!c) return c.error();
  return detail::erlang_c_metrics_from(agents, traffic, *c, threshold_seconds);
}

}  // namespace callwerk::acd

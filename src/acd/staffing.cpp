#include "acd/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "acd/erlang_detail.hpp"

namespace callwerk::acd {
namespace {

// No call center queue needs more; beyond it the target is unreachable in practice.
constexpr int kMaxAgents = 1'000'000;

std::optional<Error> check_target(const StaffingTarget& target) {
  if (!(target.service_level > 0 && target.service_level < 1)) {
    return make_error(ErrorKind::invalid_input, "must be between 0 and 1 (exclusive)",
                      "service_level");
  }
  if (auto bad = detail::check_threshold(target.threshold_seconds)) return bad;
  if (target.max_occupancy && !(*target.max_occupancy > 0 && *target.max_occupancy <= 1)) {
    return make_error(ErrorKind::invalid_input, "must be in (0, 1]", "max_occupancy");
  }
  if (!(target.shrinkage >= 0 && target.shrinkage < 1)) {
    return make_error(ErrorKind::invalid_input, "must be in [0, 1)", "shrinkage");
  }
  if (target.max_abandon_rate && !(*target.max_abandon_rate > 0 && *target.max_abandon_rate < 1)) {
    return make_error(ErrorKind::invalid_input, "must be between 0 and 1 (exclusive)",
                      "max_abandon_rate");
  }
  return std::nullopt;
}

// Zero arrivals are a normal night interval: nobody is needed. Negative or non-finite input is
// an error; a positive rate needs a positive AHT.
std::optional<Error> check_staffing_traffic(const Traffic& traffic) {
  if (!(traffic.arrivals_per_second >= 0) || !std::isfinite(traffic.arrivals_per_second)) {
    return make_error(ErrorKind::invalid_input, "must be a finite number >= 0",
                      "arrivals_per_second");
  }
  if (traffic.arrivals_per_second == 0) return std::nullopt;
  return detail::check_positive(traffic.aht_seconds, "aht_seconds");
}

StaffingPlan nobody_needed() {
  return StaffingPlan{};
}

Result<StaffingPlan> with_shrinkage(StaffingPlan plan, double shrinkage) {
  auto scheduled = scheduled_staff(plan.agents, shrinkage);
  if (!scheduled) return scheduled.error();
  plan.scheduled_staff = *scheduled;
  return plan;
}

bool meets(const ErlangAMetrics& m, int agents, const StaffingTarget& target) {
  if (m.service_level < target.service_level) return false;
  if (target.max_abandon_rate && m.abandon_probability > *target.max_abandon_rate) return false;
  if (target.max_occupancy && m.occupancy > *target.max_occupancy) return false;
  return agents > 0;
}

}  // namespace

Result<int> scheduled_staff(int agents, double shrinkage) {
  if (agents < 0) return make_error(ErrorKind::invalid_input, "must not be negative", "agents");
  if (!(shrinkage >= 0 && shrinkage < 1)) {
    return make_error(ErrorKind::invalid_input, "must be in [0, 1)", "shrinkage");
  }
  // The small tolerance keeps 10 / (1 - 0.5) at 20 despite rounding in 1 - s.
  const double staff = std::ceil(static_cast<double>(agents) / (1.0 - shrinkage) - 1e-9);
  if (staff > std::numeric_limits<int>::max()) {
    return make_error(ErrorKind::invalid_input, "too many agents", "agents");
  }
  return static_cast<int>(staff);
}

Result<StaffingPlan> staff_erlang_c(const Traffic& traffic, const StaffingTarget& target) {
  if (auto bad = check_target(target)) return *bad;
  if (auto bad = check_staffing_traffic(traffic)) return *bad;
  if (traffic.arrivals_per_second == 0) return with_shrinkage(nobody_needed(), target.shrinkage);

  const double erlangs = traffic.erlangs();
  // 1/B is carried along as N grows, so the whole search is one pass of the recursion.
  int agents = 0;
  double inverse_b = 1.0;
  while (static_cast<double>(agents) <= erlangs) {
    ++agents;
    inverse_b = detail::next_inverse_erlang_b(agents, erlangs, inverse_b);
  }
  for (; agents <= kMaxAgents;
       ++agents, inverse_b = detail::next_inverse_erlang_b(agents, erlangs, inverse_b)) {
    const double c = detail::erlang_c_from_inverse_b(agents, erlangs, inverse_b);
    const ErlangCMetrics m =
        detail::erlang_c_metrics_from(agents, traffic, c, target.threshold_seconds);
    if (m.service_level < target.service_level) continue;
    if (target.max_occupancy && m.occupancy > *target.max_occupancy) continue;
    StaffingPlan plan;
    plan.agents = agents;
    plan.service_level = m.service_level;
    plan.asa_seconds = m.asa_seconds;
    plan.occupancy = m.occupancy;
    plan.wait_probability = m.wait_probability;
    return with_shrinkage(plan, target.shrinkage);
  }
  return make_error(ErrorKind::invalid_input, "needs more than a million agents", "traffic");
}

Result<StaffingPlan> staff_erlang_a(const Traffic& traffic, double mean_patience_seconds,
                                    const StaffingTarget& target) {
  if (auto bad = check_target(target)) return *bad;
  if (auto bad = check_staffing_traffic(traffic)) return *bad;
  if (auto bad = detail::check_positive(mean_patience_seconds, "mean_patience_seconds")) {
    return *bad;
  }
  if (traffic.arrivals_per_second == 0) return with_shrinkage(nobody_needed(), target.shrinkage);

  auto evaluate = [&](int agents) {
    return erlang_a_metrics(agents, traffic, mean_patience_seconds, target.threshold_seconds);
  };
  // Doubling finds an N that meets the target, bisection the smallest one. It starts at half
  // the load: far fewer agents are never enough for a real target, and probing them would only
  // cost time (their queues are long).
  int low = 0;  // known not to meet the target (no agents never do)
  int high = static_cast<int>(std::clamp(traffic.erlangs() / 2, 1.0, double{kMaxAgents}));
  for (;;) {
    auto m = evaluate(high);
    if (!m) return m.error();
    if (meets(*m, high, target)) break;
    low = high;
    if (high >= kMaxAgents) {
      return make_error(ErrorKind::invalid_input, "needs more than a million agents", "traffic");
    }
    high = std::min(high * 2, kMaxAgents);
  }
  while (high - low > 1) {
    const int middle = low + (high - low) / 2;
    auto m = evaluate(middle);
    if (!m) return m.error();
    if (meets(*m, middle, target)) {
      high = middle;
    } else {
      low = middle;
    }
  }
  auto m = evaluate(high);
  if (!m) return m.error();
  StaffingPlan plan;
  plan.agents = high;
  plan.service_level = m->service_level;
  plan.asa_seconds = m->asa_seconds;
  plan.occupancy = m->occupancy;
  plan.wait_probability = m->wait_probability;
  plan.abandon_probability = m->abandon_probability;
  return with_shrinkage(plan, target.shrinkage);
}

}  // namespace callwerk::acd

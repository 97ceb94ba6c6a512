#include "acd/wait_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace callwerk::acd {
namespace {

constexpr int kMaxPosition = 100'000;

EstimateConfidence confidence_for(std::size_t samples) {
  if (samples == 0) return EstimateConfidence::none;
  if (samples < 10) return EstimateConfidence::low;
  if (samples < 50) return EstimateConfidence::medium;
  return EstimateConfidence::high;
}

WaitEstimate estimate_of(double wait_ms, EstimateConfidence confidence, std::size_t samples) {
  const auto ms = static_cast<std::int64_t>(std::llround(wait_ms));
  return WaitEstimate{ms, (ms + 999) / 1000, confidence, samples};
}

}  // namespace

HandleTimeProfile::HandleTimeProfile(std::span<const std::int64_t> handle_ms) {
  for (std::int64_t x : handle_ms) {
    if (x >= 0) sorted_.push_back(x);
  }
  std::sort(sorted_.begin(), sorted_.end());
  suffix_sum_.assign(sorted_.size() + 1, 0.0);
  for (std::size_t i = sorted_.size(); i-- > 0;) {
    suffix_sum_[i] = suffix_sum_[i + 1] + static_cast<double>(sorted_[i]);
  }
}

double HandleTimeProfile::mean_ms() const {
  if (sorted_.empty()) return 0;
  return suffix_sum_[0] / static_cast<double>(sorted_.size());
}

double HandleTimeProfile::expected_remaining_ms(std::int64_t elapsed_ms) const {
  const auto first_longer = std::upper_bound(sorted_.begin(), sorted_.end(), elapsed_ms);
  const auto index = static_cast<std::size_t>(first_longer - sorted_.begin());
  const std::size_t longer = sorted_.size() - index;
  if (longer == 0) return mean_ms();
  return suffix_sum_[index] / static_cast<double>(longer) - static_cast<double>(elapsed_ms);
}

Result<WaitEstimate> estimate_wait(const WaitEstimateInput& input,
                                   const HandleTimeProfile& handle_times) {
  if (input.position < 1 || input.position > kMaxPosition) {
    return make_error(ErrorKind::invalid_input, "must be between 1 and 100000", "position");
  }
  if (input.available_agents < 0) {
    return make_error(ErrorKind::invalid_input, "must not be negative", "available_agents");
  }
  if (std::any_of(input.busy_elapsed_ms.begin(), input.busy_elapsed_ms.end(),
                  [](std::int64_t e) { return e < 0; })) {
    return make_error(ErrorKind::invalid_input, "must not be negative", "busy_elapsed_ms");
  }
  const std::size_t samples = handle_times.samples();
  if (input.position <= input.available_agents) {
    return estimate_of(0, EstimateConfidence::high, samples);
  }
  if (samples == 0 || (input.available_agents == 0 && input.busy_elapsed_ms.empty())) {
    return WaitEstimate{std::nullopt, std::nullopt, EstimateConfidence::none, samples};
  }

  // Release times of all agents, earliest first; each popped release answers one caller and
  // schedules that agent's next release one AHT later.
  const double aht = handle_times.mean_ms();
  std::priority_queue<double, std::vector<double>, std::greater<>> releases;
  for (int i = 0; i < input.available_agents; ++i) releases.push(0.0);
  for (std::int64_t elapsed : input.busy_elapsed_ms) {
    releases.push(handle_times.expected_remaining_ms(elapsed));
  }
  double answered_at = 0;
  for (int served = 0; served < input.position; ++served) {
    answered_at = releases.top();
    releases.pop();
    releases.push(answered_at + aht);
  }
  return estimate_of(answered_at, confidence_for(samples), samples);
}

}  // namespace callwerk::acd

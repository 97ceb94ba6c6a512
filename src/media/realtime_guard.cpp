#include "media/realtime_guard.hpp"

namespace callwerk::media {

bool RealtimeGuard::due(std::int64_t now_us) const {
  return !started_ || now_us < window_start_us_ || now_us - window_start_us_ >= kWindowUs;
}

RealtimeGuard::Change RealtimeGuard::sample(std::int64_t now_us, std::int64_t cpu_us) {
  if (!started_ || now_us < window_start_us_ || cpu_us < window_cpu_us_) {
    // The first sample, or clocks that went backwards: start a window from here.
    started_ = true;
    window_start_us_ = now_us;
    window_cpu_us_ = cpu_us;
    return Change::none;
  }
  const std::int64_t elapsed = now_us - window_start_us_;
  if (elapsed < kWindowUs) return Change::none;
  const double fraction =
      static_cast<double>(cpu_us - window_cpu_us_) / static_cast<double>(elapsed);
  window_start_us_ = now_us;
  window_cpu_us_ = cpu_us;
  return second(fraction);
}

RealtimeGuard::Change RealtimeGuard::second(double busy_fraction) {
  if (realtime_) {
    run_ = busy_fraction >= limits_.overloaded ? run_ + 1 : 0;
    if (run_ < limits_.overloaded_seconds) return Change::none;
    realtime_ = false;
    run_ = 0;
    return Change::step_down;
  }
  run_ = busy_fraction <= limits_.recovered ? run_ + 1 : 0;
  if (run_ < limits_.recovered_seconds) return Change::none;
  realtime_ = true;
  run_ = 0;
  return Change::step_up;
}

}  // namespace callwerk::media

#include "media/realtime_guard.hpp"

namespace callwerk::media {

RealtimeGuard::Change RealtimeGuard::second(double busy_fraction) {
  if (realtime_) {
    run_ = busy_fraction >= kOverloaded ? run_ + 1 : 0;
    if (run_ < kOverloadedSeconds) return Change::none;
    realtime_ = false;
    run_ = 0;
    ++step_downs_;
    return Change::step_down;
  }
  run_ = busy_fraction <= kRecovered ? run_ + 1 : 0;
  if (run_ < kRecoveredSeconds) return Change::none;
  realtime_ = true;
  run_ = 0;
  return Change::step_up;
}

}  // namespace callwerk::media

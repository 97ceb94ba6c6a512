#pragma once
// Whether a media thread should run at real-time priority, from how busy it was.
//
// A media thread at SCHED_FIFO is served the moment its 20 ms tick is due, ahead of SIPp, the
// store writer or a compiler on the same core: on a busy 2-core machine that took late packets
// from 48 % to 0 (bench/README.md). The price is that a real-time thread that never sleeps
// starves every ordinary thread on its core (the kernel leaves them 5 %), the SIP loop too. So
// an overloaded media thread steps down to ordinary priority, where it shares the core fairly,
// and steps up again once its load has stayed moderate for a while.
//
// Pure logic: the media thread feeds it one busy fraction per second and applies the answer.

#include <cstdint>

namespace callwerk::media {

class RealtimeGuard {
 public:
  // Busy at least this share of a second, this many seconds in a row: step down.
  static constexpr double kOverloaded = 0.85;
  static constexpr int kOverloadedSeconds = 2;
  // At most this share, this many seconds in a row: step up again.
  static constexpr double kRecovered = 0.60;
  static constexpr int kRecoveredSeconds = 10;

  enum class Change { none, step_down, step_up };

  // One second's share of time the thread spent serving its streams (0..1).
  Change second(double busy_fraction);

  bool realtime() const { return realtime_; }
  std::uint64_t step_downs() const { return step_downs_; }

 private:
  bool realtime_ = true;
  int run_ = 0;  // consecutive seconds counting towards the next change
  std::uint64_t step_downs_ = 0;
};

}  // namespace callwerk::media

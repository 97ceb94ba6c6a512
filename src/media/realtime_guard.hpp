#pragma once
// Whether a media thread should run at real-time priority, from how much CPU it used.
//
// A media thread at SCHED_FIFO is served the moment its 20 ms tick is due, ahead of SIPp, the
// store writer or a compiler on the same core: on a busy 2-core machine that took late packets
// from 29 % to 0 (bench/README.md). The price is that a real-time thread that never sleeps
// starves every ordinary thread on its core (the kernel leaves them 5 %), the SIP loop too. So
// an overloaded media thread steps down to ordinary priority, where it shares the core fairly,
// and steps up again once its load has stayed moderate for a while.
//
// Pure logic: the media thread reports its clock and its own CPU time (CLOCK_THREAD_CPUTIME_ID:
// work done, not time spent waiting for a core) now and then; the guard judges each whole
// second and says when to change.

#include <cstdint>

namespace callwerk::media {

struct RealtimeLimits {
  // Busy at least this share of a second, this many seconds in a row: step down. Three
  // seconds, so that the burst of a few hundred calls opening at once (600 bridged calls in
  // 5 s: 1200 streams) is not taken for overload.
  double overloaded = 0.90;
  int overloaded_seconds = 3;
  // At most this share, this many seconds in a row: step up again. A thread that relays 600
  // bridged calls is busy ~66 % of a core for as long as they last: with 60 % here it never
  // came back after a burst had stepped it down, and its packets and prompts were late for
  // the rest of the run (bench/README.md, session 18). 75 % still keeps 15 points from the
  // mark above.
  double recovered = 0.75;
  int recovered_seconds = 5;
};

class RealtimeGuard {
 public:
  enum class Change { none, step_down, step_up };

  explicit RealtimeGuard(RealtimeLimits limits = {}) : limits_(limits) {}

  // The thread's monotonic clock and its CPU time so far, both in microseconds. The first call
  // starts the first window; later ones judge a window once it is a second or longer.
  Change sample(std::int64_t now_us, std::int64_t cpu_us);
  // Whether sample() would judge (or start) a window at now_us: the caller may skip reading
  // its CPU clock otherwise.
  bool due(std::int64_t now_us) const;
  // One whole window's share of CPU time (0..1), judged directly.
  Change second(double busy_fraction);

  bool realtime() const { return realtime_; }
  const RealtimeLimits& limits() const { return limits_; }

 private:
  static constexpr std::int64_t kWindowUs = 1000000;  // judged per second
  RealtimeLimits limits_;
  bool realtime_ = true;
  int run_ = 0;  // consecutive seconds counting towards the next change
  bool started_ = false;
  std::int64_t window_start_us_ = 0;
  std::int64_t window_cpu_us_ = 0;
};

}  // namespace callwerk::media

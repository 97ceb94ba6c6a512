#pragma once
// Whether a new inbound call may start now. Two guards, both answered with 503 and Retry-After
// (a refusal costs a fraction of a call: no interaction, no media, no prompt):
//
// - a rate: at most `per_second` new calls in any second, as a token bucket holding one
//   second's worth, so that a burst of that size passes and a sustained flood does not;
// - overload: while the SIP datagrams waiting in the kernel's receive queue fill more than a
//   quarter of what it holds, the core loop is behind the network. Taking on more calls then
//   made every call it already had suffer: SIPp retransmitted, the retransmissions added load,
//   the queue overflowed and the rate collapsed instead of degrading (bench/README.md).
//   Refusing new calls lets the loop catch up with the calls it has; requests within those
//   calls are still served.
//
// Pure logic: the caller passes the time and the backlog it measured.

#include <cstddef>
#include <cstdint>

#include "core/clock.hpp"

namespace callwerk::voice {

struct CallAdmissionLimits {
  int per_second = 200;             // 0: no rate limit
  int overload_queue_percent = 25;  // 0: no overload guard
};

enum class Admission { admitted, rate_limited, overloaded };

class CallAdmission {
 public:
  explicit CallAdmission(CallAdmissionLimits limits = {});

  // Takes a place for a new call at `now` with the SIP receive queue as just measured, or
  // says why not. A queue of unknown capacity (0) never counts as overloaded.
  Admission admit(TimeMs now, std::size_t queued_bytes, std::size_t capacity_bytes);
  bool overloaded(std::size_t queued_bytes, std::size_t capacity_bytes) const;

  // What the refusal's Retry-After says: a second for the rate, longer for an overload.
  static int retry_after_seconds(Admission why);

 private:
  CallAdmissionLimits limits_;
  std::int64_t milli_tokens_ = 0;  // 1000 per call
  TimeMs refilled_at_ = 0;
  bool started_ = false;
};

const char* to_string(Admission admission);

}  // namespace callwerk::voice

#include "voice/call_admission.hpp"

#include <algorithm>

namespace callwerk::voice {

namespace {

constexpr std::int64_t kMilliPerCall = 1000;

}  // namespace

CallAdmission::CallAdmission(CallAdmissionLimits limits) : limits_(limits) {}

Admission CallAdmission::admit(TimeMs now, std::size_t queued_bytes, std::size_t capacity_bytes) {
  if (overloaded(queued_bytes, capacity_bytes)) return Admission::overloaded;
  if (limits_.per_second <= 0) return Admission::admitted;
  const std::int64_t capacity = std::int64_t{limits_.per_second} * kMilliPerCall;
  if (!started_) {
    started_ = true;
    milli_tokens_ = capacity;
    refilled_at_ = now;
  } else if (now > refilled_at_) {
    // per_second calls per 1000 ms: per_second milli-calls per millisecond.
    milli_tokens_ = std::min(capacity, milli_tokens_ + (now - refilled_at_) * limits_.per_second);
    refilled_at_ = now;
  }
  if (milli_tokens_ < kMilliPerCall) return Admission::rate_limited;
  milli_tokens_ -= kMilliPerCall;
  return Admission::admitted;
}

bool CallAdmission::overloaded(std::size_t queued_bytes, std::size_t capacity_bytes) const {
  if (limits_.overload_queue_percent <= 0 || capacity_bytes == 0) return false;
  return queued_bytes * 100 >
         capacity_bytes * static_cast<std::size_t>(limits_.overload_queue_percent);
}

int CallAdmission::retry_after_seconds(Admission why) {
  return why == Admission::overloaded ? 5 : 1;
}

const char* to_string(Admission admission) {
  switch (admission) {
    case Admission::admitted:
      return "admitted";
    case Admission::rate_limited:
      return "rate_limited";
    case Admission::overloaded:
      return "overloaded";
  }
  return "unknown";
}

}  // namespace callwerk::voice

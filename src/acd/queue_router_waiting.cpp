#include "acd/queue_router_waiting.hpp"

namespace callwerk::acd {

std::int64_t waiting_score_ms(const WaitingCallSpec& call, std::int64_t priority_step_seconds) {
  const std::int64_t bonus_seconds = call.base_score + call.priority * priority_step_seconds;
  return bonus_seconds * 1000 - call.enqueued_at;
}

std::int64_t waiting_score_at(const WaitingCallSpec& call, std::int64_t priority_step_seconds,
                              TimeMs now) {
  const std::int64_t ms = waiting_score_ms(call, priority_step_seconds) + now;
  return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

}  // namespace callwerk::acd

#include "acd/acd_service_outbox.hpp"

#include <type_traits>

namespace callwerk::acd {

std::string_view expiry_reason_name(ExpiryReason reason) {
  switch (reason) {
    case ExpiryReason::max_wait:
      return "max-wait";
    case ExpiryReason::queue_removed:
      return "queue-removed";
    case ExpiryReason::not_answered:
      return "not-answered";
  }
  return "unknown";
}

void AcdOutbox::deliver(AcdOutput& output) {
  if (delivering_) return;
  delivering_ = true;
  while (!pending_.empty()) {
    // Moved out before the call: the output may add messages, which can move the deque's
    // elements.
    Message message = std::move(pending_.front());
    pending_.pop_front();
    std::visit(
        [&output](auto& m) {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, RingRequest>) {
            output.ring_agent(m);
          } else if constexpr (std::is_same_v<T, StopRinging>) {
            output.stop_ringing(m.call, m.agent);
          } else if constexpr (std::is_same_v<T, Expired>) {
            output.call_expired(m.call, m.queue, m.reason);
          } else if constexpr (std::is_same_v<T, AgentChanged>) {
            output.agent_state_changed(m.change, m.status);
          } else if constexpr (std::is_same_v<T, QueuedCallRecord>) {
            output.queue_call_updated(m);
          } else {
            output.queue_changed(m.queue);
          }
        },
        message);
  }
  delivering_ = false;
}

}  // namespace callwerk::acd

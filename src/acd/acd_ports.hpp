#pragma once
// The port through which the AcdService asks its owner (the core thread's wiring) to act:
// ring and cancel agent phones (voice channel), take over calls that leave a queue without an
// agent, and store and publish agent state changes, queue call records and queue updates
// (store writer, event hub).
//
// Delivery. The service collects what it wants done while one of its operations runs and
// calls these methods, in that order, only once the operation is complete and its state is
// consistent. So an implementation may call back into the service from any method (e.g.
// enqueue an expired call into its overflow queue, or report a phone that refuses at once);
// what that nested call wants done is delivered after everything already pending. Methods
// must not throw: an exception would leave the service in the middle of a delivery.

#include <string>
#include <string_view>

#include "acd/agent_state.hpp"
#include "acd/queue_kpis_records.hpp"
#include "acd/queue_router_ids.hpp"
#include "core/clock.hpp"

namespace callwerk::acd {

struct RingRequest {
  CallId call = 0;
  AgentId agent = 0;
  QueueId queue = 0;
  std::string extension;  // the agent's extension from AgentConfig
  TimeMs ring_until = 0;  // the service gives up at this time by itself (see stop_ringing)
};

// Why a call left its queue without an agent.
enum class ExpiryReason {
  max_wait,       // the queue's maximum wait ran out (record exit: timed_out)
  queue_removed,  // the queue was deleted while the call waited (record exit: overflowed)
  not_answered,   // offered to one named agent only (a consultation), who did not take it (no
                  // record: the stay never began)
};

// "max-wait", "queue-removed", "not-answered".
std::string_view expiry_reason_name(ExpiryReason reason);

class AcdOutput {
 public:
  virtual ~AcdOutput() = default;

  // Send the INVITE to the agent's phone. Report what becomes of it: agent_ringing (180,
  // optional), agent_answered (200 and media bridged) or ring_failed (busy, refused,
  // unreachable). Nothing is needed at ring_until: the service's tick gives up by itself.
  virtual void ring_agent(const RingRequest& ring) = 0;
  // Cancel that INVITE: the caller left, a ring-all colleague answered, the ring timed out,
  // the phone's registration is gone, or the agent was removed. Not sent after the owner's
  // own ring_failed. The leg may already be gone: treat it as idempotent.
  virtual void stop_ringing(CallId call, AgentId agent) = 0;
  // The call left the queue without an agent; the service has forgotten it. The owner moves
  // it on (overflow queue, voicemail, callback, goodbye).
  virtual void call_expired(CallId call, QueueId queue, ExpiryReason reason) = 0;
  // Every accepted agent state change, in order per agent, with the agent's status right
  // after it: stored (AgentStateSpan) and published live.
  virtual void agent_state_changed(const AgentStateChange& change, const AgentStatus& status) = 0;
  // The KPI record of a caller's stay in a queue, each time it changes: created (waiting),
  // left the queue (answered, abandoned, ...), talk ended, wrap-up ended. Store it as an
  // upsert keyed by (interaction_id, queue, enqueued_at); queued_call_record_complete() says
  // whether it can change again.
  virtual void queue_call_updated(const QueuedCallRecord& record) = 0;
  // The queue's waiting calls or its agents' states changed (once per operation and queue):
  // the wallboard re-reads AcdService::queue_snapshot. Also sent when the queue is removed.
  virtual void queue_changed(QueueId queue) = 0;
};

// Whether the record is final: it has left the queue, and an answered call's wrap-up is over.
inline bool queued_call_record_complete(const QueuedCallRecord& record) {
  if (record.exit == QueueExit::waiting) return false;
  return record.exit != QueueExit::answered || record.wrap_up_ended_at.has_value();
}

}  // namespace callwerk::acd

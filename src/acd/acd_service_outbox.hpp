#pragma once
// What the AcdService wants done, held until its operation is complete and then handed to
// the AcdOutput in order (see acd_ports.hpp for why the port is never called mid-operation).

#include <deque>
#include <variant>

#include "acd/acd_ports.hpp"

namespace callwerk::acd {

class AcdOutbox {
 public:
  void ring_agent(RingRequest ring) { pending_.emplace_back(std::move(ring)); }
  void stop_ringing(CallId call, AgentId agent) { pending_.emplace_back(StopRinging{call, agent}); }
  void call_expired(CallId call, QueueId queue, ExpiryReason reason) {
    pending_.emplace_back(Expired{call, queue, reason});
  }
  void agent_state_changed(AgentStateChange change, AgentStatus status) {
    pending_.emplace_back(AgentChanged{std::move(change), std::move(status)});
  }
  void queue_call_updated(QueuedCallRecord record) { pending_.emplace_back(std::move(record)); }
  void queue_changed(QueueId queue) { pending_.emplace_back(QueueChanged{queue}); }

  // Hands every pending message to `output`, first in first out, including those added by
  // nested service operations the output makes meanwhile. A nested deliver() returns at once:
  // the outer one carries on with what the nested operation added.
  void deliver(AcdOutput& output);

  bool empty() const { return pending_.empty(); }

 private:
  struct StopRinging {
    CallId call;
    AgentId agent;
  };
  struct Expired {
    CallId call;
    QueueId queue;
    ExpiryReason reason;
  };
  struct AgentChanged {
    AgentStateChange change;
    AgentStatus status;
  };
  struct QueueChanged {
    QueueId queue;
  };
  using Message =
      std::variant<RingRequest, StopRinging, Expired, AgentChanged, QueuedCallRecord, QueueChanged>;

  std::deque<Message> pending_;
  bool delivering_ = false;
};

}  // namespace callwerk::acd

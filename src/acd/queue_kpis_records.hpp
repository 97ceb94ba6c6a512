#pragma once
// The raw records queue KPIs are computed from, as the runtime stores them: one per caller's
// stay in a queue and one per agent state interval. Every KPI variant (DOMAIN.md section 1)
// is derived from these, never stored pre-aggregated. Times are UTC milliseconds.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace callwerk::acd {

// How a caller left a queue; exactly one per stay.
enum class QueueExit {
  waiting,          // still in line (no exit yet)
  answered,         // an agent answered (media bridged)
  abandoned,        // the caller hung up while waiting
  callback_chosen,  // the caller took the callback offer and hung up; the callback is separate
  overflowed,       // a queue rule moved the call elsewhere (another queue, voicemail)
  timed_out,        // the maximum wait ran out (the call then went to the timeout target)
};

// One caller's stay in one queue. A call that overflows from queue A to queue B is two
// records: A with exit `overflowed`, B with its own outcome.
struct QueuedCallRecord {
  std::string tenant;
  std::string queue;
  std::string interaction_id;
  TimeMs enqueued_at = 0;
  QueueExit exit = QueueExit::waiting;
  // When the exit happened (agent answered, caller hung up, callback accepted, overflow or
  // timeout). Ignored while `exit` is waiting. The wait is left_queue_at - enqueued_at, so ring
  // time of agents who did not answer counts as waiting.
  TimeMs left_queue_at = 0;
  int entry_position = 0;  // 1 = first in line when the caller entered; 0 = unknown
  std::string agent;       // the agent who answered; empty unless answered
  // Answered calls only: end of the conversation (hang-up or transfer away) and end of the
  // agent's wrap-up (equal to talk end when the queue has no wrap-up). Unset while running.
  std::optional<TimeMs> talk_ended_at;
  std::optional<TimeMs> wrap_up_ended_at;
  std::int64_t hold_ms = 0;  // time the caller spent on hold during the talk (part of it)
};

// What an agent was doing, as far as KPIs care. The runtime's agent state machine maps onto it.
enum class AgentActivity {
  offline,    // logged out: not counted anywhere
  available,  // ready, waiting for a call
  reserved,   // chosen by the router, phone not yet ringing
  ringing,    // phone ringing
  on_call,    // talking, including hold
  wrap_up,    // after-call work
  paused,     // logged in but not taking calls; `reason` says why
};

// One interval of an agent in one state: [from, to); `to` unset while it lasts.
struct AgentStateSpan {
  std::string tenant;
  std::string agent;
  AgentActivity activity = AgentActivity::offline;
  std::string reason;  // pause reason code (break, training, ...); empty otherwise
  TimeMs from = 0;
  std::optional<TimeMs> to;
};

}  // namespace callwerk::acd

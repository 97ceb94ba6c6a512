#pragma once
// The agent state machine: pure, time comes in as arguments. Each accepted event yields the
// change record the caller stores; a refused event yields an error and changes nothing.
//
//   offline --log_in--> available            (paused "registration-lost" when the phone is gone)
//   available --reserve(call, until)--> reserved --ring(until)--> ringing --answer--> on_call
//   reserved|ringing --no_answer / deadline--> paused "no-answer"
//   reserved|ringing --reservation_lost--> available (the call vanished; idle time is kept)
//   on_call --call_ended(wrap-up s)--> wrap_up (or available when the queue has no wrap-up)
//   wrap_up --wrap_up_done / wrap_up_expired--> available
//   available|wrap_up|paused --pause(reason)--> paused(reason); paused --resume--> available
//   available|paused|wrap_up --log_out--> offline
//
// Registration lost (the phone is gone): the agent is taken out of call delivery but stays
// logged in, so the desktop and the wallboard show why. available/reserved/ringing -> paused
// "registration-lost" (a reserved or ringing call goes back to its queue: the change names
// it); on_call stays on_call, because the media may still flow through another path and
// cutting a customer off is worse than a late pause: when that call ends (and its wrap-up),
// the agent goes to paused "registration-lost" instead of available. registration_restored
// brings an agent paused for that reason back to available; resume is refused while the
// phone is gone.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "acd/queue_router_ids.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

enum class AgentState { offline, available, reserved, ringing, on_call, wrap_up, paused };

// "offline", "available", "reserved", "ringing", "on_call", "wrap_up", "paused".
std::string_view agent_state_name(AgentState state);

// Pause reasons the state machine sets by itself; agents choose others ("Pause", "Schulung").
inline constexpr std::string_view kPauseNoAnswer = "no-answer";
inline constexpr std::string_view kPauseRegistrationLost = "registration-lost";

enum class AgentEventKind {
  log_in,
  log_out,
  pause,
  resume,
  reserve,
  ring,
  answer,
  no_answer,
  call_ended,
  wrap_up_done,
  wrap_up_expired,
  reservation_lost,
  registration_lost,
  registration_restored,
};

// "log_in", "no_answer", ...
std::string_view agent_event_name(AgentEventKind kind);

struct AgentEvent {
  AgentEventKind kind = AgentEventKind::log_in;
  std::string reason;       // pause
  CallId call = 0;          // reserve
  TimeMs until = 0;         // reserve, ring: the deadline
  int wrap_up_seconds = 0;  // call_ended: the queue's wrap-up time

  static AgentEvent of(AgentEventKind kind) {
    AgentEvent e;
    e.kind = kind;
    return e;
  }
  static AgentEvent log_in() { return of(AgentEventKind::log_in); }
  static AgentEvent log_out() { return of(AgentEventKind::log_out); }
  static AgentEvent pause(std::string reason) {
    AgentEvent e = of(AgentEventKind::pause);
    e.reason = std::move(reason);
    return e;
  }
  static AgentEvent resume() { return of(AgentEventKind::resume); }
  static AgentEvent reserve(CallId call, TimeMs until) {
    AgentEvent e = of(AgentEventKind::reserve);
    e.call = call;
    e.until = until;
    return e;
  }
  static AgentEvent ring(TimeMs until) {
    AgentEvent e = of(AgentEventKind::ring);
    e.until = until;
    return e;
  }
  static AgentEvent answer() { return of(AgentEventKind::answer); }
  static AgentEvent no_answer() { return of(AgentEventKind::no_answer); }
  static AgentEvent call_ended(int wrap_up_seconds) {
    AgentEvent e = of(AgentEventKind::call_ended);
    e.wrap_up_seconds = wrap_up_seconds;
    return e;
  }
  static AgentEvent wrap_up_done() { return of(AgentEventKind::wrap_up_done); }
  static AgentEvent wrap_up_expired() { return of(AgentEventKind::wrap_up_expired); }
  static AgentEvent reservation_lost() { return of(AgentEventKind::reservation_lost); }
  static AgentEvent registration_lost() { return of(AgentEventKind::registration_lost); }
  static AgentEvent registration_restored() { return of(AgentEventKind::registration_restored); }
};

// What the router and the wallboard need to know about one agent.
struct AgentStatus {
  AgentId agent = 0;
  AgentState state = AgentState::offline;
  std::string pause_reason;  // set while paused
  TimeMs state_since = 0;    // when the current state was entered
  // When the agent last became available after work, a pause or log-in; the key of
  // longest-idle. A reservation that vanished does not reset it (the agent did no work).
  TimeMs idle_since = 0;
  std::optional<CallId> call;  // reserved, ringing, on_call, and the call wrapped up in wrap_up
  TimeMs deadline = 0;         // reserved, ringing, wrap_up; else 0
  TimeMs answered_at = 0;      // on_call
  std::uint32_t calls_handled = 0;  // calls answered and ended
  TimeMs talk_ms = 0;               // sum of answered-to-ended time
  bool phone_registered = true;
};

// The record of one accepted event, for the caller to store.
struct AgentStateChange {
  AgentId agent = 0;
  AgentState from = AgentState::offline;
  AgentState to = AgentState::offline;
  AgentEventKind event = AgentEventKind::log_in;
  // The pause reason when `to` is paused, else the event's name ("answer", "log_out").
  std::string reason;
  TimeMs at = 0;
  // The call the event concerns (reserved, rung, answered, ended, lost), if any. When `from`
  // is reserved or ringing and `to` is not on_call, the offer of this call to the agent ended:
  // the caller tells the router (offer_failed) and cancels the ringing.
  std::optional<CallId> call;
};

// Applies one event to one agent. Pure: the same status, event and time give the same result.
Result<AgentStateChange> apply_agent_event(AgentStatus& status, const AgentEvent& event,
                                           TimeMs now);

// All agents of the node with their deadlines, so that tick() finds every reservation, ring
// and wrap-up whose time is up without a scan.
class AgentStates {
 public:
  // A new agent starts offline. Refused when the id is known.
  Status add(AgentId agent, TimeMs now);
  // Refused unless the agent is offline (its history must end with a state change).
  Status remove(AgentId agent);

  Result<AgentStateChange> apply(AgentId agent, const AgentEvent& event, TimeMs now);

  // Applies every deadline that is due at `now`, earliest first: a reservation or ring not
  // answered in time counts as no_answer (paused "no-answer", so a dead phone does not eat
  // every call), a wrap-up timer as wrap_up_expired. Returns the changes in that order.
  std::vector<AgentStateChange> tick(TimeMs now);
  // The earliest pending deadline, for the caller's timer.
  std::optional<TimeMs> next_deadline() const;

  const AgentStatus* find(AgentId agent) const;
  const std::unordered_map<AgentId, AgentStatus>& all() const { return agents_; }

 private:
  std::unordered_map<AgentId, AgentStatus> agents_;
  std::set<std::pair<TimeMs, AgentId>> deadlines_;
};

}  // namespace callwerk::acd

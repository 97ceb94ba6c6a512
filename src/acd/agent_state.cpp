#include "acd/agent_state.hpp"

#include <fmt/format.h>

namespace callwerk::acd {

std::string_view agent_state_name(AgentState state) {
  switch (state) {
    case AgentState::offline:
      return "offline";
    case AgentState::available:
      return "available";
    case AgentState::reserved:
      return "reserved";
    case AgentState::ringing:
      return "ringing";
    case AgentState::on_call:
      return "on_call";
    case AgentState::wrap_up:
      return "wrap_up";
    case AgentState::paused:
      return "paused";
  }
  return "unknown";
}

std::string_view agent_event_name(AgentEventKind kind) {
  switch (kind) {
    case AgentEventKind::log_in:
      return "log_in";
    case AgentEventKind::log_out:
      return "log_out";
    case AgentEventKind::pause:
      return "pause";
    case AgentEventKind::resume:
      return "resume";
    case AgentEventKind::reserve:
      return "reserve";
    case AgentEventKind::ring:
      return "ring";
    case AgentEventKind::answer:
      return "answer";
    case AgentEventKind::no_answer:
      return "no_answer";
    case AgentEventKind::call_ended:
      return "call_ended";
    case AgentEventKind::wrap_up_done:
      return "wrap_up_done";
    case AgentEventKind::wrap_up_expired:
      return "wrap_up_expired";
    case AgentEventKind::reservation_lost:
      return "reservation_lost";
    case AgentEventKind::registration_lost:
      return "registration_lost";
    case AgentEventKind::registration_restored:
      return "registration_restored";
  }
  return "unknown";
}

namespace {

Error refused(const AgentStatus& status, const AgentEvent& event, std::string_view why = {}) {
  std::string message = fmt::format("agent {} cannot {} while {}", status.agent,
                                    agent_event_name(event.kind), agent_state_name(status.state));
  if (!why.empty()) message += fmt::format(" ({})", why);
  return make_error(ErrorKind::conflict, std::move(message));
}

void enter(AgentStatus& s, AgentState state, TimeMs now) {
  if (s.state != state) s.state_since = now;
  s.state = state;
  s.deadline = 0;
  if (state != AgentState::paused) s.pause_reason.clear();
}

void enter_paused(AgentStatus& s, std::string_view reason, TimeMs now) {
  // A new reason is a new pause (the wallboard's time-in-state restarts).
  if (s.state == AgentState::paused && s.pause_reason != reason) s.state_since = now;
  enter(s, AgentState::paused, now);
  s.pause_reason = std::string(reason);
  s.call.reset();
}

// After work (or a pause): available with a fresh idle time, unless the phone is gone.
void become_ready(AgentStatus& s, TimeMs now) {
  s.call.reset();
  s.answered_at = 0;
  if (!s.phone_registered) {
    enter_paused(s, kPauseRegistrationLost, now);
    return;
  }
  enter(s, AgentState::available, now);
  s.idle_since = now;
}

bool is_offered(AgentState state) {
  return state == AgentState::reserved || state == AgentState::ringing;
}

// Mutates `s` (a copy) or says why the event is refused.
std::optional<Error> transition(AgentStatus& s, const AgentEvent& e, TimeMs now,
                                std::optional<CallId>& concerned_call) {
  const AgentState state = s.state;
  switch (e.kind) {
    case AgentEventKind::log_in:
      if (state != AgentState::offline) return refused(s, e, "already logged in");
      become_ready(s, now);
      return std::nullopt;
    case AgentEventKind::log_out:
      if (state != AgentState::available && state != AgentState::paused &&
          state != AgentState::wrap_up)
        return refused(s, e, "a call is reserved or connected");
      concerned_call = s.call;
      enter(s, AgentState::offline, now);
      s.call.reset();
      return std::nullopt;
    case AgentEventKind::pause:
      if (e.reason.empty())
        return make_error(ErrorKind::invalid_input, "a pause needs a reason code", "reason");
      if (state != AgentState::available && state != AgentState::paused &&
          state != AgentState::wrap_up)
        return refused(s, e);
      concerned_call = s.call;
      enter_paused(s, e.reason, now);
      return std::nullopt;
    case AgentEventKind::resume:
      if (state != AgentState::paused) return refused(s, e);
      if (!s.phone_registered) return refused(s, e, "the phone is not registered");
      become_ready(s, now);
      return std::nullopt;
    case AgentEventKind::reserve:
      if (state != AgentState::available) return refused(s, e);
      if (e.until <= now)
        return make_error(ErrorKind::invalid_input, "a reservation needs a deadline after now",
                          "until");
      enter(s, AgentState::reserved, now);
      s.call = e.call;
      s.deadline = e.until;
      concerned_call = e.call;
      return std::nullopt;
    case AgentEventKind::ring:
      if (state != AgentState::reserved) return refused(s, e);
      if (e.until <= now)
        return make_error(ErrorKind::invalid_input, "ringing needs a deadline after now", "until");
      enter(s, AgentState::ringing, now);
      s.deadline = e.until;
      concerned_call = s.call;
      return std::nullopt;
    case AgentEventKind::answer:
      // From reserved too: a phone may answer with 200 without a 180 first (auto-answer).
      if (!is_offered(state)) return refused(s, e);
      enter(s, AgentState::on_call, now);
      s.answered_at = now;
      concerned_call = s.call;
      return std::nullopt;
    case AgentEventKind::no_answer:
      if (!is_offered(state)) return refused(s, e);
      concerned_call = s.call;
      enter_paused(s, kPauseNoAnswer, now);
      return std::nullopt;
    case AgentEventKind::call_ended:
      if (state != AgentState::on_call) return refused(s, e);
      if (e.wrap_up_seconds < 0)
        return make_error(ErrorKind::invalid_input, "wrap-up seconds must not be negative",
                          "wrap_up_seconds");
      concerned_call = s.call;
      s.calls_handled += 1;
      s.talk_ms += now - s.answered_at;
      s.answered_at = 0;
      if (e.wrap_up_seconds == 0) {
        become_ready(s, now);
      } else {
        enter(s, AgentState::wrap_up, now);
        s.deadline = now + TimeMs{e.wrap_up_seconds} * 1000;
      }
      return std::nullopt;
    case AgentEventKind::wrap_up_done:
      if (state != AgentState::wrap_up) return refused(s, e);
      concerned_call = s.call;
      become_ready(s, now);
      return std::nullopt;
    case AgentEventKind::wrap_up_expired:
      if (state != AgentState::wrap_up) return refused(s, e);
      // A stale timer of an earlier wrap-up must not cut the current one short.
      if (now < s.deadline) return refused(s, e, "the wrap-up time has not run out");
      concerned_call = s.call;
      become_ready(s, now);
      return std::nullopt;
    case AgentEventKind::reservation_lost:
      if (!is_offered(state)) return refused(s, e);
      concerned_call = s.call;
      s.call.reset();
      // Back to available without a fresh idle time: the agent did no work, and a ring-all
      // agent would otherwise lose its place in longest-idle every time a colleague answers.
      enter(s, AgentState::available, now);
      return std::nullopt;
    case AgentEventKind::registration_lost:
      if (!s.phone_registered) return refused(s, e, "the phone is already gone");
      s.phone_registered = false;
      if (state == AgentState::available || is_offered(state)) {
        concerned_call = s.call;
        enter_paused(s, kPauseRegistrationLost, now);
      } else {
        concerned_call = s.call;  // on_call continues; wrap_up, paused, offline stay
      }
      return std::nullopt;
    case AgentEventKind::registration_restored:
      if (s.phone_registered) return refused(s, e, "the phone is registered");
      s.phone_registered = true;
      if (state == AgentState::paused && s.pause_reason == kPauseRegistrationLost)
        become_ready(s, now);
      return std::nullopt;
  }
  return make_error(ErrorKind::internal, "unknown agent event");
}

}  // namespace

Result<AgentStateChange> apply_agent_event(AgentStatus& status, const AgentEvent& event,
                                           TimeMs now) {
  AgentStatus next = status;
  std::optional<CallId> concerned_call;
  if (auto error = transition(next, event, now, concerned_call)) return std::move(*error);
  AgentStateChange change;
  change.agent = status.agent;
  change.from = status.state;
  change.to = next.state;
  change.event = event.kind;
  change.reason = next.state == AgentState::paused ? next.pause_reason
                                                   : std::string(agent_event_name(event.kind));
  change.at = now;
  change.call = concerned_call;
  status = std::move(next);
  return change;
}

Status AgentStates::add(AgentId agent, TimeMs now) {
  AgentStatus status;
  status.agent = agent;
  status.state_since = now;
  if (!agents_.emplace(agent, std::move(status)).second)
    return make_error(ErrorKind::conflict, fmt::format("agent {} is already known", agent));
  return ok_status();
}

Status AgentStates::remove(AgentId agent) {
  auto it = agents_.find(agent);
  if (it == agents_.end())
    return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent));
  if (it->second.state != AgentState::offline)
    return make_error(ErrorKind::conflict,
                      fmt::format("agent {} must be logged out before removal", agent));
  agents_.erase(it);
  return ok_status();
}

Result<AgentStateChange> AgentStates::apply(AgentId agent, const AgentEvent& event, TimeMs now) {
  auto it = agents_.find(agent);
  if (it == agents_.end())
    return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent));
  AgentStatus& status = it->second;
  const TimeMs old_deadline = status.deadline;
  auto change = apply_agent_event(status, event, now);
  if (change.ok() && old_deadline != status.deadline) {
    if (old_deadline != 0) deadlines_.erase({old_deadline, agent});
    if (status.deadline != 0) deadlines_.insert({status.deadline, agent});
  }
  return change;
}

std::vector<AgentStateChange> AgentStates::tick(TimeMs now) {
  std::vector<AgentStateChange> changes;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    const AgentId agent = deadlines_.begin()->second;
    const AgentState state = agents_.at(agent).state;
    const AgentEvent event =
        state == AgentState::wrap_up ? AgentEvent::wrap_up_expired() : AgentEvent::no_answer();
    auto change = apply(agent, event, now);
    // Every deadline belongs to reserved, ringing or wrap_up, whose timeout event is always
    // accepted once due; drop it anyway rather than spin if that ever stops being true.
    if (change.ok()) {
      changes.push_back(std::move(*change));
    } else {
      deadlines_.erase(deadlines_.begin());
    }
  }
  return changes;
}

std::optional<TimeMs> AgentStates::next_deadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

const AgentStatus* AgentStates::find(AgentId agent) const {
  auto it = agents_.find(agent);
  return it == agents_.end() ? nullptr : &it->second;
}

}  // namespace callwerk::acd

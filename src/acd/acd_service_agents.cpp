// AcdService: what agents do from the desktop and their phones, and their removal.

#include <fmt/format.h>

#include "acd/acd_service.hpp"

namespace callwerk::acd {

namespace {

Error unknown_agent(AgentId agent) {
  return make_error(ErrorKind::not_found, fmt::format("agent {} is not known", agent), "agent");
}

}  // namespace

Status AcdService::log_in(AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (auto done = apply_agent(agent, AgentEvent::log_in(), now); !done) return done;
  process_due(now);
  return ok_status();
}

Status AcdService::log_out(AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (auto done = apply_agent(agent, AgentEvent::log_out(), now); !done) return done;
  process_due(now);
  return ok_status();
}

Status AcdService::pause(AgentId agent, std::string reason, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  if (auto done = apply_agent(agent, AgentEvent::pause(std::move(reason)), now); !done) return done;
  process_due(now);
  return ok_status();
}

Status AcdService::ready(AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  const AgentStatus* status = agents_.find(agent);
  if (status == nullptr) return unknown_agent(agent);
  Status done = ok_status();
  switch (status->state) {
    case AgentState::available:
      break;  // pressing "ready" twice is fine
    case AgentState::paused:
      done = apply_agent(agent, AgentEvent::resume(), now);
      break;
    case AgentState::wrap_up:
      done = apply_agent(agent, AgentEvent::wrap_up_done(), now);
      break;
    default:
      return make_error(ErrorKind::conflict, fmt::format("agent {} cannot become ready while {}",
                                                         agent, agent_state_name(status->state)));
  }
  if (!done) return done;
  process_due(now);
  return ok_status();
}

Status AcdService::registration_changed(AgentId agent, bool registered, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  const AgentStatus* status = agents_.find(agent);
  if (status == nullptr) return unknown_agent(agent);
  // Registrars refresh; only a change of registration is an event.
  if (status->phone_registered == registered) return ok_status();
  const AgentEvent event =
      registered ? AgentEvent::registration_restored() : AgentEvent::registration_lost();
  if (auto done = apply_agent(agent, event, now); !done) return done;
  process_due(now);
  return ok_status();
}

Status AcdService::remove_agent(AgentId agent, TimeMs now) {
  Operation operation(*this);
  now = advance_clock(now);
  auto config = agent_configs_.find(agent);
  if (config == agent_configs_.end()) return unknown_agent(agent);
  const AgentStatus& status = *agents_.find(agent);
  switch (status.state) {
    case AgentState::offline:
      forget_agent(agent);
      break;
    case AgentState::reserved:
    case AgentState::ringing:
      retire_offered_agent(agent, now);
      break;
    case AgentState::on_call:
      // Cutting the customer off is worse than a late removal.
      config->second.removal_pending = true;
      break;
    case AgentState::available:
    case AgentState::paused:
    case AgentState::wrap_up:
      if (auto out = apply_agent(agent, AgentEvent::log_out(), now); !out) {
        note_internal(out.error());
        return out;
      }
      forget_agent(agent);
      break;
  }
  process_due(now);
  return ok_status();
}

void AcdService::retire_offered_agent(AgentId agent, TimeMs now) {
  // The router must not see the agent available in between (it would offer it the next
  // call), so the state machine goes reserved -> available -> offline first and the router
  // only learns that the offer failed.
  const CallId call = agents_.find(agent)->call.value_or(0);
  outbox_.stop_ringing(call, agent);
  for (const AgentEvent& event : {AgentEvent::reservation_lost(), AgentEvent::log_out()}) {
    auto change = agents_.apply(agent, event, now);
    if (!change) {
      note_internal(change.error());
      continue;
    }
    publish_change(*change);
  }
  handle(router_.offer_failed(call, agent, now), now);
  forget_agent(agent);
}

void AcdService::retire_agent_after_call(AgentId agent, TimeMs now) {
  // After call_ended without wrap-up the agent is available (or paused without a phone);
  // the router has not been told, so it cannot offer a call before the log-out.
  auto change = agents_.apply(agent, AgentEvent::log_out(), now);
  if (!change) {
    note_internal(change.error());
    return;
  }
  publish_change(*change);
  forget_agent(agent);
}

void AcdService::forget_agent(AgentId agent) {
  mark_agent_queues_changed(agent);
  if (auto removed = router_.remove_agent(agent); !removed) note_internal(removed.error());
  if (auto removed = agents_.remove(agent); !removed) note_internal(removed.error());
  for (auto& [id, queue] : queues_) queue.members.erase(agent);
  agent_configs_.erase(agent);
}

}  // namespace callwerk::acd

// The desk's transfer to a named colleague, attended transfer (consultation) and three-way
// conference, wired between the ACD and the voice channel on the core loop.
//
// A blind transfer to a colleague keeps the call's own ACD id: the agent's talk ends (wrap-up)
// and the call is offered to the colleague alone (AcdService::offer_to_agent) as a new stay in
// the queue it came from; unanswered, it waits there at its old place.
// A consultation's leg is an ACD call of its own (an id from kConsultCallKeys on), offered to
// the colleague as a consultation: unanswered it leaves without a record; answered it is the
// colleague's talk, with the caller's interaction and a queue_calls record of its own in the
// queue of the caller's stay. Completing hands the caller over: the first agent's talk ends
// (wrap-up), the colleague talks on under the consultation's id until the call ends.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "app/contact_center.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

using store::Json;

namespace {

Json consult_event_name(voice::ConsultEvent::Kind kind) {
  switch (kind) {
    case voice::ConsultEvent::Kind::ringing:
      return "ringing";
    case voice::ConsultEvent::Kind::connected:
      return "connected";
    case voice::ConsultEvent::Kind::failed:
      return "failed";
    case voice::ConsultEvent::Kind::cancelled:
      return "cancelled";
    case voice::ConsultEvent::Kind::target_left:
      return "target_left";
    case voice::ConsultEvent::Kind::completed:
      return "completed";
    case voice::ConsultEvent::Kind::conference:
      return "conference";
    case voice::ConsultEvent::Kind::ended:
      return "ended";
  }
  return "unknown";
}

}  // namespace

voice::CallKey ContactCenter::voice_key_of(acd::CallId call) const {
  const auto it = consultations_.find(call);
  return it != consultations_.end() ? it->second.call : static_cast<voice::CallKey>(call);
}

Result<acd::AgentId> ContactCenter::colleague_for(store::Id tenant_id, store::Id user_id,
                                                  store::Id target) const {
  const AgentInfo* info = agent_info(target);
  if (info == nullptr || info->tenant_id != tenant_id)
    return make_error(ErrorKind::not_found, "Diese Kollegin oder dieser Kollege ist unbekannt.",
                      "agent_id");
  if (target == user_id)
    return make_error(ErrorKind::invalid_input, "Sie können nicht an sich selbst übergeben.",
                      "agent_id");
  const auto snapshot = acd_.agent_snapshot(target);
  if (!snapshot || snapshot->state != acd::AgentState::available || !snapshot->phone_registered)
    return make_error(ErrorKind::conflict, info->display_name + " ist gerade nicht frei.",
                      "agent_id");
  return target;
}

Result<acd::AgentId> ContactCenter::consult_agent_of_queue(store::Id tenant_id, store::Id user_id,
                                                           const std::string& queue) const {
  const auto found = queue_by_name_.find({tenant_id, queue});
  if (found == queue_by_name_.end())
    return make_error(ErrorKind::invalid_input, "no queue '" + queue + "'", "queue");
  // The longest idle available agent who serves the queue (what the router picks by default).
  std::optional<acd::AgentSnapshot> best;
  for (const acd::AgentSnapshot& agent : acd_.agent_snapshots()) {
    if (agent.tenant != tenant_id || agent.agent == user_id ||
        agent.state != acd::AgentState::available || !agent.phone_registered)
      continue;
    if (std::find(agent.queues.begin(), agent.queues.end(), found->second) == agent.queues.end())
      continue;
    if (!best || agent.state_since < best->state_since) best = agent;
  }
  if (!best)
    return make_error(ErrorKind::conflict, "In der Warteschlange " + queue + " ist niemand frei.",
                      "queue");
  return best->agent;
}

Result<Json> ContactCenter::run_transfer_command(store::Id tenant_id, store::Id user_id,
                                                 acd::CallId call, const CallCommand& command) {
  const voice::CallKey key = voice_key_of(call);
  const std::string& action = command.action;
  const TimeMs now = now_ms();
  if (action == "complete" || action == "cancel_consult" || action == "conference" ||
      action == "leave") {
    Status done = action == "complete"         ? voice_->complete_consult(key)
                  : action == "cancel_consult" ? voice_->cancel_consult(key)
                  : action == "conference"     ? voice_->start_conference(key)
                                               : voice_->leave_conference(key);
    if (!done) return done.error();
    return status_json(user_id);  // the ACD follows in consult_changed
  }
  // transfer (to a colleague) or consult (a colleague, or whoever is free in a queue)
  auto target = command.agent_id ? colleague_for(tenant_id, user_id, *command.agent_id)
                                 : consult_agent_of_queue(tenant_id, user_id, command.queue);
  if (!target) return target.error();
  const auto stay = calls_.find(call);
  if (stay == calls_.end())
    return make_error(ErrorKind::conflict, "this call came from no queue: no transfer");
  const CallInfo current = stay->second;
  const auto queue = queues_.find(current.queue);
  if (queue == queues_.end())
    return make_error(ErrorKind::conflict, "the call's queue is gone: transfer to a queue");
  acd::WaitingCallSpec spec;
  spec.queue = current.queue;
  spec.priority = current.priority;
  spec.enqueued_at = current.enqueued_at;  // unanswered, it waits at its old place

  if (action == "consult") {
    const acd::CallId leg = next_consult_call_++;
    const AgentInfo* target_info = agent_info(*target);
    if (auto started = voice_->consult(key, static_cast<voice::CallKey>(leg), *target,
                                       target_info ? target_info->extension : std::string());
        !started)
      return started.error();
    consultations_[leg] = Consultation{key, user_id, *target, false};
    CallInfo& info = calls_[leg];
    info = CallInfo{};
    info.tenant_id = tenant_id;
    info.queue = current.queue;
    info.priority = current.priority;
    info.interaction_id = current.interaction_id;
    info.enqueued_at = now;
    spec.call = leg;
    if (auto offered = acd_.offer_to_agent(spec, *target, true, now); !offered) {
      consultations_.erase(leg);
      calls_.erase(leg);
      (void)voice_->cancel_consult(key);
      reschedule();
      return offered.error();
    }
    // The caller holds meanwhile: hold time of the talk (consult_changed follows it on).
    (void)acd_.call_held(call, true, now);
    reschedule();
    return status_json(user_id);
  }

  // Blind transfer to the colleague: as a transfer to a queue, the caller's stay with this
  // agent ends and a new one begins, offered to the colleague alone.
  if (auto released = voice_->release_to_agent(key, queue->second.name, *target); !released)
    return released.error();
  if (auto ended = acd_.call_ended(call, now); !ended)
    spdlog::warn("acd: transfer of call {}: {}", call, ended.error().describe());
  taken_over_.erase(key);
  const auto own = static_cast<acd::CallId>(key);
  if (const auto previous = calls_.find(own); previous != calls_.end())
    finishing_[own] = previous->second;  // that stay's record completes after the wrap-up
  CallInfo& info = calls_[own];
  info = CallInfo{};
  info.tenant_id = tenant_id;
  info.queue = current.queue;
  info.priority = current.priority;
  info.interaction_id = current.interaction_id;
  info.enqueued_at = now;
  protocol(own, "queue.entered",
           {{"queue", queue->second.name},
            {"queue_id", current.queue},
            {"priority", current.priority},
            {"agent_id", *target}});
  spec.call = own;
  if (auto offered = acd_.offer_to_agent(spec, *target, false, now); !offered) {
    // The colleague was taken a moment ago: the caller waits in the queue instead.
    calls_.erase(own);
    if (auto queued = enqueue(key, tenant_id, queue->second.name, current.priority); !queued)
      voice_->queue_gave_up(key, "transfer refused");
  }
  reschedule();
  return status_json(user_id);
}

void ContactCenter::consult_changed(const voice::ConsultEvent& event) {
  using Kind = voice::ConsultEvent::Kind;
  const auto leg = static_cast<acd::CallId>(event.acd_key);
  const TimeMs now = now_ms();
  const auto found = consultations_.find(leg);
  Status done = ok_status();
  switch (event.kind) {
    case Kind::ringing:
      done = acd_.agent_ringing(leg, event.user_id, now);
      break;
    case Kind::connected:
      done = acd_.agent_answered(leg, event.user_id, now);
      break;
    case Kind::failed:
      // The ACD's own ring timeout has already ended the offer; a refusal ends it here.
      if (found != consultations_.end()) done = acd_.ring_failed(leg, event.user_id, now);
      consult_failures_[event.agent_id] =
          Json{{"target_agent_id", event.user_id}, {"reason", event.reason}};
      break;
    case Kind::cancelled:
    case Kind::target_left:
    case Kind::ended:
      if (event.was_connected) {
        done = acd_.call_ended(leg, now);
      } else {
        done = acd_.withdraw_offer(leg, now);
        calls_.erase(leg);
      }
      consultations_.erase(leg);
      break;
    case Kind::completed: {
      // The first agent's talk ends (wrap-up); the colleague talks on under the leg's id.
      const auto previous = taken_over_.find(event.call);
      const acd::CallId first =
          previous != taken_over_.end() ? previous->second : static_cast<acd::CallId>(event.call);
      done = acd_.call_ended(first, now);
      if (previous != taken_over_.end()) consultations_.erase(first);
      taken_over_[event.call] = leg;
      if (found != consultations_.end()) found->second.completed = true;
      break;
    }
    case Kind::conference:
      break;
  }
  // The caller's hold time in the talking agent's record follows the voice channel's hold.
  if (voice_ != nullptr) {
    const auto talking = taken_over_.find(event.call);
    (void)acd_.call_held(
        talking != taken_over_.end() ? talking->second : static_cast<acd::CallId>(event.call),
        voice_->held(event.call), now);
  }
  if (!done)
    spdlog::debug("acd: consultation {} ({}): {}", leg,
                  consult_event_name(event.kind).get<std::string>(), done.error().describe());
  reschedule();
  // Both desks show the consultation's state (the ACD's own changes publish theirs too).
  for (const acd::AgentId agent : {event.agent_id, event.user_id}) {
    const AgentInfo* info = agent_info(agent);
    if (info == nullptr) continue;
    Json live = status_json(agent);
    live["consult_event"] = {{"event", consult_event_name(event.kind)},
                             {"agent_id", event.agent_id},
                             {"target_agent_id", event.user_id},
                             {"reason", event.reason}};
    publish(info->tenant_id, "desk.state", std::move(live));
  }
}

void ContactCenter::add_consult_json(acd::AgentId agent, acd::CallId call, Json& json) const {
  if (voice_ == nullptr) return;
  const voice::CallKey key = voice_key_of(call);
  json["held"] = voice_->held(key);
  if (const auto consult = voice_->consultation(key)) {
    const AgentInfo* target = agent_info(consult->user_id);
    const auto leg = consultations_.find(static_cast<acd::CallId>(consult->acd_key));
    const bool asking = leg != consultations_.end() && leg->second.agent == agent;
    json["consultation"] = {
        {"role", asking ? "agent" : "target"},
        {"agent_id",
         asking ? agent : (leg != consultations_.end() ? leg->second.agent : acd::AgentId{0})},
        {"target_agent_id", consult->user_id},
        {"target_name", target ? target->display_name : std::string()},
        {"connected", consult->connected},
        {"conference", consult->conference}};
  }
  if (const auto failure = consult_failures_.find(agent); failure != consult_failures_.end())
    json["consult_failed"] = failure->second;
}

Json ContactCenter::colleagues_json(store::Id tenant_id, store::Id user_id) const {
  Json agents = Json::array();
  for (const auto& [id, info] : agents_) {
    if (info.tenant_id != tenant_id || id == user_id) continue;
    const auto snapshot = acd_.agent_snapshot(id);
    const bool available =
        snapshot && snapshot->state == acd::AgentState::available && snapshot->phone_registered;
    agents.push_back(
        Json{{"user_id", id},
             {"name", info.display_name},
             {"extension", info.extension},
             {"state", snapshot ? api_name(acd::agent_state_name(snapshot->state)) : "offline"},
             {"available", available}});
  }
  Json queues = Json::array();
  for (const auto& [id, queue] : queues_)
    if (queue.tenant_id == tenant_id) queues.push_back(Json{{"id", id}, {"name", queue.name}});
  return Json{{"agents", std::move(agents)}, {"queues", std::move(queues)}};
}

}  // namespace callwerk::app

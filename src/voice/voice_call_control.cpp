// What an agent does with a connected call from the desktop: hold and resume (the caller hears
// a short notice, then silence, and nothing of the agent's side), hang up (for phones without
// a handy hook, and for headsets), and a blind transfer to a
// queue or a named colleague (the agent's leg is hung up, the caller waits like any caller).
// Attended transfer and conference: voice_consult.cpp.
#include <spdlog/spdlog.h>

#include "voice/system_phrases.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

Result<VoiceCall*> VoiceService::State::agent_connected_call(CallKey key) {
  const auto it = calls.find(key);
  if (it == calls.end() || it->second->state != CallState::answered || !it->second->bridged ||
      !it->second->agent)
    return make_error(ErrorKind::conflict, "no connected call");
  return it->second.get();
}

void VoiceService::State::set_held(VoiceCall& call, bool on) {
  if (call.held == on) return;
  call.held = on;
  if (on) {
    media.unbridge(call.caller.stream);
    play(call, std::string(system_phrase(Phrase::hold_notice, call.language)), std::string(),
         false);
  } else {
    media.stop_playback(call.caller.stream);
    media.bridge(call.caller.stream, call.agent->stream);
  }
}

Status VoiceService::hold(CallKey key, bool on) {
  State& s = *state_;
  auto connected = s.agent_connected_call(key);
  if (!connected) return connected.error();
  VoiceCall& call = **connected;
  if (call.supervision)
    return make_error(ErrorKind::conflict, "a team lead is on the call: hold is not possible now");
  if (call.consult)
    return make_error(ErrorKind::conflict,
                      "Eine Rückfrage läuft: erst übergeben oder zum Anrufer zurück.");
  if (call.held == on) return ok_status();  // already so
  s.set_held(call, on);
  s.protocol(call, on ? "call.hold" : "call.resumed",
             {{"by", "agent"}, {"agent_id", call.agent_user_id}}, "agent");
  return ok_status();
}

Status VoiceService::hang_up(CallKey key) {
  State& s = *state_;
  auto connected = s.agent_connected_call(key);
  if (!connected) return connected.error();
  VoiceCall& call = **connected;
  if (call.consult)
    return make_error(ErrorKind::conflict,
                      "Eine Rückfrage läuft: erst übergeben oder zum Anrufer zurück.");
  s.protocol(call, "call.hangup",
             {{"by", "agent"}, {"via", "desk"}, {"agent_id", call.agent_user_id}}, "agent");
  s.end_call(call, "agent_hangup", true, true);
  return ok_status();
}

bool VoiceService::held(CallKey key) const {
  const auto it = state_->calls.find(key);
  return it != state_->calls.end() && it->second->held;
}

namespace {

// Hangs up the agent's leg and lets the caller wait for the ACD in `queue`.
Status release_agent_leg(VoiceService::State& s, CallKey key, const std::string& queue,
                         const nlohmann::json& payload, VoiceService& service) {
  auto connected = s.agent_connected_call(key);
  if (!connected) return connected.error();
  VoiceCall& call = **connected;
  if (call.callback)
    return make_error(ErrorKind::conflict, "a call back cannot be transferred to a queue yet");
  if (call.consult)
    return make_error(ErrorKind::conflict,
                      "Eine Rückfrage läuft: erst übergeben oder zum Anrufer zurück.");
  if (call.supervision) (void)service.end_supervision(key);
  nlohmann::json entry = payload;
  entry["from_queue"] = call.queue;
  entry["agent_id"] = call.agent_user_id;
  s.protocol(call, "transfer.blind", entry, "agent");
  s.media.unbridge(call.caller.stream);
  s.send_bye(call, *call.agent);
  s.close_agent_leg(call);
  if (call.agent_invite_txn != 0) s.abandon_agent_invite(call);
  call.bridged = false;
  call.held = false;
  call.queued = true;
  call.queue = queue;
  s.play(call, std::string(system_phrase(Phrase::transfer_notice, call.language)), std::string(),
         false);
  return ok_status();
}

}  // namespace

Status VoiceService::release_to_queue(CallKey key, const std::string& queue) {
  return release_agent_leg(*state_, key, queue, {{"queue", queue}}, *this);
}

Status VoiceService::release_to_agent(CallKey key, const std::string& queue, int64_t agent_id) {
  return release_agent_leg(*state_, key, queue, {{"queue", queue}, {"to_agent_id", agent_id}},
                           *this);
}

}  // namespace callwerk::voice

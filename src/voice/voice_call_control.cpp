// What an agent does with a connected call from the desktop: hold and resume (the caller hears
// a short notice, then silence, and nothing of the agent's side), and a blind transfer to a
// queue (the agent's leg is hung up, the caller waits in the new queue like any caller).
#include <spdlog/spdlog.h>

#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

constexpr const char* kHoldNotice = "Bitte bleiben Sie am Apparat. Es geht gleich weiter.";
constexpr const char* kTransferNotice = "Ich verbinde Sie weiter. Einen Moment bitte.";

// The call connected to an agent, which the desktop's commands act on.
Result<VoiceCall*> connected_call(VoiceService::State& s, CallKey key) {
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state != CallState::answered || !it->second->bridged ||
      !it->second->agent)
    return make_error(ErrorKind::conflict, "no connected call");
  return it->second.get();
}

}  // namespace

Status VoiceService::hold(CallKey key, bool on) {
  State& s = *state_;
  auto connected = connected_call(s, key);
  if (!connected) return connected.error();
  VoiceCall& call = **connected;
  if (call.supervision)
    return make_error(ErrorKind::conflict, "a team lead is on the call: hold is not possible now");
  if (call.held == on) return ok_status();  // already so
  call.held = on;
  if (on) {
    s.media.unbridge(call.caller.stream);
    s.play(call, kHoldNotice, std::string(), false);
  } else {
    s.media.stop_playback(call.caller.stream);
    s.media.bridge(call.caller.stream, call.agent->stream);
  }
  s.protocol(call, on ? "call.hold" : "call.resumed",
             {{"by", "agent"}, {"agent_id", call.agent_user_id}}, "agent");
  return ok_status();
}

Status VoiceService::release_to_queue(CallKey key, const std::string& queue) {
  State& s = *state_;
  auto connected = connected_call(s, key);
  if (!connected) return connected.error();
  VoiceCall& call = **connected;
  if (call.callback)
    return make_error(ErrorKind::conflict, "a call back cannot be transferred to a queue yet");
  if (call.supervision) (void)end_supervision(key);
  s.protocol(call, "transfer.blind",
             {{"queue", queue}, {"from_queue", call.queue}, {"agent_id", call.agent_user_id}},
             "agent");
  s.media.unbridge(call.caller.stream);
  s.send_bye(call, *call.agent);
  s.close_agent_leg(call);
  if (call.agent_invite_txn != 0) s.abandon_agent_invite(call);
  call.bridged = false;
  call.held = false;
  call.queued = true;
  call.queue = queue;
  s.play(call, kTransferNotice, std::string(), false);
  return ok_status();
}

}  // namespace callwerk::voice

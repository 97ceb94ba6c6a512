// Music for a caller waiting in a queue (between the announcements, and while an agent's
// phone rings) and for a caller an agent put on hold (after the hold notice), when the queue
// wants it. It loops until something else plays: an announcement, the agent's voice once the
// bridge is up, or the end of the hold. Any other playback simply replaces it.
#include "media/wait_music.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

void VoiceService::State::resume_wait_music(VoiceCall& call) {
  if (!call.wait_music || call.state != CallState::answered || call.hang_up_after_play ||
      call.voicemail)
    return;
  const bool waiting = call.queued && !call.bridged;
  if (!waiting && !call.held) return;
  if (call_by_play.count(call.current_play) != 0) return;  // something else plays
  const uint64_t play_id = next_play_id++;
  call.current_play = play_id;
  call_by_play[play_id] = call.key;
  media.play(call.caller.stream, media::wait_music(), play_id, false);
}

void VoiceService::set_wait_music(CallKey key, bool on) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end()) return;
  it->second->wait_music = on;
  s.resume_wait_music(*it->second);
}

}  // namespace callwerk::voice

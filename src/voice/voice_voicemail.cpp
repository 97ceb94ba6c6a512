// Voicemail after a queue's maximum wait (VoiceService::voicemail_instead): the caller leaves
// the queue, hears the greeting and a tone, then speaks into a recording of its own (not the
// call recording a menu may run) until hanging up, '#' or the queue's maximum length; then thanks
// and BYE. The file is reported to the queues (CallQueues::voicemail_recorded) once the media
// thread has closed it, which may be after the call is gone.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "voice/system_phrases.hpp"
#include "voice/voice_service_state.hpp"
#include "voice/voicemail.hpp"

namespace callwerk::voice {

bool VoiceService::State::voicemail_instead(VoiceCall& call, TimeMs max_ms) {
  const auto day_dir = recordings_day_dir(call);
  if (!day_dir) return false;
  const std::filesystem::path relative =
      *day_dir / fmt::format("voicemail-{}-{}.wav", call.started_at, call.key);
  const std::filesystem::path path = std::filesystem::path(config.recordings_dir) / relative;
  // The ACD took the caller off the line: nothing of the queue is left here.
  if (call.agent) {
    abandon_agent_invite(call);
    close_agent_leg(call);
  }
  call.queued = false;
  call_timers.cancel(call.key, CallTimer::input);  // the flow has let go of the call
  call.voicemail.emplace();
  call.voicemail->path = path.string();
  call.voicemail->file = relative.string();
  call.voicemail->max_ms = max_ms > 0 ? max_ms : kVoicemailMaxMs;
  // Greeting and tone as one playback that no key cuts short: the tone must be heard.
  const uint64_t play_id = next_play_id++;
  call_by_play.erase(call.current_play);
  call.current_play = play_id;
  call_by_play[play_id] = call.key;
  nlohmann::json said = nlohmann::json::array();
  media::SharedPcm audio = prompt_audio(
      call, std::string(system_phrase(Phrase::voicemail_greeting, call.language)), said);
  audio = joined_prompts.join(audio, voicemail_beep());
  protocol(call, "say", said.empty() ? nlohmann::json::object() : said.front(), "virtual-agent");
  media.play(call.caller.stream, std::move(audio), play_id, false);
  return true;
}

void VoiceService::State::voicemail_played(VoiceCall& call) {
  auto& voicemail = *call.voicemail;
  if (voicemail.phase == VoiceCall::Voicemail::Phase::closing) {
    end_call(call, "voicemail", true, true);
    return;
  }
  if (voicemail.phase != VoiceCall::Voicemail::Phase::greeting) return;
  if (call.recording) {
    // A menu's call recording shares the stream's recorder: it ends where the message begins.
    media.stop_recording(call.caller.stream);
    call.recording = false;
    protocol(call, "recording.stopped", {{"file", call.recording_path}});
  }
  voicemail.phase = VoiceCall::Voicemail::Phase::recording;
  voicemail_by_path[voicemail.path] =
      PendingVoicemail{call.key, voicemail.file, call.caller_number, call.contact_id};
  media.start_recording(call.caller.stream, voicemail.path);
  start_call_timer(call, CallTimer::voicemail, voicemail.max_ms);
  protocol(
      call, "voicemail.started",
      {{"queue", call.queue}, {"file", voicemail.file}, {"max_seconds", voicemail.max_ms / 1000}});
}

void VoiceService::State::voicemail_key(VoiceCall& call, char digit) {
  if (call.voicemail->phase == VoiceCall::Voicemail::Phase::recording && voicemail_stop_key(digit))
    finish_voicemail(call, "key");
}

void VoiceService::State::finish_voicemail(VoiceCall& call, const std::string& reason) {
  auto& voicemail = *call.voicemail;
  if (voicemail.phase != VoiceCall::Voicemail::Phase::recording) return;
  voicemail.phase = VoiceCall::Voicemail::Phase::closing;
  call_timers.cancel(call.key, CallTimer::voicemail);
  media.stop_recording(call.caller.stream);
  protocol(call, "voicemail.ended", {{"reason", reason}});
  play(call, std::string(system_phrase(Phrase::voicemail_thanks, call.language)), std::string(),
       false);
}

void VoiceService::State::voicemail_call_ended(VoiceCall& call) {
  if (!call.voicemail) return;
  switch (call.voicemail->phase) {
    case VoiceCall::Voicemail::Phase::greeting:
      // Gone before the tone: nothing was recorded, but the queue hears the end of it.
      if (queues != nullptr) {
        CallQueues::VoicemailRecorded nothing;
        nothing.reason = "hung_up";
        queues->voicemail_recorded(call.key, nothing);
      }
      break;
    case VoiceCall::Voicemail::Phase::recording:
      media.stop_recording(call.caller.stream);
      protocol(call, "voicemail.ended", {{"reason", "hung_up"}});
      break;
    case VoiceCall::Voicemail::Phase::closing:
      break;
  }
  call.voicemail.reset();
}

bool VoiceService::State::voicemail_saved(const media::MediaRecordingDone& done) {
  const auto it = voicemail_by_path.find(done.path);
  if (it == voicemail_by_path.end()) return false;
  const PendingVoicemail pending = std::move(it->second);
  voicemail_by_path.erase(it);
  const VoicemailOutcome outcome = voicemail_outcome(done.duration_ms, done.error);
  CallQueues::VoicemailRecorded message{.stored = outcome == VoicemailOutcome::store,
                                        .reason = std::string(voicemail_outcome_name(outcome)),
                                        .file = pending.file,
                                        .duration_ms = done.duration_ms,
                                        .caller_number = pending.caller_number,
                                        .contact_id = pending.contact_id};
  if (outcome != VoicemailOutcome::store) {
    spdlog::info("voice: voicemail {} not kept ({}, {} ms{}{})", done.path, message.reason,
                 done.duration_ms, done.error.empty() ? "" : ": ", done.error);
    if (outcome == VoicemailOutcome::too_short) {
      std::error_code ec;
      std::filesystem::remove(done.path, ec);  // an empty message is nobody's to listen to
    }
  }
  if (queues != nullptr) queues->voicemail_recorded(pending.call, message);
  return true;
}

bool VoiceService::voicemail_instead(CallKey key, TimeMs max_ms) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state != CallState::answered) return false;
  VoiceCall& call = *it->second;
  if (!call.queued || call.bridged || call.callback || call.voicemail) return false;
  return s.voicemail_instead(call, max_ms);
}

}  // namespace callwerk::voice

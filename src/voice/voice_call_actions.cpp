// The menu's actions carried out on a call (speak, wait for keys, record, transfer, hang up)
// and the media threads' events fed back to it (keys, end of a prompt, silence on the line).
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <filesystem>

#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

media::SharedPcm VoiceService::State::prompt_audio(VoiceCall& call, const std::string& text,
                                                   nlohmann::json& said) {
  if (text.starts_with(kPromptFilePrefix)) {
    const std::string file = text.substr(kPromptFilePrefix.size());
    said.push_back({{"file", file}});
    auto loaded = prompts.get_file(file);
    if (loaded) return *loaded;
    spdlog::error("voice: prompt file {}: {}", file, loaded.error().describe());
    return nullptr;
  }
  said.push_back({{"text", text}});
  return prompts.get(call.language, text);
}

void VoiceService::State::play(VoiceCall& call, const std::string& text,
                               const std::string& then_text, bool interruptible) {
  play(call, CallAction{.kind = CallAction::Kind::play,
                        .text = text,
                        .then_text = then_text,
                        .interruptible = interruptible,
                        .system_sentence = true});
}

void VoiceService::State::play(VoiceCall& call, const CallAction& action) {
  const uint64_t play_id = next_play_id++;
  call_by_play.erase(call.current_play);
  call.current_play = play_id;
  call_by_play[play_id] = call.key;
  nlohmann::json said = nlohmann::json::array();
  media::SharedPcm audio = prompt_audio(call, action.text, said);
  // Several prompts as one playback: a second play would cut the first off.
  if (!action.then_text.empty())
    audio = joined_prompts.join(audio, prompt_audio(call, action.then_text, said));
  for (const std::string& more : action.more_texts)
    audio = joined_prompts.join(audio, prompt_audio(call, more, said));
  // A flow writes its own flow.prompt entries, with the text as the caller heard it.
  if (!call.flow || action.system_sentence)
    for (auto& entry : said) protocol(call, "say", entry, "virtual-agent");
  if (!audio || audio->samples.empty()) {
    // Nothing to play (TTS or file failed, logged): carry on as if it had been heard.
    asio::post(io, [this, play_id] {
      on_media_event(media::MediaPlaybackDone{.stream = 0, .play_id = play_id});
    });
    return;
  }
  media.play(call.caller.stream, std::move(audio), play_id, action.interruptible);
}

Result<std::filesystem::path> VoiceService::State::recordings_day_dir(const VoiceCall& call) {
  if (config.recordings_dir.empty())
    return make_error(ErrorKind::not_found, "no recordings_dir configured");
  const std::string day = format_iso8601(call.started_at).substr(0, 10);
  const std::filesystem::path relative = std::filesystem::path(call.tenant_slug) / day;
  const std::filesystem::path dir = std::filesystem::path(config.recordings_dir) / relative;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    spdlog::error("voice: cannot create {}: {}", dir.string(), ec.message());
    return make_error(ErrorKind::internal, ec.message());
  }
  return relative;
}

void VoiceService::State::start_recording(VoiceCall& call) {
  auto relative = recordings_day_dir(call);
  if (!relative) {
    protocol(call, config.recordings_dir.empty() ? "recording.skipped" : "recording.failed",
             {{"reason", relative.error().message}});
    return;
  }
  const std::string path = (std::filesystem::path(config.recordings_dir) / *relative /
                            fmt::format("call-{}-{}.wav", call.started_at, call.key))
                               .string();
  media.start_recording(call.caller.stream, path);
  call.recording = true;
  call.recording_path = path;
  protocol(call, "recording.started",
           {{"file", path}, {"channels", "links Anrufer, rechts System"}});
}

void VoiceService::State::run_actions(VoiceCall& call, const std::vector<CallAction>& actions) {
  const CallKey key = call.key;
  for (const CallAction& action : actions) {
    // An action may end the call (hang up, failed transfer); the rest is then moot.
    if (!calls.contains(key) || call.state == CallState::ended) return;
    switch (action.kind) {
      case CallAction::Kind::play:
        play(call, action);
        break;
      case CallAction::Kind::start_timer:
        start_call_timer(call, CallTimer::input, action.timeout_ms);
        break;
      case CallAction::Kind::cancel_timer:
        call_timers.cancel(call.key, CallTimer::input);
        break;
      case CallAction::Kind::log:
        protocol(call, action.log_type, action.payload, "virtual-agent");
        break;
      case CallAction::Kind::start_recording:
        start_recording(call);
        break;
      case CallAction::Kind::transfer:
        if (action.extension.empty()) {
          start_queue_transfer(call, action.queue, action.priority);
        } else {
          start_transfer(call, action.extension);
        }
        break;
      case CallAction::Kind::request:
        if (action.effect) run_request(call, *action.effect);
        break;
      case CallAction::Kind::hang_up:
        end_call(call, action.reason, true, true);
        return;
    }
  }
}

void VoiceService::State::on_digit(VoiceCall& call, char digit, std::string_view source) {
  protocol(call, "dtmf.received", {{"digit", std::string(1, digit)}, {"source", source}}, "caller");
  if (call.voicemail) return voicemail_key(call, digit);  // the menu has let go of the call
  if (call.bridged || !call.session) return;  // with an agent, keys go through to the phone
  if (call.hang_up_after_play) return;        // saying goodbye
  // While waiting in a queue, the key the announcement offers asks for a call back.
  if (call.queued && !call.agent && digit == kQueueCallbackKey && offer_callback(call)) return;
  run_actions(call, call.session->on_digit(digit));
}

void VoiceService::State::on_media_event(const media::MediaEvent& event) {
  if (stopped) return;
  auto call_of_stream = [&](media::MediaStreamId stream) -> VoiceCall* {
    const auto it = call_by_stream.find(stream);
    if (it == call_by_stream.end()) return nullptr;
    const auto call = calls.find(it->second);
    return call == calls.end() ? nullptr : call->second.get();
  };
  if (const auto* dtmf = std::get_if<media::MediaDtmfStarted>(&event)) {
    // The menu acts when a key goes down, not when it is let go: a key press lasts 100-200 ms,
    // and the caller should hear the next prompt at once (the end, MediaDtmf, adds nothing).
    VoiceCall* call = call_of_stream(dtmf->stream);
    if (call == nullptr || call->caller.stream != dtmf->stream) return;
    on_digit(*call, dtmf->digit,
             dtmf->source == media::MediaDtmf::Source::rfc4733 ? "rfc4733" : "inband");
  } else if (const auto* done = std::get_if<media::MediaPlaybackDone>(&event)) {
    // Played prompts are recognised by their id; an interrupted one is followed by the key
    // that interrupted it, which drives the menu instead.
    const auto played = call_by_play.find(done->play_id);
    if (played == call_by_play.end()) return;
    const CallKey done_key = played->second;
    const auto call = calls.find(done_key);
    call_by_play.erase(played);
    if (call == calls.end() || call->second->current_play != done->play_id) return;
    if (call->second->voicemail) {
      voicemail_played(*call->second);
      return;
    }
    if (call->second->hang_up_after_play) {
      end_call(*call->second, "callback_chosen", true, true);
      return;
    }
    if (!done->interrupted && call->second->session && !call->second->bridged)
      run_actions(*call->second, call->second->session->on_playback_done());
    // Waiting or held: music until the next announcement, unless the flow started a prompt.
    if (const auto still = calls.find(done_key); !done->interrupted && still != calls.end())
      resume_wait_music(*still->second);
  } else if (const auto* timeout = std::get_if<media::MediaRtpTimeout>(&event)) {
    VoiceCall* call = call_of_stream(timeout->stream);
    if (call == nullptr) return;
    if (call->supervision && call->supervision->leg.stream == timeout->stream) {
      // The team lead's phone went silent: only the lead's leg ends, the call goes on.
      protocol(*call, "media.timeout",
               {{"seconds", config.rtp_timeout_ms / 1000}, {"leg", "supervisor"}});
      end_supervision(*call, "rtp_timeout");
      return;
    }
    protocol(*call, "media.timeout",
             {{"seconds", config.rtp_timeout_ms / 1000},
              {"leg", call->caller.stream == timeout->stream ? "caller" : "agent"}});
    end_call(*call, "rtp_timeout", true, true);
  } else if (const auto* recording = std::get_if<media::MediaRecordingDone>(&event)) {
    if (voicemail_saved(*recording)) return;
    // The call may be over by now; the protocol entry still belongs to it.
    nlohmann::json payload{{"file", recording->path}, {"duration_ms", recording->duration_ms}};
    if (!recording->error.empty()) payload["error"] = recording->error;
    if (VoiceCall* call = call_of_stream(recording->stream)) {
      protocol(*call, "recording.saved", payload);
    } else {
      spdlog::info("voice: recording {} saved ({} ms)", recording->path, recording->duration_ms);
    }
  }
}

}  // namespace callwerk::voice

// A team lead on a live call: a third leg (UAC INVITE to the supervisor's registered phone,
// like the agent leg of a transfer) whose audio the media engine mixes by mode (see
// supervision_mode.hpp). The supervisor's BYE ends only that leg; the call's end ends it too.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

constexpr int kSupervisorRingTimeoutMs = 30000;

// Tells the listener (the wallboard's side) in a fresh turn, never inside its own request.
void report_supervision_change(VoiceService::State& state, CallKey key) {
  if (!state.supervision_changed) return;
  asio::post(state.io, [&state, key] {
    if (state.supervision_changed) state.supervision_changed(key);
  });
}

}  // namespace

Status VoiceService::State::supervise(CallKey key, int64_t user_id, const std::string& extension,
                                      SupervisionMode mode) {
  const auto it = calls.find(key);
  if (it == calls.end() || it->second->state == CallState::ended)
    return make_error(ErrorKind::conflict, "Der Anruf ist bereits beendet.");
  VoiceCall& call = *it->second;
  if (!call.bridged || !call.agent || !call.agent->dialog)
    return make_error(ErrorKind::conflict, "Der Agent ist in keinem verbundenen Gespräch.");
  if (call.supervision)
    return make_error(ErrorKind::conflict, "Dieses Gespräch wird bereits mitgehört.");
  // The mixer serves one set of parties: a consultation or conference has a third leg already.
  if (call.consult)
    return make_error(ErrorKind::conflict,
                      "Während einer Rückfrage oder Konferenz ist Mithören nicht möglich.");
  const auto account = directory.sip_account_by_extension(call.tenant_id, extension);
  if (!account || !account->active || account->user_id != user_id)
    return make_error(ErrorKind::conflict, "Ihrem Benutzer ist kein aktives Telefon zugeordnet.");
  const auto bindings = registrar.lookup(account->username, now());
  if (bindings.empty()) return make_error(ErrorKind::conflict, "Ihr Telefon ist nicht angemeldet.");
  const sip::SipBinding& binding = bindings.front();
  auto leg = open_leg(binding_destination(binding), LegKeys::phone);
  if (!leg) return make_error(ErrorKind::internal, "no RTP port for the supervisor");

  VoiceCall::Supervision& supervision = call.supervision.emplace();
  supervision.leg = std::move(*leg);
  supervision.user_id = user_id;
  supervision.extension = extension;
  supervision.mode = mode;
  // The phone shows whose call it joins: the agent's extension and the mode.
  auto invite = offer_invite(
      supervision.leg,
      InviteParties{.request_uri = binding.contact_uri,
                    .from_display = mode == SupervisionMode::listen    ? "Mithören"
                                    : mode == SupervisionMode::whisper ? "Flüstern"
                                                                       : "Aufschalten",
                    .from_user = call.agent_extension.empty() ? "callwerk" : call.agent_extension,
                    .to_display = account->display_name,
                    .to_user = account->username,
                    .extra_headers = {}});
  if (!invite) {
    media.close(supervision.leg.stream);
    call.supervision.reset();
    return make_error(ErrorKind::internal, "cannot build INVITE: " + invite.error().describe());
  }
  supervision.invite = *invite;
  std::vector<sip::SipTransactionOutput> out;
  supervision.invite_txn = transactions.request(*invite, supervision.leg.peer, now(), out);
  if (supervision.invite_txn == 0) {
    media.close(supervision.leg.stream);
    call.supervision.reset();
    return make_error(ErrorKind::internal, "cannot send INVITE to the supervisor");
  }
  pending[supervision.invite_txn] =
      PendingRequest{PendingRequest::Purpose::supervisor_invite, call.key};
  // Its media events (an RTP timeout of the lead's phone) find the call.
  call_by_stream[supervision.leg.stream] = call.key;
  protocol(call, "supervision.ringing",
           {{"user_id", user_id}, {"extension", extension}, {"mode", to_string(mode)}},
           "supervisor");
  process(out);

  supervision.ring_timer = std::make_unique<asio::steady_timer>(io);
  supervision.ring_timer->expires_after(std::chrono::milliseconds(kSupervisorRingTimeoutMs));
  supervision.ring_timer->async_wait([this, key](const boost::system::error_code& error) {
    if (error) return;
    const auto found = calls.find(key);
    if (found == calls.end() || !found->second->supervision ||
        found->second->supervision->leg.dialog)
      return;
    end_supervision(*found->second, "no_answer");
  });
  return ok_status();
}

Status VoiceService::State::set_supervision_mode(CallKey key, SupervisionMode mode) {
  const auto it = calls.find(key);
  if (it == calls.end() || !it->second->supervision)
    return make_error(ErrorKind::conflict, "Dieses Gespräch wird nicht mitgehört.");
  VoiceCall& call = *it->second;
  VoiceCall::Supervision& supervision = *call.supervision;
  if (supervision.mode == mode) return ok_status();
  supervision.mode = mode;
  // Before the answer the new mode simply applies from the answer on.
  if (supervision.leg.dialog) apply_supervision_mix(call);
  protocol(call, "supervision.mode", {{"user_id", supervision.user_id}, {"mode", to_string(mode)}},
           "supervisor");
  return ok_status();
}

void VoiceService::State::apply_supervision_mix(VoiceCall& call) {
  if (!call.supervision || !call.agent) return;
  const VoiceCall::Supervision& supervision = *call.supervision;
  const auto stream_of = [&](CallParty party) {
    switch (party) {
      case CallParty::caller:
        return call.caller.stream;
      case CallParty::agent:
        return call.agent->stream;
      case CallParty::supervisor:
        return supervision.leg.stream;
    }
    return media::MediaStreamId{0};
  };
  for (const CallParty party : {CallParty::caller, CallParty::agent, CallParty::supervisor}) {
    const auto heard = heard_by(party, supervision.mode);
    if (!heard) {
      media.clear_sources(stream_of(party));
      continue;
    }
    std::vector<media::MediaStreamId> sources;
    for (const CallParty source : *heard) sources.push_back(stream_of(source));
    media.set_sources(stream_of(party), std::move(sources));
  }
}

void VoiceService::State::supervisor_response(CallKey key, sip::SipTransactionId txn,
                                              const sip::SipMessage& response) {
  const auto it = calls.find(key);
  if (it == calls.end() || !it->second->supervision || it->second->supervision->invite_txn != txn) {
    abandoned_response(txn, response);
    return;
  }
  VoiceCall& call = *it->second;
  VoiceCall::Supervision& supervision = *call.supervision;
  const int code = response.status_code();
  if (code < 200) {
    supervision.provisional = true;
    return;
  }
  if (code >= 300) {
    pending.erase(txn);
    supervision.invite_txn = 0;
    end_supervision(call,
                    code == 487 ? "no_answer" : fmt::format("{} {}", code, response.reason()));
    return;
  }
  if (supervision.leg.dialog) {  // a retransmitted 2xx: the ACK again
    if (!supervision.ack.empty()) transport.send(supervision.leg.peer, supervision.ack);
    return;
  }
  if (supervision.ring_timer) supervision.ring_timer->cancel();
  auto parsed_invite = sip::parse_sip_message(supervision.invite);
  auto* invite = std::get_if<sip::SipMessage>(&parsed_invite);
  auto dialog = invite ? sip::SipDialog::from_outgoing_request(
                             *invite, response, local_address_for(supervision.leg.peer))
                       : Result<sip::SipDialog>(make_error(ErrorKind::internal, "lost INVITE"));
  if (!dialog) {
    end_supervision(call, "bad 200: " + dialog.error().message);
    return;
  }
  supervision.leg.dialog = std::move(*dialog);
  call_by_dialog[supervision.leg.dialog->id()] = call.key;
  supervision.ack = supervision.leg.dialog->build_ack(response.cseq().number);
  transport.send(supervision.leg.peer, supervision.ack);

  auto answer = sip::parse_sdp(response.body());
  auto audio = answer ? sip::process_answer(supervision.leg.local_sdp, *answer)
                      : Result<sip::NegotiatedAudio>(answer.error());
  if (!audio) {
    end_supervision(call, "no common codec");
    return;
  }
  supervision.leg.audio = *audio;
  apply_audio(supervision.leg);
  apply_supervision_mix(call);
  protocol(call, "supervision.started",
           {{"user_id", supervision.user_id},
            {"extension", supervision.extension},
            {"mode", to_string(supervision.mode)}},
           "supervisor");
  report_supervision_change(*this, call.key);
}

void VoiceService::State::supervisor_timeout(CallKey key, sip::SipTransactionId txn) {
  const auto it = calls.find(key);
  if (it == calls.end() || !it->second->supervision || it->second->supervision->invite_txn != txn ||
      it->second->supervision->leg.dialog)
    return;
  it->second->supervision->invite_txn = 0;
  end_supervision(*it->second, "phone did not respond");
}

void VoiceService::State::end_supervision(VoiceCall& call, const std::string& reason,
                                          bool bye_supervisor) {
  if (!call.supervision) return;
  VoiceCall::Supervision& supervision = *call.supervision;
  if (supervision.ring_timer) supervision.ring_timer->cancel();
  const bool connected = supervision.leg.dialog.has_value();
  if (bye_supervisor && connected) send_bye(call, supervision.leg);
  if (supervision.invite_txn != 0) {
    // Its transaction outlives the leg: a late 1xx is cancelled, a late 2xx acknowledged and
    // hung up (as the agent's INVITE, see AbandonedInvite).
    abandon_invite(supervision.invite_txn, supervision.invite, supervision.leg.peer,
                   supervision.ack, !connected && supervision.provisional);
  }
  // The caller and the agent hear each other through the plain bridge again.
  media.clear_sources(call.caller.stream);
  if (call.agent) media.clear_sources(call.agent->stream);
  if (supervision.leg.stream != 0) {
    media.close(supervision.leg.stream);
    call_by_stream.erase(supervision.leg.stream);
  }
  if (connected) call_by_dialog.erase(supervision.leg.dialog->id());
  const std::string type = connected ? "supervision.ended" : "supervision.failed";
  const int64_t user_id = supervision.user_id;
  const std::string mode(to_string(supervision.mode));
  call.supervision.reset();
  protocol(call, type, {{"user_id", user_id}, {"mode", mode}, {"reason", reason}}, "supervisor");
  report_supervision_change(*this, call.key);
}

Status VoiceService::supervise(CallKey call, int64_t supervisor_user_id,
                               const std::string& extension, SupervisionMode mode) {
  return state_->supervise(call, supervisor_user_id, extension, mode);
}

Status VoiceService::set_supervision_mode(CallKey call, SupervisionMode mode) {
  return state_->set_supervision_mode(call, mode);
}

Status VoiceService::end_supervision(CallKey key) {
  const auto it = state_->calls.find(key);
  if (it == state_->calls.end() || !it->second->supervision)
    return make_error(ErrorKind::conflict, "Dieses Gespräch wird nicht mitgehört.");
  state_->end_supervision(*it->second, "supervisor_ended", true);
  return ok_status();
}

void VoiceService::on_supervision_changed(std::function<void(CallKey)> listener) {
  state_->supervision_changed = std::move(listener);
}

std::optional<VoiceService::SupervisionInfo> VoiceService::supervision(CallKey key) const {
  const auto it = state_->calls.find(key);
  if (it == state_->calls.end() || !it->second->supervision) return std::nullopt;
  const auto& supervision = *it->second->supervision;
  return SupervisionInfo{supervision.user_id, supervision.mode, supervision.leg.dialog.has_value()};
}

}  // namespace callwerk::voice

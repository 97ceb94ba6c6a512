// Attended transfer and three-way conference from the desktop. The agent's caller holds while
// a colleague's phone rings as a third leg (UAC INVITE with our offer, like the agent's and the
// team lead's legs); once it answers, agent and colleague hear only each other. Then:
//   complete    the colleague takes the caller over, the agent's leg is hung up;
//   cancel      the colleague's leg is hung up, caller and agent talk again;
//   conference  all three hear the other two (the media engine's mixer, as for barge);
//   leave       the agent leaves the conference: caller and colleague talk on.
// A colleague who does not answer (busy, refused, timeout) fails the consultation: the caller
// still holds and the agent is told. What becomes of the third leg goes to the ACD's owner
// through CallQueues::consult_changed, in a fresh turn.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

constexpr const char* kBusyConsult = "Eine Rückfrage läuft bereits.";
constexpr const char* kNoConsult = "Es läuft keine Rückfrage.";

Result<VoiceCall*> consulting_call(VoiceService::State& s, CallKey key, bool need_answer) {
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state != CallState::answered || !it->second->consult)
    return make_error(ErrorKind::conflict, kNoConsult);
  if (need_answer && !it->second->consult->leg.dialog)
    return make_error(ErrorKind::conflict,
                      "Die Kollegin oder der Kollege hat noch nicht angenommen.");
  return it->second.get();
}

// Whom each party hears: nothing (plain bridges) or, in a conference, the other two.
void apply_consult_mix(VoiceService::State& s, VoiceCall& call) {
  const media::MediaStreamId caller = call.caller.stream;
  const media::MediaStreamId agent = call.agent ? call.agent->stream : 0;
  const media::MediaStreamId target = call.consult ? call.consult->leg.stream : 0;
  if (call.consult && call.consult->conference && agent != 0 && target != 0) {
    s.media.set_sources(caller, {agent, target});
    s.media.set_sources(agent, {caller, target});
    s.media.set_sources(target, {caller, agent});
    return;
  }
  for (media::MediaStreamId stream : {caller, agent, target})
    if (stream != 0) s.media.clear_sources(stream);
}

// Closes the colleague's leg without telling anyone (BYE or CANCEL is the caller's business).
void close_consult_leg(VoiceService::State& s, VoiceCall& call, bool bye) {
  VoiceCall::Consult& consult = *call.consult;
  const bool connected = consult.leg.dialog.has_value();
  if (bye && connected) s.send_bye(call, consult.leg);
  if (consult.invite_txn != 0) {
    // Its transaction outlives the leg: a late 1xx is cancelled, a late 2xx acknowledged and
    // hung up (see AbandonedInvite).
    s.abandon_invite(consult.invite_txn, consult.invite, consult.leg.peer, consult.ack,
                     !connected && consult.provisional);
  }
  consult.conference = false;
  apply_consult_mix(s, call);
  if (consult.leg.stream != 0) s.media.close(consult.leg.stream);
  if (connected) s.call_by_dialog.erase(consult.leg.dialog->id());
  call.consult.reset();
}

}  // namespace

void VoiceService::State::report_consult(const VoiceCall& call, ConsultEvent::Kind kind,
                                         bool was_connected, const std::string& reason) {
  if (queues == nullptr || !call.consult) return;
  ConsultEvent event;
  event.kind = kind;
  event.call = call.key;
  event.acd_key = call.consult->acd_key;
  event.user_id = call.consult->user_id;
  event.agent_id = call.agent_user_id;
  event.was_connected = was_connected;
  event.reason = reason;
  // Never inside the ACD owner's own request (it may have asked for this).
  asio::post(io, [this, event] {
    if (queues != nullptr) queues->consult_changed(event);
  });
}

Status VoiceService::State::consult(CallKey key, CallKey acd_key, int64_t user_id,
                                    const std::string& extension) {
  auto connected = agent_connected_call(key);
  if (!connected) return connected.error();
  VoiceCall& call = **connected;
  if (call.consult) return make_error(ErrorKind::conflict, kBusyConsult);
  if (call.supervision)
    return make_error(ErrorKind::conflict,
                      "Eine Teamleitung ist im Gespräch: Rückfrage ist jetzt nicht möglich.");
  if (call.callback)
    return make_error(ErrorKind::conflict, "Bei einem Rückruf ist keine Rückfrage möglich.");
  const auto account = directory.sip_account_by_extension(call.tenant_id, extension);
  if (!account || !account->active || account->user_id != user_id)
    return make_error(ErrorKind::conflict, "Die Kollegin oder der Kollege hat kein Telefon.");
  const auto bindings = registrar.lookup(account->username, now());
  if (bindings.empty())
    return make_error(ErrorKind::conflict,
                      "Das Telefon der Kollegin oder des Kollegen ist nicht angemeldet.");
  const sip::SipBinding& binding = bindings.front();
  auto leg = open_leg(binding_destination(binding), LegKeys::phone);
  if (!leg) return make_error(ErrorKind::internal, "no RTP port for the consultation");

  VoiceCall::Consult& consult = call.consult.emplace();
  consult.leg = std::move(*leg);
  consult.acd_key = acd_key;
  consult.user_id = user_id;
  consult.extension = extension;
  // The colleague's phone shows who asks: "Rückfrage" and the agent's extension.
  auto invite = offer_invite(
      consult.leg,
      InviteParties{.request_uri = binding.contact_uri,
                    .from_display = "Rückfrage",
                    .from_user = call.agent_extension.empty() ? "callwerk" : call.agent_extension,
                    .to_display = account->display_name,
                    .to_user = account->username,
                    .extra_headers = {}});
  if (!invite) {
    media.close(consult.leg.stream);
    call.consult.reset();
    return make_error(ErrorKind::internal, "cannot build INVITE: " + invite.error().describe());
  }
  consult.invite = *invite;
  std::vector<sip::SipTransactionOutput> out;
  consult.invite_txn = transactions.request(*invite, consult.leg.peer, now(), out);
  if (consult.invite_txn == 0) {
    media.close(consult.leg.stream);
    call.consult.reset();
    return make_error(ErrorKind::internal, "cannot send INVITE to the colleague");
  }
  pending[consult.invite_txn] = PendingRequest{PendingRequest::Purpose::consult_invite, call.key};
  set_held(call, true);
  protocol(call, "transfer.consult",
           {{"agent_id", call.agent_user_id},
            {"target_agent_id", user_id},
            {"extension", extension},
            {"name", account->display_name}},
           "agent");
  process(out);
  return ok_status();
}

void VoiceService::State::consult_response(CallKey key, sip::SipTransactionId txn,
                                           const sip::SipMessage& response) {
  const auto it = calls.find(key);
  if (it == calls.end() || !it->second->consult || it->second->consult->invite_txn != txn) {
    abandoned_response(txn, response);
    return;
  }
  VoiceCall& call = *it->second;
  VoiceCall::Consult& consult = *call.consult;
  const int code = response.status_code();
  if (code < 200) {
    if (!consult.provisional && (code == 180 || code == 183))
      report_consult(call, ConsultEvent::Kind::ringing, false, {});
    consult.provisional = true;
    return;
  }
  if (code >= 300) {
    pending.erase(txn);
    consult.invite_txn = 0;
    consult_failed(call, code == 487 ? "no answer" : fmt::format("{} {}", code, response.reason()),
                   true);
    return;
  }
  if (consult.leg.dialog) {  // a retransmitted 2xx: the ACK again
    if (!consult.ack.empty()) transport.send(consult.leg.peer, consult.ack);
    return;
  }
  auto parsed_invite = sip::parse_sip_message(consult.invite);
  auto* invite = std::get_if<sip::SipMessage>(&parsed_invite);
  auto dialog = invite ? sip::SipDialog::from_outgoing_request(*invite, response,
                                                               local_address_for(consult.leg.peer))
                       : Result<sip::SipDialog>(make_error(ErrorKind::internal, "lost INVITE"));
  if (!dialog) {
    consult_failed(call, "bad 200: " + dialog.error().message, true);
    return;
  }
  consult.leg.dialog = std::move(*dialog);
  call_by_dialog[consult.leg.dialog->id()] = call.key;
  consult.ack = consult.leg.dialog->build_ack(response.cseq().number);
  transport.send(consult.leg.peer, consult.ack);
  auto answer = sip::parse_sdp(response.body());
  auto audio = answer ? sip::process_answer(consult.leg.local_sdp, *answer)
                      : Result<sip::NegotiatedAudio>(answer.error());
  if (!audio) {
    send_bye(call, consult.leg);
    consult_failed(call, "no common codec", true);
    return;
  }
  consult.leg.audio = *audio;
  apply_audio(consult.leg);
  // Agent and colleague talk; the caller holds (unbridged, hearing the notice, then nothing).
  media.bridge(call.agent->stream, consult.leg.stream);
  protocol(call, "transfer.consult_connected",
           {{"agent_id", call.agent_user_id}, {"target_agent_id", consult.user_id}}, "system");
  report_consult(call, ConsultEvent::Kind::connected, true, {});
}

void VoiceService::State::consult_timeout(CallKey key, sip::SipTransactionId txn) {
  const auto it = calls.find(key);
  if (it == calls.end() || !it->second->consult || it->second->consult->invite_txn != txn ||
      it->second->consult->leg.dialog)
    return;
  it->second->consult->invite_txn = 0;
  consult_failed(*it->second, "phone did not respond", true);
}

void VoiceService::State::consult_failed(VoiceCall& call, const std::string& reason,
                                         bool tell_acd) {
  if (!call.consult) return;
  protocol(call, "transfer.consult_failed",
           {{"agent_id", call.agent_user_id},
            {"target_agent_id", call.consult->user_id},
            {"reason", reason}},
           "system");
  // The ACD hears of its own ring timeout by itself; a phone's refusal it hears from here.
  report_consult(call, ConsultEvent::Kind::failed, false, tell_acd ? reason : "acd_timeout");
  close_consult_leg(*this, call, false);
  // The caller holds on: the agent decides (resume, another consultation, transfer).
}

Status VoiceService::State::cancel_consult(CallKey key) {
  auto found = consulting_call(*this, key, false);
  if (!found) return found.error();
  VoiceCall& call = **found;
  const bool connected = call.consult->leg.dialog.has_value();
  protocol(call, "transfer.cancelled",
           {{"agent_id", call.agent_user_id}, {"target_agent_id", call.consult->user_id}}, "agent");
  report_consult(call, ConsultEvent::Kind::cancelled, connected, {});
  close_consult_leg(*this, call, true);
  media.unbridge(call.agent->stream);
  call.held = true;  // held, or in the conference: either way caller and agent again
  set_held(call, false);
  return ok_status();
}

Status VoiceService::State::start_conference(CallKey key) {
  auto found = consulting_call(*this, key, true);
  if (!found) return found.error();
  VoiceCall& call = **found;
  if (call.consult->conference) return ok_status();
  call.consult->conference = true;
  media.stop_playback(call.caller.stream);
  call.held = false;
  apply_consult_mix(*this, call);
  protocol(call, "conference.started",
           {{"agent_id", call.agent_user_id}, {"target_agent_id", call.consult->user_id}}, "agent");
  report_consult(call, ConsultEvent::Kind::conference, true, {});
  return ok_status();
}

Status VoiceService::State::complete_consult(CallKey key, const std::string& how) {
  auto found = consulting_call(*this, key, true);
  if (!found) return found.error();
  VoiceCall& call = **found;
  VoiceCall::Consult& consult = *call.consult;
  const int64_t first_agent = call.agent_user_id;
  const bool conference = consult.conference;
  report_consult(call, ConsultEvent::Kind::completed, true, how);
  if (conference)
    protocol(call, "conference.left", {{"agent_id", first_agent}, {"by", how}}, "agent");
  protocol(call, "transfer.completed",
           {{"from_agent_id", first_agent}, {"agent_id", consult.user_id}, {"by", how}}, "agent");

  // The first agent's leg goes: hung up (unless it hung up itself), its INVITE forgotten.
  consult.conference = false;
  apply_consult_mix(*this, call);
  media.unbridge(call.agent->stream);
  if (how != "agent_hangup") send_bye(call, *call.agent);
  if (call.agent_invite_txn != 0) abandon_agent_invite(call);
  close_agent_leg(call);

  // The colleague's leg is the agent's from now on (hangs up, later transfers, the protocol).
  call.agent = std::move(consult.leg);
  call.agent_invite = std::move(consult.invite);
  call.agent_invite_txn = consult.invite_txn;
  call.agent_ack = std::move(consult.ack);
  call.agent_provisional = true;
  call.agent_user_id = consult.user_id;
  call.agent_extension = consult.extension;
  if (call.agent_invite_txn != 0)
    pending[call.agent_invite_txn] =
        PendingRequest{PendingRequest::Purpose::agent_invite, call.key};
  call_by_stream[call.agent->stream] = call.key;
  call.consult.reset();

  media.stop_playback(call.caller.stream);
  call.held = false;
  media.bridge(call.caller.stream, call.agent->stream);
  log.call_agent(call.key, call.agent_user_id);
  return ok_status();
}

bool VoiceService::State::consult_bye(sip::SipTransactionId txn, const sip::SipMessage& request,
                                      VoiceCall& call, CallLeg& leg) {
  VoiceCall::Consult& consult = *call.consult;
  const bool from_target = &leg == &consult.leg;
  const bool from_agent = call.agent && &leg == &*call.agent;
  if (!from_target && !(from_agent && consult.leg.dialog)) return false;
  respond_raw(txn, 200, leg.dialog->build_response(request, 200));
  if (from_agent) {
    // The first agent hangs up while the colleague is on: the colleague has the caller (in
    // a conference that is leaving it; in a consultation, handing over).
    (void)complete_consult(call.key, "agent_hangup");
    return true;
  }
  // The colleague hung up: the conference goes on as caller and agent, a consultation ends
  // with the caller still holding (the agent resumes).
  const bool conference = consult.conference;
  protocol(call, conference ? "conference.left" : "transfer.consult_ended",
           {{"agent_id", consult.user_id}, {"by", "target_hangup"}}, "agent");
  report_consult(call, ConsultEvent::Kind::target_left, true, "target_hangup");
  close_consult_leg(*this, call, false);
  media.unbridge(call.agent->stream);
  if (conference) {
    call.held = true;  // so that set_held reconnects them
    set_held(call, false);
  }
  return true;
}

void VoiceService::State::end_consult(VoiceCall& call, const std::string& reason) {
  if (!call.consult) return;
  const bool connected = call.consult->leg.dialog.has_value();
  protocol(call, "transfer.consult_ended",
           {{"agent_id", call.consult->user_id}, {"reason", reason}}, "system");
  report_consult(call, ConsultEvent::Kind::ended, connected, reason);
  close_consult_leg(*this, call, true);
}

Status VoiceService::consult(CallKey call, CallKey acd_key, int64_t user_id,
                             const std::string& extension) {
  return state_->consult(call, acd_key, user_id, extension);
}

Status VoiceService::complete_consult(CallKey call) {
  return state_->complete_consult(call, "agent");
}

Status VoiceService::cancel_consult(CallKey call) {
  return state_->cancel_consult(call);
}

Status VoiceService::start_conference(CallKey call) {
  return state_->start_conference(call);
}

Status VoiceService::leave_conference(CallKey key) {
  const auto it = state_->calls.find(key);
  if (it == state_->calls.end() || !it->second->consult || !it->second->consult->conference)
    return make_error(ErrorKind::conflict, "Es läuft keine Konferenz.");
  return state_->complete_consult(key, "agent_left");
}

void VoiceService::stop_consult_ringing(CallKey key) {
  const auto it = state_->calls.find(key);
  if (it == state_->calls.end() || !it->second->consult || it->second->consult->leg.dialog) return;
  state_->consult_failed(*it->second, "no answer", false);
}

std::optional<VoiceService::ConsultInfo> VoiceService::consultation(CallKey key) const {
  const auto it = state_->calls.find(key);
  if (it == state_->calls.end() || !it->second->consult) return std::nullopt;
  const VoiceCall::Consult& consult = *it->second->consult;
  return ConsultInfo{consult.acd_key, consult.user_id, consult.leg.dialog.has_value(),
                     consult.conference};
}

}  // namespace callwerk::voice

// Transfer to a registered phone as a B2BUA: a second call leg (UAC INVITE with our offer)
// to the best binding of the extension's user; when it answers, both RTP streams
// are bridged. Either side's BYE ends both legs. A phone that does not answer in time, is
// busy or not registered makes the menu say so.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

constexpr int kAgentRingTimeoutMs = 30000;

}  // namespace

// Where to send requests for a registered contact. Over TCP the phone's own connection; over
// UDP the contact itself, unless the REGISTER came from another address than the contact
// names: then the phone is behind NAT and only its public source reaches it (like
// Kamailio's fix_nated_contact).
sip::SipPeer binding_destination(const sip::SipBinding& binding) {
  if (binding.source.reliable()) return binding.source;
  const auto contact = sip::parse_sip_uri(binding.contact_uri);
  if (!contact || std::string(contact->host) != binding.source.address) return binding.source;
  sip::SipPeer peer = binding.source;
  peer.port = contact->port != 0 ? contact->port : 5060;
  return peer;
}

void VoiceService::State::transfer_failed(VoiceCall& call, const std::string& why) {
  protocol(call, "transfer.unavailable", {{"extension", call.agent_extension}, {"reason", why}});
  close_agent_leg(call);
  if (call.queued && queues != nullptr) {
    // The ACD offers the call to the next agent; it hears of this in a fresh turn, never
    // inside its own request to ring this phone.
    asio::post(io, [this, key = call.key, user = call.agent_user_id, why] {
      if (calls.count(key) != 0) queues->ring_failed(key, user, why);
    });
    return;
  }
  if (call.session) run_actions(call, call.session->on_transfer_failed());
}

void VoiceService::State::close_agent_leg(VoiceCall& call) {
  if (call.agent) {
    if (call.agent->stream != 0) {
      media.close(call.agent->stream);
      call_by_stream.erase(call.agent->stream);
    }
    if (call.agent->dialog) call_by_dialog.erase(call.agent->dialog->id());
    call.agent.reset();
  }
  call.agent_provisional = false;
  call.agent_ack.clear();
  call_timers.cancel(call.key, CallTimer::ring);
}

VoiceService::State::InviteParties VoiceService::State::agent_invite_parties(
    const VoiceCall& call, const std::string& contact_uri, const std::string& display_name,
    const std::string& username) const {
  // The phone shows who is calling: the caller's number and name, not callwerk's. For a call
  // back, the customer to be called.
  InviteParties parties{.request_uri = contact_uri,
                        .from_display = {},
                        .from_user = "callwerk",
                        .to_display = display_name,
                        .to_user = username,
                        .extra_headers = {}};
  auto from = call.invite ? call.invite->from()
                          : Result<sip::SipNameAddr>(make_error(ErrorKind::not_found, ""));
  if (from) {
    if (auto user = from->uri.user_decoded(); user && !user->empty()) parties.from_user = *user;
    parties.from_display = std::string(from->display_name);
  } else if (call.callback) {
    parties.from_user = call.caller_number;
    parties.from_display = "Rückruf";
  }
  return parties;
}

void VoiceService::State::start_transfer(VoiceCall& call, const std::string& extension) {
  call.agent_extension = extension;
  const auto account = directory.sip_account_by_extension(call.tenant_id, extension);
  if (!account || !account->active) {
    transfer_failed(call, "no such extension");
    return;
  }
  const auto bindings = registrar.lookup(account->username, now());
  if (bindings.empty()) {
    transfer_failed(call, "phone not registered");
    return;
  }
  const sip::SipBinding& binding = bindings.front();
  auto leg = open_leg(binding_destination(binding), LegKeys::phone);
  if (!leg) {
    transfer_failed(call, "no RTP port");
    return;
  }
  call.agent = std::move(*leg);
  call.agent_user_id = account->user_id;
  call_by_stream[call.agent->stream] = call.key;

  auto invite = offer_invite(
      *call.agent,
      agent_invite_parties(call, binding.contact_uri, account->display_name, account->username));
  if (!invite) {
    spdlog::error("voice: cannot build INVITE to {}: {}", binding.contact_uri,
                  invite.error().describe());
    transfer_failed(call, "invalid contact");
    return;
  }
  call.agent_invite = *invite;
  std::vector<sip::SipTransactionOutput> out;
  call.agent_invite_txn = transactions.request(*invite, call.agent->peer, now(), out);
  if (call.agent_invite_txn == 0) {
    transfer_failed(call, "invalid request");
    return;
  }
  pending[call.agent_invite_txn] = PendingRequest{PendingRequest::Purpose::agent_invite, call.key};
  protocol(
      call, "transfer.started",
      {{"extension", extension}, {"agent", account->username}, {"name", account->display_name}});
  process(out);

  start_call_timer(call, CallTimer::ring, kAgentRingTimeoutMs);
}

void VoiceService::State::send_cancel(const std::string& invite, const sip::SipPeer& peer) {
  auto parsed = sip::parse_sip_message(invite);
  auto* message = std::get_if<sip::SipMessage>(&parsed);
  if (message == nullptr) return;
  std::vector<sip::SipTransactionOutput> out;
  const auto txn = transactions.request(sip::build_cancel(*message), peer, now(), out);
  if (txn != 0) pending[txn] = PendingRequest{PendingRequest::Purpose::agent_cancel, 0};
  process(out);
}

void VoiceService::State::abandon_agent_invite(VoiceCall& call) {
  const sip::SipTransactionId txn = call.agent_invite_txn;
  call.agent_invite_txn = 0;
  if (txn == 0 || !call.agent) return;
  abandon_invite(txn, call.agent_invite, call.agent->peer, call.agent_ack,
                 !call.agent->dialog && call.agent_provisional);
}

void VoiceService::State::abandon_invite(sip::SipTransactionId txn, const std::string& invite,
                                         const sip::SipPeer& peer, const std::string& ack,
                                         bool cancel_now) {
  AbandonedInvite record{.invite = invite,
                         .peer = peer,
                         .ack = ack,
                         .cancelled = false,
                         .forget_at = now() + 64 * transactions.timers().t1};
  if (cancel_now) {
    send_cancel(record.invite, record.peer);
    record.cancelled = true;
  }
  abandoned[txn] = std::move(record);
  // Answers to it are taken as those of an abandoned INVITE (call 0).
  pending[txn] = PendingRequest{PendingRequest::Purpose::agent_invite, 0};
}

void VoiceService::State::abandoned_response(sip::SipTransactionId txn,
                                             const sip::SipMessage& response) {
  const auto it = abandoned.find(txn);
  if (it == abandoned.end()) return;
  AbandonedInvite& record = it->second;
  const int code = response.status_code();
  if (code < 200) {
    if (!record.cancelled) send_cancel(record.invite, record.peer);
    record.cancelled = true;
    return;
  }
  if (code >= 300) {
    abandoned.erase(it);
    pending.erase(txn);
    return;
  }
  if (!record.ack.empty()) {
    transport.send(record.peer, record.ack);  // a retransmitted 2xx
    return;
  }
  // The phone answered after all: acknowledge and hang up at once (RFC 3261 §15).
  auto parsed = sip::parse_sip_message(record.invite);
  auto* invite = std::get_if<sip::SipMessage>(&parsed);
  if (invite == nullptr) return;
  auto dialog =
      sip::SipDialog::from_outgoing_request(*invite, response, local_address_for(record.peer));
  if (!dialog) return;
  record.ack = dialog->build_ack(response.cseq().number);
  transport.send(record.peer, record.ack);
  std::vector<sip::SipTransactionOutput> out;
  const auto bye = transactions.request(dialog->build_request("BYE"), record.peer, now(), out);
  if (bye != 0) pending[bye] = PendingRequest{PendingRequest::Purpose::bye, 0};
  process(out);
}

void VoiceService::State::agent_response(VoiceCall& call, const sip::SipMessage& response) {
  if (!call.agent) return;
  const int code = response.status_code();
  if (code < 200) {
    call.agent_provisional = true;
    if (code == 180 || code == 183) {
      protocol(call, "transfer.ringing", {{"extension", call.agent_extension}});
      if (call.queued && queues != nullptr) queues->agent_ringing(call.key, call.agent_user_id);
    }
    return;
  }
  if (code >= 300) {
    pending.erase(call.agent_invite_txn);
    transfer_failed(call,
                    code == 487 ? "no answer" : fmt::format("{} {}", code, response.reason()));
    return;
  }
  // 2xx: a retransmission only needs the ACK again.
  if (call.agent->dialog) {
    if (!call.agent_ack.empty()) transport.send(call.agent->peer, call.agent_ack);
    return;
  }
  call_timers.cancel(call.key, CallTimer::ring);
  auto parsed_invite = sip::parse_sip_message(call.agent_invite);
  auto* invite = std::get_if<sip::SipMessage>(&parsed_invite);
  auto dialog = invite ? sip::SipDialog::from_outgoing_request(*invite, response,
                                                               local_address_for(call.agent->peer))
                       : Result<sip::SipDialog>(make_error(ErrorKind::internal, "lost INVITE"));
  if (!dialog) {
    transfer_failed(call, "bad 200: " + dialog.error().message);
    return;
  }
  call.agent->dialog = std::move(*dialog);
  call_by_dialog[call.agent->dialog->id()] = call.key;
  call.agent_ack = call.agent->dialog->build_ack(response.cseq().number);
  transport.send(call.agent->peer, call.agent_ack);

  auto answer = sip::parse_sdp(response.body());
  auto audio = answer ? sip::process_answer(call.agent->local_sdp, *answer)
                      : Result<sip::NegotiatedAudio>(answer.error());
  if (!audio) {
    protocol(call, "transfer.media_failed", {{"reason", audio.error().message}});
    send_bye(call, *call.agent);
    transfer_failed(call, "no common codec");
    return;
  }
  call.agent->audio = *audio;
  apply_audio(*call.agent);
  if (call.callback) {
    callback_agent_answered(call);
    return;
  }
  media.stop_playback(call.caller.stream);
  call_timers.cancel(call.key, CallTimer::input);
  media.bridge(call.caller.stream, call.agent->stream);
  call.bridged = true;
  log.call_agent(call.key, call.agent_user_id);
  protocol(call, "agent.connected",
           {{"extension", call.agent_extension}, {"agent_id", call.agent_user_id}}, "system");
  if (call.queued && queues != nullptr) queues->agent_answered(call.key, call.agent_user_id);
}

}  // namespace callwerk::voice

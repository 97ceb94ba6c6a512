// Call backs (agent first): the ACD has chosen an agent for a waiting call back; the agent's
// phone rings with the customer's number shown, and once the agent answers, the customer is
// called through the trunk whose outbound route allows the tenant and number. The customer's
// answer bridges both legs; busy, refused or no answer ends the call, and the ACD learns
// either way (CallQueues::callback_finished). Also here: a waiting caller's choice of a call
// back (the key offered in the queue announcement).
#include <spdlog/spdlog.h>

#include "sip/sip_auth_retry.hpp"
#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "voice/outbound_route.hpp"
#include "voice/system_phrases.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

std::optional<std::string> VoiceService::State::tenant_slug(int64_t tenant_id) {
  for (const auto& [slug, id] : tenant_ids)
    if (id == tenant_id) return slug;
  // Not met yet: every slug the config names (numbers, outbound routes) is looked up once.
  auto learn = [&](const std::string& slug) {
    if (tenant_ids.count(slug) != 0) return;
    if (auto id = directory.tenant_id(slug)) tenant_ids[slug] = *id;
  };
  for (const DialledNumber& number : config.numbers) learn(number.tenant);
  for (const TrunkConfig& trunk : config.trunks)
    for (const std::string& slug : trunk.outbound.tenants) learn(slug);
  for (const auto& [slug, id] : tenant_ids)
    if (id == tenant_id) return slug;
  return std::nullopt;
}

Status VoiceService::State::dial_callback(CallKey key, const VoiceService::CallbackDial& dial) {
  if (key < VoiceService::kExternalCallKeys)
    return make_error(ErrorKind::invalid_input, "call back keys start at kExternalCallKeys");
  if (calls.count(key) != 0) return make_error(ErrorKind::conflict, "call back already started");
  const auto slug = tenant_slug(dial.tenant_id);
  if (!slug) return make_error(ErrorKind::not_found, "tenant unknown to telephony");
  const auto route = find_outbound_route(config, *slug, dial.number);
  if (!route) return make_error(ErrorKind::forbidden, "no outbound route allows this number");

  auto call_ptr = std::make_unique<VoiceCall>();
  VoiceCall& call = *call_ptr;
  call.key = key;
  call.tenant_id = dial.tenant_id;
  call.tenant_slug = *slug;
  call.caller_number = dial.number;
  call.contact_id = dial.contact_id;
  call.language = language_code(dial.language);
  call.started_at = now_ms();
  call.queued = true;  // ring results go to the ACD like those of a waiting caller
  call.callback = VoiceCall::Callback{};
  call.callback->callback_id = dial.callback_id;
  call.callback->trunk = route->trunk;
  call.callback->caller_id = route->caller_id;
  call.callback->agent_language = language_code(dial.agent_language);
  calls[key] = std::move(call_ptr);
  ++calls_started;

  CallStart start{.tenant_id = call.tenant_id,
                  .direction = "outbound",
                  .remote_address = dial.number,
                  .local_address = route->caller_id,
                  .contact_id = dial.contact_id,
                  .started_at = call.started_at,
                  .payload = {{"from", route->caller_id},
                              {"to", dial.number},
                              {"callback_id", dial.callback_id},
                              {"trunk", route->trunk->name}}};
  if (dial.origin_interaction_id)
    start.payload["origin_interaction_id"] = *dial.origin_interaction_id;
  log.call_started(key, start);
  call.agent_user_id = dial.agent_user_id;
  start_transfer(call, dial.agent_extension);
  return ok_status();
}

void VoiceService::State::callback_agent_answered(VoiceCall& call) {
  log.call_agent(call.key, call.agent_user_id);
  protocol(call, "agent.connected",
           {{"extension", call.agent_extension}, {"agent_id", call.agent_user_id}}, "system");
  if (queues != nullptr) queues->agent_answered(call.key, call.agent_user_id);
  // The agent hears, in the agent's language, what is happening while the customer's phone
  // rings; the protocol keeps what was said to whom.
  const std::string& language = call.callback->agent_language;
  const std::string notice(system_phrase(Phrase::callback_agent_notice, language));
  if (auto audio = prompts.get(language, notice))
    media.play(call.agent->stream, std::move(audio), next_play_id++, false);
  protocol(call, "say", {{"text", notice}, {"to", "agent"}, {"language", language}}, "system");
  dial_customer(call);
}

void VoiceService::State::dial_customer(VoiceCall& call) {
  VoiceCall::Callback& callback = *call.callback;
  const OutboundRoute& route = callback.trunk->outbound;
  sip::SipPeer peer;
  peer.address = route.host;
  peer.port = route.port;
  peer.protocol = route.tcp ? sip::SipTransportProtocol::tcp : sip::SipTransportProtocol::udp;
  auto leg = open_leg(peer);
  if (!leg) {
    finish_callback(call, CallQueues::CallbackOutcome::unreached, "no RTP port");
    end_call(call, "callback_failed", false, true);
    return;
  }
  call.caller = std::move(*leg);
  call_by_stream[call.caller.stream] = call.key;
  // The carrier shows the tenant's number (RFC 3325, trusted between us and the trunk).
  const std::string request_uri = "sip:" + call.caller_number + "@" + peer.host_port();
  auto invite = offer_invite(
      call.caller,
      InviteParties{.request_uri = request_uri,
                    .from_display = {},
                    .from_user = callback.caller_id,
                    .to_display = {},
                    .to_user = {},
                    .extra_headers = "P-Asserted-Identity: <sip:" + callback.caller_id + "@" +
                                     local_address_for(peer).sent_by + ">\r\n"});
  if (!invite) {
    spdlog::error("voice: cannot build the call back INVITE to {}: {}", request_uri,
                  invite.error().describe());
    finish_callback(call, CallQueues::CallbackOutcome::unreached, "invalid number");
    end_call(call, "callback_failed", false, true);
    return;
  }
  callback.invite = *invite;
  std::vector<sip::SipTransactionOutput> out;
  callback.invite_txn = transactions.request(*invite, peer, now(), out);
  if (callback.invite_txn == 0) {
    finish_callback(call, CallQueues::CallbackOutcome::unreached, "invalid request");
    end_call(call, "callback_failed", false, true);
    return;
  }
  callback.dialled = true;
  pending[callback.invite_txn] = PendingRequest{PendingRequest::Purpose::customer_invite, call.key};
  protocol(call, "callback.dialling",
           {{"number", call.caller_number},
            {"trunk", callback.trunk->name},
            {"callback_id", callback.callback_id}});
  process(out);
  start_call_timer(call, CallTimer::dial, TimeMs{route.ring_timeout_seconds} * 1000);
}

void VoiceService::State::customer_response(VoiceCall& call, const sip::SipMessage& response) {
  VoiceCall::Callback& callback = *call.callback;
  const int code = response.status_code();
  if (code < 200) {
    if (!callback.provisional && (code == 180 || code == 183))
      protocol(call, "callback.ringing", {{"number", call.caller_number}});
    callback.provisional = true;
    return;
  }
  if ((code == 401 || code == 407) && answer_challenge(call, response)) return;
  if (code >= 300) {
    pending.erase(callback.invite_txn);
    callback.invite_txn = 0;
    const std::string reason = code == 486 || code == 600 ? "busy"
                               : code == 487              ? "no answer"
                                             : fmt::format("{} {}", code, response.reason());
    finish_callback(call, CallQueues::CallbackOutcome::unreached, reason);
    end_call(call, "callback_unreached", false, true);
    return;
  }
  if (call.caller.dialog) {  // a retransmitted 2xx: the ACK again
    if (!callback.ack.empty()) transport.send(call.caller.peer, callback.ack);
    return;
  }
  call_timers.cancel(call.key, CallTimer::dial);
  auto parsed_invite = sip::parse_sip_message(callback.invite);
  auto* invite = std::get_if<sip::SipMessage>(&parsed_invite);
  auto dialog = invite ? sip::SipDialog::from_outgoing_request(*invite, response,
                                                               local_address_for(call.caller.peer))
                       : Result<sip::SipDialog>(make_error(ErrorKind::internal, "lost INVITE"));
  if (!dialog) {
    finish_callback(call, CallQueues::CallbackOutcome::unreached, "bad 200");
    end_call(call, "callback_failed", false, true);
    return;
  }
  call.caller.dialog = std::move(*dialog);
  call_by_dialog[call.caller.dialog->id()] = call.key;
  callback.ack = call.caller.dialog->build_ack(response.cseq().number);
  transport.send(call.caller.peer, callback.ack);
  // The answered INVITE's transaction lives on for retransmitted 2xx; its entry stays too.
  call.state = CallState::answered;
  call.answered_at = now_ms();
  call.acked = true;
  log.call_answered(call.key, call.answered_at);
  start_call_timer(call, CallTimer::answer, TimeMs{config.max_call_seconds} * 1000);

  auto answer = sip::parse_sdp(response.body());
  auto audio = answer ? sip::process_answer(call.caller.local_sdp, *answer)
                      : Result<sip::NegotiatedAudio>(answer.error());
  if (!audio) {
    protocol(call, "call.media_failed", {{"reason", audio.error().message}});
    finish_callback(call, CallQueues::CallbackOutcome::unreached, "no common codec");
    end_call(call, "media_negotiation_failed", true, true);
    return;
  }
  call.caller.audio = *audio;
  apply_audio(call.caller);
  media.stop_playback(call.agent->stream);
  media.bridge(call.caller.stream, call.agent->stream);
  call.bridged = true;
  protocol(call, "callback.connected", {{"number", call.caller_number}});
  finish_callback(call, CallQueues::CallbackOutcome::reached, {});
}

bool VoiceService::State::answer_challenge(VoiceCall& call, const sip::SipMessage& challenge) {
  VoiceCall::Callback& callback = *call.callback;
  const OutboundRoute& route = callback.trunk->outbound;
  // A second challenge after our credentials means they were refused (a new nonce would come
  // with stale=true, which the first retry covers): give up rather than loop.
  if (route.username.empty() || callback.challenges_answered >= kMaxChallengesAnswered)
    return false;
  auto parsed_invite = sip::parse_sip_message(callback.invite);
  const auto* invite = std::get_if<sip::SipMessage>(&parsed_invite);
  if (invite == nullptr) return false;
  const std::string branch = sip::new_sip_branch();
  const std::string cnonce = sip::new_sip_tag();
  auto retry = sip::authorised_retry(
      *invite, challenge,
      {.username = route.username, .password = route.password, .branch = branch, .cnonce = cnonce});
  if (!retry) {
    spdlog::warn("voice: call back {}: cannot answer the carrier's challenge: {}",
                 callback.callback_id, retry.error().message);
    return false;
  }
  pending.erase(callback.invite_txn);
  std::vector<sip::SipTransactionOutput> out;
  const sip::SipTransactionId txn = transactions.request(*retry, call.caller.peer, now(), out);
  if (txn == 0) return false;
  ++callback.challenges_answered;
  callback.invite = std::move(*retry);
  callback.invite_txn = txn;
  callback.provisional = false;
  pending[txn] = PendingRequest{PendingRequest::Purpose::customer_invite, call.key};
  protocol(call, "callback.authenticated",
           {{"status", challenge.status_code()}, {"trunk", callback.trunk->name}});
  process(out);
  return true;
}

void VoiceService::State::finish_callback(VoiceCall& call, CallQueues::CallbackOutcome outcome,
                                          const std::string& reason) {
  if (!call.callback || call.callback->reported) return;
  call.callback->reported = true;
  if (outcome == CallQueues::CallbackOutcome::unreached)
    protocol(call, "callback.unreached", {{"number", call.caller_number}, {"reason", reason}});
  if (queues != nullptr) queues->callback_finished(call.key, outcome, reason);
}

bool VoiceService::State::offer_callback(VoiceCall& call) {
  if (queues == nullptr || !queues->callback_requested(call.key)) return false;
  protocol(call, "queue.callback_chosen", {{"queue", call.queue}, {"number", call.caller_number}},
           "caller");
  say_goodbye_for_callback(call,
                           std::string(system_phrase(Phrase::callback_confirmed, call.language)));
  return true;
}

void VoiceService::State::say_goodbye_for_callback(VoiceCall& call, const std::string& text) {
  // The ACD took the caller off the line: nothing of the queue is left here.
  if (call.agent) {
    abandon_agent_invite(call);
    close_agent_leg(call);
  }
  call.queued = false;
  call.hang_up_after_play = true;
  play(call, text, std::string(), false);
}

void VoiceService::State::callback_instead(VoiceCall& call) {
  protocol(call, "queue.callback_instead", {{"queue", call.queue}, {"number", call.caller_number}});
  say_goodbye_for_callback(call,
                           std::string(system_phrase(Phrase::callback_instead, call.language)));
}

}  // namespace callwerk::voice

// Inbound calls: an INVITE to a configured number is authorised, rings briefly, is answered
// with SDP and handed to its menu. CANCEL, BYE, re-INVITE (hold) and the end of a call are
// handled here as well; every step goes into the call's protocol.
#include <spdlog/spdlog.h>

#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

constexpr std::string_view kSdpType = "application/sdp";

// "+49 5678 01100" in the Request-URI and "+49567801100" in the config are the same number;
// so are "tel:" and "sip:" forms and visual separators (RFC 3966 §5.1.1).
std::string normalize_number(std::string_view user) {
  std::string out;
  for (char c : user)
    if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') out += c;
  return out;
}

std::string caller_number(const sip::SipMessage& invite, bool trusted) {
  // P-Asserted-Identity is the network-verified number, but only from a trusted trunk
  // (RFC 3325 §5); anyone else could claim to be another customer with it.
  for (std::string_view header : {"P-Asserted-Identity", "From"}) {
    if (header == "P-Asserted-Identity" && !trusted) continue;
    const auto value = invite.header(header);
    if (!value) continue;
    auto parsed = sip::parse_name_addr(*value);
    if (!parsed) continue;
    auto user = parsed->uri.user_decoded();
    if (user && !user->empty()) return normalize_number(*user);
  }
  return "anonymous";
}

}  // namespace

std::optional<CallLeg> VoiceService::State::open_leg(const sip::SipPeer& peer, LegKeys keys) {
  auto stream = media.open_stream(peer.ipv6(), keys == LegKeys::caller);
  if (!stream) {
    spdlog::error("voice: no RTP port: {}", stream.error().describe());
    return std::nullopt;
  }
  CallLeg leg;
  leg.peer = peer;
  leg.stream = stream->first;
  leg.local_port = stream->second;
  leg.local_address = transport.local_address_for(peer.address);
  return leg;
}

Result<std::string> VoiceService::State::offer_invite(CallLeg& leg, const InviteParties& parties) {
  const sip::SdpOrigin origin{.session_id = sip::thread_sip_ids().next() >> 1,
                              .session_version = 1,
                              .addr_type = capabilities(leg).addr_type,
                              .address = leg.local_address};
  leg.local_sdp = sip::make_offer(capabilities(leg), origin);
  const sip::SipLocalAddress local = local_address_for(leg.peer);
  sip::SipOutOfDialogRequest spec;
  spec.method = "INVITE";
  spec.request_uri = parties.request_uri;
  spec.from_display = parties.from_display;
  spec.from_uri = "sip:" + parties.from_user + "@" + local.sent_by;
  spec.to_display = parties.to_display;
  spec.to_uri = parties.to_user.empty() ? parties.request_uri
                                        : "sip:" + parties.to_user + "@" + local.sent_by;
  spec.cseq = sip::thread_sip_ids().initial_cseq();
  spec.local = local;
  spec.extra_headers = parties.extra_headers + "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO\r\n";
  spec.content_type = "application/sdp";
  spec.body = leg.local_sdp.to_string();
  return sip::build_out_of_dialog_request(spec);
}

sip::MediaCapabilities VoiceService::State::capabilities(const CallLeg& leg) const {
  sip::MediaCapabilities caps;
  caps.address = leg.local_address;
  caps.addr_type = leg.local_address.find(':') != std::string::npos ? "IP6" : "IP4";
  caps.port = leg.local_port;
  return caps;
}

VoiceCall* VoiceService::State::call_of_dialog(const sip::SipDialogId& id, CallLeg** leg) {
  const auto it = call_by_dialog.find(id);
  if (it == call_by_dialog.end()) return nullptr;
  const auto call = calls.find(it->second);
  if (call == calls.end()) return nullptr;
  VoiceCall& c = *call->second;
  if (c.caller.dialog && c.caller.dialog->id() == id)
    *leg = &c.caller;
  else if (c.agent && c.agent->dialog && c.agent->dialog->id() == id)
    *leg = &*c.agent;
  else if (c.supervision && c.supervision->leg.dialog && c.supervision->leg.dialog->id() == id)
    *leg = &c.supervision->leg;
  else if (c.consult && c.consult->leg.dialog && c.consult->leg.dialog->id() == id)
    *leg = &c.consult->leg;
  else
    return nullptr;
  return &c;
}

void VoiceService::State::protocol(VoiceCall& call, const std::string& type, nlohmann::json payload,
                                   const std::string& actor) {
  log.call_event(call.key, type, payload, actor, now_ms());
}

// One line a second at most: under a flood, each refused INVITE was a line of its own (12,000
// lines in 20 s of the SIP load bench at the max_calls cap).
std::optional<std::uint64_t> VoiceService::State::count_refused_call() {
  ++refused_calls;
  if (now() - refusals_logged_at < 1000) return std::nullopt;
  const std::uint64_t count = refused_calls;
  refused_calls = 0;
  refusals_logged_at = now();
  return count;
}

// A system call per INVITE bought nothing: a queue that matters builds up over hundreds of
// milliseconds, and at 1,600 new calls a second a few calls share each reading.
const sip::SipTransport::ReceiveQueue& VoiceService::State::sip_receive_queue() {
  constexpr TimeMs kReadEveryMs = 5;
  const TimeMs current = now();
  if (sip_queue_read_at < 0 || current - sip_queue_read_at >= kReadEveryMs) {
    sip_queue = transport.udp_receive_queue();
    sip_queue_read_at = current;
  }
  return sip_queue;
}

void VoiceService::State::handle_invite(sip::SipTransactionId txn, sip::SipMessage& invite,
                                        const sip::SipPeer& source) {
  const auto request_uri = sip::parse_sip_uri(invite.request_uri());
  if (!request_uri) {
    respond(txn, invite, 416);  // Unsupported URI Scheme (and unparsable ones)
    return;
  }
  auto caller = authorize(txn, invite, source, false);
  if (!caller) return;
  const auto user = request_uri->user_decoded();
  const std::string dialled = user ? normalize_number(*user) : std::string();
  const DialledNumber* number = nullptr;
  for (const DialledNumber& candidate : config.numbers)
    if (normalize_number(candidate.number) == dialled ||
        (!dialled.empty() && dialled[0] != '+' &&
         normalize_number(candidate.number) == "+" + dialled))
      number = &candidate;
  if (number == nullptr) {
    // Not ours: callwerk never routes a call onward unless a rule says so (no open relay).
    spdlog::info("voice: refused INVITE to '{}' from {} (no route)", dialled, source.host_port());
    respond(txn, invite, caller->trunk ? 404 : 403);
    return;
  }
  std::optional<int64_t> tenant_id;
  if (const auto known = tenant_ids.find(number->tenant); known != tenant_ids.end()) {
    tenant_id = known->second;
  } else if ((tenant_id = directory.tenant_id(number->tenant))) {
    tenant_ids[number->tenant] = *tenant_id;
  }
  if (!tenant_id) {
    spdlog::error("voice: number {} points at tenant '{}' which does not exist", number->number,
                  number->tenant);
    respond(txn, invite, 480);
    return;
  }
  const auto menu = config.menus.find(number->menu);
  std::shared_ptr<const flow::FlowInterpreter> flows;
  if (!number->flow.empty()) {
    flows = directory.flows(*tenant_id);
    if (!flows || flows->library().find(number->flow) == nullptr) {
      spdlog::error("voice: number {} runs flow '{}' which tenant '{}' has not published",
                    number->number, number->flow, number->tenant);
      respond(txn, invite, 480);
      return;
    }
  } else if (menu == config.menus.end()) {
    respond(txn, invite, 480);
    return;
  }

  const auto& queue = sip_receive_queue();
  if (const Admission admitted = admission.admit(now(), queue.queued_bytes, queue.capacity_bytes);
      admitted != Admission::admitted) {
    if (const auto refused = count_refused_call())
      spdlog::warn(
          "voice: refusing new calls with 503 ({}; {} since the last line; SIP receive "
          "queue {} of {} bytes)",
          to_string(admitted), *refused, queue.queued_bytes, queue.capacity_bytes);
    respond(
        txn, invite, 503,
        "Retry-After: " + std::to_string(CallAdmission::retry_after_seconds(admitted)) + "\r\n");
    return;
  }
  if (calls.size() >= static_cast<size_t>(config.max_calls)) {
    if (const auto refused = count_refused_call())
      spdlog::warn("voice: refusing new calls with 503 ({} calls at once; {} since the last line)",
                   calls.size(), *refused);
    respond(txn, invite, 503, "Retry-After: 5\r\n");
    return;
  }
  auto leg = open_leg(source);
  if (!leg) {
    respond(txn, invite, 503, "Retry-After: 5\r\n");
    return;
  }
  const CallKey key = next_call_key++;
  auto call_ptr = std::make_unique<VoiceCall>();
  VoiceCall& call = *call_ptr;
  call.key = key;
  call.tenant_id = *tenant_id;
  call.tenant_slug = number->tenant;
  call.number = number;
  if (flows) {
    call.flow = std::move(flows);
    call.language = call.flow->library().find(number->flow)->language;
  } else {
    call.menu = &menu->second;
    call.language = call.menu->language;
  }
  call.caller = std::move(*leg);
  call.invite_txn = txn;
  call.local_tag = sip::new_sip_tag();
  call.started_at = now_ms();

  // Offer in the INVITE (usual) or late offer (we offer in the 200, the answer comes in ACK).
  const sip::SdpOrigin origin{.session_id = sip::thread_sip_ids().next() >> 1,
                              .session_version = 1,
                              .addr_type = capabilities(call.caller).addr_type,
                              .address = call.caller.local_address};
  if (invite.body().empty()) {
    call.late_offer = true;
    call.caller.local_sdp = sip::make_offer(capabilities(call.caller), origin);
  } else {
    auto offer = sip::parse_sdp(invite.body());
    auto answer = offer ? sip::answer_offer(*offer, capabilities(call.caller), origin)
                        : Result<sip::SdpAnswer>(offer.error());
    if (!answer) {
      media.close(call.caller.stream);
      respond(txn, invite, offer ? 488 : 400);
      return;
    }
    call.caller.local_sdp = answer->answer;
    call.caller.audio = answer->audio;
  }
  call.answer_body = call.caller.local_sdp.to_string();

  auto dialog =
      sip::SipDialog::from_incoming_request(invite, call.local_tag, local_address_for(source));
  if (!dialog) {
    media.close(call.caller.stream);
    respond(txn, invite, 400);
    return;
  }
  call.caller.dialog = std::move(*dialog);
  call.invite = std::move(invite);
  call_by_dialog[call.caller.dialog->id()] = key;
  call_by_stream[call.caller.stream] = key;
  call_by_invite_txn[txn] = key;
  calls[key] = std::move(call_ptr);
  ++calls_started;

  const std::string from = caller_number(*call.invite, caller->trunk);
  call.caller_number = from;
  CallStart start{.tenant_id = call.tenant_id,
                  .remote_address = from,
                  .local_address = number->number,
                  .contact_id = std::nullopt,
                  .started_at = call.started_at,
                  .payload = {{"from", from},
                              {"to", number->number},
                              {"call_id", std::string(call.invite->call_id())},
                              {"transport", std::string(sip::to_via_transport(source.protocol))}}};
  if (caller->account) start.payload["phone_user"] = caller->account->username;
  if (const auto contact = directory.contact_by_phone(call.tenant_id, from)) {
    start.contact_id = contact->contact_id;
    call.contact_id = contact->contact_id;
    start.payload["contact"] = contact->name;
  }
  log.call_started(key, start);
  if (start.contact_id)
    protocol(call, "contact.identified",
             {{"contact_id", *start.contact_id},
              {"name", start.payload["contact"]},
              {"method", "Rufnummer"}});

  if (number->answer_after_ms <= 0) {
    answer(call);  // no ring wanted: the 200 is the first answer the caller gets
    return;
  }
  respond_raw(txn, 180, call.caller.dialog->build_response(*call.invite, 180));
  start_call_timer(call, CallTimer::answer, number->answer_after_ms);
}

void VoiceService::State::apply_audio(CallLeg& leg) {
  if (!leg.audio) return;
  const sip::NegotiatedAudio& audio = *leg.audio;
  media.set_remote(
      leg.stream, audio.remote_address, audio.remote_port,
      media::MediaCodec{.payload_type = audio.payload_type,
                        .telephone_event_pt = audio.telephone_event_payload_type.value_or(-1),
                        .ptime_ms = static_cast<int>(audio.ptime)},
      sip::direction_sends(audio.direction), sip::direction_receives(audio.direction));
}

void VoiceService::State::answer(VoiceCall& call) {
  call.state = CallState::answered;
  call.answered_at = now_ms();
  respond_raw(
      call.invite_txn, 200,
      call.caller.dialog->build_response(*call.invite, 200, {}, {}, kSdpType, call.answer_body));
  log.call_answered(call.key, call.answered_at);
  apply_audio(call.caller);
  start_call_timer(call, CallTimer::answer, TimeMs{config.max_call_seconds} * 1000);
  if (call.flow) {
    flow::StartEvent start;
    start.channel = flow::Channel::voice;
    start.flow = call.number->flow;
    start.caller_number = call.caller_number;
    call.session = std::make_unique<VoiceFlowSession>(call.flow, std::move(start));
  } else {
    call.session = std::make_unique<VoiceMenuSession>(*call.menu);
  }
  run_actions(call, call.session->start());
}

void VoiceService::State::handle_ack(const sip::SipMessage& ack) {
  const auto id = sip::SipDialogId::of_incoming_request(ack);
  if (!id) return;
  CallLeg* leg = nullptr;
  VoiceCall* call = call_of_dialog(*id, &leg);
  if (call == nullptr) return;
  if (leg->offer_in_200) {
    // The answer to the offer we made in a 200 to a re-INVITE without SDP.
    leg->offer_in_200 = false;
    auto answer = sip::parse_sdp(ack.body());
    auto audio = answer ? sip::process_answer(leg->local_sdp, *answer)
                        : Result<sip::NegotiatedAudio>(answer.error());
    if (audio) {
      leg->audio = *audio;
      apply_audio(*leg);
    }
    return;
  }
  if (leg != &call->caller || call->acked) return;
  call->acked = true;
  if (!call->late_offer) return;
  // Late offer: the ACK carries the answer to the offer we put in the 200.
  auto answer = sip::parse_sdp(ack.body());
  auto audio = answer ? sip::process_answer(call->caller.local_sdp, *answer)
                      : Result<sip::NegotiatedAudio>(answer.error());
  if (!audio) {
    protocol(*call, "call.media_failed", {{"reason", audio.error().message}});
    end_call(*call, "media_negotiation_failed", true, true);
    return;
  }
  call->caller.audio = *audio;
  apply_audio(call->caller);
}

void VoiceService::State::handle_cancel(sip::SipTransactionId txn, const sip::SipMessage& cancel) {
  const auto invite_txn = transactions.find_invite_for_cancel(cancel);
  if (!invite_txn) {
    respond(txn, cancel, 481);
    return;
  }
  const auto it = call_by_invite_txn.find(*invite_txn);
  const auto call = it == call_by_invite_txn.end() ? calls.end() : calls.find(it->second);
  // RFC 3261 §9.2: the 200 carries the To-tag of the INVITE's responses. A matched INVITE
  // that is already answered (a 407, or the call's 200) makes the CANCEL a no-op.
  const std::string tag = call != calls.end() ? call->second->local_tag : sip::new_sip_tag();
  respond_raw(txn, 200,
              sip::build_response_with(cancel, 200, sip::default_reason_phrase(200), tag, {}));
  if (call == calls.end() || call->second->state != CallState::ringing) return;
  end_call(*call->second, "caller_cancelled", false, true);  // answers the INVITE with 487
}

void VoiceService::State::handle_reinvite(sip::SipTransactionId txn, VoiceCall& call, CallLeg& leg,
                                          const sip::SipMessage& invite) {
  const sip::SessionDescription previous = leg.local_sdp;
  sip::SdpOrigin origin = previous.origin;
  auto reply = [&](int code, std::string_view body) {
    respond_raw(
        txn, code,
        leg.dialog->build_response(invite, code, {}, {}, body.empty() ? "" : kSdpType, body));
  };
  if (invite.body().empty()) {
    // A re-INVITE without offer asks for ours (RFC 3264 §8); the answer comes in the ACK.
    leg.offer_in_200 = true;
    reply(200, previous.to_string());
    return;
  }
  auto offer = sip::parse_sdp(invite.body());
  auto answer = offer ? sip::answer_offer(*offer, capabilities(leg), origin)
                      : Result<sip::SdpAnswer>(offer.error());
  if (!answer) {
    reply(offer ? 488 : 400, {});
    return;
  }
  sip::next_origin_version(previous, answer->answer);
  leg.local_sdp = answer->answer;
  leg.audio = answer->audio;
  apply_audio(leg);
  reply(200, leg.local_sdp.to_string());
  const bool hold = answer->audio.remote_hold;
  if (hold != leg.on_hold) {
    leg.on_hold = hold;
    const bool agent_leg = call.agent && &leg == &*call.agent;
    protocol(call, hold ? "call.hold" : "call.resumed",
             {{"by", agent_leg ? "agent" : "caller"},
              {"direction", std::string(sip::to_string(answer->audio.direction))}},
             agent_leg ? "agent" : "caller");
  }
}

void VoiceService::State::send_bye(VoiceCall& call, CallLeg& leg) {
  if (!leg.dialog || leg.dialog->state() == sip::SipDialogState::terminated) return;
  std::string bye = leg.dialog->build_request("BYE");
  leg.dialog->terminate();
  std::vector<sip::SipTransactionOutput> out;
  const auto txn = transactions.request(std::move(bye), leg.peer, now(), out);
  if (txn != 0) pending[txn] = PendingRequest{PendingRequest::Purpose::bye, call.key};
  process(out);
}

void VoiceService::State::end_call(VoiceCall& call, const std::string& reason, bool bye_caller,
                                   bool bye_agent) {
  if (call.state == CallState::ended) return;
  const bool was_answered = call.state == CallState::answered;
  if (call.state == CallState::ringing && call.invite) {
    // A pending INVITE always gets its final response (RFC 3261 §15.1.2): 487 when the caller
    // gave up, 480 when the server ends the call before answering (shutdown, failure).
    const int code = reason == "server_shutdown" ? 480 : 487;
    respond_raw(call.invite_txn, code, call.caller.dialog->build_response(*call.invite, code));
  }
  call.state = CallState::ended;
  call_timers.cancel_all(call.key);
  if (call.callback) {
    // A call back ended before the customer answered: a pending INVITE is cancelled, and the
    // ACD hears that nobody was reached (or that nobody was called at all).
    if (call.callback->invite_txn != 0 && !call.caller.dialog) {
      abandon_invite(call.callback->invite_txn, call.callback->invite, call.caller.peer, {},
                     call.callback->provisional);
      call.callback->invite_txn = 0;
    }
    finish_callback(call,
                    call.callback->dialled ? CallQueues::CallbackOutcome::unreached
                                           : CallQueues::CallbackOutcome::not_dialled,
                    reason);
  }
  if (bye_caller && was_answered) send_bye(call, call.caller);
  if (bye_agent && call.agent && call.agent->dialog) send_bye(call, *call.agent);
  if (call.supervision) end_supervision(call, reason);
  if (call.consult) end_consult(call, reason);
  end_forks(call);
  if (call.bridged && call.agent) {
    // The quality figures of both legs belong in the protocol of a connected call. Asking
    // the media thread costs a round trip, paid only by bridged calls.
    nlohmann::json figures;
    for (auto [name, leg] : {std::pair{"caller", &call.caller}, std::pair{"agent", &*call.agent}}) {
      if (auto stats = media.stats(leg->stream))
        figures[name] = {{"packets_sent", stats->packets_sent},
                         {"packets_received", stats->packets_received},
                         {"packets_lost", stats->packets_lost},
                         {"jitter_ms", stats->jitter_samples / 8}};
    }
    protocol(call, "media.stats", figures);
  }
  voicemail_call_ended(call);
  if (call.recording) {
    media.stop_recording(call.caller.stream);
    protocol(call, "recording.stopped", {{"file", call.recording_path}});
  }
  for (CallLeg* leg : {&call.caller, call.agent ? &*call.agent : nullptr}) {
    if (leg == nullptr) continue;
    if (leg->stream != 0) {
      media.close(leg->stream);
      call_by_stream.erase(leg->stream);
    }
    if (leg->dialog) call_by_dialog.erase(leg->dialog->id());
  }
  // The queues first: their protocol entries (the caller left the queue) belong before the end.
  if (call.queued && queues != nullptr) {
    // A call back's agent is on the call from the answer on, before the customer is reached.
    const bool agent_talked = call.bridged || (call.callback && call.agent && call.agent->dialog);
    if (agent_talked) {
      queues->call_ended(call.key);
    } else {
      queues->caller_left(call.key);
    }
  }
  const TimeMs ended_at = now_ms();
  nlohmann::json payload{{"reason", reason}};
  if (was_answered) payload["duration_seconds"] = (ended_at - call.answered_at) / 1000;
  protocol(call, "call.ended", payload);
  log.call_ended(call.key, ended_at, reason);
  // The call object goes once its timers have let go of it (they hold only the key).
  call_by_invite_txn.erase(call.invite_txn);
  call_by_play.erase(call.current_play);
  if (call.agent_invite_txn != 0) abandon_agent_invite(call);
  calls.erase(call.key);
}

}  // namespace callwerk::voice

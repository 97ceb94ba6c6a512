#include "voice/voice_service.hpp"

#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include <chrono>

#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "sip/sip_text.hpp"
#include "voice/outbound_route.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

// SIP timers (T1 = 500 ms) and call timers need no finer grain; one tick serves them all.
constexpr int kTickMs = 10;

constexpr std::string_view kAllow = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER\r\n";
constexpr std::string_view kCapabilities =
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER\r\n"
    "Accept: application/sdp, application/dtmf-relay\r\n"
    "Supported: \r\n";

}  // namespace

VoiceService::State::State(asio::io_context& io_context, const TelephonyConfig& cfg,
                           VoiceDirectory& dir, CallLog& call_log, media::MediaEngine& engine,
                           speech::PromptCache& prompt_cache)
    : io(io_context),
      config(cfg),
      directory(dir),
      log(call_log),
      media(engine),
      prompts(prompt_cache),
      transport(io_context,
                sip::SipTransportConfig{.addresses = cfg.sip_addresses,
                                        .port = cfg.sip_port,
                                        .udp = cfg.sip_udp,
                                        .tcp = cfg.sip_tcp,
                                        .limits = {}},
                [this](sip::SipMessage message, const sip::SipPeer& source) {
                  receive(std::move(message), source);
                }),
      nonces(sip::make_nonce_secret()),
      admission(CallAdmissionLimits{.per_second = cfg.max_calls_per_second}),
      tick_timer(io_context),
      housekeeping_timer(io_context) {}

TimeMs VoiceService::State::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

sip::SipLocalAddress VoiceService::State::local_address_for(const sip::SipPeer& peer) {
  return sip::make_local_address(peer.protocol, transport.local_address_for(peer.address),
                                 transport.port());
}

void VoiceService::State::receive(sip::SipMessage message, const sip::SipPeer& source) {
  if (stopped) return;
  std::vector<sip::SipTransactionOutput> out;
  transactions.receive(std::move(message), source, now(), out);
  process(out);
  // An INVITE not answered or ringing by now gets its 100 Trying.
  transactions.send_pending_trying(out);
  process(out);
}

void VoiceService::State::process(std::vector<sip::SipTransactionOutput>& out) {
  // Handlers may produce more output; work through it until nothing is left.
  for (size_t i = 0; i < out.size(); ++i) {
    auto item = std::move(out[i]);
    if (auto* send = std::get_if<sip::SipSend>(&item)) {
      transport.send(send->to, std::move(send->bytes));
    } else if (auto* request = std::get_if<sip::SipNewRequest>(&item)) {
      handle_request(request->id, request->request, request->source);
    } else if (auto* response = std::get_if<sip::SipResponseReceived>(&item)) {
      handle_response(response->id, response->response);
    } else if (auto* timeout = std::get_if<sip::SipTransactionTimeout>(&item)) {
      handle_timeout(*timeout);
    }
  }
  out.clear();
  ensure_ticking();
}

void VoiceService::State::ensure_ticking() {
  if (ticking || stopped || (transactions.active() == 0 && call_timers.empty())) return;
  ticking = true;
  tick_timer.expires_after(std::chrono::milliseconds(kTickMs));
  tick_timer.async_wait([this](const boost::system::error_code& ec) {
    ticking = false;
    if (ec || stopped) return;
    tick();
  });
}

void VoiceService::State::tick() {
  const TimeMs t = now();
  std::vector<sip::SipTransactionOutput> out;
  transactions.advance(t, out);
  process(out);
  call_timers.advance(t, [this](const DueCallTimer& due) { on_call_timer(due); });
  ensure_ticking();
}

void VoiceService::State::start_call_timer(VoiceCall& call, CallTimer kind, TimeMs delay_ms) {
  call_timers.start(call.key, kind, now() + delay_ms);
  ensure_ticking();
}

void VoiceService::State::on_call_timer(const DueCallTimer& due) {
  auto it = calls.find(due.call);
  if (it == calls.end()) return;
  VoiceCall& call = *it->second;
  switch (due.kind) {
    case CallTimer::answer:
      if (call.state == CallState::ringing)
        answer(call);
      else if (call.state == CallState::answered)
        end_call(call, "max_duration", true, true);
      break;
    case CallTimer::input:
      if (call.session) run_actions(call, call.session->on_input_timeout());
      break;
    case CallTimer::ring:
      // Nobody picked up: give up on this phone (a late answer is hung up, see abandon).
      if (call.agent && !call.agent->dialog) transfer_failed(call, "no answer");
      break;
    case CallTimer::dial:
      // The customer did not answer the call back: end it (the INVITE is cancelled).
      if (call.callback && !call.caller.dialog) {
        finish_callback(call, CallQueues::CallbackOutcome::unreached, "no answer");
        end_call(call, "callback_unreached", false, true);
      }
      break;
    case CallTimer::voicemail:
      if (call.voicemail) finish_voicemail(call, "max_length");
      break;
  }
}

void VoiceService::State::housekeeping() {
  housekeeping_timer.expires_after(std::chrono::seconds(1));
  housekeeping_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped) return;
    for (const auto& lost : registrar.expire(now())) {
      spdlog::info("sip: registration of {} at {} expired", lost.aor, lost.contact_uri);
      report_registration(lost.aor);
    }
    const TimeMs t = now();
    for (auto it = abandoned.begin(); it != abandoned.end();) {
      if (it->second.forget_at > t) {
        ++it;
        continue;
      }
      pending.erase(it->first);
      it = abandoned.erase(it);
    }
    housekeeping();
  });
}

void VoiceService::State::respond_raw(sip::SipTransactionId txn, int code, std::string bytes) {
  std::vector<sip::SipTransactionOutput> out;
  transactions.respond(txn, code, std::move(bytes), now(), out);
  process(out);
}

namespace {

std::string response_to(const sip::SipMessage& request, int code, std::string_view extra_headers) {
  return sip::build_response_with(request, code, sip::default_reason_phrase(code),
                                  code > 100 ? sip::new_sip_tag() : std::string(), extra_headers);
}

}  // namespace

void VoiceService::State::respond(sip::SipTransactionId txn, const sip::SipMessage& request,
                                  int code, std::string_view extra_headers) {
  respond_raw(txn, code, response_to(request, code, extra_headers));
}

void VoiceService::State::respond_statelessly(sip::SipTransactionId txn,
                                              const sip::SipMessage& request, int code,
                                              std::string_view extra_headers) {
  std::vector<sip::SipTransactionOutput> out;
  transactions.respond_statelessly(txn, code, response_to(request, code, extra_headers), out);
  process(out);
}

void VoiceService::State::handle_request(sip::SipTransactionId txn, sip::SipMessage& request,
                                         const sip::SipPeer& source) {
  const std::string_view method = request.method();
  if (method == "ACK") {
    handle_ack(request);
    return;
  }
  if (method == "CANCEL") {
    handle_cancel(txn, request);
    return;
  }
  if (sip::SipDialogId::of_incoming_request(request)) {
    handle_in_dialog_request(txn, request, source);
    return;
  }
  if (method == "INVITE") {
    handle_invite(txn, request, source);
  } else if (method == "OPTIONS") {
    respond(txn, request, 200, kCapabilities);
  } else if (method == "REGISTER") {
    handle_register(txn, request, source);
  } else if (method == "BYE" || method == "INFO" || method == "UPDATE" || method == "PRACK") {
    respond(txn, request, 481);  // needs a dialog, and has none
  } else {
    respond(txn, request, 405, kAllow);
  }
}

void VoiceService::State::handle_in_dialog_request(sip::SipTransactionId txn,
                                                   sip::SipMessage& request,
                                                   const sip::SipPeer& source) {
  CallLeg* leg = nullptr;
  VoiceCall* call = call_of_dialog(*sip::SipDialogId::of_incoming_request(request), &leg);
  if (call == nullptr) {
    respond(txn, request, 481);
    return;
  }
  const auto verdict = leg->dialog->accept_incoming_request(request);
  if (!verdict.accepted()) {
    respond_raw(txn, verdict.status,
                leg->dialog->build_response(request, verdict.status, verdict.reason,
                                            verdict.extra_headers()));
    return;
  }
  leg->peer = source;  // a phone behind NAT may have moved
  const std::string_view method = request.method();
  if (method == "BYE" && call->consult && consult_bye(txn, request, *call, *leg)) {
    // an attended transfer's leg (voice_consult.cpp)
  } else if (method == "BYE" && call->supervision && leg == &call->supervision->leg) {
    respond_raw(txn, 200, leg->dialog->build_response(request, 200));
    end_supervision(*call, "supervisor_hangup", false);  // the call goes on
  } else if (method == "BYE") {
    respond_raw(txn, 200, leg->dialog->build_response(request, 200));
    const bool from_agent = call->agent && leg == &*call->agent;
    const char* reason = from_agent                          ? "agent_hangup"
                         : call->state == CallState::ringing ? "caller_cancelled"
                                                             : "caller_hangup";
    end_call(*call, reason, from_agent, !from_agent);
  } else if (method == "INVITE") {
    handle_reinvite(txn, *call, *leg, request);
  } else if (method == "INFO") {
    handle_info(txn, *call, *leg, request);
  } else if (method == "OPTIONS") {
    respond_raw(txn, 200, leg->dialog->build_response(request, 200, {}, kCapabilities));
  } else {
    respond_raw(txn, 405, leg->dialog->build_response(request, 405, {}, kAllow));
  }
}

void VoiceService::State::handle_info(sip::SipTransactionId txn, VoiceCall& call, CallLeg& leg,
                                      const sip::SipMessage& request) {
  const std::string_view type = request.header("Content-Type").value_or("");
  const bool dtmf_relay =
      sip::iequals(sip::trim(type.substr(0, type.find(';'))), "application/dtmf-relay");
  if (!dtmf_relay && !request.body().empty()) {
    respond_raw(txn, 415,
                leg.dialog->build_response(request, 415, {}, "Accept: application/dtmf-relay\r\n"));
    return;
  }
  respond_raw(txn, 200, leg.dialog->build_response(request, 200));
  // "Signal=5\r\nDuration=160": the digit is the first character after "Signal=".
  const std::string_view body = request.body();
  const size_t at = body.find("Signal=");
  if (at == std::string_view::npos) return;
  std::string_view signal = sip::trim(body.substr(at + 7, body.find_first_of("\r\n", at) - at - 7));
  if (signal.size() != 1 ||
      std::string_view("0123456789*#ABCD").find(signal[0]) == std::string_view::npos)
    return;
  if (&leg == &call.caller) on_digit(call, signal[0], "sip_info");
}

void VoiceService::State::handle_register(sip::SipTransactionId txn, const sip::SipMessage& request,
                                          const sip::SipPeer& source) {
  auto caller = authorize(txn, request, source, true);
  if (!caller) return;  // challenged or refused
  const auto to = request.to();
  if (!to || !caller->account || to->uri.user != caller->account->username) {
    // Phones may only register their own address-of-record.
    respond(txn, request, 403);
    return;
  }
  const auto outcome = registrar.apply(caller->account->username, request, source, now());
  respond_raw(txn, outcome.status,
              sip::build_response_with(request, outcome.status, outcome.reason, sip::new_sip_tag(),
                                       outcome.extra_headers));
  bool changed = false;
  for (const auto& change : outcome.changes) {
    if (change.kind == sip::SipBindingChange::Kind::added)
      spdlog::info("sip: {} registered at {} ({})", change.binding.aor, change.binding.contact_uri,
                   change.binding.source.host_port());
    else if (change.kind == sip::SipBindingChange::Kind::removed)
      spdlog::info("sip: {} unregistered {}", change.binding.aor, change.binding.contact_uri);
    changed = changed || change.kind != sip::SipBindingChange::Kind::refreshed;
  }
  if (changed) report_registration(caller->account->username);
}

void VoiceService::State::report_registration(const std::string& username) {
  if (queues == nullptr) return;
  queues->phone_registration(username, !registrar.lookup(username, now()).empty());
}

void VoiceService::State::handle_response(sip::SipTransactionId txn,
                                          const sip::SipMessage& response) {
  const auto it = pending.find(txn);
  if (it == pending.end()) return;
  const PendingRequest request = it->second;
  if (request.purpose == PendingRequest::Purpose::supervisor_invite) {
    supervisor_response(request.call, txn, response);
    return;
  }
  if (request.purpose == PendingRequest::Purpose::consult_invite) {
    consult_response(request.call, txn, response);
    return;
  }
  if (request.purpose == PendingRequest::Purpose::fork_invite) {
    fork_response(request.call, txn, response);
    return;
  }
  // An INVITE's 2xx may come again (lost ACK): keep its entry until the call ends.
  const bool invite = request.purpose == PendingRequest::Purpose::agent_invite ||
                      request.purpose == PendingRequest::Purpose::customer_invite;
  if (response.status_code() >= 200 && !invite) pending.erase(it);
  if (!invite) return;
  if (request.purpose == PendingRequest::Purpose::customer_invite) {
    const auto call = calls.find(request.call);
    if (call != calls.end() && call->second->callback && call->second->callback->invite_txn == txn)
      customer_response(*call->second, response);
    return;
  }
  const auto call = calls.find(request.call);
  if (call != calls.end() && call->second->agent_invite_txn == txn)
    agent_response(*call->second, response);
  else
    abandoned_response(txn, response);
}

void VoiceService::State::handle_timeout(const sip::SipTransactionTimeout& timeout) {
  if (const auto it = pending.find(timeout.id); it != pending.end()) {
    const PendingRequest request = it->second;
    pending.erase(it);
    abandoned.erase(timeout.id);
    if (request.purpose == PendingRequest::Purpose::supervisor_invite)
      supervisor_timeout(request.call, timeout.id);
    if (request.purpose == PendingRequest::Purpose::consult_invite)
      consult_timeout(request.call, timeout.id);
    if (request.purpose == PendingRequest::Purpose::fork_invite)
      fork_timeout(request.call, timeout.id);
    const auto call = calls.find(request.call);
    if (request.purpose == PendingRequest::Purpose::agent_invite && call != calls.end() &&
        call->second->agent_invite_txn == timeout.id && !call->second->agent->dialog) {
      call->second->agent_invite_txn = 0;
      transfer_failed(*call->second, "phone did not respond");
    }
    if (request.purpose == PendingRequest::Purpose::customer_invite && call != calls.end() &&
        call->second->callback && call->second->callback->invite_txn == timeout.id &&
        !call->second->caller.dialog) {
      call->second->callback->invite_txn = 0;
      finish_callback(*call->second, CallQueues::CallbackOutcome::unreached,
                      "trunk did not respond");
      end_call(*call->second, "callback_unreached", false, true);
    }
    return;
  }
  // Our 200 to an INVITE was never acknowledged: the caller is gone (RFC 3261 §13.3.1.4).
  if (const auto it = call_by_invite_txn.find(timeout.id); it != call_by_invite_txn.end()) {
    const auto call = calls.find(it->second);
    if (call != calls.end() && !call->second->acked &&
        timeout.kind == sip::SipTransactionTimeout::Kind::no_ack)
      end_call(*call->second, "no_ack", true, true);
  }
}

VoiceService::VoiceService(asio::io_context& io, const TelephonyConfig& config,
                           VoiceDirectory& directory, CallLog& log, media::MediaEngine& media,
                           speech::PromptCache& prompts)
    : state_(std::make_unique<State>(io, config, directory, log, media, prompts)) {}

VoiceService::~VoiceService() {
  stop();
}

Status VoiceService::start() {
  // Synthesize every menu text and load every prompt file now, so that no caller waits for
  // espeak-ng and a missing file stops the start instead of a call.
  std::vector<speech::PromptText> texts;
  std::vector<std::string> files;
  auto add = [&](const VoiceMenu& menu, const std::string& text) {
    if (text.starts_with(kPromptFilePrefix))
      files.push_back(text.substr(kPromptFilePrefix.size()));
    else
      texts.push_back({menu.language, text});
  };
  for (const auto& [name, menu] : state_->config.menus) {
    for (const std::string* text : {&menu.greeting, &menu.prompt, &menu.no_input_text,
                                    &menu.invalid_text, &menu.goodbye_text, &menu.recording_notice})
      add(menu, *text);
    add(menu, menu.transfer_failed_text);
    for (const auto& option : menu.options)
      if (!option.say.empty()) add(menu, option.say);
  }
  for (const std::string& file : files)
    if (auto loaded = state_->prompts.get_file(file); !loaded)
      return make_error(ErrorKind::invalid_input,
                        "prompt file " + file + ": " + loaded.error().message);
  if (auto s = state_->prompts.prefetch(texts); !s) return s;
  if (auto s = state_->transport.start(); !s) return s;
  state_->housekeeping();
  return ok_status();
}

void VoiceService::stop() {
  State& s = *state_;
  if (s.stopped) return;
  std::vector<CallKey> keys;
  for (const auto& [key, call] : s.calls) keys.push_back(key);
  for (CallKey key : keys)
    if (auto it = s.calls.find(key); it != s.calls.end())
      s.end_call(*it->second, "server_shutdown", true, true);
  s.stopped = true;
  s.tick_timer.cancel();
  s.housekeeping_timer.cancel();
  s.transport.stop();
}

void VoiceService::set_queues(CallQueues* queues) {
  state_->queues = queues;
}

void VoiceService::ring_agent(CallKey key, int64_t user_id, const std::string& extension) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state == CallState::ended) return;
  VoiceCall& call = *it->second;
  if (s.can_fork(call)) {
    s.start_fork(call, user_id, extension);  // ring-all: the phones ring side by side
    return;
  }
  if (!call.queued || call.bridged || call.agent) {
    // Nothing to ring for (connected, or a call back's agent leg): refused like a busy phone.
    asio::post(s.io, [&s, key, user_id] {
      if (s.queues != nullptr && s.calls.count(key) != 0)
        s.queues->ring_failed(key, user_id, "call busy");
    });
    return;
  }
  call.agent_user_id = user_id;
  s.start_transfer(call, extension);
}

void VoiceService::stop_ringing(CallKey key, int64_t user_id) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end()) return;
  VoiceCall& call = *it->second;
  if (s.stop_fork(call, user_id)) return;
  if (!call.agent || call.bridged || call.agent_user_id != user_id) return;
  s.protocol(call, "transfer.cancelled", {{"extension", call.agent_extension}});
  s.abandon_agent_invite(call);  // a late answer is acknowledged and hung up
  s.close_agent_leg(call);
}

void VoiceService::announce(CallKey key, const std::string& text) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state != CallState::answered) return;
  VoiceCall& call = *it->second;
  if (!call.queued || call.bridged) return;
  s.protocol(call, "queue.announcement", {{"text", text}}, "virtual-agent");
  // Its own entry above; a menu call also has it as `say`, as before.
  s.play(call, CallAction{.kind = CallAction::Kind::play, .text = text});
}

bool VoiceService::phone_registered(const std::string& username) const {
  return !state_->registrar.lookup(username, state_->now()).empty();
}

Status VoiceService::dial_callback(CallKey key, const CallbackDial& dial) {
  return state_->dial_callback(key, dial);
}

bool VoiceService::can_call_back(int64_t tenant_id, const std::string& number) {
  const auto slug = state_->tenant_slug(tenant_id);
  return slug && find_outbound_route(state_->config, *slug, number).has_value();
}

std::optional<VoiceService::CallbackTarget> VoiceService::callback_target(CallKey key) {
  const auto it = state_->calls.find(key);
  if (it == state_->calls.end() || it->second->callback) return std::nullopt;
  const VoiceCall& call = *it->second;
  if (!can_call_back(call.tenant_id, call.caller_number)) return std::nullopt;
  return CallbackTarget{call.caller_number, call.contact_id};
}

void VoiceService::callback_instead(CallKey key) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state != CallState::answered) return;
  if (!it->second->queued || it->second->bridged || it->second->callback) return;
  s.callback_instead(*it->second);
}

bool VoiceService::waiting_in_queue(CallKey key) const {
  const auto it = state_->calls.find(key);
  return it != state_->calls.end() && it->second->state != CallState::ended && it->second->queued &&
         !it->second->bridged;
}

std::string VoiceService::language_of(CallKey key) const {
  const auto it = state_->calls.find(key);
  return it != state_->calls.end() && !it->second->language.empty() ? it->second->language : "de";
}

void VoiceService::queue_gave_up(CallKey key, const std::string& reason) {
  State& s = *state_;
  const auto it = s.calls.find(key);
  if (it == s.calls.end() || it->second->state == CallState::ended) return;
  VoiceCall& call = *it->second;
  if (!call.queued || call.bridged) return;
  if (call.agent) {
    s.abandon_agent_invite(call);
    s.close_agent_leg(call);
  }
  call.queued = false;
  s.protocol(call, "queue.gave_up", {{"queue", call.queue}, {"reason", reason}});
  if (call.callback) {
    s.end_call(call, "queue_" + reason, false, true);  // nobody was called: it stays pending
    return;
  }
  if (call.session) s.run_actions(call, call.session->on_transfer_failed());
}

uint16_t VoiceService::sip_port() const {
  return state_->transport.port();
}

void VoiceService::on_media_event(const media::MediaEvent& event) {
  state_->on_media_event(event);
}

VoiceServiceStats VoiceService::stats() const {
  return VoiceServiceStats{.calls_started = state_->calls_started,
                           .calls_active = state_->calls.size(),
                           .registrations = state_->registrar.binding_count(),
                           .transactions = state_->transactions.active()};
}

}  // namespace callwerk::voice

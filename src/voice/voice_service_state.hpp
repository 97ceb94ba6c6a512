#pragma once
// Internals of VoiceService shared by its source files: voice_service.cpp (SIP dispatch,
// OPTIONS, INFO, registrar), voice_auth.cpp (who may place a call), voice_inbound.cpp
// (answering calls), voice_call_actions.cpp (menu actions and media events) and
// voice_transfer.cpp (the agent leg and bridging).

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include "sip/sdp_negotiation.hpp"
#include "sip/sip_dialog.hpp"
#include "sip/sip_nonce.hpp"
#include "sip/sip_registrar.hpp"
#include "sip/sip_transaction.hpp"
#include "sip/sip_transport.hpp"
#include "voice/call_admission.hpp"
#include "voice/joined_prompts.hpp"
#include "voice/voice_call_timers.hpp"
#include "voice/voice_flow_session.hpp"
#include "voice/voice_menu_session.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::voice {

namespace asio = boost::asio;

// One side of a call: a SIP dialog and its RTP stream.
struct CallLeg {
  std::optional<sip::SipDialog> dialog;
  sip::SipPeer peer;  // where in-dialog requests go (the address we saw, for NAT)
  media::MediaStreamId stream = 0;
  uint16_t local_port = 0;
  std::string local_address;  // ours, as written into SDP
  sip::SessionDescription local_sdp;
  std::optional<sip::NegotiatedAudio> audio;
  bool on_hold = false;
  bool offer_in_200 = false;  // a re-INVITE without SDP: our offer went out, the ACK answers
};

enum class CallState { ringing, answered, ended };

struct VoiceCall {
  CallKey key = 0;
  int64_t tenant_id = 0;
  std::string tenant_slug;
  const DialledNumber* number = nullptr;
  const VoiceMenu* menu = nullptr;  // the number's keypad menu, or null when a flow runs
  std::shared_ptr<const flow::FlowInterpreter> flow;  // the tenant's flows as the call began
  std::string language = "de";
  std::string caller_number;  // as the protocol has it (P-Asserted-Identity from trunks)
  std::unique_ptr<CallScript> session;
  std::optional<int64_t> contact_id;  // the caller, when known by number
  CallState state = CallState::ringing;
  TimeMs started_at = 0;  // wall clock, for the protocol
  TimeMs answered_at = 0;

  // The caller's side.
  CallLeg caller;
  sip::SipTransactionId invite_txn = 0;
  std::optional<sip::SipMessage> invite;
  std::string local_tag;
  std::string answer_body;  // our SDP in the 200
  bool late_offer = false;  // INVITE without SDP: our offer went in the 200, the answer in ACK
  bool acked = false;

  // The agent's side during and after a transfer.
  std::optional<CallLeg> agent;
  std::string agent_invite;  // as sent, for CANCEL and the dialog
  sip::SipTransactionId agent_invite_txn = 0;
  std::string agent_ack;           // re-sent on 2xx retransmissions
  bool agent_provisional = false;  // a 1xx came: CANCEL is allowed now (RFC 3261 §9.1)
  std::string agent_extension;
  int64_t agent_user_id = 0;
  bool bridged = false;
  // Waiting in a queue of the ACD, which chooses the agents: a failed ring is reported to it
  // instead of ending the transfer.
  bool queued = false;
  std::string queue;

  // A call back the ACD started (VoiceService::dial_callback): the agent is rung first; the
  // customer's leg is `caller`, dialled as a UAC through the trunk once the agent answered.
  struct Callback {
    int64_t callback_id = 0;
    const TrunkConfig* trunk = nullptr;
    std::string caller_id;
    std::string invite;  // to the customer, as sent (CANCEL, dialog)
    sip::SipTransactionId invite_txn = 0;
    std::string ack;
    bool provisional = false;
    bool dialled = false;
    bool reported = false;              // CallQueues::callback_finished was called
    int challenges_answered = 0;        // the carrier's 401/407 answered with the route's account
    std::string agent_language = "de";  // of the agent's notice
  };
  std::optional<Callback> callback;
  bool hang_up_after_play = false;  // the caller chose a call back: goodbye, then BYE
  // A message for the queue after its maximum wait (voice_voicemail.cpp): greeting and tone,
  // then the caller's recording, then thanks and BYE.
  struct Voicemail {
    enum class Phase { greeting, recording, closing } phase = Phase::greeting;
    std::string path;   // absolute, as the media thread writes it
    std::string file;   // relative to the recordings directory, as stored
    TimeMs max_ms = 0;  // the queue's longest message
  };
  std::optional<Voicemail> voicemail;
  bool held = false;        // the agent put the caller on hold (desktop)
  bool wait_music = false;  // the queue plays music to waiting and held callers

  uint64_t current_play = 0;
  bool recording = false;
  std::string recording_path;

  // A team lead listening, whispering or barging in (VoiceService::supervise): a third leg,
  // rung as a UAC like the agent's, mixed by mode once answered (voice_supervision.cpp).
  struct Supervision {
    CallLeg leg;
    int64_t user_id = 0;
    std::string extension;
    SupervisionMode mode = SupervisionMode::listen;
    std::string invite;  // as sent (CANCEL, dialog)
    sip::SipTransactionId invite_txn = 0;
    std::string ack;
    bool provisional = false;
    std::unique_ptr<asio::steady_timer> ring_timer;
  };
  std::optional<Supervision> supervision;

  // An attended transfer (voice_consult.cpp): the caller holds while the agent talks to a
  // colleague on a third leg (UAC INVITE as for the agent); then the colleague takes the
  // caller over, or all three talk (conference).
  struct Consult {
    CallLeg leg;
    CallKey acd_key = 0;  // the ACD's call id of this leg
    int64_t user_id = 0;
    std::string extension;
    std::string invite;  // as sent (CANCEL, dialog)
    sip::SipTransactionId invite_txn = 0;
    std::string ack;
    bool provisional = false;
    bool conference = false;
  };
  std::optional<Consult> consult;

  // Ring-all (voice_ring_all.cpp): the further phones rung for this call while the agent leg
  // above rings too; the first to answer becomes the agent leg.
  struct Fork {
    CallLeg leg;
    int64_t user_id = 0;
    std::string extension;
    std::string invite;  // as sent (CANCEL, dialog)
    sip::SipTransactionId invite_txn = 0;
    bool provisional = false;  // a 1xx came: CANCEL is allowed now
    bool ringing = false;      // 180/183 reported to the ACD
  };
  std::vector<Fork> forks;
};

sip::SipPeer binding_destination(const sip::SipBinding& binding);

// What a client transaction of ours was for.
struct PendingRequest {
  enum class Purpose {
    bye,
    agent_invite,
    agent_cancel,
    customer_invite,
    supervisor_invite,
    consult_invite,
    fork_invite
  } purpose = Purpose::bye;
  CallKey call = 0;
};

// An agent INVITE whose call is over (or whose transfer gave up) before its transaction
// ended: a late 1xx is cancelled, a late 2xx acknowledged and hung up, so that no phone keeps
// ringing or shows a call nobody is on.
struct AbandonedInvite {
  std::string invite;
  sip::SipPeer peer;
  std::string ack;  // set once acknowledged: re-sent for retransmitted 2xx
  bool cancelled = false;
  TimeMs forget_at = 0;
};

struct VoiceService::State {
  State(asio::io_context& io, const TelephonyConfig& config, VoiceDirectory& directory,
        CallLog& log, media::MediaEngine& media, speech::PromptCache& prompts);

  asio::io_context& io;
  const TelephonyConfig& config;
  VoiceDirectory& directory;
  CallLog& log;
  CallQueues* queues = nullptr;
  std::function<void(CallKey)> supervision_changed;  // VoiceService::on_supervision_changed
  media::MediaEngine& media;
  speech::PromptCache& prompts;
  JoinedPrompts joined_prompts;

  sip::SipTransport transport;
  sip::SipTransactionLayer transactions;
  sip::SipRegistrar registrar;
  sip::SipNonceSource nonces;
  sip::SipNonceReplayGuard replay_guard;
  CallTimers call_timers;
  CallAdmission admission;          // new calls per second, and none while the SIP socket is behind
  std::uint64_t refused_calls = 0;  // answered 503 since the last warning in the log
  // The SIP receive queue as last read (sip_receive_queue), and when.
  sip::SipTransport::ReceiveQueue sip_queue;
  TimeMs sip_queue_read_at = -1;
  TimeMs refusals_logged_at = 0;
  asio::steady_timer tick_timer;  // drives both wheels every kTickMs while either holds timers
  bool ticking = false;
  asio::steady_timer housekeeping_timer;
  bool stopped = false;

  std::unordered_map<CallKey, std::unique_ptr<VoiceCall>> calls;
  std::unordered_map<sip::SipDialogId, CallKey> call_by_dialog;
  std::unordered_map<media::MediaStreamId, CallKey> call_by_stream;
  std::unordered_map<sip::SipTransactionId, CallKey> call_by_invite_txn;
  std::unordered_map<sip::SipTransactionId, PendingRequest> pending;
  std::unordered_map<sip::SipTransactionId, AbandonedInvite> abandoned;
  std::unordered_map<uint64_t, CallKey> call_by_play;
  std::unordered_map<std::string, int64_t> tenant_ids;  // slug -> id, tenants are not renamed
  CallKey next_call_key = 1;
  uint64_t next_play_id = 1;
  uint64_t calls_started = 0;

  // voice_service.cpp
  void receive(sip::SipMessage message, const sip::SipPeer& source);
  void process(std::vector<sip::SipTransactionOutput>& out);
  void ensure_ticking();
  void tick();
  void start_call_timer(VoiceCall& call, CallTimer kind, TimeMs delay_ms);
  void on_call_timer(const DueCallTimer& due);
  void housekeeping();
  void handle_request(sip::SipTransactionId txn, sip::SipMessage& request,
                      const sip::SipPeer& source);
  void handle_in_dialog_request(sip::SipTransactionId txn, sip::SipMessage& request,
                                const sip::SipPeer& source);
  void handle_response(sip::SipTransactionId txn, const sip::SipMessage& response);
  void handle_timeout(const sip::SipTransactionTimeout& timeout);
  void handle_register(sip::SipTransactionId txn, const sip::SipMessage& request,
                       const sip::SipPeer& source);
  void handle_info(sip::SipTransactionId txn, VoiceCall& call, CallLeg& leg,
                   const sip::SipMessage& request);
  void respond(sip::SipTransactionId txn, const sip::SipMessage& request, int code,
               std::string_view extra_headers = {});
  // The same response ended with its transaction (SipTransactionLayer::respond_statelessly).
  void respond_statelessly(sip::SipTransactionId txn, const sip::SipMessage& request, int code,
                           std::string_view extra_headers);
  void respond_raw(sip::SipTransactionId txn, int code, std::string bytes);
  sip::SipLocalAddress local_address_for(const sip::SipPeer& peer);
  TimeMs now() const;  // monotonic, for SIP timers

  // voice_auth.cpp
  struct Caller {
    bool trunk = false;
    std::optional<SipAccount> account;  // an authenticated phone
  };
  // Empty when a challenge or refusal was sent instead.
  std::optional<Caller> authorize(sip::SipTransactionId txn, const sip::SipMessage& request,
                                  const sip::SipPeer& source, bool is_register);
  const TrunkConfig* trunk_for(const sip::SipPeer& source) const;

  // voice_inbound.cpp
  void handle_invite(sip::SipTransactionId txn, sip::SipMessage& invite,
                     const sip::SipPeer& source);
  void handle_reinvite(sip::SipTransactionId txn, VoiceCall& call, CallLeg& leg,
                       const sip::SipMessage& invite);
  void handle_cancel(sip::SipTransactionId txn, const sip::SipMessage& cancel);
  void handle_ack(const sip::SipMessage& ack);
  // Counts a new call answered 503; once a second, the count to log since the last line.
  std::optional<std::uint64_t> count_refused_call();
  // The SIP receive queue for admission, read from the kernel at most every few milliseconds.
  const sip::SipTransport::ReceiveQueue& sip_receive_queue();
  void answer(VoiceCall& call);
  void apply_audio(CallLeg& leg);
  sip::MediaCapabilities capabilities(const CallLeg& leg) const;
  // A phone's leg (an agent, a colleague, a supervisor) does not look for in-band keys: only
  // the caller's keys drive anything, and the detector is the dearest part of a relayed packet.
  enum class LegKeys { caller, phone };
  std::optional<CallLeg> open_leg(const sip::SipPeer& peer, LegKeys keys = LegKeys::caller);
  // The leg's SDP offer (kept as its local_sdp) and the INVITE that carries it, From and To in
  // our own domain; To names `to_user`, or is the Request-URI when that is empty.
  struct InviteParties {
    std::string request_uri;
    std::string from_display;
    std::string from_user;
    std::string to_display;
    std::string to_user;
    std::string extra_headers;  // besides Allow
  };
  Result<std::string> offer_invite(CallLeg& leg, const InviteParties& parties);
  // For an INVITE to an agent's phone (voice_transfer.cpp): to the user at the binding's
  // contact, from the caller (or, for a call back, the customer to be called).
  InviteParties agent_invite_parties(const VoiceCall& call, const std::string& contact_uri,
                                     const std::string& display_name,
                                     const std::string& username) const;
  void end_call(VoiceCall& call, const std::string& reason, bool bye_caller, bool bye_agent);
  void send_bye(VoiceCall& call, CallLeg& leg);
  VoiceCall* call_of_dialog(const sip::SipDialogId& id, CallLeg** leg);
  void protocol(VoiceCall& call, const std::string& type, nlohmann::json payload,
                const std::string& actor = "system");

  // voice_call_actions.cpp
  void run_actions(VoiceCall& call, const std::vector<CallAction>& actions);
  void on_media_event(const media::MediaEvent& event);
  void on_digit(VoiceCall& call, char digit, std::string_view source);
  void play(VoiceCall& call, const CallAction& action);
  void run_request(VoiceCall& call, const flow::FlowAction& effect);
  // Hands a side effect's result to the call's flow in a fresh turn of the core loop; from any
  // thread. A call that has ended by then drops it.
  void deliver_result(CallKey key, flow::FlowEvent result);
  void start_queue_transfer(VoiceCall& call, const std::string& queue, int priority);
  // callwerk's own sentence (CallAction::system_sentence): in the protocol in every call.
  void play(VoiceCall& call, const std::string& text, const std::string& then_text,
            bool interruptible);
  media::SharedPcm prompt_audio(VoiceCall& call, const std::string& text, nlohmann::json& said);
  void start_recording(VoiceCall& call);
  // The folder of the call's recordings, tenant/YYYY-MM-DD relative to recordings_dir, created
  // if need be; the reason when it cannot be (none configured, or the file system refuses).
  Result<std::filesystem::path> recordings_day_dir(const VoiceCall& call);

  // voice_voicemail.cpp
  // Messages being written, by absolute path: their call may be over when the media thread
  // reports the file done.
  struct PendingVoicemail {
    CallKey call = 0;
    std::string file;
    std::string caller_number;
    std::optional<int64_t> contact_id;
  };
  std::unordered_map<std::string, PendingVoicemail> voicemail_by_path;
  bool voicemail_instead(VoiceCall& call, TimeMs max_ms);
  void voicemail_played(VoiceCall& call);  // the greeting or the thanks has been heard
  void voicemail_key(VoiceCall& call, char digit);
  // '#' or the maximum length: the recording stops, the caller hears the thanks.
  void finish_voicemail(VoiceCall& call, const std::string& reason);
  // The call ends (caller hung up, timeout): a recording stops; before the tone, nothing is.
  void voicemail_call_ended(VoiceCall& call);
  // The media thread closed a file; true when it was a voicemail's.
  bool voicemail_saved(const media::MediaRecordingDone& done);

  // voice_wait_music.cpp
  // Music while waiting or held, when the queue wants it and nothing else plays.
  void resume_wait_music(VoiceCall& call);

  // voice_ring_all.cpp
  bool can_fork(const VoiceCall& call) const;
  void start_fork(VoiceCall& call, int64_t user_id, const std::string& extension);
  void close_fork(VoiceCall& call, std::vector<VoiceCall::Fork>::iterator it, bool abandon);
  bool stop_fork(VoiceCall& call, int64_t user_id);  // false: no fork of that agent
  void end_forks(VoiceCall& call);
  void fork_response(CallKey key, sip::SipTransactionId txn, const sip::SipMessage& response);
  void fork_timeout(CallKey key, sip::SipTransactionId txn);

  // voice_outbound.cpp
  Status dial_callback(CallKey key, const VoiceService::CallbackDial& dial);
  std::optional<std::string> tenant_slug(int64_t tenant_id);
  void callback_agent_answered(VoiceCall& call);
  // The carrier challenged the call back's INVITE: sends it again with the route's account.
  // False when there is no account, the challenge cannot be answered, or it was answered
  // kMaxChallengesAnswered times already (the credentials are wrong).
  static constexpr int kMaxChallengesAnswered = 2;
  bool answer_challenge(VoiceCall& call, const sip::SipMessage& challenge);
  void dial_customer(VoiceCall& call);
  void customer_response(VoiceCall& call, const sip::SipMessage& response);
  void finish_callback(VoiceCall& call, CallQueues::CallbackOutcome outcome,
                       const std::string& reason);
  // The caller asked for a call back while waiting: true when the queue took it.
  bool offer_callback(VoiceCall& call);
  // The queue calls back instead (overflow after the maximum wait): say so, hang up.
  void callback_instead(VoiceCall& call);
  void say_goodbye_for_callback(VoiceCall& call, const std::string& text);

  // voice_supervision.cpp
  Status supervise(CallKey key, int64_t user_id, const std::string& extension,
                   SupervisionMode mode);
  Status set_supervision_mode(CallKey key, SupervisionMode mode);
  void apply_supervision_mix(VoiceCall& call);
  void supervisor_response(CallKey key, sip::SipTransactionId txn, const sip::SipMessage& response);
  void supervisor_timeout(CallKey key, sip::SipTransactionId txn);
  void end_supervision(VoiceCall& call, const std::string& reason, bool bye_supervisor = true);

  // voice_call_control.cpp
  // The call connected to an agent, which the desktop's commands act on; conflict otherwise.
  Result<VoiceCall*> agent_connected_call(CallKey key);
  // Caller on hold (a short notice, then nothing of the agent) or back with the agent.
  void set_held(VoiceCall& call, bool on);

  // voice_consult.cpp
  Status consult(CallKey key, CallKey acd_key, int64_t user_id, const std::string& extension);
  Status complete_consult(CallKey key, const std::string& how);
  Status cancel_consult(CallKey key);
  Status start_conference(CallKey key);
  void consult_response(CallKey key, sip::SipTransactionId txn, const sip::SipMessage& response);
  void consult_timeout(CallKey key, sip::SipTransactionId txn);
  // The colleague's phone did not take the call: the caller holds on, the agent is told.
  void consult_failed(VoiceCall& call, const std::string& reason, bool tell_acd);
  // A BYE on the consult's leg, or on the agent's while the colleague is on: true when it
  // was one of these (answered here), false for the ordinary handling.
  bool consult_bye(sip::SipTransactionId txn, const sip::SipMessage& request, VoiceCall& call,
                   CallLeg& leg);
  // The call ends: the colleague's leg goes with it.
  void end_consult(VoiceCall& call, const std::string& reason);
  void report_consult(const VoiceCall& call, ConsultEvent::Kind kind, bool was_connected,
                      const std::string& reason);

  // voice_transfer.cpp
  void start_transfer(VoiceCall& call, const std::string& extension);
  void agent_response(VoiceCall& call, const sip::SipMessage& response);
  void transfer_failed(VoiceCall& call, const std::string& why);
  void close_agent_leg(VoiceCall& call);
  void report_registration(const std::string& username);
  void abandon_agent_invite(VoiceCall& call);
  // An INVITE of ours whose call is over before its transaction ended (see AbandonedInvite).
  void abandon_invite(sip::SipTransactionId txn, const std::string& invite,
                      const sip::SipPeer& peer, const std::string& ack, bool cancel_now);
  void abandoned_response(sip::SipTransactionId txn, const sip::SipMessage& response);
  void send_cancel(const std::string& invite, const sip::SipPeer& peer);
};

}  // namespace callwerk::voice

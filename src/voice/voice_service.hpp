#pragma once
// The voice channel: callwerk's SIP user agent on the core thread. It owns the SIP transport,
// transactions, dialogs and registrar, authenticates phones and trunks, answers calls to the
// configured numbers with their keypad menu, transfers to registered phones as a B2BUA, and
// writes every step of a call into its protocol through CallLog.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "media/media_engine.hpp"
#include "speech/prompt_cache.hpp"
#include "voice/supervision_mode.hpp"
#include "voice/telephony_config.hpp"
#include "voice/voice_ports.hpp"
#include "voice/voicemail.hpp"

namespace callwerk::voice {

struct VoiceServiceStats {
  uint64_t calls_started = 0;
  uint64_t calls_active = 0;
  uint64_t registrations = 0;  // bindings now
  uint64_t transactions = 0;   // live SIP transactions
};

class VoiceService {
 public:
  // Everything given by reference must outlive the service. Media events must reach
  // on_media_event on the io_context's thread (the server posts them there).
  VoiceService(boost::asio::io_context& io, const TelephonyConfig& config,
               VoiceDirectory& directory, CallLog& log, media::MediaEngine& media,
               speech::PromptCache& prompts);
  ~VoiceService();
  VoiceService(const VoiceService&) = delete;
  VoiceService& operator=(const VoiceService&) = delete;

  // Binds SIP, warms the prompt cache for every menu text. On the io_context's thread or
  // before it runs.
  Status start();
  // Ends every call (BYE) and closes the transport. On the io_context's thread.
  void stop();

  // The queues that flows transfer to (null: a transfer rings the number's extension for the
  // queue). Set before start(); must outlive the service.
  void set_queues(CallQueues* queues);
  // The ACD's side of CallQueues, on the io_context's thread: ring the agent's phone for a
  // queued call, stop ringing it (another agent answered, or the ring timed out), or give up
  // on the queue (the flow says it could not connect). Calls that have ended are ignored.
  void ring_agent(CallKey call, int64_t user_id, const std::string& extension);
  void stop_ringing(CallKey call, int64_t user_id);
  void queue_gave_up(CallKey call, const std::string& reason);
  // Says `text` to a caller waiting in a queue (place in line, expected wait); nothing once an
  // agent is connected. The protocol gets a queue.announcement entry.
  void announce(CallKey call, const std::string& text);
  // Whether a caller of this queue hears music while waiting and while an agent holds the
  // call (else silence between the announcements). Starts it at once when nothing plays.
  void set_wait_music(CallKey call, bool on);
  // A call back for the ACD (agent first): rings the agent's phone with the customer's number
  // shown; once the agent answers, calls the customer through the trunk whose outbound route
  // allows the tenant and number, and bridges them. Ring results come through CallQueues as
  // for queued calls (the call is queued), the customer's answer through callback_finished.
  // `call` is chosen by the caller, at or above kExternalCallKeys so that it never meets a
  // key of the channel's own calls; refused when no route allows the number.
  static constexpr CallKey kExternalCallKeys = CallKey{1} << 48;
  struct CallbackDial {
    int64_t tenant_id = 0;
    int64_t callback_id = 0;
    std::string number;  // E.164
    std::optional<int64_t> contact_id;
    std::optional<int64_t> origin_interaction_id;  // the call in which the caller asked for it
    int64_t agent_user_id = 0;
    std::string agent_extension;
    std::string language = "de";        // what the customer hears (de, en)
    std::string agent_language = "de";  // the agent's notice before the customer is dialled
  };
  Status dial_callback(CallKey call, const CallbackDial& dial);
  // Whether a call back to this number may leave for the tenant (an outbound route allows it).
  bool can_call_back(int64_t tenant_id, const std::string& number);
  // The caller of a waiting call, when a call back to them may leave; empty otherwise.
  struct CallbackTarget {
    std::string number;  // E.164
    std::optional<int64_t> contact_id;
  };
  std::optional<CallbackTarget> callback_target(CallKey call);
  // A team lead joins a connected call (agent answered): their phone (the user's extension,
  // registered) is rung as a third leg and, once answered, hears and is heard by mode
  // (supervision_mode.hpp). Protocol: supervision.ringing/started/mode/ended (or failed).
  // conflict when the call is not connected, already supervised or the phone not registered.
  Status supervise(CallKey call, int64_t supervisor_user_id, const std::string& extension,
                   SupervisionMode mode);
  Status set_supervision_mode(CallKey call, SupervisionMode mode);
  // Hangs up the supervisor's leg only; the call goes on.
  Status end_supervision(CallKey call);
  struct SupervisionInfo {
    int64_t user_id = 0;
    SupervisionMode mode = SupervisionMode::listen;
    bool connected = false;  // the supervisor's phone answered
  };
  std::optional<SupervisionInfo> supervision(CallKey call) const;
  // Called on the io_context's thread, in a fresh turn, whenever a call's supervision changes
  // by itself (the lead's phone answered, refused or hung up, the call ended).
  void on_supervision_changed(std::function<void(CallKey)> listener);
  // The waiting caller's queue will call back instead (its maximum wait is over): the caller
  // is told so and the call ends. Ignored unless the call waits in a queue.
  void callback_instead(CallKey call);
  // The waiting caller's queue takes a message instead (its maximum wait is over): the caller
  // leaves the queue, hears that nobody is free and a tone, and is recorded until hanging up,
  // '#' or `max_ms` (the queue's; kVoicemailMaxMs in voicemail.hpp by default);
  // CallQueues::voicemail_recorded tells how it went. False (nothing changed) unless the call
  // waits in a queue and a recordings directory is there to record into.
  bool voicemail_instead(CallKey call, TimeMs max_ms = kVoicemailMaxMs);
  // Whether the call still waits in a queue (not connected to an agent, not ended).
  bool waiting_in_queue(CallKey call) const;
  // The language the call speaks (its flow's or menu's: "de", "en"); "de" for an unknown call.
  std::string language_of(CallKey call) const;
  // The agent holds (on) or resumes the connected call: while held the caller hears a short
  // notice and then nothing of the agent, and the agent nothing of the caller. conflict when
  // the call is not connected or a team lead is on it.
  Status hold(CallKey call, bool on);
  // The agent hangs up the connected call from the desk: both the caller's and the agent's
  // phone get BYE, as when the agent's phone hangs up. conflict unless connected, and during a
  // consultation (the caller's fate is decided by hand-over or return first).
  Status hang_up(CallKey call);
  // Blind transfer to a queue: the agent's leg is hung up and the caller is told to wait; the
  // caller belongs to `queue` (the owner enqueues the call there). conflict unless connected.
  Status release_to_queue(CallKey call, const std::string& queue);
  // Blind transfer to a named colleague: as release_to_queue (the caller stays in `queue`,
  // where the ACD puts it back when the colleague does not answer); the protocol names the
  // colleague (transfer.blind with to_agent_id).
  Status release_to_agent(CallKey call, const std::string& queue, int64_t agent_id);
  // Attended transfer (voice_consult.cpp). consult: the connected caller holds and the
  // colleague's registered phone (the extension of user_id) rings as a third leg; once it
  // answers agent and colleague talk privately. `acd_key` is the ACD's call id of that leg;
  // what becomes of it reaches CallQueues::consult_changed. conflict unless the call is
  // connected without a team lead, a call back or another consultation, or when the phone
  // is not registered.
  Status consult(CallKey call, CallKey acd_key, int64_t user_id, const std::string& extension);
  // The colleague takes the caller over and the agent's leg is hung up. conflict unless the
  // colleague answered.
  Status complete_consult(CallKey call);
  // Hangs up the colleague's leg (ringing or answered); caller and agent talk again.
  Status cancel_consult(CallKey call);
  // Caller, agent and colleague all hear each other (the colleague answered).
  Status start_conference(CallKey call);
  // The agent leaves the conference: caller and colleague talk on (as complete_consult).
  Status leave_conference(CallKey call);
  // The ACD gave up ringing the colleague (ring timeout): the consultation fails.
  void stop_consult_ringing(CallKey call);
  struct ConsultInfo {
    CallKey acd_key = 0;
    int64_t user_id = 0;
    bool connected = false;  // the colleague answered
    bool conference = false;
  };
  std::optional<ConsultInfo> consultation(CallKey call) const;
  // Whether the agent holds the call (the desktop's hold, or a consultation).
  bool held(CallKey call) const;
  // Whether the user's phone is registered now.
  bool phone_registered(const std::string& username) const;

  uint16_t sip_port() const;
  void on_media_event(const media::MediaEvent& event);
  VoiceServiceStats stats() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace callwerk::voice

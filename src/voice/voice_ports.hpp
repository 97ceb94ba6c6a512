#pragma once
// What the voice channel needs from the rest of the server, as interfaces: the directory
// (SIP accounts, tenants, callers) and the call protocol. The app implements them with the
// store; domain code never includes store/ (DESIGN.md), and tests can use their own.

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "flow/flow_interpreter.hpp"

namespace callwerk::voice {

struct SipAccount {
  int64_t user_id = 0;
  int64_t tenant_id = 0;
  std::string username;
  std::string display_name;
  std::string extension;
  std::string password;
  bool active = true;
};

struct CallerContact {
  int64_t contact_id = 0;
  std::string name;
  std::string customer_number;
  std::string street;  // the postal address: an order is delivered there without asking
  std::string postcode;
  std::string city;
};

// Called on the core thread; implementations answer from a local read connection.
class VoiceDirectory {
 public:
  virtual ~VoiceDirectory() = default;
  virtual std::optional<SipAccount> sip_account(const std::string& username) = 0;
  virtual std::optional<SipAccount> sip_account_by_extension(int64_t tenant_id,
                                                             const std::string& extension) = 0;
  virtual std::optional<int64_t> tenant_id(const std::string& slug) = 0;
  virtual std::optional<CallerContact> contact_by_phone(int64_t tenant_id,
                                                        const std::string& number) = 0;
  virtual std::optional<CallerContact> contact_by_customer_number(int64_t /*tenant_id*/,
                                                                  const std::string& /*number*/) {
    return std::nullopt;
  }
  // The tenant's published flows, compiled; null when it has none (or they do not load).
  // A call keeps what it got here for its whole length, also when a new version is published.
  virtual std::shared_ptr<const flow::FlowInterpreter> flows(int64_t /*tenant_id*/) {
    return nullptr;
  }
  // The tenant's best knowledge-base article for what the caller asked (an answer node);
  // `request` is left for the caller to fill. Default: nothing found, so the flow goes on
  // as "not helped".
  virtual flow::KbSearchResult search_kb(int64_t /*tenant_id*/, const std::string& /*query*/) {
    return {};
  }
  // POSTs a flow's webhook to the client's system. `done` runs exactly once, on any thread
  // (the channel posts it to its own), with the request's id. Default: not available.
  virtual void call_webhook(const flow::CallWebhook& request,
                            std::function<void(flow::WebhookResult)> done) {
    flow::WebhookResult result;
    result.request = request.request;
    result.error = "webhooks are not available here";
    done(std::move(result));
  }
  // The id of the tenant's order with this number (a complaint names it); none when unknown.
  virtual std::optional<int64_t> order_by_number(int64_t /*tenant_id*/,
                                                 const std::string& /*number*/) {
    return std::nullopt;
  }
  // The id of the tenant's queue of this name (a call back is kept in it); none when unknown.
  virtual std::optional<int64_t> queue_by_name(int64_t /*tenant_id*/, const std::string& /*name*/) {
    return std::nullopt;
  }
};

using CallKey = uint64_t;  // the voice channel's own id of a call, until the store has one

struct CallStart {
  int64_t tenant_id = 0;
  std::string direction = "inbound";
  std::string remote_address;  // caller number or URI
  std::string local_address;   // dialled number
  std::optional<int64_t> contact_id;
  TimeMs started_at = 0;
  nlohmann::json payload;  // for the call.started protocol entry
};

// The protocol of calls. Calls are fire-and-forget and ordered per call: the implementation
// creates the interaction on call_started and attaches the later entries to it.
class CallLog {
 public:
  virtual ~CallLog() = default;
  virtual void call_started(CallKey call, const CallStart& start) = 0;
  virtual void call_event(CallKey call, const std::string& type, const nlohmann::json& payload,
                          const std::string& actor, TimeMs at) = 0;
  virtual void call_answered(CallKey call, TimeMs at) = 0;
  virtual void call_agent(CallKey call, int64_t user_id) = 0;
  virtual void call_ended(CallKey call, TimeMs at, const std::string& reason) = 0;

  // What a flow collected, stored and linked to the call's interaction and contact. `done`
  // gets the result on the writer's thread (the channel posts it to its own); it is always
  // called, with ok = false and the reason when nothing was stored. The request ids are left
  // for the caller to fill. Default: not stored.
  using OrderDone = std::function<void(flow::OrderResult)>;
  using TicketDone = std::function<void(flow::TicketResult)>;
  using CallbackDone = std::function<void(flow::CallbackResult)>;
  virtual void create_order(CallKey /*call*/, const flow::CreateOrder& /*order*/, OrderDone done) {
    flow::OrderResult result;
    result.error = "orders are not stored here";
    done(std::move(result));
  }
  virtual void create_ticket(CallKey /*call*/, const flow::CreateTicket& /*ticket*/,
                             std::optional<int64_t> /*order_id*/, TicketDone done) {
    flow::TicketResult result;
    result.error = "tickets are not stored here";
    done(std::move(result));
  }
  virtual void schedule_callback(CallKey /*call*/, const flow::ScheduleCallback& /*callback*/,
                                 std::optional<int64_t> /*queue_id*/, CallbackDone done) {
    flow::CallbackResult result;
    result.error = "call backs are not stored here";
    done(std::move(result));
  }
};

// The key a caller waiting in a queue presses for a call back (the announcement offers it).
inline constexpr char kQueueCallbackKey = '1';

// What became of an attended transfer's third leg (VoiceService::consult), for the owner of
// the ACD: the leg is the ACD's call `acd_key`, offered to `user_id`.
struct ConsultEvent {
  enum class Kind {
    ringing,      // the colleague's phone rings (180)
    connected,    // the colleague answered: agent and colleague talk
    failed,       // busy, refused, unreachable or not answered in time: the caller holds on
    cancelled,    // the agent went back to the caller (cancel_consult)
    target_left,  // the colleague hung up (in the consultation or the conference)
    completed,    // the colleague has the caller; the first agent's leg is gone (wrap-up)
    conference,   // all three hear each other
    ended,        // the call ended while the consultation ran
  };
  Kind kind = Kind::ringing;
  CallKey call = 0;
  CallKey acd_key = 0;
  int64_t user_id = 0;         // the colleague
  int64_t agent_id = 0;        // the agent who asked
  bool was_connected = false;  // the colleague had answered (talk to end, not a ring)
  std::string reason;
};

// The queues (ACD) as the voice channel sees them. The channel hands a call to a queue and
// reports what happens on the agent's leg; the ACD answers through VoiceService::ring_agent,
// stop_ringing and queue_gave_up, which it must call in a later turn of the core loop (posted),
// never from inside one of these calls. All on the core thread.
class CallQueues {
 public:
  virtual ~CallQueues() = default;
  // The call waits in the tenant's queue of that name. An error when the tenant has no such
  // queue: the channel then rings the number's extension for the queue, if one is set.
  virtual Status enqueue(CallKey call, int64_t tenant_id, const std::string& queue,
                         int priority) = 0;
  // The caller hung up while waiting or while an agent's phone rang.
  virtual void caller_left(CallKey call) = 0;
  // The agent's phone rings (180/183).
  virtual void agent_ringing(CallKey call, int64_t user_id) = 0;
  virtual void agent_answered(CallKey call, int64_t user_id) = 0;
  // The phone did not answer, was busy, refused or is not reachable.
  virtual void ring_failed(CallKey call, int64_t user_id, const std::string& why) = 0;
  // An answered call ended (either side hung up): the agent goes to wrap-up.
  virtual void call_ended(CallKey call) = 0;
  // A phone registered (true) or lost its last registration (false).
  virtual void phone_registration(const std::string& username, bool registered) = 0;

  // The waiting caller pressed the call-back key. True when the queue took it: the caller
  // has left the line (as "callback") and a call back keeps the place; the channel then says
  // so and hangs up. False: nothing changed, the caller waits on.
  virtual bool callback_requested(CallKey /*call*/) { return false; }
  // How a call back the ACD started (VoiceService::dial_callback) went: the customer answered
  // (reached), did not (busy, no answer, refused: `reason`), or it was never dialled because
  // the call ended first (not_dialled: nobody was called, it may simply be tried again).
  enum class CallbackOutcome { reached, unreached, not_dialled };
  virtual void callback_finished(CallKey /*call*/, CallbackOutcome /*outcome*/,
                                 const std::string& /*reason*/) {}
  // An attended transfer's third leg changed (in a fresh turn of the core loop).
  virtual void consult_changed(const ConsultEvent& /*event*/) {}
  // How the message of a caller sent to voicemail (VoiceService::voicemail_instead) ended:
  // exactly once per such call, also when nothing was recorded (`stored` false, `reason`).
  struct VoicemailRecorded {
    bool stored = false;  // a message to keep (voicemail_outcome store)
    std::string reason;   // stored, too_short, failed, hung_up (before the tone)
    std::string file;     // relative to the recordings directory
    int64_t duration_ms = 0;
    std::string caller_number;
    std::optional<int64_t> contact_id;
  };
  virtual void voicemail_recorded(CallKey /*call*/, const VoicemailRecorded& /*message*/) {}
};

}  // namespace callwerk::voice

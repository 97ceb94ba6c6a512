#pragma once
// The queues and agents of a running server: the ACD runtime (acd::AcdService) on the core
// loop, wired to everything around it.
//   - the voice channel hands calls to queues (voice::CallQueues) and rings the agents the
//     ACD chooses (VoiceService::ring_agent, stop_ringing, queue_gave_up);
//   - the store holds the configuration (queues, users with an extension and their skills),
//     reloaded per tenant when it changes, and receives every agent state change and every
//     caller's stay in a queue (agent_states, queue_calls) and the call's protocol entries;
//   - the HTTP API's agent desktop and wallboard ask it through http::AgentDesk;
//   - live events ("desk.state", "queue.changed") go to /api/v1/events.
// Everything but start(), store_changed() and the AgentDesk calls runs on the core loop.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "acd/acd_service.hpp"
#include "http/agent_desk.hpp"
#include "store/store.hpp"
#include "voice/voice_ports.hpp"

namespace callwerk::voice {
class VoiceService;
}

namespace callwerk::app {

class StoreCallLog;

class ContactCenter final : public voice::CallQueues,
                            public acd::AcdOutput,
                            public http::AgentDesk {
 public:
  using Publish = std::function<void(const store::StoredEvent&)>;

  ContactCenter(boost::asio::io_context& core, store::StoreWriter& writer,
                std::unique_ptr<store::StoreReader> reader, Publish publish);
  ~ContactCenter() override;
  ContactCenter(const ContactCenter&) = delete;
  ContactCenter& operator=(const ContactCenter&) = delete;

  // Loads every tenant's queues and agents on the core loop and waits for it (the loop must
  // be running). Agents start logged out.
  Status start();
  // From the store writer's event sink (any thread): a change of a queue, user or skill
  // reloads that tenant's configuration on the core loop.
  void store_changed(const store::StoredEvent& event);
  // On the core loop: the voice channel that rings agents and its protocol (both null:
  // detached, before the voice channel goes). `registered` tells whether a phone is
  // registered now (for agents added while the server runs).
  void attach_voice(voice::VoiceService* voice, StoreCallLog* log,
                    std::function<bool(const std::string&)> registered);
  // On the core loop: stops the timer; nothing is rung after this.
  void stop();

  // voice::CallQueues (core loop)
  Status enqueue(voice::CallKey call, int64_t tenant_id, const std::string& queue,
                 int priority) override;
  void caller_left(voice::CallKey call) override;
  void agent_ringing(voice::CallKey call, int64_t user_id) override;
  void agent_answered(voice::CallKey call, int64_t user_id) override;
  void ring_failed(voice::CallKey call, int64_t user_id, const std::string& why) override;
  void call_ended(voice::CallKey call) override;
  void phone_registration(const std::string& username, bool registered) override;
  bool callback_requested(voice::CallKey call) override;
  void callback_finished(voice::CallKey call, CallbackOutcome outcome,
                         const std::string& reason) override;
  // contact_center_transfer.cpp
  void consult_changed(const voice::ConsultEvent& event) override;
  // contact_center_voicemail.cpp: stores the message (or notes why there is none).
  void voicemail_recorded(voice::CallKey call, const VoicemailRecorded& message) override;

  // acd::AcdOutput (core loop, after each ACD operation)
  void ring_agent(const acd::RingRequest& ring) override;
  void stop_ringing(acd::CallId call, acd::AgentId agent) override;
  void call_expired(acd::CallId call, acd::QueueId queue, acd::ExpiryReason reason) override;
  void agent_state_changed(const acd::AgentStateChange& change,
                           const acd::AgentStatus& status) override;
  void queue_call_updated(const acd::QueuedCallRecord& record) override;
  void queue_changed(acd::QueueId queue) override;

  // http::AgentDesk (any thread; answered from the core loop)
  void agent_status(store::Id tenant_id, store::Id user_id, Done done) override;
  void agent_command(store::Id tenant_id, store::Id user_id, const std::string& action,
                     const std::string& reason, Done done) override;
  void wallboard(store::Id tenant_id, Done done) override;
  void call_command(store::Id tenant_id, store::Id user_id, const CallCommand& command,
                    Done done) override;
  void colleagues(store::Id tenant_id, store::Id user_id, Done done) override;
  // contact_center_supervision.cpp
  void supervise(store::Id tenant_id, store::Id supervisor_user_id, store::Id agent_user_id,
                 const std::string& action, const std::string& mode, Done done) override;

  // The pause reasons an agent may choose (the ACD adds "no-answer" and
  // "registration-lost" by itself).
  static const std::vector<std::string>& pause_reasons();

 private:
  struct AgentInfo {
    store::Id tenant_id = 0;
    std::string username;
    std::string display_name;
    std::string extension;
  };
  struct QueueInfo {
    store::Id tenant_id = 0;
    std::string name;
    // After the maximum wait: none, queue, callback, voicemail (queue_overflow.hpp).
    std::string overflow_action = "none";
    std::string overflow_queue;
    bool offer_callback = true;
    bool music_on_hold = true;        // music while waiting and on hold, else silence
    int voicemail_max_seconds = 120;  // the longest message after an overflow to voicemail
  };
  // A queued call as the protocol needs it.
  struct CallInfo {
    store::Id tenant_id = 0;
    acd::QueueId queue = 0;
    std::optional<store::Id> interaction_id;  // known shortly after enqueue
    int priority = 0;
    TimeMs next_announcement = 0;  // 0: the caller hears none (answered at once)
    int announcements = 0;
    TimeMs enqueued_at = 0;  // wall clock: a call back chosen keeps the place from here
  };
  // A call back waiting in the ACD (its call id is a voice key from kExternalCallKeys on).
  struct CallbackInfo {
    store::Id callback_id = 0;
    store::Id tenant_id = 0;
    std::string number;
    std::optional<store::Id> contact_id;
    std::optional<store::Id> origin_interaction_id;
    std::string language;         // what the call back speaks to the customer
    std::string tenant_language;  // the agent's notice, when the agent chose no language
    int attempts = 0;
    bool started = false;  // the voice channel has the call (an agent was rung)
  };

  // contact_center_config.cpp
  Status load_tenant(store::Id tenant_id);
  Status load_all();
  // contact_center_desk.cpp
  nlohmann::json status_json(acd::AgentId agent) const;
  nlohmann::json wallboard_json(store::Id tenant_id) const;
  Result<nlohmann::json> run_command(store::Id tenant_id, store::Id user_id,
                                     const std::string& action, const std::string& reason);
  Result<nlohmann::json> run_call_command(store::Id tenant_id, store::Id user_id,
                                          const CallCommand& command);
  // contact_center_transfer.cpp: transfer to a colleague, consultation and conference.
  Result<nlohmann::json> run_transfer_command(store::Id tenant_id, store::Id user_id,
                                              acd::CallId call, const CallCommand& command);
  nlohmann::json colleagues_json(store::Id tenant_id, store::Id user_id) const;
  // The voice call an ACD call id belongs to (a consultation's leg has an id of its own).
  voice::CallKey voice_key_of(acd::CallId call) const;
  // The colleague for a transfer or consultation: of the tenant, not the agent, available.
  Result<acd::AgentId> colleague_for(store::Id tenant_id, store::Id user_id,
                                     store::Id target) const;
  // The available agent a queue's router would pick first (longest idle) for a consultation.
  Result<acd::AgentId> consult_agent_of_queue(store::Id tenant_id, store::Id user_id,
                                              const std::string& queue) const;
  // What the desk shows of an attended transfer on the agent's call.
  void add_consult_json(acd::AgentId agent, acd::CallId call, nlohmann::json& json) const;
  // contact_center_callbacks.cpp
  // Pending call backs that are due, of every tenant, into their queues (on the core loop).
  void load_due_callbacks();
  void schedule_callback_scan(TimeMs delay_ms);
  // The ACD chose an agent for a call back: the voice channel rings the agent, then dials.
  void ring_callback(const acd::RingRequest& ring, CallbackInfo& callback);
  void update_callback(store::Id tenant_id, store::Id callback_id, store::Json patch);
  bool unstarted_callback(acd::CallId call) const;
  // A caller who waited the queue's maximum wait, by its overflow rule; false: nothing to do
  // by rule (the voice channel's flow goes on as "nobody free").
  bool overflow(acd::CallId call, const CallInfo& waiting, const QueueInfo& queue);
  bool overflow_to_queue(acd::CallId call, const CallInfo& waiting, const QueueInfo& queue);
  // contact_center_voicemail.cpp
  // The caller leaves a message instead of waiting on; false when the voice channel cannot
  // record one (no recordings directory, the call is no longer waiting).
  bool overflow_to_voicemail(acd::CallId call, const CallInfo& waiting, const QueueInfo& queue);
  // Stores a call back for the waiting caller that keeps its place; false when none can be made.
  bool store_callback_for(acd::CallId call, const CallInfo& waiting, const std::string& summary);
  // contact_center.cpp
  // The API spells states with hyphens ("on-call"), like every other enum.
  static std::string api_name(std::string_view name);
  void reschedule();
  // Place in line and expected wait for every waiting caller whose turn has come.
  void announce_due();
  void schedule_announcements();
  void protocol(acd::CallId call, const std::string& type, nlohmann::json payload);
  void publish(store::Id tenant_id, const std::string& type, nlohmann::json data);
  const AgentInfo* agent_info(acd::AgentId agent) const;

  boost::asio::io_context& core_;
  store::StoreWriter& writer_;
  std::unique_ptr<store::StoreReader> reader_;  // core loop only
  Publish publish_;
  acd::AcdService acd_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer announcement_timer_;
  bool announcing_ = false;
  bool stopped_ = false;
  voice::VoiceService* voice_ = nullptr;
  StoreCallLog* log_ = nullptr;
  std::function<bool(const std::string&)> registered_;
  std::map<acd::AgentId, AgentInfo> agents_;
  std::unordered_map<std::string, acd::AgentId> agent_by_username_;
  std::map<acd::QueueId, QueueInfo> queues_;
  std::map<std::pair<store::Id, std::string>, acd::QueueId> queue_by_name_;
  std::unordered_map<acd::CallId, CallInfo> calls_;
  // A call transferred to another queue while its first stay's record waits for the agent's
  // wrap-up: what the protocol of that stay needs, until its record is complete.
  std::unordered_map<acd::CallId, CallInfo> finishing_;
  std::unordered_map<acd::CallId, CallbackInfo> callbacks_;
  // Callers sent to voicemail, until the voice channel reports their message: the stay they
  // left (tenant, queue, interaction).
  std::unordered_map<acd::CallId, CallInfo> voicemail_calls_;
  std::unordered_map<store::Id, acd::CallId> callback_calls_;  // callback id -> ACD call
  acd::CallId next_callback_call_ = 0;                         // set from kExternalCallKeys
  boost::asio::steady_timer callback_timer_;
  bool callback_scan_pending_ = false;
  TimeMs callback_scan_at_ = 0;
  bool callbacks_recovered_ = false;  // "dialing" ones of a previous run went back to pending
  // Attended transfers: the ACD call id of each consultation leg (from kConsultCallKeys on)
  // and its voice call, until its talk ends; the call whose agent took over in one, with the
  // ACD call of that agent's talk.
  struct Consultation {
    voice::CallKey call = 0;
    acd::AgentId agent = 0;   // who asked
    acd::AgentId target = 0;  // who is consulted
    bool completed = false;   // the target has the caller
  };
  static constexpr acd::CallId kConsultCallKeys = acd::CallId{1} << 52;
  std::unordered_map<acd::CallId, Consultation> consultations_;
  std::unordered_map<voice::CallKey, acd::CallId> taken_over_;
  acd::CallId next_consult_call_ = kConsultCallKeys;
  // The latest failed consultation per agent, shown on the desk until the next command.
  std::unordered_map<acd::AgentId, nlohmann::json> consult_failures_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for writer callbacks
};

}  // namespace callwerk::app

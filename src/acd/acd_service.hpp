#pragma once
// The ACD runtime the core thread owns: queues, agents, waiting calls and their records, on
// top of the pure AgentStates and QueueRouter. Still pure: no sockets, threads, store or
// clock; time comes in as `now`, and everything to be done goes out through AcdOutput
// (acd_ports.hpp), delivered after each operation. The owner calls tick(now) at
// next_deadline() (ring timeouts, wrap-up ends, maximum waits).
//
// The life of a call:
//   enqueue -> (an agent is free) reserve + ring_agent -> agent_ringing (180, optional)
//     -> agent_answered -> call_ended -> wrap-up (queue's seconds) -> available
//   ring_failed, or no answer by ring_until (tick): the agent is paused "no-answer", the call
//     is offered to the next agent at its old place in line
//   caller_left while waiting or ringing: record exit abandoned / callback_chosen / overflowed,
//     ringing agents are released (stop_ringing)
//   maximum wait, queue removed: call_expired, the owner moves the call on
//
// Every operation either succeeds or returns an Error and changes nothing: unknown ids are
// not_found, events that do not fit the state (a second answer, a call that is not offered
// to that agent, log-out while ringing) are conflict, bad arguments invalid_input. After each
// operation the due deadlines up to `now` are applied as well, so a late caller of tick()
// never leaves an agent stuck in reserved or ringing. `now` never goes back: an earlier time
// than the latest seen is taken as the latest.
//
// Ids in QueuedCallRecord (tenant, queue, interaction_id, agent) are the decimal ids.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "acd/acd_ports.hpp"
#include "acd/acd_service_outbox.hpp"
#include "acd/acd_service_types.hpp"
#include "acd/agent_state.hpp"
#include "acd/queue_kpis_live.hpp"
#include "acd/queue_router.hpp"
#include "acd/wait_estimate.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

class AcdService {
 public:
  // Handle times kept per queue for estimated_wait (the most recent ones).
  static constexpr std::size_t kHandleTimeWindow = 200;
  // Finished records kept for records_since(); the oldest go first beyond this.
  static constexpr std::size_t kMaxFinishedRecords = 200'000;
  // records_since() serves the wallboard's "today", and no tenant's day started more than 25
  // hours ago (the day DST ends): records enqueued before this are dropped as new ones finish.
  static constexpr TimeMs kFinishedRecordsMaxAgeMs = 26 * 3'600'000;

  explicit AcdService(AcdOutput& output);
  AcdService(const AcdService&) = delete;
  AcdService& operator=(const AcdService&) = delete;

  // ---- configuration (from the store; re-applying a changed config is always fine) ----
  // Adds or replaces the queue. Agents are re-matched and waiting calls re-ordered at once.
  Status set_queue(const QueueConfig& queue, TimeMs now);
  // Its waiting and ringing calls leave with call_expired(queue_removed) (record exit
  // overflowed); calls already answered from it run on with the wrap-up they had.
  Status remove_queue(QueueId queue, TimeMs now);
  // Adds (offline, phone counted as registered until registration_changed says otherwise)
  // or replaces the agent; a skill change may hand it a waiting call at once.
  Status set_agent(const AgentConfig& agent, TimeMs now);
  // Logs the agent out and forgets it. A call ringing at it goes back to its queue. While
  // it is on a call the removal waits for call_ended (no wrap-up); set_agent cancels that.
  Status remove_agent(AgentId agent, TimeMs now);

  // ---- calls (from the voice channel) ----
  // Returns the 1-based position in line, or 0 when the call does not wait (an agent is
  // being rung for it at once).
  // Refused for an unknown queue, a call already queued or talking, a priority out of range.
  Result<std::size_t> enqueue(CallId call, QueueId queue, int priority, TimeMs now);
  // The same with every routing field (base score, original enqueue time after an overflow).
  Result<std::size_t> enqueue(const WaitingCallSpec& call, TimeMs now);
  // The caller is gone from the queue while waiting or ringing. On an answered call it is
  // the end of the talk (the same as call_ended).
  Status caller_left(CallId call, LeaveReason reason, TimeMs now);
  // The agent's phone rings (180): reserved -> ringing with the same deadline. Optional; a
  // repeated 180 is accepted and changes nothing.
  Status agent_ringing(CallId call, AgentId agent, TimeMs now);
  // The agent answered and the media is bridged. Refused unless the call is being offered
  // to this agent (a second answer for the same call is refused: hang up that leg). Ring-all
  // colleagues get stop_ringing.
  Status agent_answered(CallId call, AgentId agent, TimeMs now);
  // The agent's phone did not take the call (busy, refused, unreachable, the owner's own
  // timeout): the agent is paused "no-answer" and the call offered on. No stop_ringing.
  Status ring_failed(CallId call, AgentId agent, TimeMs now);
  // The answered call is over (either side hung up, or it was transferred away): the agent
  // goes to wrap-up for the queue's wrap-up seconds, the record gets its talk end. The same
  // call id may be enqueued again at once (transfer to a queue).
  Status call_ended(CallId call, TimeMs now);
  // The agent put the answered call on hold (held) or took it back. The time on hold goes into
  // the record's hold_ms (part of the talk); a hold still running at the talk's end counts up
  // to that end. The same state twice changes nothing; refused unless the call is answered.
  Status call_held(CallId call, bool held, TimeMs now);

  // A transfer to a named colleague (acd_service_direct.cpp): offers the call to that agent
  // alone, reserve -> ring -> answer as for a queued call, with the ring timeout of
  // spec.queue, the queue whose call it stays (its record, KPIs and wrap-up). The agent must
  // be of the queue's tenant (not_found otherwise) and available (conflict); it need not
  // serve the queue. When it does not answer it is paused "no-answer" as usual and the call
  // waits in spec.queue at the place spec gives (e.g. the caller's first enqueue time), or,
  // for a consultation, leaves at once: call_expired(not_answered), and no record is kept.
  Status offer_to_agent(const WaitingCallSpec& spec, AgentId agent, bool consultation, TimeMs now);
  // The owner takes an unanswered offer back without a record (a consultation cancelled
  // while the colleague's phone rings): the agent gets stop_ringing and is available again.
  // conflict once answered (use call_ended).
  Status withdraw_offer(CallId call, TimeMs now);

  // ---- agents (from the desktop, via the owner) ----
  Status log_in(AgentId agent, TimeMs now);
  // Refused while a call is offered to the agent or connected.
  Status log_out(AgentId agent, TimeMs now);
  // From available, paused (another reason) or wrap-up (which ends the wrap-up).
  Status pause(AgentId agent, std::string reason, TimeMs now);
  // Ends a pause or the wrap-up early; already available is fine. Refused while the phone
  // is not registered.
  Status ready(AgentId agent, TimeMs now);
  // The phone registered or its registration is gone; the same state twice changes nothing.
  Status registration_changed(AgentId agent, bool registered, TimeMs now);

  // ---- time ----
  // Applies every deadline due at `now`: rings and reservations not answered (-> no-answer,
  // stop_ringing, next agent), wrap-ups over, calls past their queue's maximum wait
  // (call_expired with max_wait, record exit timed_out).
  void tick(TimeMs now);
  std::optional<TimeMs> next_deadline() const;

  // ---- reading (wallboard, desktop, announcements) ----
  const QueueConfig* find_queue(QueueId queue) const;
  const AgentConfig* find_agent(AgentId agent) const;
  Result<QueueSnapshot> queue_snapshot(QueueId queue, TimeMs now) const;
  std::vector<QueueSnapshot> queue_snapshots(TimeMs now) const;  // by queue id
  Result<AgentSnapshot> agent_snapshot(AgentId agent) const;
  std::vector<AgentSnapshot> agent_snapshots() const;  // by agent id
  // 1-based place in line; nullopt unless the call waits (unknown, ringing, answered).
  std::optional<std::size_t> position(CallId call) const;
  // For a waiting call, from its position, the queue's agents and the handle times of the
  // queue's last kHandleTimeWindow finished calls; a call being rung has wait 0. not_found
  // for an unknown call, conflict for an answered one.
  Result<WaitEstimate> estimated_wait(CallId call, TimeMs now) const;
  // The queue's observed handle times (talk + wrap-up, ms), oldest first.
  std::vector<std::int64_t> handle_times(QueueId queue) const;
  // Finished records enqueued at or after `from`, and every record still open (waiting,
  // ringing, talking, in wrap-up), by enqueue time: the input of queue_live_snapshots.
  std::vector<QueuedCallRecord> records_since(TimeMs from) const;
  std::vector<QueueLiveSnapshot> live_snapshots(TimeMs day_start, TimeMs now,
                                                const KpiOptions& options) const;
  // Drops finished records enqueued before `t` (e.g. yesterday's, once stored).
  void forget_records_before(TimeMs t);
  // The routing invariants and the service's bookkeeping; empty when all is well.
  AcdHealth check(TimeMs now) const;

 private:
  struct QueueEntry {
    QueueConfig config;
    std::set<AgentId> members;              // agents who serve it
    std::deque<std::int64_t> handle_times;  // newest last, at most kHandleTimeWindow
  };
  struct AgentEntry {
    AgentConfig config;
    bool removal_pending = false;
  };
  // A call from enqueue until its talk ends (then, if the agent wraps up, in wrap_ups_).
  struct CallEntry {
    CallId call = 0;
    QueueId queue = 0;
    int priority = 0;
    std::optional<AgentId> agent;      // set once answered
    int wrap_up_seconds = 0;           // the queue's, when answered
    std::optional<TimeMs> held_since;  // on hold since (answered calls only)
    QueuedCallRecord record;
  };
  // Nests: the outermost one delivers the outbox when the operation is complete.
  class Operation {
   public:
    explicit Operation(AcdService& service) : service_(service) { ++service_.depth_; }
    ~Operation() { service_.finish_operation(); }
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;

   private:
    AcdService& service_;
  };

  // acd_service.cpp: the engine
  TimeMs advance_clock(TimeMs now);
  void finish_operation();
  void note_internal(const Error& error);
  void handle(const RoutingOutcome& outcome, TimeMs now);
  void handle(const Result<RoutingOutcome>& outcome, TimeMs now);
  void reserve_and_ring(const Assignment& assignment, TimeMs now);
  void release(AgentId agent, TimeMs now);
  // Publishes the change, ends a wrap-up record, and nothing else.
  void publish_change(const AgentStateChange& change);
  // publish_change, then the router learns the new state and an offer that ended without an
  // answer is failed (so the call moves on); stop_ringing unless the owner reported it.
  void on_agent_change(const AgentStateChange& change, TimeMs now, bool owner_ended_ring = false);
  Status apply_agent(AgentId agent, const AgentEvent& event, TimeMs now);
  void mark_agent_queues_changed(AgentId agent);
  void process_due(TimeMs now);
  // acd_service_direct.cpp: a consultation nobody took leaves without a record.
  void drop_unanswered(CallId call);
  // acd_service_calls.cpp
  // A call's entry and the start of its queue record (entry position 1 until known).
  static CallEntry new_call_entry(const WaitingCallSpec& spec, TenantId tenant, TimeMs now);
  Status end_talk(CallId call, TimeMs now);
  Status check_offer(CallId call, AgentId agent) const;
  void finish_record(QueuedCallRecord record, QueueId queue);
  void finish_wrap_up(AgentId agent, TimeMs now);
  void leave_queue(CallEntry& entry, QueueExit exit, TimeMs now);
  // acd_service_agents.cpp
  void retire_offered_agent(AgentId agent, TimeMs now);
  void retire_agent_after_call(AgentId agent, TimeMs now);
  void forget_agent(AgentId agent);
  // acd_service_config.cpp
  void recompute_members(QueueEntry& queue);
  void recompute_memberships(AgentId agent);

  AcdOutput& output_;
  AcdOutbox outbox_;
  int depth_ = 0;
  TimeMs latest_now_ = 0;
  AgentStates agents_;
  QueueRouter router_;
  std::map<QueueId, QueueEntry> queues_;
  std::map<AgentId, AgentEntry> agent_configs_;
  std::unordered_map<CallId, CallEntry> calls_;
  std::unordered_map<AgentId, CallEntry> wrap_ups_;  // the call each agent wraps up
  std::deque<QueuedCallRecord> finished_;            // in the order they finished
  std::set<QueueId> changed_queues_;                 // for queue_changed at the operation's end
  std::vector<std::string> internal_errors_;         // should stay empty; shown by check()
};

}  // namespace callwerk::acd

#pragma once
// Plays the AcdService's part for the router tests: every state change goes through the
// agent state machine, is logged, and is reported to the router; every routing outcome is
// carried out (assignments reserved, released agents freed). It is the reference for how
// the core thread is meant to drive QueueRouter and AgentStates.

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <vector>

#include "acd/acd_invariants.hpp"
#include "acd/agent_state.hpp"
#include "acd/queue_router.hpp"

namespace callwerk::acd::test {

template <typename T>
T must(Result<T> result) {
  if (!result.ok()) {
    ADD_FAILURE() << result.error().describe();
    throw std::runtime_error(result.error().describe());
  }
  return std::move(result).value();
}

inline constexpr TimeMs kReserveMs = 2'000;  // time for the INVITE to reach the phone

class AcdHarness {
 public:
  TimeMs now = 1'700'000'000'000;
  QueueRouter router;
  AgentStates agents;
  std::vector<Assignment> assignments;  // every assignment, in order
  std::vector<AgentStateChange> changes;
  std::vector<ExpiredCall> expired;
  std::map<AgentId, int> offers_per_agent;

  void add_queue(QueueSpec spec) { handle(must(router.set_queue(spec, now))); }

  // Adds the agent and logs it in (available).
  void add_agent(AgentSpec spec, bool log_in = true) {
    const AgentId id = spec.id;
    must(agents.add(id, now));
    handle(must(router.set_agent(spec, now)));
    if (log_in) apply(id, AgentEvent::log_in());
  }

  AgentStateChange apply(AgentId agent, const AgentEvent& event) {
    AgentStateChange change = must(agents.apply(agent, event, now));
    changes.push_back(change);
    handle(must(router.agent_changed(*agents.find(agent), now)));
    return change;
  }

  void handle(const RoutingOutcome& outcome) {
    for (AgentId agent : outcome.released) apply(agent, AgentEvent::reservation_lost());
    for (const Assignment& a : outcome.assignments) {
      assignments.push_back(a);
      for (AgentId agent : a.agents) {
        offers_per_agent[agent] += 1;
        apply(agent, AgentEvent::reserve(a.call, now + kReserveMs));
      }
    }
  }

  void enqueue(CallId call, QueueId queue, int priority = 0, std::int64_t base_score = 0) {
    WaitingCallSpec spec;
    spec.call = call;
    spec.queue = queue;
    spec.priority = priority;
    spec.base_score = base_score;
    handle(must(router.enqueue(spec, now)));
  }

  const AgentStatus& status(AgentId agent) const { return *agents.find(agent); }
  CallId call_of(AgentId agent) const { return status(agent).call.value_or(0); }
  int ring_timeout_of(CallId call) const {
    return router.find_queue(router.find_call(call)->spec.queue)->ring_timeout_seconds;
  }

  void ring(AgentId agent) {
    const CallId call = call_of(agent);
    apply(agent, AgentEvent::ring(now + TimeMs{ring_timeout_of(call)} * 1000));
  }

  void answer(AgentId agent) {
    const CallId call = call_of(agent);
    apply(agent, AgentEvent::answer());
    handle(must(router.offer_answered(call, agent)));
  }

  void no_answer(AgentId agent) {
    const CallId call = call_of(agent);
    apply(agent, AgentEvent::no_answer());
    handle(must(router.offer_failed(call, agent, now)));
  }

  void registration_lost(AgentId agent) {
    const AgentStateChange change = apply(agent, AgentEvent::registration_lost());
    end_offer_if_lost(change);
  }

  // Ends the agent's call; the wrap-up time is the queue's.
  void end_call(AgentId agent, int wrap_up_seconds = 0) {
    apply(agent, AgentEvent::call_ended(wrap_up_seconds));
  }

  void hang_up_waiting(CallId call) { handle(must(router.remove_call(call))); }

  // Moves time on and carries out every deadline that falls due.
  void advance(TimeMs ms) {
    now += ms;
    for (const AgentStateChange& change : agents.tick(now)) {
      changes.push_back(change);
      handle(must(router.agent_changed(*agents.find(change.agent), now)));
      end_offer_if_lost(change);
    }
    for (const ExpiredCall& call : router.tick(now)) expired.push_back(call);
  }

  std::vector<InvariantViolation> violations() const {
    return check_acd_invariants(router, agents, now);
  }

  Assignment last_assignment() const {
    if (assignments.empty()) throw std::runtime_error("no assignment");
    return assignments.back();
  }

 private:
  void end_offer_if_lost(const AgentStateChange& change) {
    const bool was_offered =
        change.from == AgentState::reserved || change.from == AgentState::ringing;
    if (was_offered && change.to != AgentState::on_call && change.call &&
        router.offer_of(change.agent) == change.call)
      handle(must(router.offer_failed(*change.call, change.agent, now)));
  }
};

inline QueueSpec queue_spec(QueueId id, RoutingStrategy strategy,
                            std::vector<SkillLevel> skills = {}, TenantId tenant = 1) {
  QueueSpec spec;
  spec.id = id;
  spec.tenant = tenant;
  spec.strategy = strategy;
  spec.required_skills = std::move(skills);
  return spec;
}

inline AgentSpec agent_spec(AgentId id, std::vector<SkillLevel> skills = {}, TenantId tenant = 1) {
  AgentSpec spec;
  spec.id = id;
  spec.tenant = tenant;
  spec.skills = std::move(skills);
  return spec;
}

}  // namespace callwerk::acd::test

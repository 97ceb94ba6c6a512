#include "acd/acd_invariants.hpp"

#include <map>

#include <fmt/format.h>

namespace callwerk::acd {

std::string_view invariant_kind_name(InvariantKind kind) {
  switch (kind) {
    case InvariantKind::stuck_offer:
      return "stuck_offer";
    case InvariantKind::stuck_wrap_up:
      return "stuck_wrap_up";
    case InvariantKind::reserved_for_gone_call:
      return "reserved_for_gone_call";
    case InvariantKind::offer_not_reserved:
      return "offer_not_reserved";
    case InvariantKind::agent_in_two_calls:
      return "agent_in_two_calls";
    case InvariantKind::idle_while_call_waits:
      return "idle_while_call_waits";
    case InvariantKind::index_out_of_sync:
      return "index_out_of_sync";
    case InvariantKind::unknown_agent:
      return "unknown_agent";
    case InvariantKind::overdue_call:
      return "overdue_call";
    case InvariantKind::answered_call_still_routed:
      return "answered_call_still_routed";
  }
  return "unknown";
}

namespace {

bool is_offered(AgentState state) {
  return state == AgentState::reserved || state == AgentState::ringing;
}

class Checker {
 public:
  Checker(const QueueRouter& router, const AgentStates& agents, TimeMs now)
      : router_(router), agents_(agents), now_(now) {}

  std::vector<InvariantViolation> run() {
    check_calls();
    for (const auto& [id, status] : agents_.all()) check_agent(status);
    for (AgentId id : router_.agent_ids())
      if (agents_.find(id) == nullptr)
        report(InvariantKind::unknown_agent, id, 0, "routed but has no state");
    return std::move(found_);
  }

 private:
  void report(InvariantKind kind, AgentId agent, CallId call, std::string detail) {
    found_.push_back({kind, agent, call, std::move(detail)});
  }

  void check_calls() {
    for (CallId call_id : router_.call_ids()) {
      const RoutedCall& call = *router_.find_call(call_id);
      for (AgentId agent : call.offered_to) {
        if (++offers_per_agent_[agent] > 1)
          report(InvariantKind::agent_in_two_calls, agent, call_id, "offered more than one call");
        if (router_.offer_of(agent) != call_id)
          report(InvariantKind::agent_in_two_calls, agent, call_id,
                 "the call lists the agent, the agent holds another offer");
      }
      if (!call.offered_to.empty()) continue;
      const QueueSpec* queue = router_.find_queue(call.spec.queue);
      if (queue != nullptr && queue->max_wait_seconds > 0 && !call.spec.ignores_max_wait &&
          call.spec.enqueued_at + TimeMs{queue->max_wait_seconds} * 1000 <= now_)
        report(InvariantKind::overdue_call, 0, call_id, "past the queue's maximum wait");
    }
  }

  void check_agent(const AgentStatus& status) {
    const AgentId id = status.agent;
    if (router_.find_agent(id) == nullptr) {
      if (status.state != AgentState::offline)
        report(InvariantKind::unknown_agent, id, 0, "has a state but is not routed");
      return;
    }
    const std::optional<CallId> offer = router_.offer_of(id);
    if (is_offered(status.state)) {
      if (status.deadline <= now_)
        report(InvariantKind::stuck_offer, id, status.call.value_or(0),
               fmt::format("{} {} ms past its deadline", agent_state_name(status.state),
                           now_ - status.deadline));
      if (offer != status.call)
        report(InvariantKind::reserved_for_gone_call, id, status.call.value_or(0),
               "the router does not offer this call to the agent");
    } else if (offer) {
      report(InvariantKind::offer_not_reserved, id, *offer,
             fmt::format("offered while {}", agent_state_name(status.state)));
    }
    if (status.state == AgentState::wrap_up && status.deadline <= now_)
      report(InvariantKind::stuck_wrap_up, id, status.call.value_or(0), "wrap-up timer over");
    if (status.state == AgentState::on_call && status.call && router_.find_call(*status.call))
      report(InvariantKind::answered_call_still_routed, id, *status.call,
             "on the call while the router still routes it");

    const bool should_route = status.state == AgentState::available && !offer;
    if (router_.routable(id) != should_route)
      report(InvariantKind::index_out_of_sync, id, 0,
             fmt::format("router routable={} while {}{}", router_.routable(id),
                         agent_state_name(status.state), offer ? " with an offer" : ""));
    if (should_route) {
      for (const auto& [queue, tier] : router_.eligible_queues(id))
        if (router_.waiting_count(queue) > 0)
          report(InvariantKind::idle_while_call_waits, id, router_.waiting_calls(queue).front(),
                 fmt::format("queue {} has a waiting call", queue));
    }
  }

  const QueueRouter& router_;
  const AgentStates& agents_;
  TimeMs now_;
  std::map<AgentId, int> offers_per_agent_;
  std::vector<InvariantViolation> found_;
};

}  // namespace

std::vector<InvariantViolation> check_acd_invariants(const QueueRouter& router,
                                                     const AgentStates& agents, TimeMs now) {
  return Checker(router, agents, now).run();
}

std::string describe_violations(const std::vector<InvariantViolation>& violations) {
  std::string text;
  for (const auto& v : violations)
    text += fmt::format("{} agent={} call={}: {}\n", invariant_kind_name(v.kind), v.agent, v.call,
                        v.detail);
  return text;
}

}  // namespace callwerk::acd

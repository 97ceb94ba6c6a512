#pragma once
// The queues and agents as the HTTP API sees them: an agent's own state for the desktop and
// the tenant's live queues and agents for the wallboard. The implementation (app's
// ContactCenter) owns them on the core thread; each call hands `done` the answer from there,
// and the handler replies on the connection's own thread.

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::http {

class AgentDesk {
 public:
  using Done = std::function<void(Result<nlohmann::json>)>;
  virtual ~AgentDesk() = default;

  // The user's agent status: {"agent": bool (has an extension), "state", "reason", "since",
  // "phone_registered", "call": {...} or null, "queues": [...], "pause_reasons": [...]}.
  virtual void agent_status(store::Id tenant_id, store::Id user_id, Done done) = 0;
  // "log-in", "ready", "pause" (with a reason), "log-out"; answers the new status. Errors:
  // not_found for a user without an extension, conflict for a change the state refuses
  // (e.g. log-out during a call), invalid_input for an unknown action or reason.
  virtual void agent_command(store::Id tenant_id, store::Id user_id, const std::string& action,
                             const std::string& reason, Done done) = 0;
  // The tenant's queues (waiting callers, longest wait, agents by state, today's service
  // level, answered, abandoned, ASA, AHT) and agents (state, time in state, current call).
  virtual void wallboard(store::Id tenant_id, Done done) = 0;
  // What the agent does with the connected call (POST /desk/me/call).
  struct CallCommand {
    // "hold", "resume"; "transfer" (blind) or "consult" (attended) to `queue` or `agent_id`;
    // during a consultation "complete", "cancel_consult", "conference"; in a conference
    // "leave".
    std::string action;
    std::string queue;                  // the tenant's queue, by name
    std::optional<store::Id> agent_id;  // a colleague (user id) of the tenant
  };
  // Answers the agent's status. Errors: not_found without an extension or for a colleague
  // not of the tenant, conflict when the agent is on no connected call or the colleague is
  // not available (German message), invalid_input for an unknown action or queue.
  virtual void call_command(store::Id /*tenant_id*/, store::Id /*user_id*/,
                            const CallCommand& /*command*/, Done done) {
    done(make_error(ErrorKind::conflict, "call control is not available here"));
  }
  // Whom the agent may hand a call to: {"agents": [{"user_id", "name", "extension", "state",
  // "available"}] (the tenant's other agents), "queues": [{"id", "name"}]}.
  virtual void colleagues(store::Id /*tenant_id*/, store::Id /*user_id*/, Done done) {
    done(make_error(ErrorKind::conflict, "the queues are not available here"));
  }
  // A team lead (supervisor_user_id, whose own extension is the phone rung) on an agent's
  // call: action "start" or "mode" with mode "listen", "whisper" or "barge", or "end".
  // Errors: not_found for an agent not of the tenant, conflict (with a message for the team
  // lead) when the agent is on no connected call, the lead's phone is not registered, or
  // nobody supervises the call.
  virtual void supervise(store::Id /*tenant_id*/, store::Id /*supervisor_user_id*/,
                         store::Id /*agent_user_id*/, const std::string& /*action*/,
                         const std::string& /*mode*/, Done done) {
    done(make_error(ErrorKind::conflict, "supervision is not available here"));
  }
};

}  // namespace callwerk::http

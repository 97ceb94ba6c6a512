#pragma once
// The agent desktop's guided script (Gesprächsleitfaden): the tenant's flow run by a human
// agent on their call. The agent reads each prompt to the customer, clicks the choice or types
// what the customer said, and the flow goes on exactly as in the web chat (a
// chat::ChatFlowSession on the tenant's chat-compiled flows): inputs are checked by the flow,
// orders, tickets, call backs and survey answers are stored as the chat stores them, linked to
// the call's interaction, and every flow record goes into that interaction's timeline with the
// agent as actor.
//
// One script per agent (DeskScripts), driven by plain HTTP requests that may arrive on any
// connection thread: a request claims the script, runs it (side effects answered from the
// writer or webhook threads come back to the request's own thread through Reply::post) until it
// waits for the agent again or ends, and answers the script's view. A second request while one
// runs is refused (busy), so the session needs no lock of its own.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat_flow_session.hpp"
#include "http/api_types.hpp"
#include "http/server_state.hpp"

namespace callwerk::http {

// Where a script begins.
struct ScriptStart {
  std::string flow;  // a flow of the tenant's library
  std::string node;  // a node of it; empty: its start node
  flow::FlowVariables variables;
  std::string caller_number;
  std::string resumed;  // why it continues there ("max_retries", "last_question"), or empty
};

// The flow the interpreter starts with when a script begins at a node other than a flow's
// start: one `goto` to that node (the interpreter starts flows only at their start node).
inline constexpr const char* kScriptEntryFlow = "@arbeitsplatz";

// The interpreter for one script: the tenant's flows and catalog, plus the entry flow when
// `start` names a node. not_found / invalid_input (field "flow" or "node") when `start` names
// a flow or node the library lacks.
Result<std::shared_ptr<const flow::FlowInterpreter>> script_interpreter(
    const flow::FlowInterpreter& tenant, const ScriptStart& start);

// What the current question is, for the form: {node, type, kind, variable, survey, question}.
nlohmann::json script_question(const flow::FlowInterpreter& interpreter,
                               const flow::FlowState& state);

// The request's thread and what it may use there.
struct ScriptIo {
  ServerState& server;
  store::StoreReader& reader;  // the request thread's own
  Reply reply;
};

class DeskScript : public std::enable_shared_from_this<DeskScript> {
 public:
  struct Owner {
    store::Id tenant_id = 0;
    store::Actor agent;
    store::Id interaction_id = 0;
    std::string channel_label;  // "Telefon" or "Chat": what order notes say
    std::optional<store::Id> contact_id;
  };
  using Done = std::function<void(nlohmann::json view)>;

  DeskScript(Owner owner, std::shared_ptr<const flow::FlowInterpreter> interpreter,
             ScriptStart start, std::int64_t id);

  // Claims the script for one request; false while another one runs it. begin() and answer()
  // release it when they are done; whoever claims it otherwise releases it with release_claim().
  bool claim();
  void release_claim();
  // Runs the first step; `done` gets the view once the script waits or has ended.
  void begin(std::shared_ptr<ScriptIo> io, Done done);
  // The customer's words (`choice`: a button's value) or, with `no_input`, their silence.
  // conflict when no question is out (the script ended or was stopped).
  Status answer(std::string text, bool choice, bool no_input, std::shared_ptr<ScriptIo> io,
                Done done);
  // Stops a script that still runs (timeline script.ended); false when it had ended.
  bool stop(ServerState& server, const std::string& reason);

  nlohmann::json view() const;  // only while claimed, or from the thread that ran it last
  store::Id interaction_id() const { return owner_.interaction_id; }

 private:
  void run(std::vector<chat::ChatOutput> outputs, std::shared_ptr<ScriptIo> io, Done done);
  void execute(const flow::FlowAction& effect, std::shared_ptr<ScriptIo> io, Done done);
  void resume_with(flow::FlowEvent result, std::shared_ptr<ScriptIo> io, Done done);
  void record(ServerState& server, std::vector<chat::TimelineEntry> entries);

  Owner owner_;
  std::shared_ptr<const flow::FlowInterpreter> interpreter_;
  ScriptStart start_;
  std::int64_t id_;
  chat::ChatFlowSession session_;
  bool skip_entry_ = false;  // the entry flow's own records are not the agent's conversation

  mutable std::mutex mutex_;
  bool busy_ = false;
  bool ended_ = false;  // guarded by mutex_

  // The view: what happened since the agent's last answer.
  std::vector<std::string> says_;
  nlohmann::json results_ = nlohmann::json::array();
  std::string error_;
  std::string status_ = "working";  // asking, ended, transferred
  nlohmann::json outcome_;          // end reason or transfer
};

}  // namespace callwerk::http

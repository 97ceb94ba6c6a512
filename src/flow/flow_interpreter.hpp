#pragma once
// Runs flows as a pure state machine: step(state, event) -> actions. No I/O inside; the voice
// and chat channels execute the actions (flow_actions.hpp) and feed back events.
//
// One step runs nodes until the conversation waits (for the caller or for a side effect) or
// ends. Every prompt, input, validation result, variable, decision and hand-over is written as
// a Record action, so the protocol of a call reads like a transcript. Record kinds:
//   flow.start      the conversation began (flow, channel, caller)
//   flow.prompt     a sentence spoken or shown
//   flow.input      what the caller entered (and what it meant: menu option, value)
//   flow.no_input   a question timed out
//   flow.no_match   input that fits no option or fails validation (with the reason)
//   flow.confirm    the caller's yes or no to a read-back
//   flow.variable   a variable was set (ask, set, identify, webhook)
//   flow.branch     which branch case decided the way
//   flow.goto       the conversation moved to another flow
//   flow.retries    retries were exhausted at a node, and where it went
//   flow.contact    a contact was found or not
//   flow.webhook    a webhook call and its outcome
//   flow.callback   a call back was requested and its outcome
//   flow.kb         a knowledge-base search, the article found, whether it helped
//   flow.order      an order: products offered, the order sent, its number or failure
//   flow.ticket     a complaint's ticket sent, its number and due date or failure
//   flow.survey     a survey answer stored, a question skipped, the survey's end
//   flow.transfer   the hand-over to a queue, with its reason and summary
//   flow.end        the conversation ended (reason)
//   flow.error      a broken flow (missing node or flow, runaway loop, bad expression)
//
// Flows are immutable once given to the interpreter: a call keeps the interpreter (and so the
// flow versions) it started with; publishing a new version builds a new interpreter.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "flow/flow_actions.hpp"
#include "flow/flow_catalog.hpp"
#include "flow/flow_model.hpp"
#include "flow/flow_state.hpp"

namespace callwerk::flow {

// The flows one conversation may use (a tenant's published versions): `goto` with `flow:`
// resolves its target here.
class FlowLibrary {
 public:
  // Adds or replaces the flow of the same name. The first flow added is the main flow, which
  // a StartEvent without a flow name starts.
  void add(std::shared_ptr<const Flow> flow);
  void add(Flow flow) { add(std::make_shared<const Flow>(std::move(flow))); }

  const Flow* find(std::string_view name) const;
  const std::string& main_flow() const { return main_; }
  const std::map<std::string, std::shared_ptr<const Flow>, std::less<>>& flows() const {
    return flows_;
  }

  // The tenant's product catalog for `order` nodes, a snapshot like the flows: build a new
  // interpreter to change it. Without one, an order node has nothing to offer and goes to the
  // flow's fallback.
  void set_catalog(std::shared_ptr<const ProductCatalog> catalog) { catalog_ = std::move(catalog); }
  const ProductCatalog& catalog() const {
    static const ProductCatalog kEmpty;
    return catalog_ ? *catalog_ : kEmpty;
  }

 private:
  std::map<std::string, std::shared_ptr<const Flow>, std::less<>> flows_;
  std::string main_;
  std::shared_ptr<const ProductCatalog> catalog_;
};

class FlowInterpreter {
 public:
  // More node runs than this without the caller's input end the conversation with flow.error:
  // the validator rejects loops without input, but the interpreter must never spin.
  static constexpr int kMaxStepsWithoutInput = 1000;

  // Parses every expression of every flow once (set values, branch conditions); steps then
  // evaluate the parsed form.
  explicit FlowInterpreter(FlowLibrary library);
  ~FlowInterpreter();
  FlowInterpreter(const FlowInterpreter&) = default;
  FlowInterpreter& operator=(const FlowInterpreter&) = default;

  // Applies one event and returns what the channel has to do, in order. Events that do not
  // fit the state (input while a lookup runs, a result with another request id, anything
  // after the end) change nothing and return no actions.
  std::vector<FlowAction> step(FlowState& state, const FlowEvent& event) const;
  // The same, appending to `actions`: lets a busy channel reuse one vector's capacity.
  void step(FlowState& state, const FlowEvent& event, std::vector<FlowAction>& actions) const;

  const FlowLibrary& library() const;

  struct Compiled;  // parsed expressions per flow and node (flow_interpreter_detail.hpp)

 private:
  std::shared_ptr<const Compiled> compiled_;  // immutable: copies of the interpreter share it
};

}  // namespace callwerk::flow

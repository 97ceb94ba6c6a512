#pragma once
// What runs a call after it is answered: the keypad menu of the config (VoiceMenuSession) or a
// conversation flow (VoiceFlowSession). Both are pure state machines: the call glue feeds them
// media and SIP events and carries out the CallActions they return, in order.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flow/flow_actions.hpp"

namespace callwerk::voice {

struct CallAction {
  enum class Kind {
    play,         // speak `text` (then `then_text`, then `more_texts`) as one playback; a key
                  // press interrupts it when `interruptible`
    start_timer,  // input timer of `timeout_ms`, replacing a running one
    cancel_timer,
    log,              // protocol entry `log_type` with `payload`
    start_recording,  // the recording notice has been played
    transfer,         // connect to `extension`, or to the agents of `queue`
    hang_up,          // end the call with `reason`
    request,          // a flow's side effect (`effect`); its result comes back by on_result()
  };
  Kind kind = Kind::log;
  std::string text{};
  std::string then_text{};
  std::vector<std::string> more_texts{};
  bool interruptible = false;
  // callwerk's own sentence (a notice, the voicemail's thanks), not a flow's: in the protocol
  // as `say` in every call; a flow writes its own prompts as flow.prompt.
  bool system_sentence = false;
  int timeout_ms = 0;
  std::string log_type{};
  nlohmann::json payload{};
  std::string extension{};
  std::string queue{};
  int priority = 0;  // of a queue transfer: higher is served first
  std::string reason{};
  std::optional<flow::FlowAction> effect{};
};

class CallScript {
 public:
  virtual ~CallScript() = default;
  virtual std::vector<CallAction> start() = 0;
  virtual std::vector<CallAction> on_playback_done() = 0;
  virtual std::vector<CallAction> on_digit(char digit) = 0;
  virtual std::vector<CallAction> on_input_timeout() = 0;
  virtual std::vector<CallAction> on_transfer_failed() = 0;
  // The result of a `request` action (ContactLookupResult, KbSearchResult, ...).
  virtual std::vector<CallAction> on_result(const flow::FlowEvent& result) = 0;
  virtual bool finished() const = 0;
};

}  // namespace callwerk::voice

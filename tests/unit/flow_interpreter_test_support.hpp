#pragma once
// A conversation against the flow interpreter for tests: flows from YAML, events in, and
// readable views of what came out (sentences said, record kinds, the transcript).

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "flow/flow_interpreter.hpp"
#include "flow/flow_loader.hpp"

namespace callwerk::flow::testing {

inline FlowLibrary library_of(std::initializer_list<std::string_view> yamls) {
  FlowLibrary library;
  int n = 0;
  for (std::string_view yaml : yamls) {
    auto flow = load_flow(yaml, "flow" + std::to_string(++n) + ".yaml");
    EXPECT_TRUE(flow.ok()) << (flow.ok() ? "" : flow.error().describe());
    if (flow.ok()) library.add(std::move(*flow));
  }
  return library;
}

class Conversation {
 public:
  explicit Conversation(std::initializer_list<std::string_view> yamls)
      : interpreter_(library_of(yamls)) {}
  explicit Conversation(FlowLibrary library) : interpreter_(std::move(library)) {}

  void start(Channel channel = Channel::voice, std::string caller = {},
             FlowVariables variables = {}) {
    StartEvent start;
    start.channel = channel;
    start.caller_number = std::move(caller);
    start.variables = std::move(variables);
    send(start);
  }
  void input(std::string text) { send(InputEvent{std::move(text)}); }
  void no_input() { send(NoInputEvent{}); }
  void send(const FlowEvent& event) {
    last_ = interpreter_.step(state, event);
    all_.insert(all_.end(), last_.begin(), last_.end());
    check_timeline(event);
  }

  FlowState state;

  const std::vector<FlowAction>& last() const { return last_; }
  const std::vector<FlowAction>& all() const { return all_; }

  template <typename T>
  std::vector<T> last_of() const {
    std::vector<T> found;
    for (const auto& action : last_) {
      if (const auto* a = std::get_if<T>(&action)) found.push_back(*a);
    }
    return found;
  }
  template <typename T>
  T only() const {
    auto found = last_of<T>();
    EXPECT_EQ(found.size(), 1u);
    return found.empty() ? T{} : found.front();
  }
  // Sentences said in the last step, in order.
  std::vector<std::string> said() const {
    std::vector<std::string> texts;
    for (const Say& say : last_of<Say>()) texts.push_back(say.text);
    return texts;
  }
  std::vector<std::string> kinds() const {
    std::vector<std::string> kinds;
    for (const Record& record : last_of<Record>()) kinds.push_back(record.kind);
    return kinds;
  }
  bool recorded(std::string_view kind) const {
    for (const Record& record : last_of<Record>()) {
      if (record.kind == kind) return true;
    }
    return false;
  }
  // Every record of the conversation, one transcript line each.
  std::string transcript() const {
    std::string text;
    for (const auto& action : all_) {
      if (const auto* record = std::get_if<Record>(&action)) text += record->text + "\n";
    }
    return text;
  }
  bool waits_for_input() const {
    return !state.finished &&
           (state.phase == FlowPhase::awaiting_input || state.phase == FlowPhase::confirming);
  }

 private:
  // The protocol must read like a transcript: every sentence said has its flow.prompt record,
  // and every input the interpreter took has its flow.input or flow.no_input record.
  void check_timeline(const FlowEvent& event) {
    std::size_t says = 0;
    std::size_t prompts = 0;
    for (const auto& action : last_) {
      if (std::holds_alternative<Say>(action)) ++says;
      if (const auto* record = std::get_if<Record>(&action)) {
        if (record->kind == "flow.prompt") ++prompts;
        EXPECT_FALSE(record->text.empty()) << record->kind;
      }
    }
    EXPECT_EQ(says, prompts) << "a sentence without its record";
    if (last_.empty()) return;  // the event did not fit and changed nothing
    if (std::holds_alternative<InputEvent>(event)) {
      EXPECT_TRUE(recorded("flow.input"));
    }
    if (std::holds_alternative<NoInputEvent>(event)) {
      EXPECT_TRUE(recorded("flow.no_input"));
    }
  }

  FlowInterpreter interpreter_;
  std::vector<FlowAction> last_;
  std::vector<FlowAction> all_;
};

}  // namespace callwerk::flow::testing

// Flow interpreter steps per second on one core (issue 4 target: over 1 million). A realistic
// hotline flow on the phone: a menu, a number question, a set, a branch, a say and a goto back
// to the menu. One step is one FlowInterpreter::step() call for a caller's input; it runs
// every node up to the next question, with its full timeline (Record actions).
//
// usage: flow_interpreter_bench [steps=2000000] [conversations=100]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "flow/flow_interpreter.hpp"
#include "flow/flow_loader.hpp"

using namespace callwerk::flow;

namespace {

// CPU time of this process: the figure that counts on a shared machine, where wall time also
// measures other processes' load.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const char* const kHotline = R"(name: hotline
start: willkommen
fallback: mitarbeiter
nodes:
  willkommen:
    type: say
    text: Willkommen bei den Stadtwerken.
    next: menue
  menue:
    type: menu
    prompt: Für Zählerstände drücken Sie die 1, für den Abschlag die 2.
    options:
      "1": zaehler
      "2": abschlag
  zaehler:
    type: ask
    prompt: Bitte geben Sie Ihren Zählerstand ein und schließen Sie mit der Raute ab.
    input: number
    variable: stand
    min: 0
    max: 999999
    next: rechnen
  rechnen:
    type: set
    values:
      verbrauch: stand - vorjahr
    next: pruefen
  pruefen:
    type: branch
    cases:
      - {if: verbrauch > 5000, goto: hoch}
    else: danke
  hoch:
    type: say
    text: "Ihr Verbrauch von {{verbrauch}} Kilowattstunden ist ungewöhnlich hoch."
    next: menue
  danke:
    type: say
    text: Vielen Dank, Ihr Zählerstand ist gespeichert.
    next: menue
  abschlag:
    type: goto
    goto: mitarbeiter
  mitarbeiter:
    type: transfer
    queue: service
)";

}  // namespace

int main(int argc, char** argv) {
  const long steps = argc > 1 ? std::atol(argv[1]) : 2000000;
  const long conversations = argc > 2 ? std::atol(argv[2]) : 100;
  if (steps <= 0 || conversations <= 0) {
    fmt::print(stderr, "usage: flow_interpreter_bench [steps] [conversations]\n");
    return 2;
  }
  auto flow = load_flow(kHotline, "hotline.yaml");
  if (!flow) {
    fmt::print(stderr, "flow_interpreter_bench: {}\n", flow.error().describe());
    return 1;
  }
  FlowLibrary library;
  library.add(std::move(*flow));
  const FlowInterpreter interpreter(std::move(library));

  // Many conversations side by side, as a channel serves them: each has its own state.
  std::vector<FlowState> states(static_cast<std::size_t>(conversations));
  std::vector<FlowAction> actions;
  actions.reserve(32);
  StartEvent start;
  start.caller_number = "+4930123456";
  start.variables = {{"vorjahr", std::int64_t{3000}}};
  for (FlowState& state : states) {
    actions.clear();
    interpreter.step(state, start, actions);
  }

  // Inputs in turn: "1" at the menu, then a meter reading (low or high) at the question.
  const InputEvent menu_key{"1"};
  const InputEvent readings[] = {InputEvent{"4711"}, InputEvent{"9999"}};
  std::uint64_t action_count = 0;
  std::uint64_t nodes_before = 0;
  for (const FlowState& state : states) nodes_before += state.steps;

  const double cpu_begin = cpu_seconds();
  const auto begin = std::chrono::steady_clock::now();
  for (long i = 0; i < steps; ++i) {
    FlowState& state = states[static_cast<std::size_t>(i % conversations)];
    const long turn = i / conversations;
    const InputEvent& input = state.node == "menue" ? menu_key : readings[(turn / 2) % 2];
    actions.clear();
    interpreter.step(state, input, actions);
    action_count += actions.size();
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const double seconds = cpu_seconds() - cpu_begin;

  std::uint64_t nodes = 0;
  for (const FlowState& state : states) {
    if (state.finished) {
      fmt::print(stderr, "flow_interpreter_bench: a conversation ended ({})\n", state.end_reason);
      return 1;
    }
    nodes += state.steps;
  }
  nodes -= nodes_before;
  fmt::print("steps: {}  conversations: {}  cpu: {:.3f} s  wall: {:.3f} s\n", steps, conversations,
             seconds, wall);
  fmt::print(
      "per CPU second: steps/s: {:.0f}  node runs/s: {:.0f}  actions/step: {:.1f}  ns/step: "
      "{:.0f}\n",
      static_cast<double>(steps) / seconds, static_cast<double>(nodes) / seconds,
      static_cast<double>(action_count) / static_cast<double>(steps),
      seconds * 1e9 / static_cast<double>(steps));
  return 0;
}

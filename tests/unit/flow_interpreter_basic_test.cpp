// The interpreter's nodes that never wait: say, set, branch, goto, transfer, hangup; starting,
// ending, broken flows and the guard against flows that loop without input.
#include <gtest/gtest.h>

#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

TEST(FlowInterpreterBasic, SaysWithVariablesAndHangsUpAtTheEnd) {
  Conversation c({R"(name: gruss
nodes:
  hallo:
    type: say
    text: "Guten Tag {{kontakt.name}}, willkommen bei den Stadtwerken."
    next: ende
  ende:
    type: hangup
    text: Auf Wiederhören.
    reason: fertig
)"});
  c.start(Channel::voice, "+4930123", {{"kontakt.name", std::string("Frau Muster")}});
  EXPECT_EQ(c.said(),
            (std::vector<std::string>{"Guten Tag Frau Muster, willkommen bei den Stadtwerken.",
                                      "Auf Wiederhören."}));
  EXPECT_EQ(c.only<Hangup>().reason, "fertig");
  EXPECT_TRUE(c.state.finished);
  EXPECT_EQ(c.state.end_reason, "fertig");
  EXPECT_EQ(c.kinds(),
            (std::vector<std::string>{"flow.start", "flow.prompt", "flow.prompt", "flow.end"}));
  EXPECT_NE(c.transcript().find("Anrufer +4930123"), std::string::npos);
  EXPECT_NE(c.transcript().find("Virtueller Agent: Guten Tag Frau Muster"), std::string::npos);
  // The end is the end: nothing moves the conversation any more.
  c.input("1");
  EXPECT_TRUE(c.last().empty());
  c.start();
  EXPECT_TRUE(c.last().empty());
}

TEST(FlowInterpreterBasic, SayWithoutNextEndsAndAPromptFileIsPassedOn) {
  Conversation c({"nodes:\n  a: {type: say, text: {text: Willkommen, file: begruessung.wav}}\n"});
  c.start();
  const Say say = c.only<Say>();
  EXPECT_EQ(say.text, "Willkommen");
  EXPECT_EQ(say.file, "begruessung.wav");
  EXPECT_EQ(c.only<Hangup>().reason, "flow_end");
  EXPECT_EQ(c.state.steps, 1u);
}

TEST(FlowInterpreterBasic, SetAndBranchDecideTheWay) {
  const char* flow = R"(name: rechner
start: rechnen
nodes:
  rechnen:
    type: set
    values:
      summe: abschlag * 12
      gruss: '"Hallo " + name'
    next: pruefen
  pruefen:
    type: branch
    cases:
      - {if: summe > 1000, goto: teuer}
      - {if: empty(name), goto: anonym}
    else: normal
  teuer: {type: hangup, reason: teuer}
  anonym: {type: hangup, reason: anonym}
  normal: {type: hangup, reason: normal}
)";
  {
    Conversation c({flow});
    c.start(Channel::voice, {}, {{"abschlag", std::int64_t{100}}, {"name", std::string("Eva")}});
    EXPECT_EQ(c.state.end_reason, "teuer");
    EXPECT_EQ(c.state.variables.at("summe"), FlowValue(std::int64_t{1200}));
    EXPECT_EQ(c.state.variables.at("gruss"), FlowValue(std::string("Hallo Eva")));
    EXPECT_EQ(c.kinds(), (std::vector<std::string>{"flow.start", "flow.variable", "flow.variable",
                                                   "flow.branch", "flow.end"}));
    EXPECT_NE(c.transcript().find("Erfasst: summe = 1200"), std::string::npos);
  }
  {
    Conversation c({flow});
    c.start(Channel::voice, {}, {{"abschlag", std::int64_t{50}}});
    EXPECT_EQ(c.state.end_reason, "anonym");
  }
  {
    Conversation c({flow});
    c.start(Channel::voice, {}, {{"abschlag", std::int64_t{50}}, {"name", std::string("Eva")}});
    EXPECT_EQ(c.state.end_reason, "normal");
  }
}

TEST(FlowInterpreterBasic, GotoAMissingNodeOfAnotherFlowFailsCleanly) {
  Conversation c({R"(name: hotline
start: a
nodes:
  a: {type: goto, goto: b}
  b: {type: goto, flow: stoerung}
)",
                  R"(name: stoerung
start: s1
nodes:
  s1: {type: say, text: Störung gemeldet., next: s2}
  s2: {type: goto, flow: hotline, node: ende}
)"});
  c.start();
  EXPECT_EQ(c.said(), (std::vector<std::string>{"Störung gemeldet.",
                                                "Entschuldigung, bei uns ist gerade ein "
                                                "technischer Fehler aufgetreten. Bitte versuchen "
                                                "Sie es später noch einmal. Auf Wiederhören!"}));
  EXPECT_EQ(c.only<Hangup>().reason, "flow_error");
  EXPECT_EQ(c.state.flow, "hotline");
  EXPECT_NE(c.transcript().find("Weiter im Leitfaden „stoerung“ bei „s1“"), std::string::npos);
  EXPECT_NE(c.transcript().find("Knoten „ende“ gibt es im Leitfaden „hotline“ nicht"),
            std::string::npos);
}

TEST(FlowInterpreterBasic, GotoAnotherFlowAtANamedNodeAndBack) {
  Conversation c({R"(name: haupt
start: a
nodes:
  a: {type: goto, flow: neben, node: n2}
  zurueck: {type: hangup, reason: zurueck}
)",
                  R"(name: neben
nodes:
  n1: {type: hangup, reason: falsch}
  n2: {type: say, text: Neben., next: n3}
  n3: {type: goto, flow: haupt, node: zurueck}
)"});
  c.start();
  EXPECT_EQ(c.said(), std::vector<std::string>{"Neben."});
  EXPECT_EQ(c.state.end_reason, "zurueck");
  EXPECT_EQ(c.state.flow, "haupt");
}

TEST(FlowInterpreterBasic, StartsANamedFlowAndFailsOnAnUnknownOne) {
  FlowInterpreter interpreter(
      testing::library_of({"name: eins\nnodes:\n  a: {type: hangup, reason: eins}\n",
                           "name: zwei\nnodes:\n  a: {type: hangup, reason: zwei}\n"}));
  FlowState state;
  StartEvent start;
  interpreter.step(state, start);
  EXPECT_EQ(state.end_reason, "eins");  // the first flow added is the main flow

  FlowState second;
  start.flow = "zwei";
  interpreter.step(second, start);
  EXPECT_EQ(second.end_reason, "zwei");

  FlowState missing;
  start.flow = "drei";
  auto actions = interpreter.step(missing, start);
  EXPECT_TRUE(missing.finished);
  EXPECT_EQ(missing.end_reason, "flow_error");
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(std::get<Hangup>(actions.back()).reason, "flow_error");
}

TEST(FlowInterpreterBasic, EventsBeforeStartAreIgnored) {
  Conversation c({"nodes:\n  a: {type: hangup}\n"});
  c.input("1");
  EXPECT_TRUE(c.last().empty());
  EXPECT_FALSE(c.state.started);
}

TEST(FlowInterpreterBasic, RunawayLoopEndsWithAnError) {
  // The validator rejects this flow (a loop without input); the interpreter must still stop.
  Conversation c({R"(nodes:
  a: {type: set, values: {n: n + 1}, next: b}
  b: {type: goto, goto: a}
)"});
  c.start(Channel::voice, {}, {{"n", std::int64_t{0}}});
  EXPECT_TRUE(c.state.finished);
  EXPECT_EQ(c.state.end_reason, "flow_error");
  EXPECT_LE(c.state.steps, static_cast<std::uint64_t>(FlowInterpreter::kMaxStepsWithoutInput));
  EXPECT_GE(c.state.steps, static_cast<std::uint64_t>(FlowInterpreter::kMaxStepsWithoutInput) - 1);
  EXPECT_TRUE(c.recorded("flow.error"));
  EXPECT_NE(c.transcript().find("läuft im Kreis"), std::string::npos);
}

TEST(FlowInterpreterBasic, TransferCarriesVariablesAndAGeneratedSummary) {
  Conversation c({R"(nodes:
  weiter:
    type: transfer
    queue: technik
    skills: {strom: 3}
    priority: 5
)"});
  c.start(Channel::voice, "+49301234",
          {{"kundennummer", std::string("1234567")}, {"zaehlerstand", std::int64_t{4711}}});
  const Transfer transfer = c.only<Transfer>();
  EXPECT_EQ(transfer.queue, "technik");
  EXPECT_EQ(transfer.skills, (std::vector<std::pair<std::string, int>>{{"strom", 3}}));
  EXPECT_EQ(transfer.priority, 5);
  EXPECT_EQ(transfer.summary,
            "Anrufer +49301234. Erfasst: kundennummer: 1234567; zaehlerstand: 4711.");
  EXPECT_EQ(transfer.variables.size(), 2u);
  EXPECT_EQ(transfer.reason, "Weiterleitung laut Leitfaden (Knoten „weiter“)");
  EXPECT_EQ(c.said(), std::vector<std::string>{"Einen Moment bitte, ich verbinde Sie mit einer "
                                               "Mitarbeiterin oder einem Mitarbeiter."});
  EXPECT_TRUE(c.last_of<Hangup>().empty());  // the call goes on, with a human
  EXPECT_TRUE(c.state.finished);
  EXPECT_EQ(c.state.end_reason, "transfer");
  EXPECT_TRUE(c.recorded("flow.transfer"));
}

TEST(FlowInterpreterBasic, TransferWithOwnSummaryAndPromptInChatAndNothingCollected) {
  {
    Conversation c({R"(nodes:
  weiter:
    type: transfer
    queue: vertrieb
    summary: "Kunde {{kundennummer}} will wechseln"
    text: Ich verbinde Sie mit dem Vertrieb.
)"});
    c.start(Channel::chat, {}, {{"kundennummer", std::string("42")}});
    EXPECT_EQ(c.only<Transfer>().summary, "Kunde 42 will wechseln");
    EXPECT_EQ(c.said(), std::vector<std::string>{"Ich verbinde Sie mit dem Vertrieb."});
  }
  {
    Conversation c({"nodes:\n  weiter: {type: transfer, queue: q}\n"});
    c.start(Channel::chat);
    EXPECT_EQ(c.only<Transfer>().summary, "Noch keine Angaben erfasst.");
    EXPECT_EQ(c.said(), std::vector<std::string>{"Einen Moment bitte, ich leite Sie an eine "
                                                 "Mitarbeiterin oder einen Mitarbeiter weiter."});
  }
}

TEST(FlowInterpreterBasic, EnglishFlowsUseEnglishDefaultSentences) {
  Conversation c({"language: en\nnodes:\n  weiter: {type: transfer, queue: q}\n"});
  c.start();
  EXPECT_EQ(c.said(),
            std::vector<std::string>{"One moment please, I am connecting you to one of our team."});
  EXPECT_EQ(c.state.language, "en");
}

TEST(FlowInterpreterBasic, AnOrderWithoutACatalogEndsPolitely) {
  Conversation c({"nodes:\n  a: {type: order, next: a, cancelled: a}\n"});
  c.start();
  EXPECT_EQ(c.state.end_reason, "order_unavailable");
  EXPECT_NE(c.transcript().find("Keine Produkte im Katalog"), std::string::npos);
}

TEST(FlowInterpreterBasic, StepAppendsToAReusedVector) {
  FlowInterpreter interpreter(testing::library_of({"nodes:\n  a: {type: say, text: Hallo}\n"}));
  std::vector<FlowAction> actions;
  actions.emplace_back(Say{"vorher", ""});
  FlowState state;
  interpreter.step(state, StartEvent{}, actions);
  ASSERT_GE(actions.size(), 3u);
  EXPECT_EQ(std::get<Say>(actions[0]).text, "vorher");
  EXPECT_EQ(std::get<Hangup>(actions.back()).reason, "flow_end");
}

}  // namespace
}  // namespace callwerk::flow

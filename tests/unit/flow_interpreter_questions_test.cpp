// The interpreter's questions: menu and ask, with wrong input, no input, retries, their
// targets, read-back and confirmation, on the phone and in chat.
#include <gtest/gtest.h>

#include "flow/flow_input.hpp"
#include "flow/flow_loader.hpp"
#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

const char* const kMenu = R"(name: hotline
fallback: weiter
nodes:
  menue:
    type: menu
    prompt: Für Zählerstände drücken Sie die 1, für Rechnungen die 2.
    options:
      "1": {goto: zaehler, label: Zählerstand melden, keywords: [zählerstand, zähler]}
      "2": {goto: rechnung, label: Rechnung, keywords: [rechnung, abschlag]}
    no_input_ms: 5000
  zaehler: {type: hangup, reason: zaehler}
  rechnung: {type: hangup, reason: rechnung}
  weiter: {type: transfer, queue: service}
)";

const std::string kMenuPrompt = "Für Zählerstände drücken Sie die 1, für Rechnungen die 2.";

TEST(FlowInterpreterMenu, VoiceWaitsForOneKeyAndGoesToItsTarget) {
  Conversation c({kMenu});
  c.start();
  EXPECT_EQ(c.said(), std::vector<std::string>{kMenuPrompt});
  const AwaitInput wait = c.only<AwaitInput>();
  EXPECT_EQ(wait.mode, InputMode::keypad);
  EXPECT_EQ(wait.max_digits, 1);
  EXPECT_EQ(wait.timeout_ms, 5000);
  EXPECT_TRUE(wait.choices.empty());
  EXPECT_TRUE(c.waits_for_input());
  // The Say comes before the wait, and the prompt's record before the Say.
  ASSERT_GE(c.last().size(), 4u);
  EXPECT_TRUE(std::holds_alternative<AwaitInput>(c.last().back()));

  c.input("1");
  EXPECT_EQ(c.state.end_reason, "zaehler");
  EXPECT_NE(c.transcript().find("Anrufer: 1 (Zählerstand melden)"), std::string::npos);
}

TEST(FlowInterpreterMenu, ChatOffersButtonsAndUnderstandsKeywords) {
  Conversation c({kMenu});
  c.start(Channel::chat);
  const AwaitInput wait = c.only<AwaitInput>();
  EXPECT_EQ(wait.mode, InputMode::text);
  ASSERT_EQ(wait.choices.size(), 2u);
  EXPECT_EQ(wait.choices[0].label, "Zählerstand melden");
  EXPECT_EQ(wait.choices[0].value, "1");
  c.input("Ich habe eine Frage zu meiner Rechnung");
  EXPECT_EQ(c.state.end_reason, "rechnung");
  EXPECT_NE(c.transcript().find("Kunde: Ich habe eine Frage zu meiner Rechnung (Rechnung)"),
            std::string::npos);
}

TEST(FlowInterpreterMenu, ChatAsksTheKnowledgeBaseForAQuestionThatNamesNoOption) {
  Conversation c({kMenu});
  c.start(Channel::chat);
  c.input("Wie lange dauert die Lieferung?");
  const SearchKb search = c.only<SearchKb>();
  EXPECT_EQ(search.query, "Wie lange dauert die Lieferung?");
  EXPECT_EQ(c.state.retries, 0);

  KbSearchResult found;
  found.request = search.request;
  found.found = true;
  found.article_id = "17";
  found.title = "Lieferzeiten";
  found.summary = "Wir liefern in zwei bis drei Werktagen.";
  c.send(found);
  EXPECT_EQ(c.said(),
            (std::vector<std::string>{
                "Dazu habe ich in unserer Wissensdatenbank gefunden:",
                "Lieferzeiten\nWir liefern in zwei bis drei Werktagen.",
                "Wenn Ihnen das nicht weiterhilft, wählen Sie bitte eine der Möglichkeiten.",
                kMenuPrompt}));
  EXPECT_EQ(c.only<AwaitInput>().choices.size(), 2u);  // the menu again, not counted as a failure
  EXPECT_EQ(c.state.retries, 0);

  // Nothing found: the words were no valid choice, as usual.
  c.input("Meine Katze heißt Minka");
  KbSearchResult nothing;
  nothing.request = c.only<SearchKb>().request;
  c.send(nothing);
  EXPECT_EQ(c.state.retries, 1);
  EXPECT_TRUE(c.recorded("flow.no_match"));

  // One word is a typo or a greeting, not a question: no search.
  c.input("Hallo");
  EXPECT_TRUE(c.last_of<SearchKb>().empty());
  EXPECT_EQ(c.state.retries, 2);
}

TEST(FlowInterpreterMenu, ChatShowsItsOwnWordsWhereThePhoneNamesKeys) {
  const char* const flow = R"(nodes:
  menue:
    type: menu
    prompt:
      text: "Für eine Bestellung drücken Sie die 1, {{kontakt.name}}."
      chat: "Wie kann ich Ihnen helfen, {{kontakt.name}}?"
    options: {"1": {goto: ende, label: Bestellen}}
  ende: {type: hangup}
)";
  Conversation voice({flow});
  voice.start(Channel::voice, {}, {{"kontakt.name", std::string("Eva")}});
  EXPECT_EQ(voice.said(), std::vector<std::string>{"Für eine Bestellung drücken Sie die 1, Eva."});
  Conversation chat({flow});
  chat.start(Channel::chat, {}, {{"kontakt.name", std::string("Eva")}});
  EXPECT_EQ(chat.said(), std::vector<std::string>{"Wie kann ich Ihnen helfen, Eva?"});

  auto loaded = read_flow("nodes:\n  a: {type: say, text: {chat: nur Chat}}\n", "f.yaml");
  ASSERT_FALSE(loaded.issues.empty());
  EXPECT_NE(loaded.issues[0].message.find("needs 'text'"), std::string::npos)
      << loaded.issues[0].message;
}

TEST(FlowInterpreterMenu, ThePhoneNeverSearchesForKeys) {
  Conversation c({kMenu});
  c.start();
  c.input("77");
  EXPECT_TRUE(c.last_of<SearchKb>().empty());
  EXPECT_EQ(c.state.retries, 1);
}

TEST(FlowInterpreterMenu, WrongKeysAndSilenceAreRetriedThenTheFallbackTakesOver) {
  Conversation c({kMenu});
  c.start();
  c.input("7");
  EXPECT_EQ(c.said(), (std::vector<std::string>{
                          "Entschuldigung, das habe ich leider nicht verstanden.", kMenuPrompt}));
  EXPECT_EQ(c.kinds(), (std::vector<std::string>{"flow.input", "flow.no_match", "flow.prompt",
                                                 "flow.prompt"}));
  const Record no_match = c.last_of<Record>()[1];
  EXPECT_EQ(no_match.data["attempt"], FlowValue(std::int64_t{1}));
  EXPECT_EQ(no_match.data["max_attempts"], FlowValue(std::int64_t{3}));
  EXPECT_EQ(no_match.data["input"], FlowValue(std::string("7")));
  EXPECT_EQ(no_match.data.to_json().dump(),
            R"({"attempt":1,"input":"7","max_attempts":3,"node":"menue"})");
  EXPECT_EQ(c.state.retries, 1);
  EXPECT_EQ(c.state.node, "menue");

  c.no_input();
  EXPECT_EQ(c.said(), (std::vector<std::string>{"Entschuldigung, ich habe keine Eingabe erhalten.",
                                                kMenuPrompt}));
  EXPECT_EQ(c.state.retries, 2);
  EXPECT_TRUE(c.waits_for_input());

  c.input("9");  // the third failed attempt of max_retries 2: on to the flow's fallback
  EXPECT_TRUE(c.recorded("flow.retries"));
  const Transfer transfer = c.only<Transfer>();
  EXPECT_EQ(transfer.queue, "service");
  EXPECT_EQ(transfer.reason, "Eingabe nach mehreren Versuchen nicht verstanden");
  EXPECT_NE(c.transcript().find("Keine Eingabe (Versuch 2 von 3)"), std::string::npos);
  EXPECT_NE(c.transcript().find("Passt zu keiner Auswahl (Versuch 3 von 3)"), std::string::npos);
}

TEST(FlowInterpreterMenu, ExhaustedWithoutAnyTargetSaysSorryAndHangsUp) {
  Conversation c({R"(nodes:
  menue:
    type: menu
    prompt: Bitte wählen.
    options: {"1": ende}
    max_retries: 0
  ende: {type: hangup}
)"});
  c.start();
  c.no_input();
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Leider kann ich Ihr Anliegen gerade nicht aufnehmen. Bitte rufen Sie "
                          "später noch einmal an. Auf Wiederhören!"});
  EXPECT_EQ(c.only<Hangup>().reason, "max_retries");
}

TEST(FlowInterpreterMenu, OwnPromptsTargetsAndOnMaxRetries) {
  Conversation c({R"(nodes:
  menue:
    type: menu
    prompt: Bitte wählen.
    options: {"1": ende}
    max_retries: 1
    no_match_prompt: Diese Taste ist nicht belegt.
    no_input: still
    on_max_retries: aufgeben
  ende: {type: hangup, reason: ende}
  still: {type: hangup, reason: still}
  aufgeben: {type: hangup, reason: aufgeben}
)"});
  c.start();
  c.input("5");
  EXPECT_EQ(c.said(), (std::vector<std::string>{"Diese Taste ist nicht belegt.", "Bitte wählen."}));
  c.input("6");
  EXPECT_EQ(c.state.end_reason, "aufgeben");

  Conversation quiet({R"(nodes:
  menue:
    type: menu
    prompt: Bitte wählen.
    options: {"1": ende}
    no_input: still
  ende: {type: hangup, reason: ende}
  still: {type: hangup, reason: still}
)"});
  quiet.start();
  quiet.no_input();
  EXPECT_EQ(quiet.state.end_reason, "still");
}

TEST(FlowInterpreterMenu, InputThatDoesNotFitTheStateChangesNothing) {
  Conversation c({kMenu});
  c.start();
  c.send(WebhookResult{c.state.request, true, 200, {}, {}});
  EXPECT_TRUE(c.last().empty());
  EXPECT_EQ(c.state.node, "menue");
}

// --- ask -------------------------------------------------------------------------------------

const char* const kPostcode = R"(nodes:
  plz:
    type: ask
    prompt: Bitte geben Sie Ihre Postleitzahl ein.
    input: postcode
    variable: plz
    confirm: true
    next: danke
    on_max_retries: hilfe
  danke: {type: say, text: "Danke, {{plz}} ist notiert."}
  hilfe: {type: transfer, queue: service}
)";

std::string read_back(const std::string& postcode) {
  return "Sie haben " + spoken_value(InputKind::postcode, FlowValue(postcode), "de") +
         " eingegeben. Ist das richtig? Dann drücken Sie bitte die 1, sonst die 2.";
}

TEST(FlowInterpreterAsk, ValidationErrorIsToldThenTheQuestionRepeats) {
  Conversation c({kPostcode});
  c.start();
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 5);
  c.input("123");
  const std::vector<std::string> said = c.said();
  ASSERT_EQ(said.size(), 2u);
  EXPECT_NE(said[0].find("fünf"), std::string::npos) << said[0];  // the checker's own message
  EXPECT_EQ(said[1], "Bitte geben Sie Ihre Postleitzahl ein.");
  EXPECT_EQ(c.last_of<Record>()[1].kind, "flow.no_match");
  EXPECT_EQ(c.last_of<Record>()[1].data["reason"], FlowValue(said[0]));
  EXPECT_TRUE(c.state.variables.empty());
}

TEST(FlowInterpreterAsk, ConfirmationReadsBackAndNoAsksAgain) {
  Conversation c({kPostcode});
  c.start();
  c.input("10115");
  EXPECT_EQ(c.said(), std::vector<std::string>{read_back("10115")});
  EXPECT_EQ(c.state.phase, FlowPhase::confirming);
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 1);

  c.input("2");  // no
  EXPECT_EQ(c.said(), (std::vector<std::string>{"Gut, dann versuchen wir es noch einmal.",
                                                "Bitte geben Sie Ihre Postleitzahl ein."}));
  EXPECT_TRUE(c.recorded("flow.confirm"));
  EXPECT_EQ(c.state.phase, FlowPhase::awaiting_input);
  EXPECT_EQ(c.state.retries, 0);

  c.input("10117");
  c.input("5");  // neither yes nor no
  EXPECT_EQ(c.said(),
            (std::vector<std::string>{"Bitte drücken Sie die 1 für Ja oder die 2 für Nein.",
                                      read_back("10117")}));
  c.no_input();
  EXPECT_EQ(c.said(), (std::vector<std::string>{"Entschuldigung, ich habe keine Eingabe erhalten.",
                                                read_back("10117")}));
  c.input("1");
  EXPECT_EQ(c.state.variables.at("plz"), FlowValue(std::string("10117")));
  EXPECT_EQ(c.said(), std::vector<std::string>{"Danke, 10117 ist notiert."});
  EXPECT_NE(c.transcript().find("Erfasst: plz = 10117"), std::string::npos);
  EXPECT_NE(c.transcript().find("Bestätigt"), std::string::npos);
}

TEST(FlowInterpreterAsk, RetriesExhaustedGoToOnMaxRetriesWithTheReason) {
  Conversation c({kPostcode});
  c.start(Channel::voice, "+49301");
  c.input("1");
  c.input("12");
  c.no_input();
  const Transfer transfer = c.only<Transfer>();
  EXPECT_EQ(transfer.reason, "Eingabe nach mehreren Versuchen nicht verstanden");
  EXPECT_EQ(transfer.summary, "Anrufer +49301. Noch keine Angaben erfasst.");
}

TEST(FlowInterpreterAsk, OwnConfirmPromptKeepsAVariableNamedValue) {
  Conversation c({R"(nodes:
  betrag:
    type: ask
    prompt: Welcher Abschlag?
    input: amount
    variable: abschlag
    confirm: true
    confirm_prompt: "{{value}} für {{name}}, stimmt das?"
    next: ende
  ende: {type: hangup}
)"});
  c.start(Channel::chat, {}, {{"value", std::string("bleibt")}, {"name", std::string("Eva")}});
  c.input("12,50");
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          spoken_value(InputKind::amount, FlowValue(std::int64_t{1250}), "de") +
                          " für Eva, stimmt das?"});
  const AwaitInput wait = c.only<AwaitInput>();
  ASSERT_EQ(wait.choices.size(), 2u);
  EXPECT_EQ(wait.choices[0].label, "Ja");
  EXPECT_EQ(wait.choices[1].value, "nein");
  EXPECT_EQ(c.state.variables.at("value"), FlowValue(std::string("bleibt")));
  c.input("ja");
  EXPECT_EQ(c.state.variables.at("abschlag"), FlowValue(std::int64_t{1250}));
  EXPECT_EQ(c.state.end_reason, "flow_end");
}

TEST(FlowInterpreterAsk, ChoiceInChatWithButtonsAndKeywords) {
  Conversation c({R"(nodes:
  sparte:
    type: ask
    prompt: Strom oder Gas?
    input: choice
    variable: sparte
    choices:
      - {key: "1", value: strom, label: Strom, keywords: [elektrisch]}
      - {key: "2", value: gas, label: Erdgas}
    next: ende
  ende: {type: hangup}
)"});
  c.start(Channel::chat);
  const AwaitInput wait = c.only<AwaitInput>();
  ASSERT_EQ(wait.choices.size(), 2u);
  EXPECT_EQ(wait.choices[1].label, "Erdgas");
  EXPECT_EQ(wait.choices[1].value, "gas");
  c.input("Wasser");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("elektrisch");
  EXPECT_EQ(c.state.variables.at("sparte"), FlowValue(std::string("strom")));
}

TEST(FlowInterpreterAsk, YesNoDateAndNumberOnThePhone) {
  Conversation c({R"(nodes:
  zustimmung:
    type: ask
    prompt: Sind Sie einverstanden? Ja 1, nein 2.
    input: yes_no
    variable: ok
    next: datum
  datum:
    type: ask
    prompt: Ab wann? Tag, Monat, Jahr.
    input: date
    variable: ab
    next: stand
  stand:
    type: ask
    prompt: Ihr Zählerstand, bitte mit Raute.
    input: number
    variable: stand
    min: 0
    max: 999999
    next: ende
  ende: {type: hangup}
)"});
  c.start();
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 1);
  c.input("1");
  EXPECT_EQ(c.state.variables.at("ok"), FlowValue(true));
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 8);
  c.input("12032026");
  EXPECT_EQ(c.state.variables.at("ab"), FlowValue(std::string("2026-03-12")));
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 0);  // closed with '#'
  c.input("1234567");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("4711");
  EXPECT_EQ(c.state.variables.at("stand"), FlowValue(std::int64_t{4711}));
  EXPECT_TRUE(c.state.finished);
}

TEST(FlowInterpreterAsk, EnglishDefaults) {
  Conversation c({R"(language: en
nodes:
  plz:
    type: ask
    prompt: Your postcode please.
    input: postcode
    variable: plz
    confirm: true
    next: ende
  ende: {type: hangup}
)"});
  c.start();
  c.no_input();
  EXPECT_EQ(c.said(), (std::vector<std::string>{"Sorry, I did not receive any input.",
                                                "Your postcode please."}));
  c.input("10115");
  ASSERT_EQ(c.said().size(), 1u);
  EXPECT_EQ(c.said()[0].rfind("You entered ", 0), 0u) << c.said()[0];
}

}  // namespace
}  // namespace callwerk::flow

// The interpreter's side effects: identify (contact lookup), webhook and callback send an
// action with a request id and go on with the matching result event.
#include <gtest/gtest.h>

#include "flow/flow_input.hpp"
#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

const char* const kIdentify = R"(nodes:
  wer:
    type: identify
    by: [caller_number, customer_number, name_postcode]
    found: gefunden
    not_found: unbekannt
    max_retries: 1
  gefunden: {type: say, text: "Guten Tag {{kontakt.name}}."}
  unbekannt: {type: transfer, queue: service}
)";

// A customer number whose last digit is the Luhn check of the others.
std::string some_customer_number() {
  for (int check = 0; check <= 9; ++check) {
    const std::string number = "123456" + std::to_string(check);
    if (flow::valid_customer_number(number)) return number;
  }
  ADD_FAILURE() << "no check digit fits";
  return {};
}

TEST(FlowInterpreterIdentify, FindsTheCallerByNumberWithoutAsking) {
  Conversation c({kIdentify});
  c.start(Channel::voice, "+49301234");
  const LookupContact lookup = c.only<LookupContact>();
  EXPECT_EQ(lookup.by, IdentifyBy::caller_number);
  EXPECT_EQ(lookup.caller_number, "+49301234");
  EXPECT_GT(lookup.request, 0u);
  EXPECT_TRUE(c.last_of<Say>().empty());
  EXPECT_EQ(c.state.phase, FlowPhase::awaiting_result);

  c.input("1");  // not awaited: ignored
  EXPECT_TRUE(c.last().empty());
  c.send(ContactLookupResult{lookup.request + 1, true, {}});  // another request: ignored
  EXPECT_TRUE(c.last().empty());

  c.send(ContactLookupResult{
      lookup.request,
      true,
      {{"name", std::string("Frau Muster")}, {"kundennummer", std::string("1234567")}}});
  EXPECT_EQ(c.said(), std::vector<std::string>{"Guten Tag Frau Muster."});
  EXPECT_EQ(c.state.variables.at("kontakt.kundennummer"), FlowValue(std::string("1234567")));
  EXPECT_NE(c.transcript().find("Kontakt gefunden: kundennummer: 1234567, name: Frau Muster"),
            std::string::npos);
}

TEST(FlowInterpreterIdentify, AsksTheCustomerNumberWhenTheCallerNumberIsUnknown) {
  Conversation c({kIdentify});
  c.start(Channel::voice, "+49301234");
  c.send(ContactLookupResult{c.state.request, false, {}});
  EXPECT_EQ(c.said(), std::vector<std::string>{
                          "Bitte geben Sie Ihre Kundennummer über die Tastatur Ihres Telefons ein "
                          "und schließen Sie mit der Rautetaste ab."});
  EXPECT_EQ(c.only<AwaitInput>().mode, InputMode::keypad);

  const std::string number = some_customer_number();
  std::string wrong = number;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  c.input(wrong);  // the check digit does not fit: said, then asked again
  EXPECT_TRUE(c.recorded("flow.no_match"));
  EXPECT_EQ(c.said().size(), 2u);

  c.input(number);
  const LookupContact lookup = c.only<LookupContact>();
  EXPECT_EQ(lookup.by, IdentifyBy::customer_number);
  EXPECT_EQ(lookup.customer_number, number);
  c.send(ContactLookupResult{lookup.request, true, {{"name", std::string("Herr Beispiel")}}});
  EXPECT_EQ(c.said(), std::vector<std::string>{"Guten Tag Herr Beispiel."});
}

TEST(FlowInterpreterIdentify, ChatAsksNameThenPostcodeAndGoesToNotFound) {
  Conversation c({kIdentify});
  c.start(Channel::chat);  // no caller number in chat: straight to the customer number
  EXPECT_EQ(c.said(), std::vector<std::string>{"Wie lautet Ihre Kundennummer?"});
  c.no_input();
  c.no_input();  // max_retries 1: this way is used up, on to name and postcode
  EXPECT_EQ(c.said().back(), "Wie lautet Ihr Nachname?");
  c.input("Muster");
  EXPECT_EQ(c.said(), std::vector<std::string>{"Wie lautet die Postleitzahl Ihrer Anschrift?"});
  c.input("10115");
  const LookupContact lookup = c.only<LookupContact>();
  EXPECT_EQ(lookup.by, IdentifyBy::name_postcode);
  EXPECT_EQ(lookup.name, "Muster");
  EXPECT_EQ(lookup.postcode, "10115");
  c.send(ContactLookupResult{lookup.request, false, {}});
  EXPECT_EQ(c.said().front(), "Unter dieser Angabe habe ich Sie leider nicht gefunden.");
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_NE(c.transcript().find("Kontakt nicht ermittelt"), std::string::npos);
}

TEST(FlowInterpreterIdentify, PhoneSkipsTheNameAndAsksOnlyThePostcode) {
  Conversation c({R"(nodes:
  wer:
    type: identify
    by: [name_postcode]
    found: ende
    not_found: ende
  ende: {type: hangup}
)"});
  c.start();
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 5);
  c.input("10115");
  EXPECT_EQ(c.only<LookupContact>().postcode, "10115");
  EXPECT_EQ(c.only<LookupContact>().name, "");
}

// --- webhook ---------------------------------------------------------------------------------

const char* const kWebhook = R"(nodes:
  melden:
    type: webhook
    url: https://crm.example.de/hook
    send: [kontakt, stand]
    timeout_ms: 1500
    variable: crm
    next: danke
    on_failure: hilfe
  danke: {type: say, text: "Vorgang {{crm.vorgang}} angelegt."}
  hilfe: {type: transfer, queue: service}
)";

TEST(FlowInterpreterWebhook, SendsTheNamedVariablesAndStoresTheReply) {
  Conversation c({kWebhook});
  c.start(Channel::voice, {},
          {{"kontakt.name", std::string("Eva")},
           {"kontakt.plz", std::string("10115")},
           {"kontaktlos", true},
           {"stand", std::int64_t{4711}},
           {"geheim", std::string("x")}});
  const CallWebhook call = c.only<CallWebhook>();
  EXPECT_EQ(call.url, "https://crm.example.de/hook");
  EXPECT_EQ(call.timeout_ms, 1500);
  EXPECT_EQ(call.data, (FlowVariables{{"kontakt.name", std::string("Eva")},
                                      {"kontakt.plz", std::string("10115")},
                                      {"stand", std::int64_t{4711}}}));
  c.send(WebhookResult{call.request, true, 201, {{"vorgang", std::string("V-17")}}, {}});
  EXPECT_EQ(c.said(), std::vector<std::string>{"Vorgang V-17 angelegt."});
  EXPECT_NE(c.transcript().find("Webhook-Antwort 201: vorgang: V-17"), std::string::npos);
}

TEST(FlowInterpreterWebhook, FailureGoesToOnFailure) {
  Conversation c({kWebhook});
  c.start();
  c.send(WebhookResult{c.state.request, false, 0, {}, "timeout"});
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_NE(c.transcript().find("Webhook fehlgeschlagen (Status 0): timeout"), std::string::npos);
}

TEST(FlowInterpreterWebhook, RepeatedWebhooksWithoutInputHitTheGuard) {
  Conversation c({R"(nodes:
  a: {type: webhook, url: "https://x.example/h", next: a, on_failure: a}
)"});
  c.start();
  for (int i = 0; i < FlowInterpreter::kMaxStepsWithoutInput + 5 && !c.state.finished; ++i) {
    c.send(WebhookResult{c.state.request, true, 200, {}, {}});
  }
  EXPECT_TRUE(c.state.finished);
  EXPECT_EQ(c.state.end_reason, "flow_error");
}

// --- callback --------------------------------------------------------------------------------

TEST(FlowInterpreterCallback, SchedulesForTheCallerAndSaysGoodbye) {
  Conversation c({R"(nodes:
  rueckruf: {type: callback, queue: rueckrufe}
)"});
  c.start(Channel::voice, "+49301234", {{"anliegen", std::string("Rechnung")}});
  const ScheduleCallback request = c.only<ScheduleCallback>();
  EXPECT_EQ(request.queue, "rueckrufe");
  EXPECT_EQ(request.number, "+49301234");
  EXPECT_EQ(request.summary,
            "Anrufer +49301234. Erfasst: anliegen: Rechnung; "
            "rueckruf.nummer: +49301234.");
  c.send(CallbackResult{request.request, true, "morgen zwischen 9 und 12 Uhr", {}});
  EXPECT_EQ(c.said(), (std::vector<std::string>{
                          "Vielen Dank. Wir rufen Sie morgen zwischen 9 und 12 Uhr zurück.",
                          "Vielen Dank für Ihren Anruf. Auf Wiederhören!"}));
  EXPECT_EQ(c.only<Hangup>().reason, "callback");
}

TEST(FlowInterpreterCallback, AsksForANumberAndGoesOn) {
  Conversation c({R"(nodes:
  rueckruf:
    type: callback
    queue: rueckrufe
    ask_number: true
    prompt: Wir melden uns.
    next: ende
  ende: {type: hangup, reason: ende}
)"});
  c.start(Channel::chat, "");
  EXPECT_EQ(c.said(),
            std::vector<std::string>{"Unter welcher Telefonnummer dürfen wir Sie zurückrufen?"});
  c.input("1234");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  EXPECT_EQ(c.said().front(),
            "Diese Telefonnummer ist leider unvollständig. Bitte geben Sie sie mit Vorwahl an.");
  c.input("030 / 123 45-67");
  const ScheduleCallback request = c.only<ScheduleCallback>();
  EXPECT_EQ(request.number,
            "030123456"
            "7");
  c.send(CallbackResult{request.request, true, "", {}});
  EXPECT_EQ(c.said(), std::vector<std::string>{"Wir melden uns."});
  EXPECT_EQ(c.state.end_reason, "ende");
}

TEST(FlowInterpreterCallback, CarriesTheFlowsLanguage) {
  Conversation english({"language: en\nnodes:\n  r: {type: callback, queue: q}\n"});
  english.start(Channel::voice, "+44201234567");
  EXPECT_EQ(english.only<ScheduleCallback>().language, "en");
  Conversation german({"nodes:\n  r: {type: callback, queue: q}\n"});
  german.start(Channel::voice, "+49301234");
  EXPECT_EQ(german.only<ScheduleCallback>().language, "de");
}

TEST(FlowInterpreterCallback, FailureApologisesAndHangsUp) {
  Conversation c({"nodes:\n  r: {type: callback, queue: q}\n"});
  c.start(Channel::voice, "+49301234");
  c.send(CallbackResult{c.state.request, false, "", "Warteschlange voll"});
  EXPECT_EQ(c.said(),
            (std::vector<std::string>{"Leider konnte ich den Rückruf gerade nicht einplanen.",
                                      "Vielen Dank für Ihren Anruf. Auf Wiederhören!"}));
  EXPECT_EQ(c.only<Hangup>().reason, "callback_failed");
}

}  // namespace
}  // namespace callwerk::flow

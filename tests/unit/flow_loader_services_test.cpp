// The business node types of the flow language: identify, answer, order, complaint, survey,
// webhook, transfer, callback.
#include <gtest/gtest.h>

#include <string>

#include "flow/flow_loader.hpp"
#include "flow_loader_test_support.hpp"

namespace callwerk::flow {
namespace {

const char* const kServices = R"(name: service
nodes:
  wer:
    type: identify
    by: [caller_number, customer_number, name_postcode]
    variable: kunde
    customer_number_prompt: Ihre Kundennummer bitte.
    postcode_prompt: Ihre Postleitzahl bitte.
    name_prompt: Wie ist Ihr Name?
    found: frage
    not_found: rueckruf
    max_retries: 1
  frage:
    type: answer
    query: "Abschlag {{kunde.tarif}}"
    prompt: Was ist Ihre Frage?
    helped_prompt: Hat das geholfen?
    next: bestellen
    not_helped: weiterleiten
  bestellen:
    type: order
    category: Tarife
    variable: auftrag
    ask_address: false
    next: beschwerde
    cancelled: weiterleiten
  beschwerde:
    type: complaint
    categories:
      - {value: bruch, label: Bruch}
      - {value: verspaetung, label: Verspätung, keywords: [spät, zu spät]}
    remedies: [{value: ersatz}, {value: gutschrift}]
    ask_order: false
    ask_description: false
    sla_hours: 24
    next: umfrage
  umfrage:
    type: survey
    survey: zufriedenheit
    questions:
      - {id: gesamt, type: scale, text: "Wie zufrieden waren Sie?"}
      - id: empfehlung
        type: nps
        text: {text: "Würden Sie uns empfehlen?", file: nps.wav}
      - id: warum
        type: text
        text: Was können wir besser machen?
        show_if: survey.gesamt < 3
      - {id: kanal, type: multiple, text: "Wie?", options: [{value: telefon}, {value: chat}]}
    next: melden
  melden:
    type: webhook
    url: https://crm.example.de/hook
    send: [kunde.nummer, survey.gesamt]
    timeout_ms: 1500
    variable: crm
    next: weiterleiten
    on_failure: weiterleiten
  weiterleiten:
    type: transfer
    queue: Kundenservice
    skills: {strom: 3, englisch: 1}
    priority: 5
    summary: "Kunde {{kunde.nummer}}"
    text: Ich verbinde Sie.
  rueckruf:
    type: callback
    queue: Rückruf
    prompt: Wir rufen Sie zurück.
    ask_number: true
)";

Flow services() {
  auto flow = load_flow(kServices, "flows/service.yaml");
  EXPECT_TRUE(flow.ok()) << (flow.ok() ? "" : flow.error().describe());
  return flow.ok() ? *flow : Flow{};
}

using test::body;

TEST(FlowLoaderServices, Identify) {
  Flow flow = services();
  const auto& n = body<IdentifyNode>(flow, "wer");
  EXPECT_EQ(n.by, (std::vector<IdentifyBy>{IdentifyBy::caller_number, IdentifyBy::customer_number,
                                           IdentifyBy::name_postcode}));
  EXPECT_EQ(n.variable, "kunde");
  EXPECT_EQ(n.customer_number_prompt.text, "Ihre Kundennummer bitte.");
  EXPECT_EQ(n.postcode_prompt.text, "Ihre Postleitzahl bitte.");
  EXPECT_EQ(n.name_prompt.text, "Wie ist Ihr Name?");
  EXPECT_EQ(n.next, "frage");
  EXPECT_EQ(n.not_found, "rueckruf");
  EXPECT_EQ(n.input.max_retries, 1);
  auto defaults = load_flow("nodes:\n  a: {type: identify, next: a, not_found: a}\n", "t.yaml");
  ASSERT_TRUE(defaults.ok()) << defaults.error().describe();
  const auto& d = body<IdentifyNode>(*defaults, "a");
  EXPECT_EQ(d.by,
            (std::vector<IdentifyBy>{IdentifyBy::caller_number, IdentifyBy::customer_number}));
  EXPECT_EQ(d.variable, "kontakt");
  EXPECT_EQ(d.next, "a");
}

TEST(FlowLoaderServices, AnswerOrderComplaint) {
  Flow flow = services();
  const auto& answer = body<AnswerNode>(flow, "frage");
  EXPECT_EQ(answer.query, "Abschlag {{kunde.tarif}}");
  EXPECT_EQ(answer.prompt.text, "Was ist Ihre Frage?");
  EXPECT_EQ(answer.helped_prompt.text, "Hat das geholfen?");
  EXPECT_EQ(answer.next, "bestellen");
  EXPECT_EQ(answer.not_helped, "weiterleiten");
  const auto& order = body<OrderNode>(flow, "bestellen");
  EXPECT_EQ(order.category, "Tarife");
  EXPECT_EQ(order.variable, "auftrag");
  EXPECT_FALSE(order.ask_address);
  EXPECT_EQ(order.cancelled, "weiterleiten");
  const auto& complaint = body<ComplaintNode>(flow, "beschwerde");
  ASSERT_EQ(complaint.categories.size(), 2u);
  EXPECT_EQ(complaint.categories[1].key, "2");
  EXPECT_EQ(complaint.categories[1].label, "Verspätung");
  EXPECT_EQ(complaint.categories[1].keywords, (std::vector<std::string>{"spät", "zu spät"}));
  ASSERT_EQ(complaint.remedies.size(), 2u);
  EXPECT_EQ(complaint.remedies[1].value, "gutschrift");
  EXPECT_FALSE(complaint.ask_order);
  EXPECT_FALSE(complaint.ask_description);
  EXPECT_EQ(complaint.sla_hours, 24);
  EXPECT_EQ(complaint.variable, "reklamation");
  EXPECT_EQ(complaint.next, "umfrage");
}

TEST(FlowLoaderServices, Survey) {
  Flow flow = services();
  const auto& survey = body<SurveyNode>(flow, "umfrage");
  EXPECT_EQ(survey.survey, "zufriedenheit");
  ASSERT_EQ(survey.questions.size(), 4u);
  EXPECT_EQ(survey.questions[0].id, "gesamt");
  EXPECT_EQ(survey.questions[0].kind, SurveyQuestionKind::scale);
  EXPECT_EQ(survey.questions[1].kind, SurveyQuestionKind::nps);
  EXPECT_EQ(survey.questions[1].prompt.file, "nps.wav");
  EXPECT_EQ(survey.questions[2].kind, SurveyQuestionKind::text);
  EXPECT_EQ(survey.questions[2].show_if, "survey.gesamt < 3");
  EXPECT_EQ(survey.questions[2].mark.line, 45);
  EXPECT_EQ(survey.questions[3].kind, SurveyQuestionKind::multiple);
  ASSERT_EQ(survey.questions[3].options.size(), 2u);
  EXPECT_EQ(survey.questions[3].options[1].value, "chat");
  EXPECT_EQ(survey.next, "melden");
}

TEST(FlowLoaderServices, WebhookTransferCallback) {
  Flow flow = services();
  const auto& hook = body<WebhookNode>(flow, "melden");
  EXPECT_EQ(hook.url, "https://crm.example.de/hook");
  EXPECT_EQ(hook.send, (std::vector<std::string>{"kunde.nummer", "survey.gesamt"}));
  EXPECT_EQ(hook.timeout_ms, 1500);
  EXPECT_EQ(hook.variable, "crm");
  EXPECT_EQ(hook.on_failure, "weiterleiten");
  const auto& transfer = body<TransferNode>(flow, "weiterleiten");
  EXPECT_EQ(transfer.queue, "Kundenservice");
  EXPECT_EQ(transfer.skills,
            (std::vector<std::pair<std::string, int>>{{"strom", 3}, {"englisch", 1}}));
  EXPECT_EQ(transfer.priority, 5);
  EXPECT_EQ(transfer.summary, "Kunde {{kunde.nummer}}");
  EXPECT_EQ(transfer.prompt.text, "Ich verbinde Sie.");
  const auto& callback = body<CallbackNode>(flow, "rueckruf");
  EXPECT_EQ(callback.queue, "Rückruf");
  EXPECT_TRUE(callback.ask_number);
  EXPECT_TRUE(callback.next.empty());
}

std::string issue_of(const std::string& node_yaml) {
  FlowLoad load = read_flow("nodes:\n  a:\n" + node_yaml, "t.yaml");
  if (load.issues.empty()) return "no issue";
  return std::to_string(load.issues[0].line) + " " +
         std::string(issue_kind_name(load.issues[0].kind));
}

TEST(FlowLoaderServices, Errors) {
  EXPECT_EQ(issue_of("    type: identify\n    by: [fingerprint]\n    next: a\n    not_found: a\n"),
            "4 bad_value");
  EXPECT_EQ(issue_of("    type: identify\n    found: a\n    next: a\n    not_found: a\n"),
            "5 bad_value");
  EXPECT_EQ(issue_of("    type: identify\n    not_found: a\n"), "2 missing_key");
  EXPECT_EQ(issue_of("    type: survey\n    survey: s\n    next: a\n    questions:\n"
                     "      - {id: q1, type: single, text: x}\n"),
            "7 missing_key");
  EXPECT_EQ(issue_of("    type: survey\n    survey: s\n    next: a\n    questions:\n"
                     "      - {id: q1, type: scale, text: x}\n"
                     "      - {id: q1, type: nps, text: y}\n"),
            "8 bad_value");
  EXPECT_EQ(issue_of("    type: survey\n    survey: s\n    next: a\n    questions:\n"
                     "      - {id: q1, type: slider, text: x}\n"),
            "7 bad_value");
  EXPECT_EQ(issue_of("    type: complaint\n    next: a\n    categories:\n"
                     "      - {key: \"1\", value: a}\n      - {key: \"1\", value: b}\n"),
            "7 bad_value");
  EXPECT_EQ(issue_of("    type: webhook\n    url: https://x\n    next: a\n    on_failure: a\n"
                     "    timeout_ms: 60000\n"),
            "7 bad_value");
  EXPECT_EQ(issue_of("    type: transfer\n    queue: q\n    skills: {strom: hoch}\n"),
            "5 wrong_type");
  EXPECT_EQ(issue_of("    type: order\n    next: a\n"), "2 missing_key");
}

}  // namespace
}  // namespace callwerk::flow

// The validator: each issue kind at its exact line, all issues at once, and the demo flows clean.
#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "core/yaml_helpers.hpp"
#include "flow/flow_validator.hpp"
#include "flow_loader_test_support.hpp"

namespace callwerk::flow {
namespace {

using test::lines;

// Every issue as "line kind", joined with ';'.
std::string issues_of(const std::string& text, const FlowValidationContext& context = {}) {
  std::string out;
  for (const FlowIssue& issue : check_flow_text(text, "flows/t.yaml", context))
    out += std::to_string(issue.line) + " " + std::string(issue_kind_name(issue.kind)) + ";";
  return out;
}

TEST(FlowValidator, CleanFlowHasNoIssues) {
  EXPECT_EQ(issues_of(lines({
                "start: menue",
                "nodes:",
                "  menue:",
                "    type: menu",
                "    prompt: \"Hallo {{caller.name}}, 1 oder 2?\"",
                "    options: {\"1\": knr, \"2\": ende}",
                "    no_match: menue",
                "  knr:",
                "    type: ask",
                "    prompt: Kundennummer?",
                "    input: customer_number",
                "    variable: kundennummer",
                "    confirm: true",
                "    confirm_prompt: \"Sie sagten {{value}}?\"",
                "    next: rechnen",
                "  rechnen: {type: set, values: {lang: length(kundennummer)}, next: pruefen}",
                "  pruefen:",
                "    type: branch",
                "    cases: [{if: lang > 6, goto: menue}]",
                "    else: ende",
                "  ende: {type: hangup, text: \"Tschüss {{kundennummer}}\"}",
            })),
            "");
}

TEST(FlowValidator, MissingTargets) {
  EXPECT_EQ(issues_of(lines({
                "start: anfang",
                "fallback: nirgends",
                "nodes:",
                "  anfang:",
                "    type: menu",
                "    prompt: x",
                "    options:",
                "      \"1\": ende",
                "      \"2\": weg",
                "    no_match: fort",
                "  ende:",
                "    type: branch",
                "    cases: [{if: 'channel == \"chat\"', goto: hier}]",
                "    else: anfang",
            })),
            "2 missing_target;9 missing_target;10 missing_target;13 missing_target;");
  EXPECT_EQ(issues_of(lines({"start: b", "nodes:", "  a: {type: hangup}"})),
            "1 missing_target;3 unreachable_node;");
}

TEST(FlowValidator, UnreachableNodes) {
  EXPECT_EQ(issues_of(lines({
                "nodes:",
                "  a: {type: say, text: x, next: c}",
                "  b: {type: say, text: x, next: c}",
                "  c: {type: menu, prompt: x, options: {\"1\": a}, on_max_retries: e}",
                "  d: {type: hangup}",
                "  e: {type: hangup}",
            })),
            "3 unreachable_node;5 unreachable_node;");
  // The fallback and nodes other flows jump to are entries as well.
  FlowValidationContext context;
  context.entry_nodes = {"b"};
  EXPECT_EQ(issues_of(lines({
                          "fallback: d",
                          "nodes:",
                          "  a: {type: hangup}",
                          "  b: {type: hangup}",
                          "  d: {type: hangup}",
                      }),
                      context),
            "");
}

TEST(FlowValidator, LoopsWithoutInput) {
  EXPECT_EQ(issues_of(lines({
                "nodes:",
                "  start: {type: say, text: x, next: zaehlen}",
                "  zaehlen: {type: set, values: {n: n + 1}, next: pruefen}",
                "  pruefen:",
                "    type: branch",
                "    cases: [{if: n > 3, goto: frage}]",
                "    else: zaehlen",
                "  frage: {type: menu, prompt: x, options: {\"1\": start, \"2\": warte}}",
                "  warte: {type: goto, goto: warte}",
            })),
            "3 loop_without_input;9 loop_without_input;");
  // A cycle through a node that waits for the caller is fine.
  EXPECT_EQ(issues_of(lines({
                "nodes:",
                "  a: {type: say, text: x, next: b}",
                "  b: {type: ask, prompt: x, variable: v, next: a, input: yes_no}",
            })),
            "");
}

TEST(FlowValidator, UndefinedVariables) {
  FlowValidationContext context;
  context.provided_variables.push_back("crm.*");
  EXPECT_EQ(issues_of(lines({
                          "nodes:",
                          "  a:",
                          "    type: say",
                          "    text: \"{{caller.number}} {{kontakt.name}} {{crm.segment}}\"",
                          "    next: b",
                          "  b: {type: identify, next: c, not_found: c}",
                          "  c:",
                          "    type: set",
                          "    values:",
                          "      x: kontakt.plz + unbekannt",
                          "      y: x",
                          "    next: d",
                          "  d:",
                          "    type: transfer",
                          "    queue: q",
                          "    summary: \"{{y}} {{value}} {{survey.q1}}\"",
                      }),
                      context),
            "10 undefined_variable;16 undefined_variable;16 undefined_variable;");
  // Survey answers, webhook replies and order fields count as written.
  EXPECT_EQ(issues_of(lines({
                "nodes:",
                "  s:",
                "    type: survey",
                "    survey: s",
                "    questions:",
                "      - {id: q1, type: nps, text: x}",
                "      - {id: q2, type: number, text: x, show_if: survey.q1 < 7 and q0}",
                "    next: w",
                "  w:",
                "    type: webhook",
                "    url: http://crm/x",
                "    send: [survey.q2, bestellung.nummer, nie]",
                "    next: o",
                "    on_failure: o",
                "  o: {type: order, next: e, cancelled: e}",
                "  e: {type: hangup, text: \"{{webhook.id}} {{bestellung.summe}}\"}",
            })),
            "7 undefined_variable;12 undefined_variable;");
}

TEST(FlowValidator, TheAnswerNodesVariablesCountAsWritten) {
  EXPECT_EQ(issues_of(lines({
                "nodes:",
                "  frage:",
                "    type: answer",
                "    query: Zählerstand melden",
                "    next: ende",
                "    not_helped: ende",
                "  ende: {type: hangup, text: \"{{antwort.titel}} {{webhook.x}}\"}",
            })),
            "7 undefined_variable;");
}

TEST(FlowValidator, BadExpressionsAndTemplates) {
  EXPECT_EQ(issues_of(lines({
                "nodes:",
                "  a:",
                "    type: set",
                "    values:",
                "      x: 1 +",
                "    next: b",
                "  b:",
                "    type: branch",
                "    cases: [{if: x ==, goto: c}]",
                "    else: c",
                "  c: {type: say, text: \"Hallo {{x\", next: d}",
                "  d: {type: hangup}",
            })),
            "5 bad_expression;9 bad_expression;11 bad_template;");
}

TEST(FlowValidator, FlowsQueuesAndChannels) {
  FlowValidationContext context;
  context.flows = std::set<std::string>{"hotline"};
  context.queues = std::set<std::string>{"Kundenservice"};
  context.channels = {Channel::voice};
  EXPECT_EQ(issues_of(lines({
                          "name: t",
                          "nodes:",
                          "  a: {type: ask, prompt: x, variable: v, input: text, next: b}",
                          "  b: {type: menu, prompt: x, options: {\"1\": c, \"2\": d, \"3\": e}}",
                          "  c: {type: goto, flow: hotline}",
                          "  d: {type: goto, flow: umfrage}",
                          "  e: {type: menu, prompt: x, options: {\"1\": f, \"2\": g, \"3\": a}}",
                          "  f: {type: transfer, queue: Kundenservice}",
                          "  g: {type: callback, queue: Vertrieb}",
                      }),
                      context),
            "3 not_on_channel;6 unknown_flow;9 unknown_queue;");
  context.channels = {Channel::chat};
  EXPECT_EQ(issues_of(lines({
                          "nodes:",
                          "  a: {type: ask, prompt: x, variable: v, input: text, next: b}",
                          "  b: {type: hangup, text: {file: ende.wav}}",
                      }),
                      context),
            "3 not_on_channel;");
}

TEST(FlowValidator, FirstIssueAsErrorAndLoadIssuesFirst) {
  auto flow = load_valid_flow("nodes:\n  a: {type: say, text: x, next: b}\n", "flows/t.yaml", {});
  ASSERT_FALSE(flow.ok());
  EXPECT_EQ(flow.error().location, "flows/t.yaml:2:27");
  EXPECT_NE(flow.error().message.find("'b'"), std::string::npos);
  // A node that fails to load hides the graph checks (its targets would look missing).
  EXPECT_EQ(issues_of(lines({"nodes:", "  a: {type: say, text: x, next: b}", "  b: {type: x}"})),
            "3 unknown_node_type;");
  auto ok = load_valid_flow("nodes:\n  a: {type: hangup}\n", "t.yaml", {});
  EXPECT_TRUE(ok.ok());
}

TEST(FlowValidator, DemoFlowsValidate) {
  const auto demo = std::filesystem::path(__FILE__).parent_path() / "../../examples/demo/tenants";
  int checked = 0;
  for (const auto& tenant : std::filesystem::directory_iterator(demo)) {
    const auto flows = tenant.path() / "flows";
    if (!std::filesystem::is_directory(flows)) continue;
    FlowValidationContext context;
    context.flows.emplace();
    for (const auto& file : std::filesystem::directory_iterator(flows))
      context.flows->insert(file.path().stem().string());
    for (const auto& file : std::filesystem::directory_iterator(flows)) {
      auto text = read_text_file(file.path(), file.path().string());
      ASSERT_TRUE(text.ok());
      FlowLoad load = read_flow(*text, file.path().string());
      if (!load.issues.empty()) continue;  // the old weinversand hotline, see the loader test
      for (const FlowIssue& issue : validate_flow(load.flow, context))
        ADD_FAILURE() << issue_location(issue, file.path().string()) << ": " << issue.message;
      ++checked;
    }
  }
  EXPECT_GE(checked, 2);
}

}  // namespace
}  // namespace callwerk::flow

// The YAML flow language: every node type with its keys, defaults, and the loader's errors
// with their exact lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "core/yaml_helpers.hpp"
#include "flow/flow_loader.hpp"
#include "flow_loader_test_support.hpp"

namespace callwerk::flow {
namespace {

using test::body;
using test::lines;

Flow load_ok(const std::string& text) {
  auto flow = load_flow(text, "flows/test.yaml");
  EXPECT_TRUE(flow.ok()) << (flow.ok() ? "" : flow.error().describe());
  return flow.ok() ? *flow : Flow{};
}

// The first loading issue, as "line:col kind".
std::string first_issue(const std::string& text) {
  FlowLoad load = read_flow(text, "flows/test.yaml");
  if (load.issues.empty()) return "no issue";
  const FlowIssue& issue = load.issues.front();
  return std::to_string(issue.line) + ":" + std::to_string(issue.column) + " " +
         std::string(issue_kind_name(issue.kind));
}

TEST(FlowLoader, ReadsTopLevelAndSayNode) {
  Flow flow = load_ok(lines({
      "name: hotline",
      "description: Servicehotline",
      "language: en",
      "start: hallo",
      "fallback: ende",
      "nodes:",
      "  hallo:",
      "    type: say",
      "    text: \"Guten Tag, {{caller.name}}.\"",
      "    next: ende",
      "  ende:",
      "    type: hangup",
      "    text: {text: Auf Wiederhören, file: prompts/tschuess.wav}",
      "    reason: fertig",
  }));
  EXPECT_EQ(flow.name, "hotline");
  EXPECT_EQ(flow.description, "Servicehotline");
  EXPECT_EQ(flow.language, "en");
  EXPECT_EQ(flow.start, "hallo");
  EXPECT_EQ(flow.fallback, "ende");
  ASSERT_EQ(flow.nodes.size(), 2u);
  EXPECT_EQ(flow.nodes[0].id, "hallo");
  EXPECT_EQ(flow.nodes[0].type, "say");
  EXPECT_EQ(flow.nodes[0].mark.line, 7);
  EXPECT_EQ(flow.nodes[0].mark_of("next").line, 10);
  EXPECT_EQ(flow.key_marks.at("fallback").line, 5);
  const auto& say = body<SayNode>(flow, "hallo");
  EXPECT_EQ(say.prompt.text, "Guten Tag, {{caller.name}}.");
  EXPECT_EQ(say.prompt.mark.line, 9);
  EXPECT_EQ(say.next, "ende");
  const auto& hangup = body<HangupNode>(flow, "ende");
  EXPECT_EQ(hangup.prompt.text, "Auf Wiederhören");
  EXPECT_EQ(hangup.prompt.file, "prompts/tschuess.wav");
  EXPECT_EQ(hangup.reason, "fertig");
}

TEST(FlowLoader, DefaultsNameFromFileAndStartFromFirstNode) {
  auto flow = load_flow("nodes:\n  a: {type: hangup}\n  b: {type: hangup}\n", "x/umzug.yaml");
  ASSERT_TRUE(flow.ok()) << flow.error().describe();
  EXPECT_EQ(flow->name, "umzug");
  EXPECT_EQ(flow->start, "a");
  EXPECT_EQ(flow->language, "de");
  EXPECT_EQ(flow->index.at("b"), 1u);
}

TEST(FlowLoader, ReadsMenuInShortAndLongForm) {
  Flow flow = load_ok(lines({
      "start: menue",
      "nodes:",
      "  menue:",
      "    type: menu",
      "    prompt: Drücken Sie die 1 oder die 2.",
      "    options:",
      "      \"1\": a",
      "      2: {goto: b, label: Rechnung, keywords: [rechnung, abschlag]}",
      "      \"#\": a",
      "    max_retries: 3",
      "    no_input_ms: 5000",
      "    no_input_prompt: Ich habe nichts gehört.",
      "    no_match_prompt: {text: Das habe ich nicht verstanden.}",
      "    no_input: a",
      "    no_match: menue",
      "    on_max_retries: b",
      "  a: {type: hangup}",
      "  b: {type: hangup}",
  }));
  const auto& menu = body<MenuNode>(flow, "menue");
  EXPECT_EQ(menu.prompt.text, "Drücken Sie die 1 oder die 2.");
  ASSERT_EQ(menu.options.size(), 3u);
  EXPECT_EQ(menu.options[0].key, "1");
  EXPECT_EQ(menu.options[0].target, "a");
  EXPECT_EQ(menu.options[0].mark.line, 7);
  EXPECT_EQ(menu.options[1].key, "2");
  EXPECT_EQ(menu.options[1].target, "b");
  EXPECT_EQ(menu.options[1].label, "Rechnung");
  EXPECT_EQ(menu.options[1].keywords, (std::vector<std::string>{"rechnung", "abschlag"}));
  EXPECT_EQ(menu.options[2].key, "#");
  EXPECT_EQ(menu.input.max_retries, 3);
  EXPECT_EQ(menu.input.no_input_ms, 5000);
  EXPECT_EQ(menu.input.no_input_prompt.text, "Ich habe nichts gehört.");
  EXPECT_EQ(menu.input.no_match_prompt.text, "Das habe ich nicht verstanden.");
  EXPECT_EQ(menu.input.no_input, "a");
  EXPECT_EQ(menu.input.no_match, "menue");
  EXPECT_EQ(menu.input.on_max_retries, "b");
}

TEST(FlowLoader, ReadsAskNodesOfEveryKind) {
  Flow flow = load_ok(lines({
      "nodes:",
      "  knr:",
      "    type: ask",
      "    prompt: Ihre Kundennummer bitte.",
      "    input: customer_number",
      "    variable: kundennummer",
      "    min_length: 6",
      "    max_length: 8",
      "    confirm: true",
      "    confirm_prompt: Sie haben {{value}} gesagt, richtig?",
      "    next: betrag",
      "  betrag:",
      "    type: ask",
      "    prompt: Welcher Abschlag?",
      "    input: amount",
      "    variable: abschlag",
      "    min: 10",
      "    max: 500.5",
      "    next: art",
      "  art:",
      "    type: ask",
      "    prompt: Strom oder Gas?",
      "    input: choice",
      "    variable: sparte",
      "    choices:",
      "      - {value: strom, label: Strom, keywords: [elektrisch]}",
      "      - {key: \"5\", value: gas}",
      "    next: ende",
      "  ende: {type: hangup}",
  }));
  const auto& knr = body<AskNode>(flow, "knr");
  EXPECT_EQ(knr.kind, InputKind::customer_number);
  EXPECT_EQ(knr.variable, "kundennummer");
  EXPECT_EQ(knr.min_length, 6);
  EXPECT_EQ(knr.max_length, 8);
  EXPECT_TRUE(knr.confirm);
  EXPECT_EQ(knr.confirm_prompt.text, "Sie haben {{value}} gesagt, richtig?");
  EXPECT_EQ(knr.next, "betrag");
  EXPECT_EQ(knr.input.max_retries, 2);  // defaults
  EXPECT_EQ(knr.input.no_input_ms, 7000);
  const auto& betrag = body<AskNode>(flow, "betrag");
  EXPECT_EQ(betrag.kind, InputKind::amount);
  EXPECT_EQ(betrag.min_value, 10.0);
  EXPECT_EQ(betrag.max_value, 500.5);
  EXPECT_FALSE(betrag.confirm);
  const auto& art = body<AskNode>(flow, "art");
  ASSERT_EQ(art.choices.size(), 2u);
  EXPECT_EQ(art.choices[0].key, "1");  // position when no key is given
  EXPECT_EQ(art.choices[0].value, "strom");
  EXPECT_EQ(art.choices[0].label, "Strom");
  EXPECT_EQ(art.choices[0].keywords, std::vector<std::string>{"elektrisch"});
  EXPECT_EQ(art.choices[1].key, "5");
  for (const char* kind : {"digits", "number", "date", "yes_no", "text", "iban", "postcode"}) {
    auto text = std::string("nodes:\n  a: {type: ask, prompt: x, variable: v, next: a, input: ") +
                kind + "}\n";
    EXPECT_TRUE(load_flow(text, "t.yaml").ok()) << kind;
  }
}

TEST(FlowLoader, ReadsSetBranchAndGoto) {
  Flow flow = load_ok(lines({
      "nodes:",
      "  rechnen:",
      "    type: set",
      "    values:",
      "      summe: abschlag * 12",
      "      gruss: '\"Hallo \" + caller.name'",
      "    next: pruefen",
      "  pruefen:",
      "    type: branch",
      "    cases:",
      "      - if: summe > 1000",
      "        goto: teuer",
      "      - {if: empty(caller.name), goto: weiter}",
      "    else: weiter",
      "  teuer: {type: goto, flow: beratung, node: tarife}",
      "  weiter: {type: goto, goto: ende}",
      "  ende: {type: goto, flow: hotline}",
  }));
  const auto& set = body<SetNode>(flow, "rechnen");
  ASSERT_EQ(set.assignments.size(), 2u);
  EXPECT_EQ(set.assignments[0], (std::pair<std::string, std::string>{"summe", "abschlag * 12"}));
  EXPECT_EQ(set.assignments[1].second, "\"Hallo \" + caller.name");
  ASSERT_EQ(set.marks.size(), 2u);
  EXPECT_EQ(set.marks[1].line, 6);
  const auto& branch = body<BranchNode>(flow, "pruefen");
  ASSERT_EQ(branch.cases.size(), 2u);
  EXPECT_EQ(branch.cases[0].condition, "summe > 1000");
  EXPECT_EQ(branch.cases[0].target, "teuer");
  EXPECT_EQ(branch.cases[0].mark.line, 11);
  EXPECT_EQ(branch.cases[1].mark.line, 13);
  EXPECT_EQ(branch.otherwise, "weiter");
  EXPECT_EQ(body<GotoNode>(flow, "teuer").flow, "beratung");
  EXPECT_EQ(body<GotoNode>(flow, "teuer").target, "tarife");
  EXPECT_EQ(body<GotoNode>(flow, "weiter").target, "ende");
  EXPECT_TRUE(body<GotoNode>(flow, "weiter").flow.empty());
  EXPECT_EQ(body<GotoNode>(flow, "ende").flow, "hotline");
  EXPECT_TRUE(body<GotoNode>(flow, "ende").target.empty());
}

// The weinversand hotline was written before the flow language and uses node types it does
// not have (`hours`, `input`); until the demo is rewritten this test pins exactly those.
TEST(FlowLoader, DemoFlowsLoad) {
  const auto demo = std::filesystem::path(__FILE__).parent_path() / "../../examples/demo/tenants";
  int files = 0;
  for (const auto& tenant : std::filesystem::directory_iterator(demo)) {
    if (!std::filesystem::is_directory(tenant.path() / "flows")) continue;
    for (const auto& file : std::filesystem::directory_iterator(tenant.path() / "flows")) {
      auto text = read_text_file(file.path(), file.path().string());
      ASSERT_TRUE(text.ok());
      FlowLoad load = read_flow(*text, file.path().string());
      std::string issues;
      for (const FlowIssue& issue : load.issues)
        issues += std::to_string(issue.line) + " " + std::string(issue_kind_name(issue.kind)) + ";";
      EXPECT_EQ(issues, "") << file.path();
      ++files;
    }
  }
  EXPECT_GE(files, 3);
}

TEST(FlowLoaderErrors, EachProblemAtItsLine) {
  // Unknown node type: at the type's value.
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: hours", "    next: b"})),
            "3:11 unknown_node_type");
  // Unknown key: at the key.
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: say", "    text: x", "    nxt: a"})),
            "5:5 unknown_key");
  // Missing key: at the node's name.
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: menu", "    prompt: x"})),
            "2:3 missing_key");
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    text: x"})), "2:3 missing_key");
  // Wrong type: a list where a number belongs.
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: menu", "    prompt: x",
                               "    options: {\"1\": a}", "    max_retries: [1]"})),
            "6:18 wrong_type");
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: callback", "    queue: q",
                               "    ask_number: \"true\""})),
            "5:17 wrong_type");
  // Bad values.
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: menu", "    prompt: x",
                               "    options:", "      \"1\": a", "      A: a"})),
            "7:7 bad_value");
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: webhook", "    url: ftp://crm",
                               "    next: a", "    on_failure: a"})),
            "4:10 bad_value");
  EXPECT_EQ(
      first_issue(lines({"nodes:", "  a:", "    type: ask", "    prompt: x", "    variable: v",
                         "    input: digits", "    min: 3", "    next: a"})),
      "7:5 bad_value");
  EXPECT_EQ(first_issue(lines({"nodes:", "  a:", "    type: ask", "    prompt: x",
                               "    variable: 1x", "    next: a"})),
            "5:15 bad_value");
  EXPECT_EQ(first_issue(lines({"language: fr", "nodes:", "  a: {type: hangup}"})),
            "1:11 bad_value");
  // Duplicates and YAML syntax.
  EXPECT_EQ(first_issue(lines({"nodes:", "  a: {type: hangup}", "  a: {type: hangup}"})),
            "3:3 syntax");
  EXPECT_EQ(first_issue(lines({"nodes:", "  a: {type: hangup", "  b: x"})), "3:4 syntax");
  EXPECT_EQ(first_issue("- a\n- b\n"), "1:1 syntax");
  EXPECT_EQ(first_issue(lines({"name: x"})), "1:1 missing_key");
}

TEST(FlowLoaderErrors, ReportsEveryBadNodeAndKeepsTheGoodOnes) {
  FlowLoad load = read_flow(lines({
                                "nodes:",
                                "  a: {type: say, text: x, next: b}",
                                "  b: {type: wait}",
                                "  c: {type: say, text: x, next: a}",
                                "  d: {type: transfer}",
                            }),
                            "f.yaml");
  ASSERT_EQ(load.issues.size(), 2u);
  EXPECT_EQ(load.issues[0].line, 3);
  EXPECT_EQ(load.issues[0].kind, FlowIssueKind::unknown_node_type);
  EXPECT_EQ(load.issues[1].line, 5);
  EXPECT_EQ(load.issues[1].kind, FlowIssueKind::missing_key);
  EXPECT_NE(load.flow.find("a"), nullptr);
  EXPECT_NE(load.flow.find("c"), nullptr);
  EXPECT_EQ(load.flow.find("b"), nullptr);
  auto error = load_flow("nodes:\n  b: {type: wait}\n", "flows/f.yaml");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().location, "flows/f.yaml:2:13");
  EXPECT_EQ(error.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(error.error().message.find("unknown node type 'wait'"), std::string::npos);
}

}  // namespace
}  // namespace callwerk::flow

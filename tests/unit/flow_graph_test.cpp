// The diagram data of a flow: labels of nodes and edges, jumps into other flows, targets that
// name no node, and the same edges as the validator's node_targets() for every demo flow.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>

#include "flow/flow_graph.hpp"
#include "flow/flow_validator.hpp"

namespace callwerk::flow {
namespace {

std::string lines(std::initializer_list<std::string_view> list) {
  std::string text;
  for (std::string_view line : list) text.append(line).append("\n");
  return text;
}

Flow loaded(const std::string& text) {
  FlowLoad load = read_flow(text, "t.yaml");
  EXPECT_TRUE(load.issues.empty()) << load.issues.front().message;
  return std::move(load.flow);
}

const FlowGraphNode* node_of(const FlowGraph& graph, const std::string& id) {
  for (const FlowGraphNode& node : graph.nodes)
    if (node.id == id) return &node;
  return nullptr;
}

// "from>to:label" for every edge, joined with ';'.
std::string edges_of(const FlowGraph& graph) {
  std::string out;
  for (const FlowGraphEdge& edge : graph.edges)
    out += edge.from + ">" + edge.to + ":" + edge.label + ";";
  return out;
}

TEST(FlowGraph, MenuKeysRetryTargetsAndTransferQueueAreShown) {
  const FlowGraph graph = flow_graph(loaded(lines({
      "start: menue",
      "nodes:",
      "  menue:",
      "    type: menu",
      "    prompt: \"Für Ihren Zählerstand drücken Sie die 1, für alles andere die 2.\"",
      "    options: {\"1\": zaehler, \"2\": service}",
      "    no_match: menue",
      "    on_max_retries: service",
      "  zaehler:",
      "    type: say",
      "    text: Danke.",
      "    next: service",
      "  service:",
      "    type: transfer",
      "    queue: Kundenservice",
  })));
  ASSERT_EQ(graph.nodes.size(), 3u);
  EXPECT_EQ(graph.nodes[0].id, "menue");
  EXPECT_TRUE(graph.nodes[0].start);
  EXPECT_FALSE(graph.nodes[1].start);
  EXPECT_EQ(graph.nodes[0].type, "menu");
  EXPECT_EQ(graph.nodes[0].line, 3);
  // 40 bytes at most: the umlauts take two each.
  EXPECT_EQ(graph.nodes[0].label, "Für Ihren Zählerstand drücken Sie die…");
  EXPECT_EQ(graph.nodes[2].label, "Kundenservice");
  EXPECT_EQ(graph.nodes[2].line, 13);
  // Two ways to the service queue (key 2 and exhausted retries) share one edge.
  EXPECT_EQ(edges_of(graph),
            "menue>zaehler:1;menue>service:2, on_max_retries;menue>menue:no_match;"
            "zaehler>service:;");
}

TEST(FlowGraph, BranchIdentifyAnswerAndWebhookEdgesSayWhyTheyAreTaken) {
  const FlowGraph graph = flow_graph(loaded(lines({
      "start: wer",
      "fallback: mensch",
      "nodes:",
      "  wer:",
      "    type: identify",
      "    by: [caller_number, customer_number]",
      "    next: pruefen",
      "    not_found: mensch",
      "  pruefen:",
      "    type: branch",
      "    cases:",
      "      - if: kontakt.segment == \"gewerbe\"",
      "        goto: mensch",
      "    else: frage",
      "  frage:",
      "    type: answer",
      "    prompt: Was ist Ihre Frage?",
      "    next: melden",
      "    not_helped: mensch",
      "  melden:",
      "    type: webhook",
      "    url: https://crm.example/hook",
      "    next: ende",
      "    on_failure: mensch",
      "  ende:",
      "    type: hangup",
      "    text: Auf Wiederhören.",
      "  mensch:",
      "    type: transfer",
      "    queue: Service",
  })));
  EXPECT_EQ(edges_of(graph),
            "wer>pruefen:found;wer>mensch:not_found;"
            "pruefen>mensch:kontakt.segment == \"gewerbe\";pruefen>frage:else;"
            "frage>melden:helped;frage>mensch:not_helped;melden>ende:;melden>mensch:on_failure;");
  ASSERT_NE(node_of(graph, "mensch"), nullptr);
  EXPECT_TRUE(node_of(graph, "mensch")->fallback);
  EXPECT_EQ(node_of(graph, "wer")->label, "caller_number, customer_number");
  EXPECT_EQ(node_of(graph, "frage")->label, "Was ist Ihre Frage?");
  EXPECT_EQ(node_of(graph, "ende")->label, "Auf Wiederhören.");
}

TEST(FlowGraph, JumpsIntoOtherFlowsEndAtOneExternalNodeEach) {
  const FlowGraph graph = flow_graph(loaded(lines({
      "start: a",
      "nodes:",
      "  a:",
      "    type: menu",
      "    prompt: Eins oder zwei?",
      "    options: {\"1\": b, \"2\": c}",
      "  b:",
      "    type: goto",
      "    flow: umfrage",
      "  c:",
      "    type: goto",
      "    flow: umfrage",
      "    node: frage2",
  })));
  ASSERT_EQ(graph.nodes.size(), 5u);
  EXPECT_EQ(graph.nodes[3].id, "flow:umfrage");
  EXPECT_EQ(graph.nodes[3].kind, GraphNodeKind::external);
  EXPECT_EQ(graph.nodes[3].type, "flow");
  EXPECT_EQ(graph.nodes[3].label, "umfrage");
  EXPECT_EQ(graph.nodes[3].line, 0);
  EXPECT_EQ(graph.nodes[4].id, "flow:umfrage#frage2");
  EXPECT_EQ(graph.nodes[4].label, "umfrage › frage2");
  EXPECT_EQ(edges_of(graph), "a>b:1;a>c:2;b>flow:umfrage:;c>flow:umfrage#frage2:;");
}

TEST(FlowGraph, ATargetThatNamesNoNodeStillDrawsAsAMissingNode) {
  const FlowGraph graph = flow_graph(loaded(lines({
      "start: hallo",
      "nodes:",
      "  hallo:",
      "    type: say",
      "    text: Hallo",
      "    next: nirgends",
      "  auch:",
      "    type: say",
      "    text: Auch",
      "    next: nirgends",
  })));
  ASSERT_EQ(graph.nodes.size(), 3u);  // the missing node once
  EXPECT_EQ(graph.nodes[2].id, "nirgends");
  EXPECT_EQ(graph.nodes[2].kind, GraphNodeKind::missing);
  EXPECT_EQ(graph.nodes[2].type, "missing");
  EXPECT_EQ(edges_of(graph), "hallo>nirgends:;auch>nirgends:;");
}

TEST(FlowGraph, ShortLabelsCutBetweenWordsOrAtACharacterBoundary) {
  EXPECT_EQ(short_label("  Guten\n  Tag  "), "Guten Tag");
  EXPECT_EQ(short_label("eins zwei drei vier", 12), "eins zwei…");
  EXPECT_EQ(short_label("eins, zwei drei", 10), "eins, zwei…");
  EXPECT_EQ(short_label("eins, zwei drei", 6), "eins…");  // no comma before the dots
  // One long word: cut inside it, never in the middle of "ä" (two bytes).
  const std::string cut = short_label("Zählerstandsmeldung", 2);
  EXPECT_EQ(cut, "Z…");
  EXPECT_EQ(short_label("Zählerstandsmeldung", 3), "Zä…");
  EXPECT_EQ(short_label(""), "");
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The graph's own edges must not drift from the validator's: a new target key of a node type
// has to show up in both.
TEST(FlowGraph, EveryDemoFlowHasExactlyTheValidatorsEdges) {
  const auto demo = std::filesystem::path(__FILE__).parent_path() / "../../examples/demo/tenants";
  int flows = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(demo)) {
    if (entry.path().extension() != ".yaml" || entry.path().parent_path().filename() != "flows")
      continue;
    SCOPED_TRACE(entry.path().string());
    const Flow flow = loaded(read_text(entry.path()));
    const FlowGraph graph = flow_graph(flow);
    std::set<std::pair<NodeId, NodeId>> expected;
    for (const FlowNode& node : flow.nodes)
      for (const FlowEdge& edge : node_targets(node)) expected.insert({node.id, edge.target});
    std::set<std::pair<NodeId, NodeId>> drawn;
    for (const FlowGraphEdge& edge : graph.edges)
      if (edge.to.rfind("flow:", 0) != 0) drawn.insert({edge.from, edge.to});
    EXPECT_EQ(drawn, expected);
    EXPECT_FALSE(graph.edges.empty());
    int starts = 0;
    for (const FlowGraphNode& node : graph.nodes) starts += node.start ? 1 : 0;
    EXPECT_EQ(starts, 1);
    ++flows;
  }
  EXPECT_GE(flows, 3);
}

}  // namespace
}  // namespace callwerk::flow

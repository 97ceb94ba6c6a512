#pragma once
// What a diagram of a flow shows: its nodes with a short label and its edges with what
// chooses them (menu key, "no_match", "not_found", a branch condition, ...). Pure data for the
// web editor; the layout is the browser's job. A jump into another flow ends at an external
// node, a target that names no node at a "missing" node, so a half-edited flow still draws.

#include <string>
#include <vector>

#include "flow/flow_model.hpp"

namespace callwerk::flow {

enum class GraphNodeKind {
  node,      // a node of this flow
  external,  // another flow (goto with flow:), id "flow:<name>" or "flow:<name>#<node>"
  missing,   // a target that names no node of this flow
};

struct FlowGraphNode {
  NodeId id;
  std::string type;   // say, menu, ...; "flow" for external, "missing" for missing
  std::string label;  // a few words: the prompt's beginning, the queue, the variables set
  GraphNodeKind kind = GraphNodeKind::node;
  bool start = false;
  bool fallback = false;  // the flow's fallback node
  int line = 0;           // where the node is written; 0 for external and missing
};

struct FlowGraphEdge {
  NodeId from;
  NodeId to;
  // Why this way is taken: a menu key ("1"), a key of the node ("no_match", "on_max_retries",
  // "not_found", "not_helped", "cancelled", "on_failure", "else"), a branch condition, "found"
  // and "helped" for the success of identify and answer; empty for the plain `next`. Several
  // ways to the same node share one edge, their labels joined by ", ".
  std::string label;
};

struct FlowGraph {
  std::vector<FlowGraphNode> nodes;  // the flow's nodes in order of writing, then the others
  std::vector<FlowGraphEdge> edges;  // in order of writing
};

FlowGraph flow_graph(const Flow& flow);

// The first words of `text`, at most `max_bytes` long (cut between words, or inside a very
// long word at a UTF-8 character boundary), with "…" when something was left off.
std::string short_label(std::string_view text, std::size_t max_bytes = 40);

}  // namespace callwerk::flow

#include "http/flow_check_handlers.hpp"

#include "flow/flow_graph.hpp"
#include "flow/flow_loader.hpp"
#include "http/flow_source_check.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {

// As the catalog allows for a stored flow's source.
constexpr std::size_t kMaxSourceBytes = 1000000;

std::string_view kind_name(flow::GraphNodeKind kind) {
  switch (kind) {
    case flow::GraphNodeKind::node:
      return "node";
    case flow::GraphNodeKind::external:
      return "external";
    case flow::GraphNodeKind::missing:
      return "missing";
  }
  return "node";
}

store::Json graph_json(const flow::FlowGraph& graph, bool partial) {
  store::Json nodes = store::Json::array();
  for (const flow::FlowGraphNode& node : graph.nodes)
    nodes.push_back({{"id", node.id},
                     {"type", node.type},
                     {"label", node.label},
                     {"kind", kind_name(node.kind)},
                     {"start", node.start},
                     {"fallback", node.fallback},
                     {"line", node.line}});
  store::Json edges = store::Json::array();
  for (const flow::FlowGraphEdge& edge : graph.edges)
    edges.push_back({{"from", edge.from}, {"to", edge.to}, {"label", edge.label}});
  return store::Json{
      {"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"partial", partial}};
}

// The diagram when the text gives a flow with nodes: after loading problems it shows the nodes
// that loaded (`partial`), so the picture stays while someone types; null after a syntax error.
store::Json graph_of_source(std::string_view source, std::string_view file) {
  const flow::FlowLoad load = flow::read_flow(source, file);
  if (load.flow.nodes.empty()) return nullptr;
  return graph_json(flow::flow_graph(load.flow), !load.issues.empty());
}

struct CheckInput {
  std::string source;
  std::string name;
};

Result<CheckInput> check_input(const store::Json& body) {
  CheckInput input;
  bool has_source = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "source") {
      if (!value.is_string())
        return make_error(ErrorKind::invalid_input, "source must be a text", "source");
      input.source = value.get<std::string>();
      if (input.source.size() > kMaxSourceBytes)
        return make_error(ErrorKind::invalid_input, "source is too long (at most 1000000 bytes)",
                          "source");
      has_source = true;
    } else if (key == "name") {
      if (!value.is_string() && !value.is_null())
        return make_error(ErrorKind::invalid_input, "name must be a text", "name");
      if (value.is_string()) input.name = value.get<std::string>();
    } else {
      return make_error(ErrorKind::invalid_input, "unknown field '" + key + "'", key);
    }
  }
  if (!has_source) return make_error(ErrorKind::invalid_input, "source is required", "source");
  return input;
}

}  // namespace

void check_flow(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none)
    return ctx.reply.respond(error_response(none.error()));
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  auto input = check_input(*body);
  if (!input) return ctx.reply.respond(error_response(input.error()));

  // The very check a save runs (same tenant flows and queues), so that "ok" here means the
  // save will be accepted; its 400 body carries the issues in the shape the editor knows.
  store::Json issues = store::Json::array();
  store::Json request{{"source", input->source}};
  if (!input->name.empty()) request["name"] = input->name;
  if (auto rejected = check_flow_source(request, ctx.caller.tenant_id, std::nullopt, ctx.reader)) {
    const store::Json answer = store::Json::parse(rejected->body, nullptr, false);
    if (answer.is_object() && answer.contains("error"))
      issues = answer["error"].value("issues", store::Json::array());
  }
  const std::string file = (input->name.empty() ? std::string("flow") : input->name) + ".yaml";
  const bool ok = issues.empty();
  ctx.reply.respond(
      json_response(200, store::Json{{"ok", ok},
                                     {"issues", std::move(issues)},
                                     {"graph", graph_of_source(input->source, file)}}));
}

void get_flow_graph(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none)
    return ctx.reply.respond(error_response(none.error()));
  auto stored = ctx.reader.get(*store::find_entity("flows"), ctx.caller.tenant_id, *ctx.id);
  if (!stored) return ctx.reply.respond(error_response(stored.error()));
  const std::string name = stored->value("name", "");
  const std::string source = stored->value("source", "");
  ctx.reply.respond(
      json_response(200, store::Json{{"id", *ctx.id},
                                     {"name", name},
                                     {"version", stored->value("version", store::Json())},
                                     {"graph", graph_of_source(source, name + ".yaml")}}));
}

}  // namespace callwerk::http

#pragma once
// The flow editor's endpoints: checking a flow's YAML without storing it, and the diagram of
// a stored flow. Both answer the graph of flow_graph.hpp as JSON.

#include "http/handlers.hpp"

namespace callwerk::http {

// POST /api/v1/flows/check {source, name?} -> 200 {ok, issues, graph}: the issues a save
// would be refused with (same shape as its 400), and the diagram whenever the YAML gives nodes.
void check_flow(RequestContext& ctx);

// GET /api/v1/flows/{id}/graph -> 200 {id, name, version, graph} of the caller's tenant's flow.
void get_flow_graph(RequestContext& ctx);

}  // namespace callwerk::http

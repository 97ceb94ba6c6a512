#include "http/handlers.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

void get_health(RequestContext& ctx) {
  // A constant body: load balancers poll this, it must stay cheap.
  static const std::string kBody = R"({"status":"ok"})";
  ApiResponse response;
  response.body = kBody;
  ctx.reply.respond(std::move(response));
}

void get_tenant(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none) {
    return ctx.reply.respond(error_response(none.error()));
  }
  auto tenant = ctx.reader.tenant(ctx.caller.tenant_id);
  if (!tenant) return ctx.reply.respond(error_response(tenant.error()));
  ctx.reply.respond(json_response(200, *tenant));
}

void list_audit(RequestContext& ctx) {
  auto query = audit_list_query(ctx.caller.tenant_id, ctx.params);
  if (!query) return ctx.reply.respond(error_response(query.error()));
  auto page = ctx.reader.audit(*query);
  if (!page) return ctx.reply.respond(error_response(page.error()));
  ctx.reply.respond(json_response(200, store::Json{{"items", std::move(page->items)},
                                                   {"total", page->total},
                                                   {"limit", query->limit},
                                                   {"offset", query->offset}}));
}

void events_without_upgrade(RequestContext& ctx) {
  ctx.reply.respond(error_response(400, "this endpoint needs a WebSocket upgrade"));
}

}  // namespace callwerk::http

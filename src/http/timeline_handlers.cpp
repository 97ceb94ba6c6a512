#include "http/handlers.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {
constexpr std::size_t kMaxEventTypeLength = 100;
}  // namespace

void get_timeline(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none) {
    return ctx.reply.respond(error_response(none.error()));
  }
  auto events = ctx.reader.timeline(ctx.caller.tenant_id, *ctx.id);
  if (!events) return ctx.reply.respond(error_response(events.error()));
  ctx.reply.respond(json_response(200, store::Json{{"items", std::move(*events)}}));
}

void append_timeline(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  std::string type;
  store::Json payload = store::Json::object();
  for (const auto& [key, value] : body->items()) {
    if (key == "type") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
          value.get_ref<const std::string&>().size() > kMaxEventTypeLength) {
        return ctx.reply.respond(error_response(400, "type must be a non-empty string", "type"));
      }
      type = value.get<std::string>();
    } else if (key == "payload") {
      if (!value.is_object()) {
        return ctx.reply.respond(error_response(400, "payload must be a JSON object", "payload"));
      }
      payload = value;
    } else {
      return ctx.reply.respond(error_response(400, "unknown field '" + key + "'", key));
    }
  }
  if (type.empty()) return ctx.reply.respond(error_response(400, "type is required", "type"));
  submit_write(
      ctx,
      [tenant = ctx.caller.tenant_id, id = *ctx.id, type = std::move(type),
       payload = std::move(payload), actor = ctx.caller.actor()](store::WriteContext& w) {
        return w.append_timeline(tenant, id, type, payload, actor);
      },
      201);
}

}  // namespace callwerk::http

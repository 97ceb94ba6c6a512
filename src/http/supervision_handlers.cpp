#include "http/supervision_handlers.hpp"

#include "http/agent_desk.hpp"
#include "http/json_responses.hpp"
#include "http/server_state.hpp"

namespace callwerk::http {

namespace {

// The agent must be a user of the caller's tenant: another tenant's is not found, like one
// that does not exist.
bool agent_of_tenant(RequestContext& ctx) {
  const store::EntitySpec* users = store::find_entity("users");
  auto user = ctx.reader.get(*users, ctx.caller.tenant_id, *ctx.id);
  if (user) return true;
  ctx.reply.respond(error_response(user.error()));
  return false;
}

// {"mode": "listen"|"whisper"|"barge"} and nothing else; empty after a reply.
std::optional<std::string> mode_of(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) {
    ctx.reply.respond(error_response(body.error()));
    return std::nullopt;
  }
  for (const auto& [key, value] : body->items()) {
    if (key != "mode") {
      ctx.reply.respond(
          error_response(make_error(ErrorKind::invalid_input, "unknown field '" + key + "'", key)));
      return std::nullopt;
    }
  }
  const auto mode = body->find("mode");
  if (mode == body->end() || !mode->is_string() ||
      (*mode != "listen" && *mode != "whisper" && *mode != "barge")) {
    ctx.reply.respond(error_response(
        make_error(ErrorKind::invalid_input, "mode must be listen, whisper or barge", "mode")));
    return std::nullopt;
  }
  return mode->get<std::string>();
}

void supervise(RequestContext& ctx, const std::string& action, const std::string& mode,
               int success_status) {
  if (ctx.server.desk == nullptr)
    return ctx.reply.respond(error_response(503, "the queues are not running"));
  const Reply reply = ctx.reply;
  ctx.server.desk->supervise(ctx.caller.tenant_id, ctx.caller.user_id, *ctx.id, action, mode,
                             [reply, success_status](Result<nlohmann::json> answer) {
                               if (!answer) return reply.respond(error_response(answer.error()));
                               if (success_status == 204) return reply.respond(no_content());
                               reply.respond(json_response(success_status, *answer));
                             });
}

}  // namespace

void start_supervision(RequestContext& ctx) {
  if (!agent_of_tenant(ctx)) return;
  const auto mode = mode_of(ctx);
  if (mode) supervise(ctx, "start", *mode, 202);
}

void change_supervision(RequestContext& ctx) {
  if (!agent_of_tenant(ctx)) return;
  const auto mode = mode_of(ctx);
  if (mode) supervise(ctx, "mode", *mode, 200);
}

void end_supervision(RequestContext& ctx) {
  if (!agent_of_tenant(ctx)) return;
  supervise(ctx, "end", {}, 204);
}

}  // namespace callwerk::http

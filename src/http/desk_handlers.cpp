// The agent desktop's own state and the team lead's wallboard: answered by the AgentDesk on
// the core thread, replied on the connection's thread.
#include <algorithm>
#include <iterator>

#include "http/handlers.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {

constexpr std::size_t kMaxReasonBytes = 64;

AgentDesk::Done reply_with(const Reply& reply) {
  return [reply](Result<nlohmann::json> answer) {
    if (!answer) return reply.respond(error_response(answer.error()));
    reply.respond(json_response(200, *answer));
  };
}

bool desk_running(RequestContext& ctx) {
  if (ctx.server.desk != nullptr) return true;
  ctx.reply.respond(error_response(503, "the queues are not running"));
  return false;
}

}  // namespace

void get_desk_status(RequestContext& ctx) {
  if (!desk_running(ctx)) return;
  ctx.server.desk->agent_status(ctx.caller.tenant_id, ctx.caller.user_id, reply_with(ctx.reply));
}

void post_desk_state(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  const auto action = body->find("action");
  if (action == body->end() || !action->is_string())
    return ctx.reply.respond(
        error_response(make_error(ErrorKind::invalid_input, "action must be a string", "action")));
  std::string reason;
  if (const auto given = body->find("reason"); given != body->end() && !given->is_null()) {
    if (!given->is_string() || given->get_ref<const std::string&>().size() > kMaxReasonBytes)
      return ctx.reply.respond(error_response(make_error(
          ErrorKind::invalid_input, "reason must be a string of at most 64 bytes", "reason")));
    reason = given->get<std::string>();
  }
  for (const auto& [key, value] : body->items()) {
    if (key != "action" && key != "reason")
      return ctx.reply.respond(
          error_response(make_error(ErrorKind::invalid_input, "unknown field '" + key + "'", key)));
  }
  if (!desk_running(ctx)) return;
  ctx.server.desk->agent_command(ctx.caller.tenant_id, ctx.caller.user_id,
                                 action->get<std::string>(), reason, reply_with(ctx.reply));
}

void post_desk_call(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  AgentDesk::CallCommand command;
  auto refuse = [&](const std::string& message, const std::string& field) {
    ctx.reply.respond(error_response(make_error(ErrorKind::invalid_input, message, field)));
  };
  for (const auto& [key, value] : body->items()) {
    if (key == "agent_id") {
      if (!value.is_number_integer() || value.get<int64_t>() <= 0)
        return refuse("agent_id must be a positive integer", key);
      command.agent_id = value.get<int64_t>();
      continue;
    }
    if (key != "action" && key != "queue") return refuse("unknown field '" + key + "'", key);
    if (!value.is_string() || value.get_ref<const std::string&>().size() > 200)
      return refuse(key + " must be a string of at most 200 bytes", key);
    (key == "action" ? command.action : command.queue) = value.get<std::string>();
  }
  if (command.action.empty()) return refuse("action is required", "action");
  const bool to_target = command.action == "transfer" || command.action == "consult";
  const bool has_target = !command.queue.empty() || command.agent_id.has_value();
  if (to_target && !command.queue.empty() && command.agent_id)
    return refuse("either queue or agent_id, not both", "agent_id");
  if (to_target && !has_target)
    return refuse("a " + command.action + " needs a queue's name or a colleague's agent_id",
                  "queue");
  if (!to_target && has_target)
    return refuse("queue and agent_id belong to transfer and consult only",
                  command.queue.empty() ? "agent_id" : "queue");
  if (!desk_running(ctx)) return;
  ctx.server.desk->call_command(ctx.caller.tenant_id, ctx.caller.user_id, command,
                                reply_with(ctx.reply));
}

void get_desk_colleagues(RequestContext& ctx) {
  if (!desk_running(ctx)) return;
  ctx.server.desk->colleagues(ctx.caller.tenant_id, ctx.caller.user_id, reply_with(ctx.reply));
}

void get_wallboard(RequestContext& ctx) {
  if (!desk_running(ctx)) return;
  ctx.server.desk->wallboard(ctx.caller.tenant_id, reply_with(ctx.reply));
}

}  // namespace callwerk::http

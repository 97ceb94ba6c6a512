#include "http/entity_input.hpp"
#include "http/flow_source_check.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

void list_entities(const store::EntitySpec& entity, RequestContext& ctx) {
  auto query = entity_list_query(entity, ctx.caller.tenant_id, ctx.params);
  if (!query) return ctx.reply.respond(error_response(query.error()));
  auto page = ctx.reader.list(entity, *query);
  if (!page) return ctx.reply.respond(error_response(page.error()));
  ctx.reply.respond(json_response(200, store::Json{{"items", std::move(page->items)},
                                                   {"total", page->total},
                                                   {"limit", query->limit},
                                                   {"offset", query->offset}}));
}

void get_entity(const store::EntitySpec& entity, RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none) {
    return ctx.reply.respond(error_response(none.error()));
  }
  auto object = ctx.reader.get(entity, ctx.caller.tenant_id, *ctx.id);
  if (!object) return ctx.reply.respond(error_response(object.error()));
  ctx.reply.respond(json_response(200, *object));
}

void create_entity(const store::EntitySpec& entity, RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  auto input = prepare_entity_input(entity, std::move(*body));
  if (!input) return ctx.reply.respond(error_response(input.error()));
  if (entity.name == "flows") {
    if (auto rejected = check_flow_source(*input, ctx.caller.tenant_id, std::nullopt, ctx.reader))
      return ctx.reply.respond(std::move(*rejected));
  }
  submit_write(
      ctx,
      [entity = &entity, tenant = ctx.caller.tenant_id, actor = ctx.caller.actor(),
       input = std::move(*input)](store::WriteContext& w) {
        return w.create(*entity, tenant, input, actor);
      },
      201);
}

namespace {

// What an authenticated Caller is made of (besides the never writable tenant): a change to
// any of these must end the user's cached sessions and open event streams at once.
bool changes_credentials(const store::Json& input) {
  for (const char* key : {"role", "active", "password_hash", "username"}) {
    if (input.contains(key)) return true;
  }
  return false;
}

// Nobody changes their own role or deactivates or deletes themselves: an admin cannot hand
// their account to another role by mistake, and no caller can escalate through its own row.
Status check_own_account(const RequestContext& ctx, const store::Json* input) {
  if (*ctx.id != ctx.caller.user_id) return ok_status();
  if (input == nullptr) {
    return make_error(ErrorKind::forbidden, "you cannot delete your own account");
  }
  if (auto role = input->find("role"); role != input->end()) {
    if (!role->is_string() || *role != std::string(role_name(ctx.caller.role))) {
      return make_error(ErrorKind::forbidden, "you cannot change your own role", "role");
    }
  }
  if (auto active = input->find("active"); active != input->end() && *active != true) {
    return make_error(ErrorKind::forbidden, "you cannot deactivate your own account", "active");
  }
  return ok_status();
}

}  // namespace

void update_entity(const store::EntitySpec& entity, RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  auto input = prepare_entity_input(entity, std::move(*body));
  if (!input) return ctx.reply.respond(error_response(input.error()));
  const store::Id id = *ctx.id;
  if (entity.name == "flows") {
    if (auto rejected = check_flow_source(*input, ctx.caller.tenant_id, id, ctx.reader))
      return ctx.reply.respond(std::move(*rejected));
  }
  std::function<void(const Result<store::Json>&)> on_committed;
  if (entity.name == "users") {
    if (Status own = check_own_account(ctx, &*input); !own) {
      return ctx.reply.respond(error_response(own.error()));
    }
    if (changes_credentials(*input)) {
      // Cached sessions must be re-checked, and the user's event streams (opened with the old
      // role) are closed.
      AuthCache* cache = &ctx.server.auth_cache;
      on_committed = [cache, id](const Result<store::Json>& result) {
        if (result) cache->evict_user(id);
      };
    }
  }
  submit_write(
      ctx,
      [entity = &entity, tenant = ctx.caller.tenant_id, id, actor = ctx.caller.actor(),
       input = std::move(*input)](store::WriteContext& w) {
        return w.update(*entity, tenant, id, input, actor);
      },
      200, std::move(on_committed));
}

void delete_entity(const store::EntitySpec& entity, RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none) {
    return ctx.reply.respond(error_response(none.error()));
  }
  const store::Id id = *ctx.id;
  std::function<void(const Result<store::Json>&)> on_committed;
  if (entity.name == "users") {
    if (Status own = check_own_account(ctx, nullptr); !own) {
      return ctx.reply.respond(error_response(own.error()));
    }
    AuthCache* cache = &ctx.server.auth_cache;
    on_committed = [cache, id](const Result<store::Json>& result) {
      if (result) cache->evict_user(id);
    };
  }
  submit_write(
      ctx,
      [entity = &entity, tenant = ctx.caller.tenant_id, id,
       actor = ctx.caller.actor()](store::WriteContext& w) -> Result<store::Json> {
        if (Status removed = w.remove(*entity, tenant, id, actor); !removed) return removed.error();
        return store::Json(nullptr);
      },
      204, std::move(on_committed));
}

}  // namespace callwerk::http

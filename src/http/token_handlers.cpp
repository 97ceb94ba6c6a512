#include "http/authenticator.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"
#include "store/credentials.hpp"

namespace callwerk::http {

namespace {

constexpr std::size_t kMaxTokenNameLength = 100;

}  // namespace

void list_tokens(RequestContext& ctx) {
  // The store describes and lists tokens (tenant-bound, never with their hash).
  auto query = entity_list_query(store::api_token_spec(), ctx.caller.tenant_id, ctx.params);
  if (!query) return ctx.reply.respond(error_response(query.error()));
  auto page = ctx.reader.api_tokens(*query);
  if (!page) return ctx.reply.respond(error_response(page.error()));
  ctx.reply.respond(json_response(200, store::Json{{"items", std::move(page->items)},
                                                   {"total", page->total},
                                                   {"limit", query->limit},
                                                   {"offset", query->offset}}));
}

void create_token(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  std::string name;
  for (const auto& [key, value] : body->items()) {
    if (key != "name") {
      return ctx.reply.respond(error_response(400, "unknown field '" + key + "'", key));
    }
    if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
        value.get_ref<const std::string&>().size() > kMaxTokenNameLength) {
      return ctx.reply.respond(
          error_response(400, "name must be a string of 1 to 100 characters", "name"));
    }
    name = value.get<std::string>();
  }
  if (name.empty()) return ctx.reply.respond(error_response(400, "name is required", "name"));

  // Only the hash is stored; the token itself is shown once, in this response.
  const std::string token = std::string(kTokenPrefix) + store::random_token(32);
  Reply reply = ctx.reply;
  ctx.server.writer.submit(
      [tenant = ctx.caller.tenant_id, user = ctx.caller.user_id, name,
       hash = store::sha256_hex(token), actor = ctx.caller.actor()](store::WriteContext& w) {
        return w.create_api_token(tenant, user, name, hash, actor);
      },
      [reply, token, name](Result<store::Json> result) {
        reply.post([reply, token, name, result = std::move(result)] {
          if (!result) return reply.respond(error_response(result.error()));
          store::Json body{
              {"id", result->value("id", store::Json(nullptr))}, {"name", name}, {"token", token}};
          reply.respond(json_response(201, body));
        });
      });
}

void revoke_token(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none) {
    return ctx.reply.respond(error_response(none.error()));
  }
  AuthCache* cache = &ctx.server.auth_cache;
  const store::Id id = *ctx.id;
  submit_write(
      ctx,
      [tenant = ctx.caller.tenant_id, id,
       actor = ctx.caller.actor()](store::WriteContext& w) -> Result<store::Json> {
        if (Status revoked = w.revoke_api_token(tenant, id, actor); !revoked) {
          return revoked.error();
        }
        return store::Json(nullptr);
      },
      204, [cache, id](const Result<store::Json>&) { cache->evict_token(id); });
}

}  // namespace callwerk::http

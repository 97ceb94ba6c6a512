#include <fmt/format.h>

#include "http/authenticator.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"
#include "store/credentials.hpp"

namespace callwerk::http {

namespace {

constexpr std::size_t kMaxUsernameLength = 64;
constexpr std::size_t kMaxPasswordLength = 1024;

// Verifying against a real hash when the user does not exist keeps the response time the same,
// so that timing does not reveal which usernames exist.
const std::string& decoy_hash() {
  static const std::string hash = [] {
    auto h = store::hash_password(store::random_token(16));
    return h ? *h : std::string();
  }();
  return hash;
}

std::string session_cookie(const std::string& value, bool secure, long max_age_seconds) {
  return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}", kSessionCookie,
                     value, max_age_seconds, secure ? "; Secure" : "");
}

// {"user", "tenant", "csrf_token"}: what the UI needs to render after sign-in.
Result<store::Json> session_body(store::StoreReader& reader, store::Id tenant_id, store::Id user_id,
                                 const std::string& csrf_token) {
  const store::EntitySpec* users = store::find_entity("users");
  auto user = reader.get(*users, tenant_id, user_id);
  if (!user) return user.error();
  auto tenant = reader.tenant(tenant_id);
  if (!tenant) return tenant.error();
  store::Json body{{"user", std::move(*user)}, {"tenant", std::move(*tenant)}};
  body["csrf_token"] = csrf_token.empty() ? store::Json(nullptr) : store::Json(csrf_token);
  return body;
}

void audit_async(ServerState& server, std::optional<store::Id> tenant_id, store::Actor actor,
                 std::string action, store::Json details) {
  server.writer.submit(
      [tenant_id, actor = std::move(actor), action = std::move(action),
       details = std::move(details)](store::WriteContext& w) -> Result<store::Json> {
        if (Status s = w.audit(tenant_id, actor, action, "session", std::nullopt, details); !s) {
          return s.error();
        }
        return store::Json(nullptr);
      },
      [](Result<store::Json>) {});
}

}  // namespace

void login(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  for (const auto& [key, value] : body->items()) {
    if (key != "username" && key != "password") {
      return ctx.reply.respond(error_response(400, "unknown field '" + key + "'", key));
    }
    if (!value.is_string()) {
      return ctx.reply.respond(error_response(400, key + " must be a string", key));
    }
  }
  const std::string username = body->value("username", "");
  const std::string password = body->value("password", "");
  if (username.empty() || username.size() > kMaxUsernameLength) {
    return ctx.reply.respond(error_response(400, "username is required", "username"));
  }
  if (password.empty() || password.size() > kMaxPasswordLength) {
    return ctx.reply.respond(error_response(400, "password is required", "password"));
  }

  const std::string& address = ctx.request.client_address;
  const TimeMs now = now_ms();
  if (auto wait = ctx.server.login_limiter.retry_after_seconds(username, address, now); wait > 0) {
    ApiResponse response = error_response(429, "too many failed sign-in attempts; try later");
    response.headers.emplace_back("Retry-After", std::to_string(wait));
    return ctx.reply.respond(std::move(response));
  }

  auto user = ctx.reader.user_by_username(username);
  const bool verified = user ? store::verify_password(user->password_hash, password)
                             : (store::verify_password(decoy_hash(), password), false);
  if (!user || !verified || !user->active || !parse_role(user->role)) {
    ctx.server.login_limiter.record_failure(username, address, now);
    audit_async(ctx.server, user ? std::optional(user->tenant_id) : std::nullopt,
                store::Actor{user ? std::optional(user->id) : std::nullopt, username},
                "login.failed", store::Json{{"address", address}});
    return ctx.reply.respond(error_response(401, "wrong username or password"));
  }
  ctx.server.login_limiter.record_success(username);

  const std::string session_id = store::random_token(32);
  store::SessionRecord session{store::sha256_hex(session_id), user->id, store::random_token(32),
                               now, now + kSessionLifetimeMs};
  auto response_body = session_body(ctx.reader, user->tenant_id, user->id, session.csrf_token);
  if (!response_body) return ctx.reply.respond(error_response(response_body.error()));

  const store::Actor actor{user->id, user->username};
  const store::Id tenant_id = user->tenant_id;
  const std::string cookie =
      session_cookie(session_id, ctx.server.options.secure_cookies, kSessionLifetimeMs / 1000);
  Reply reply = ctx.reply;
  ctx.server.writer.submit(
      [session, actor, tenant_id, address,
       body = std::move(*response_body)](store::WriteContext& w) -> Result<store::Json> {
        if (Status s = w.put_session(session); !s) return s.error();
        if (Status s = w.audit(tenant_id, actor, "login", "session", std::nullopt,
                               store::Json{{"address", address}});
            !s) {
          return s.error();
        }
        return body;
      },
      [reply, cookie](Result<store::Json> result) {
        reply.post([reply, cookie, result = std::move(result)] {
          if (!result) return reply.respond(error_response(result.error()));
          ApiResponse response = json_response(200, *result);
          response.headers.emplace_back("Set-Cookie", cookie);
          reply.respond(std::move(response));
        });
      });
}

void logout(RequestContext& ctx) {
  const Caller& caller = ctx.caller;
  ApiResponse response = no_content();
  response.headers.emplace_back("Set-Cookie",
                                session_cookie("", ctx.server.options.secure_cookies, 0));
  if (!caller.via_cookie) return ctx.reply.respond(std::move(response));
  ctx.server.auth_cache.evict(caller.session_hash);
  AuthCache* cache = &ctx.server.auth_cache;
  Reply reply = ctx.reply;
  ctx.server.writer.submit(
      [hash = caller.session_hash, tenant = caller.tenant_id,
       actor = caller.actor()](store::WriteContext& w) -> Result<store::Json> {
        if (Status s = w.delete_session(hash); !s) return s.error();
        if (Status s =
                w.audit(tenant, actor, "logout", "session", std::nullopt, store::Json::object());
            !s) {
          return s.error();
        }
        return store::Json(nullptr);
      },
      [reply, cache, hash = caller.session_hash, response](Result<store::Json> result) {
        reply.post([reply, cache, hash, response, result = std::move(result)] {
          // Evicted again: a request racing with the delete may have re-cached the session.
          cache->evict(hash);
          if (!result) return reply.respond(error_response(result.error()));
          reply.respond(response);
        });
      });
}

void current_user(RequestContext& ctx) {
  auto body =
      session_body(ctx.reader, ctx.caller.tenant_id, ctx.caller.user_id, ctx.caller.csrf_token);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  ctx.reply.respond(json_response(200, *body));
}

}  // namespace callwerk::http

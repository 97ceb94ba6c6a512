// Sessions, CSRF, API tokens and login rate limiting.

#include <gtest/gtest.h>

#include "api_world.hpp"

namespace callwerk::test {
namespace {

Json contact(const std::string& name) {
  return {{"first_name", "Carla"}, {"last_name", name}};
}

TEST(Auth, LoginSetsAHardenedSessionCookieAndReturnsUserTenantAndCsrf) {
  World& w = world();
  HttpResult r = w.client().request(
      "POST", "/api/v1/auth/login",
      Json{{"username", w.a.usernames[Role::agent]}, {"password", password_for(Role::agent)}}
          .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("set-cookie");
  EXPECT_EQ(cookie.rfind("cw_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // not configured in tests
  // 32 random bytes, base64url.
  EXPECT_GE(cookie.find(';') - std::string("cw_session=").size(), 43u);
  const Json body = r.json();
  EXPECT_EQ(body["user"]["username"], w.a.usernames[Role::agent]);
  EXPECT_EQ(body["user"]["role"], "agent");
  EXPECT_FALSE(body["user"].contains("password_hash"));
  EXPECT_EQ(body["tenant"]["id"], w.a.id);
  EXPECT_TRUE(body["csrf_token"].is_string());
  EXPECT_EQ(r.header("cache-control"), "no-store");
}

TEST(Auth, SecureFlagWhenConfigured) {
  http::HttpOptions options;
  options.secure_cookies = true;
  TestServer server(options);
  const Id tenant = server.create_tenant("secure");
  server.create_user(tenant, "secure-admin", Role::admin, "pw-secure-123");
  HttpResult r = server.client().request(
      "POST", "/api/v1/auth/login",
      Json{{"username", "secure-admin"}, {"password", "pw-secure-123"}}.dump());
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("set-cookie").find("; Secure"), std::string::npos);
}

TEST(Auth, WrongPasswordAndUnknownUserAre401) {
  World& w = world();
  HttpResult r = w.client().request(
      "POST", "/api/v1/auth/login",
      Json{{"username", w.a.usernames[Role::supervisor]}, {"password", "wrong"}}.dump());
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(r.header("set-cookie").empty());
  r = w.client().request("POST", "/api/v1/auth/login",
                         Json{{"username", "nobody"}, {"password", "whatever"}}.dump());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json()["error"]["status"], 401);
}

TEST(Auth, MeReturnsTheSessionsUser) {
  World& w = world();
  HttpResult r = w.client().get("/api/v1/auth/me", w.a.sessions[Role::supervisor].headers(false));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["user"]["role"], "supervisor");
  EXPECT_EQ(r.json()["csrf_token"], w.a.sessions[Role::supervisor].csrf);
}

TEST(Auth, CookieWritesNeedTheCsrfToken) {
  World& w = world();
  TestClient client = w.client();
  const Session& agent = w.a.sessions[Role::agent];
  HttpResult r =
      client.request("POST", "/api/v1/contacts", contact("NoCsrf").dump(), agent.headers(false));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["status"], 403);
  r = client.request("POST", "/api/v1/contacts", contact("WrongCsrf").dump(),
                     {{"Cookie", agent.cookie}, {"X-CSRF-Token", "wrong"}});
  EXPECT_EQ(r.status, 403);
  // Another session's token is wrong too.
  r = client.request("POST", "/api/v1/contacts", contact("OtherCsrf").dump(),
                     {{"Cookie", agent.cookie}, {"X-CSRF-Token", w.a.sessions[Role::admin].csrf}});
  EXPECT_EQ(r.status, 403);
  r = client.request("POST", "/api/v1/contacts", contact("WithCsrf").dump(), agent.headers());
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["last_name"], "WithCsrf");
  // Reads need no token.
  EXPECT_EQ(client.get("/api/v1/contacts", agent.headers(false)).status, 200);
}

TEST(Auth, BearerTokensNeedNoCsrf) {
  World& w = world();
  HttpResult r = w.client().request("POST", "/api/v1/contacts", contact("Bearer").dump(),
                                    bearer(w.a.admin_token));
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["tenant_id"], w.a.id);
}

TEST(Auth, MalformedAuthorizationIs401) {
  World& w = world();
  TestClient client = w.client();
  EXPECT_EQ(client.get("/api/v1/tenant", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}).status,
            401);
  EXPECT_EQ(client.get("/api/v1/tenant", {{"Authorization", "Bearer "}}).status, 401);
  EXPECT_EQ(client.get("/api/v1/tenant", bearer("not-a-cwk-token")).status, 401);
}

TEST(Auth, OnlyAdminsManageTokensAndRevokedTokensStopWorking) {
  World& w = world();
  TestClient client = w.client();
  for (Role role : {Role::supervisor, Role::agent, Role::client_viewer}) {
    EXPECT_EQ(client.get("/api/v1/tokens", w.a.sessions[role].headers()).status, 403);
    EXPECT_EQ(
        client.request("POST", "/api/v1/tokens", R"({"name":"x"})", w.a.sessions[role].headers())
            .status,
        403);
  }
  HttpResult created = client.request("POST", "/api/v1/tokens", R"({"name":"integration"})",
                                      w.a.sessions[Role::admin].headers());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = created.json()["token"];
  const Id id = created.json()["id"];
  EXPECT_EQ(token.rfind("cwk_", 0), 0u);
  EXPECT_EQ(created.json()["name"], "integration");

  EXPECT_EQ(client.get("/api/v1/tenant", bearer(token)).status, 200);
  HttpResult list = client.get("/api/v1/tokens", bearer(token));
  ASSERT_EQ(list.status, 200);
  bool listed = false;
  for (const Json& item : list.items()) {
    listed = listed || item["id"] == id;
    EXPECT_FALSE(item.contains("token_hash"));
    EXPECT_FALSE(item.contains("token"));
  }
  EXPECT_TRUE(listed) << list.body;

  EXPECT_EQ(client
                .request("DELETE", "/api/v1/tokens/" + std::to_string(id), "",
                         w.a.sessions[Role::admin].headers())
                .status,
            204);
  EXPECT_EQ(client.get("/api/v1/tenant", bearer(token)).status, 401);
}

TEST(Auth, TokenActsWithItsUsersRole) {
  World& w = world();
  // A token created by an admin belongs to the admin; a viewer's cookie cannot write.
  HttpResult r =
      w.client().request("POST", "/api/v1/products",
                         Json{{"sku", "TOK-1"}, {"name", "x"}, {"unit_price_cents", 1}}.dump(),
                         bearer(w.a.admin_token));
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST(Auth, LogoutInvalidatesTheSession) {
  World& w = world();
  TestClient client = w.client();
  Session session = login(client, w.a.usernames[Role::agent], password_for(Role::agent));
  ASSERT_EQ(client.get("/api/v1/auth/me", session.headers(false)).status, 200);
  // Logout is a write: it needs the CSRF token like any other.
  EXPECT_EQ(client.request("POST", "/api/v1/auth/logout", "", session.headers(false)).status, 403);
  HttpResult out = client.request("POST", "/api/v1/auth/logout", "", session.headers());
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(client.get("/api/v1/auth/me", session.headers(false)).status, 401);
  EXPECT_EQ(client.get("/api/v1/contacts", session.headers(false)).status, 401);
}

TEST(Auth, DeactivatedUsersLoseTheirSessionAtOnce) {
  World& w = world();
  TestClient client = w.client();
  const Id user = w.server->create_user(w.a.id, "alpha-leaver", Role::agent, "pw-leaver-123");
  Session session = login(client, "alpha-leaver", "pw-leaver-123");
  ASSERT_EQ(client.get("/api/v1/contacts", session.headers(false)).status, 200);
  HttpResult r = client.request("PATCH", "/api/v1/users/" + std::to_string(user),
                                R"({"active":false})", w.a.sessions[Role::admin].headers());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(client.get("/api/v1/contacts", session.headers(false)).status, 401);
}

TEST(Auth, UsersGetAPasswordNeverAHash) {
  World& w = world();
  TestClient client = w.client();
  const Headers admin = w.a.sessions[Role::admin].headers();
  HttpResult r = client.request("POST", "/api/v1/users",
                                Json{{"username", "alpha-new-agent"},
                                     {"display_name", "Neue Agentin"},
                                     {"role", "agent"},
                                     {"password", "correct horse battery"},
                                     {"sip_password", "sip-secret"}}
                                    .dump(),
                                admin);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.json().contains("password_hash"));
  EXPECT_FALSE(r.json().contains("password"));
  EXPECT_FALSE(r.json().contains("sip_password"));
  login(client, "alpha-new-agent", "correct horse battery");

  r = client.request("POST", "/api/v1/users",
                     Json{{"username", "alpha-hash"},
                          {"display_name", "x"},
                          {"role", "agent"},
                          {"password_hash", "$argon2id$v=19$m=65536,t=2,p=1$abc$def"}}
                         .dump(),
                     admin);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "password_hash");
  r = client.request("POST", "/api/v1/users",
                     Json{{"username", "alpha-short"},
                          {"display_name", "x"},
                          {"role", "agent"},
                          {"password", "short"}}
                         .dump(),
                     admin);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "password");
  HttpResult list = client.get("/api/v1/users", admin);
  for (const Json& user : list.items()) {
    EXPECT_FALSE(user.contains("password_hash"));
    EXPECT_FALSE(user.contains("sip_password"));
  }
}

TEST(Auth, RolesPerEntity) {
  World& w = world();
  TestClient client = w.client();
  const Json product{{"sku", "ROLE-1"}, {"name", "x"}, {"unit_price_cents", 1}};
  EXPECT_EQ(
      client
          .request("POST", "/api/v1/products", product.dump(), w.a.sessions[Role::agent].headers())
          .status,
      403);
  EXPECT_EQ(client
                .request("POST", "/api/v1/users", R"({"username":"x"})",
                         w.a.sessions[Role::agent].headers())
                .status,
            403);
  EXPECT_EQ(client
                .request("POST", "/api/v1/products", product.dump(),
                         w.a.sessions[Role::supervisor].headers())
                .status,
            201);
  EXPECT_EQ(client
                .request("POST", "/api/v1/tickets",
                         R"({"category":"complaint","subject":"Agent ticket"})",
                         w.a.sessions[Role::agent].headers())
                .status,
            201);
  for (const char* path : {"/api/v1/interactions", "/api/v1/contacts", "/api/v1/orders",
                           "/api/v1/tickets", "/api/v1/kb", "/api/v1/products"}) {
    EXPECT_EQ(client.get(path, w.a.sessions[Role::client_viewer].headers(false)).status, 200)
        << path;
  }
  EXPECT_EQ(client.get("/api/v1/users", w.a.sessions[Role::client_viewer].headers(false)).status,
            403);
  EXPECT_EQ(client.get("/api/v1/audit", w.a.sessions[Role::agent].headers(false)).status, 403);
  EXPECT_EQ(client.get("/api/v1/audit", w.a.sessions[Role::supervisor].headers(false)).status, 200);
}

TEST(LoginRateLimit, FiveFailuresPerUsernameLockTheAccount) {
  TestServer server;
  const Id tenant = server.create_tenant("limits");
  server.create_user(tenant, "target", Role::agent, "the-right-password");
  server.create_user(tenant, "bystander", Role::agent, "bystander-password");
  TestClient client = server.client();
  auto attempt = [&](const std::string& user, const std::string& password) {
    return client.request("POST", "/api/v1/auth/login",
                          Json{{"username", user}, {"password", password}}.dump());
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt("target", "wrong").status, 401);
  HttpResult locked = attempt("target", "the-right-password");
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(locked.json()["error"]["status"], 429);
  const int retry_after = std::stoi(locked.header("retry-after"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 300);
  // Other users from the same address still get in.
  EXPECT_EQ(attempt("bystander", "bystander-password").status, 200);
}

TEST(LoginRateLimit, SuccessResetsTheUsernameCounter) {
  TestServer server;
  const Id tenant = server.create_tenant("reset");
  server.create_user(tenant, "forgetful", Role::agent, "the-right-password");
  TestClient client = server.client();
  auto attempt = [&](const std::string& password) {
    return client.request("POST", "/api/v1/auth/login",
                          Json{{"username", "forgetful"}, {"password", password}}.dump());
  };
  for (int i = 0; i < 4; ++i) EXPECT_EQ(attempt("wrong").status, 401);
  EXPECT_EQ(attempt("the-right-password").status, 200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(attempt("wrong").status, 401);
  EXPECT_EQ(attempt("the-right-password").status, 200);
}

TEST(LoginRateLimit, TwentyFailuresPerAddressLockTheAddress) {
  TestServer server;
  const Id tenant = server.create_tenant("spray");
  server.create_user(tenant, "victim", Role::agent, "the-right-password");
  TestClient client = server.client();
  for (int i = 0; i < 20; ++i) {
    HttpResult r =
        client.request("POST", "/api/v1/auth/login",
                       Json{{"username", "guess" + std::to_string(i)}, {"password", "x"}}.dump());
    EXPECT_EQ(r.status, 401);
  }
  HttpResult r =
      client.request("POST", "/api/v1/auth/login",
                     Json{{"username", "victim"}, {"password", "the-right-password"}}.dump());
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
}

TEST(Auth, FailedAndSuccessfulLoginsAreAudited) {
  World& w = world();
  TestClient client = w.client();
  client.request(
      "POST", "/api/v1/auth/login",
      Json{{"username", w.a.usernames[Role::client_viewer]}, {"password", "nope"}}.dump());
  w.server->writer().flush();
  HttpResult r = client.get("/api/v1/audit?entity=session&limit=500",
                            w.a.sessions[Role::admin].headers(false));
  ASSERT_EQ(r.status, 200) << r.body;
  bool failed = false, succeeded = false;
  for (const Json& entry : r.items()) {
    failed = failed || entry["action"] == "login.failed";
    succeeded = succeeded || entry["action"] == "login";
  }
  EXPECT_TRUE(failed) << r.body;
  EXPECT_TRUE(succeeded) << r.body;
}

}  // namespace
}  // namespace callwerk::test

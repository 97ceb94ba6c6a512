// Attacks on sessions, event streams, roles and input that once got through.

#include <gtest/gtest.h>

#include <thread>

#include "api_world.hpp"

namespace callwerk::test {
namespace {

std::string origin_of(const World& w) {
  return "http://127.0.0.1:" + std::to_string(w.server->port());
}

// A WebSocket of a cookie session that has read its hello.
void open_stream(TestWebSocket& socket, const World& w, const Session& session) {
  ASSERT_EQ(
      socket.connect(w.server->port(), {{"Cookie", session.cookie}, {"Origin", origin_of(w)}}),
      101);
  ASSERT_TRUE(socket.read(std::chrono::seconds(5)));
}

// The server ends the stream within a few seconds (rather than keeping it open).
void expect_closed_by_server(TestWebSocket& socket) {
  for (int i = 0; i < 10; ++i) {
    if (!socket.read(std::chrono::seconds(5))) break;  // events before the close are fine
  }
  EXPECT_TRUE(socket.closed_by_server());
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

TEST(Security, ATokenSentAsTheSessionCookieIsNoTokenCaller) {
  World& w = world();
  TestClient client = w.client();
  // Cached as a token first; as a cookie it would then skip the CSRF check.
  ASSERT_EQ(client.get("/api/v1/tenant", bearer(w.a.admin_token)).status, 200);
  HttpResult r = client.request("POST", "/api/v1/contacts", R"({"last_name":"Tossed"})",
                                {{"Cookie", "cw_session=" + w.a.admin_token}});
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST(Security, BearerSchemeIsCaseInsensitive) {
  World& w = world();
  EXPECT_EQ(
      w.client().get("/api/v1/tenant", {{"Authorization", "bearer " + w.a.admin_token}}).status,
      200);
}

TEST(Security, DeeplyNestedJsonIsRefusedNotACrash) {
  World& w = world();
  TestClient client = w.client();
  const std::string timeline =
      "/api/v1/interactions/" + std::to_string(w.a.objects.at("interactions")) + "/timeline";
  const Headers agent = w.a.sessions[Role::agent].headers();
  HttpResult r = client.request("POST", timeline,
                                R"({"type":"note","payload":{"x":)" + nested(200000) + "}}", agent);
  EXPECT_EQ(r.status, 400) << r.body;
  r = client.request("POST", timeline, R"({"type":"note","payload":{"x":)" + nested(40) + "}}",
                     agent);
  EXPECT_EQ(r.status, 400) << r.body;
  // Brackets inside strings are text, not nesting.
  r = client.request("POST", timeline,
                     R"({"type":"note","payload":{"x":")" + std::string(100, '[') + R"(\"","y":)" +
                         nested(5) + "}}",
                     agent);
  EXPECT_EQ(r.status, 201) << r.body;
  // Login reads a body before anyone is authenticated.
  r = client.request("POST", "/api/v1/auth/login",
                     R"({"username":)" + std::string(300000, '[') + "}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(client.get("/api/v1/health").status, 200);
}

TEST(Security, TooManyQueryParametersAreOneError) {
  World& w = world();
  std::string query = "/api/v1/contacts?";
  for (int i = 0; i < 2000; ++i) query += "p" + std::to_string(i) + "=1&";
  HttpResult r = w.client().get(query, bearer(w.a.admin_token));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"]["field"], "query") << r.body;
}

TEST(Security, NobodyChangesTheirOwnRoleOrDisablesThemselves) {
  World& w = world();
  TestClient client = w.client();
  const Id self = w.server->create_user(w.a.id, "alpha-admin-self", Role::admin, "pw-self-admin");
  const Session admin = login(client, "alpha-admin-self", "pw-self-admin");
  const std::string path = "/api/v1/users/" + std::to_string(self);
  HttpResult r = client.request("PATCH", path, R"({"role":"agent"})", admin.headers());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "role");
  r = client.request("PATCH", path, R"({"active":false})", admin.headers());
  EXPECT_EQ(r.status, 403) << r.body;
  r = client.request("DELETE", path, "", admin.headers());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(client.get(path, admin.headers()).json()["role"], "admin");
  // Everything else about oneself may change, and the unchanged role may be sent along.
  r = client.request("PATCH", path, R"({"display_name":"Selbst","role":"admin"})", admin.headers());
  EXPECT_EQ(r.status, 200) << r.body;
  // Agents and supervisors cannot write users at all, their own row included.
  for (Role role : {Role::agent, Role::supervisor}) {
    r = client.request("PATCH", "/api/v1/users/" + std::to_string(w.a.user_ids[role]),
                       R"({"role":"admin"})", w.a.sessions[role].headers());
    EXPECT_EQ(r.status, 403) << r.body;
    r = client.request("POST", "/api/v1/users",
                       Json{{"username", "alpha-escalated"},
                            {"display_name", "x"},
                            {"role", "admin"},
                            {"password", "a-long-password"}}
                           .dump(),
                       w.a.sessions[role].headers());
    EXPECT_EQ(r.status, 403) << r.body;
  }
  // The tenant of a user is never writable.
  r = client.request("PATCH", "/api/v1/users/" + std::to_string(w.a.user_ids[Role::agent]),
                     Json{{"tenant_id", w.b.id}}.dump(), admin.headers());
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST(Security, LogoutClosesTheSessionsEventStreams) {
  World& w = world();
  TestClient client = w.client();
  const Session session = login(client, w.a.usernames[Role::agent], password_for(Role::agent));
  const Session other = login(client, w.a.usernames[Role::agent], password_for(Role::agent));
  TestWebSocket mine, theirs;
  open_stream(mine, w, session);
  open_stream(theirs, w, other);
  ASSERT_EQ(client.request("POST", "/api/v1/auth/logout", "", session.headers()).status, 204);
  expect_closed_by_server(mine);
  // Another session of the same user keeps its stream.
  EXPECT_FALSE(theirs.read(std::chrono::milliseconds(300)));
  EXPECT_FALSE(theirs.closed_by_server());
}

TEST(Security, DeactivationClosesTheUsersEventStreams) {
  World& w = world();
  TestClient client = w.client();
  const Id user = w.server->create_user(w.a.id, "alpha-stream-leaver", Role::agent, "pw-leaver-ws");
  TestWebSocket socket;
  open_stream(socket, w, login(client, "alpha-stream-leaver", "pw-leaver-ws"));
  HttpResult r = client.request("PATCH", "/api/v1/users/" + std::to_string(user),
                                R"({"active":false})", bearer(w.a.admin_token));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_closed_by_server(socket);
}

TEST(Security, ARoleChangeClosesTheStreamsOpenedWithTheOldRole) {
  World& w = world();
  TestClient client = w.client();
  const Id user = w.server->create_user(w.a.id, "alpha-demoted", Role::supervisor, "pw-demoted");
  TestWebSocket socket;
  open_stream(socket, w, login(client, "alpha-demoted", "pw-demoted"));
  HttpResult r = client.request("PATCH", "/api/v1/users/" + std::to_string(user),
                                R"({"role":"client-viewer"})", bearer(w.a.admin_token));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_closed_by_server(socket);
}

TEST(Security, RevokingATokenClosesItsEventStreams) {
  World& w = world();
  TestClient client = w.client();
  HttpResult created =
      client.request("POST", "/api/v1/tokens", R"({"name":"stream"})", bearer(w.a.admin_token));
  ASSERT_EQ(created.status, 201) << created.body;
  TestWebSocket socket;
  ASSERT_EQ(socket.connect(w.server->port(), bearer(created.json()["token"])), 101);
  ASSERT_TRUE(socket.read(std::chrono::seconds(5)));
  ASSERT_EQ(
      client
          .request("DELETE", "/api/v1/tokens/" + std::to_string(created.json()["id"].get<Id>()), "",
                   bearer(w.a.admin_token))
          .status,
      204);
  expect_closed_by_server(socket);
}

TEST(Security, EventStreamsPingQuietClientsAndDropDeadOnes) {
  http::HttpOptions options;
  options.websocket_idle_seconds = 1;
  TestServer server(options);
  const Id tenant = server.create_tenant("pings");
  server.create_user(tenant, "pings-agent", Role::agent, "pw-pings-agent");
  TestClient client = server.client();
  const Session session = login(client, "pings-agent", "pw-pings-agent");
  const Headers headers{{"Cookie", session.cookie},
                        {"Origin", "http://127.0.0.1:" + std::to_string(server.port())}};

  // A listening client answers the pings (Beast does while reading) and stays connected.
  TestWebSocket quiet;
  ASSERT_EQ(quiet.connect(server.port(), headers), 101);
  ASSERT_TRUE(quiet.read(std::chrono::seconds(5)));
  EXPECT_FALSE(quiet.read(std::chrono::milliseconds(3000)));
  EXPECT_FALSE(quiet.closed_by_server());

  // A client that stops answering is dropped.
  TestWebSocket dead;
  ASSERT_EQ(dead.connect(server.port(), headers), 101);
  ASSERT_TRUE(dead.read(std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  // (A read that times out closes the client's socket: one read decides.)
  EXPECT_FALSE(dead.read(std::chrono::seconds(5)));
  EXPECT_TRUE(dead.closed_by_server());
}

TEST(Security, EventStreamsRefuseHugeClientMessages) {
  World& w = world();
  TestWebSocket socket;
  ASSERT_EQ(socket.connect(w.server->port(), bearer(w.a.admin_token)), 101);
  ASSERT_TRUE(socket.read(std::chrono::seconds(5)));
  socket.send(std::string(200 * 1024, 'x'));
  expect_closed_by_server(socket);
}

TEST(Security, ForwardedForCountsOnlyBehindATrustedProxy) {
  auto fail_logins = [](const TestClient& client, const std::string& forwarded, int n) {
    for (int i = 0; i < n; ++i) {
      HttpResult r = client.request(
          "POST", "/api/v1/auth/login",
          Json{{"username", "guess" + std::to_string(i)}, {"password", "x"}}.dump(),
          {{"X-Forwarded-For", forwarded.empty() ? "198.51.100." + std::to_string(i) : forwarded}});
      EXPECT_EQ(r.status, 401);
    }
  };
  auto login_status = [](const TestClient& client, const std::string& forwarded) {
    return client
        .request("POST", "/api/v1/auth/login",
                 R"({"username":"xff-user","password":"pw-xff-user-1"})",
                 {{"X-Forwarded-For", forwarded}})
        .status;
  };
  {
    // Not behind a trusted proxy: a client cannot pick a fresh address for every guess.
    TestServer server;
    server.create_user(server.create_tenant("xff1"), "xff-user", Role::agent, "pw-xff-user-1");
    fail_logins(server.client(), "", 20);
    EXPECT_EQ(login_status(server.client(), "203.0.113.9"), 429);
  }
  {
    http::HttpOptions options;
    options.trusted_proxies = {"127.0.0.1", "10.0.0.5"};
    TestServer server(options);
    server.create_user(server.create_tenant("xff2"), "xff-user", Role::agent, "pw-xff-user-1");
    // The client wrote the left entry itself; the proxies appended the rest.
    fail_logins(server.client(), "1.2.3.4, 203.0.113.7, 10.0.0.5", 20);
    EXPECT_EQ(login_status(server.client(), "203.0.113.7"), 429);
    EXPECT_EQ(login_status(server.client(), "5.6.7.8, 203.0.113.7"), 429);
    EXPECT_EQ(login_status(server.client(), "203.0.113.8"), 200);
  }
}

TEST(Security, ChildCollectionsCannotReferenceAnotherTenant) {
  World& w = world();
  TestClient client = w.client();
  const Headers as_b = bearer(w.b.admin_token);
  HttpResult r = client.request(
      "POST", "/api/v1/queues",
      Json{{"name", "Leak"}, {"skills", {{{"skill_id", w.a.objects.at("skills")}}}}}.dump(), as_b);
  EXPECT_EQ(r.status, 400) << r.body;
  r = client.request(
      "POST", "/api/v1/orders",
      Json{{"lines", {{{"product_id", w.a.objects.at("products")}, {"quantity", 1}}}}}.dump(),
      as_b);
  EXPECT_EQ(r.status, 400) << r.body;
  r = client.request("PATCH", "/api/v1/users/" + std::to_string(w.b.user_ids[Role::agent]),
                     Json{{"skills", {{{"skill_id", w.a.objects.at("skills")}}}}}.dump(), as_b);
  EXPECT_EQ(r.status, 400) << r.body;
}

}  // namespace
}  // namespace callwerk::test

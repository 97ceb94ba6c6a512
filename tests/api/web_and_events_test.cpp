// The embedded UI, security headers, health, and the WebSocket event stream.

#include <gtest/gtest.h>

#include "api_world.hpp"
#include "http/web_assets.hpp"

namespace callwerk::test {
namespace {

void expect_security_headers(const HttpResult& r) {
  EXPECT_NE(r.header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_FALSE(r.header("referrer-policy").empty());
}

TEST(Web, HealthNeedsNoAuthentication) {
  HttpResult r = world().client().get("/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  expect_security_headers(r);
}

TEST(Web, ServesTheSinglePageApp) {
  bool has_index = false;
  for (const auto& asset : http::web_assets()) has_index = has_index || asset.path == "/index.html";
  if (!has_index) GTEST_SKIP() << "web/ has no index.html in this build";
  TestClient client = world().client();
  HttpResult root = client.get("/");
  ASSERT_EQ(root.status, 200);
  EXPECT_NE(root.header("content-type").find("text/html"), std::string::npos);
  expect_security_headers(root);
  EXPECT_EQ(client.get("/index.html").body, root.body);
  // Any page path is the app; missing files are 404.
  EXPECT_EQ(client.get("/interactions/12").body, root.body);
  EXPECT_EQ(client.get("/no-such-file.js").status, 404);
  for (const auto& asset : http::web_assets()) {
    HttpResult r = client.get(std::string(asset.path));
    EXPECT_EQ(r.status, 200) << asset.path;
    EXPECT_EQ(r.header("content-type"), asset.content_type);
    EXPECT_EQ(r.body.size(), asset.body.size());
  }
  EXPECT_EQ(client.request("POST", "/index.html", "x").status, 405);
}

TEST(Events, UpgradeNeedsAuthentication) {
  World& w = world();
  TestWebSocket anonymous;
  EXPECT_EQ(anonymous.connect(w.server->port(), {}), 401);
  // A cookie from another site's page (Origin differs) is refused.
  TestWebSocket cross_site;
  Headers headers{{"Cookie", w.a.sessions[Role::agent].cookie}, {"Origin", "https://evil.example"}};
  EXPECT_EQ(cross_site.connect(w.server->port(), headers), 403);
  TestWebSocket no_origin;
  EXPECT_EQ(no_origin.connect(w.server->port(), {{"Cookie", w.a.sessions[Role::agent].cookie}}),
            403);
}

TEST(Events, TenantReceivesItsOwnEventsOnly) {
  World& w = world();
  TestWebSocket socket;
  const std::string origin = "http://127.0.0.1:" + std::to_string(w.server->port());
  ASSERT_EQ(socket.connect(w.server->port(),
                           {{"Cookie", w.a.sessions[Role::agent].cookie}, {"Origin", origin}}),
            101);
  auto hello = socket.read(std::chrono::seconds(5));
  ASSERT_TRUE(hello);
  const Json hello_json = Json::parse(*hello);
  EXPECT_EQ(hello_json["type"], "hello");
  EXPECT_EQ(hello_json["user"]["username"], w.a.usernames[Role::agent]);

  // B's interaction is committed (and published) before A's: if B's leaked it would come first.
  const Json interaction{
      {"channel", "voice"}, {"direction", "inbound"}, {"started_at", "2026-03-01T09:00:00Z"}};
  HttpResult b = w.client().request("POST", "/api/v1/interactions", interaction.dump(),
                                    bearer(w.b.admin_token));
  ASSERT_EQ(b.status, 201) << b.body;
  HttpResult a = w.client().request("POST", "/api/v1/interactions", interaction.dump(),
                                    bearer(w.a.admin_token));
  ASSERT_EQ(a.status, 201) << a.body;

  auto message = socket.read(std::chrono::seconds(5));
  ASSERT_TRUE(message);
  const Json event = Json::parse(*message);
  EXPECT_EQ(event["type"], "interaction.created");
  EXPECT_EQ(event["data"]["id"], a.json()["id"]);
  EXPECT_EQ(event["data"]["tenant_id"], w.a.id);
  EXPECT_TRUE(event["at"].is_string());
}

TEST(Events, BearerClientsAndRoleFiltering) {
  World& w = world();
  TestWebSocket viewer;
  const std::string origin = "http://127.0.0.1:" + std::to_string(w.server->port());
  ASSERT_EQ(viewer.connect(w.server->port(), {{"Cookie", w.a.sessions[Role::client_viewer].cookie},
                                              {"Origin", origin}}),
            101);
  TestWebSocket integration;
  ASSERT_EQ(integration.connect(w.server->port(), bearer(w.a.admin_token)), 101);
  ASSERT_TRUE(viewer.read(std::chrono::seconds(5)));       // hello
  ASSERT_TRUE(integration.read(std::chrono::seconds(5)));  // hello

  // A user change is not for client-viewers (they may not read users); a contact is.
  HttpResult user =
      w.client().request("PATCH", "/api/v1/users/" + std::to_string(w.a.user_ids[Role::agent]),
                         R"({"display_name":"Agentin A"})", bearer(w.a.admin_token));
  ASSERT_EQ(user.status, 200) << user.body;
  HttpResult contact = w.client().request("POST", "/api/v1/contacts", R"({"last_name":"Eventual"})",
                                          bearer(w.a.admin_token));
  ASSERT_EQ(contact.status, 201);

  auto first_for_admin = integration.read(std::chrono::seconds(5));
  ASSERT_TRUE(first_for_admin);
  EXPECT_EQ(Json::parse(*first_for_admin)["type"], "user.updated");
  EXPECT_FALSE(Json::parse(*first_for_admin)["data"].contains("password_hash"));
  auto first_for_viewer = viewer.read(std::chrono::seconds(5));
  ASSERT_TRUE(first_for_viewer);
  EXPECT_EQ(Json::parse(*first_for_viewer)["type"], "contact.created");
}

}  // namespace
}  // namespace callwerk::test

// Bad input of every kind gets a 4xx with the one JSON error shape, never a crash.

#include <gtest/gtest.h>

#include "api_world.hpp"

namespace callwerk::test {
namespace {

void expect_error(const HttpResult& r, int status, const std::string& field = {}) {
  EXPECT_EQ(r.status, status) << r.body;
  const Json body = r.json();
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body["error"]["status"], status);
  EXPECT_TRUE(body["error"]["message"].is_string());
  if (!field.empty()) {
    EXPECT_EQ(body["error"]["field"], field) << r.body;
  }
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
}

Headers admin() {
  return bearer(world().a.admin_token);
}

TEST(Input, BadJsonIs400) {
  TestClient client = world().client();
  expect_error(client.request("POST", "/api/v1/contacts", "{not json", admin()), 400);
  expect_error(client.request("POST", "/api/v1/contacts", "[1,2]", admin()), 400);
  expect_error(client.request("POST", "/api/v1/contacts", "", admin()), 400);
  expect_error(client.request("POST", "/api/v1/auth/login", "\"text\""), 400);
  expect_error(
      client.request("PATCH", "/api/v1/contacts/" + std::to_string(world().a.objects["contacts"]),
                     "{\"first_name\": ", admin()),
      400);
}

TEST(Input, WrongTypesAre400WithTheField) {
  TestClient client = world().client();
  expect_error(client.request("POST", "/api/v1/contacts", R"({"first_name": 5})", admin()), 400,
               "first_name");
  expect_error(client.request("POST", "/api/v1/contacts", R"({"do_not_call": "yes"})", admin()),
               400, "do_not_call");
  expect_error(client.request("POST", "/api/v1/products",
                              R"({"sku":"T-1","name":"x","unit_price_cents":"12.50"})", admin()),
               400, "unit_price_cents");
  expect_error(client.request("POST", "/api/v1/tickets",
                              R"({"category":"x","subject":"y","priority":"whenever"})", admin()),
               400, "priority");
  expect_error(client.request("POST", "/api/v1/auth/login", R"({"username": 1, "password": "x"})"),
               400, "username");
}

TEST(Input, UnknownAndReadOnlyFieldsAre400) {
  TestClient client = world().client();
  expect_error(client.request("POST", "/api/v1/contacts", R"({"shoe_size": 44})", admin()), 400,
               "shoe_size");
  expect_error(client.request("POST", "/api/v1/contacts", R"({"tenant_id": 2})", admin()), 400,
               "tenant_id");
  expect_error(client.request("POST", "/api/v1/contacts", R"({"id": 1})", admin()), 400, "id");
  expect_error(client.request("POST", "/api/v1/tokens", R"({"name":"x","scope":"all"})", admin()),
               400, "scope");
  const std::string timeline =
      "/api/v1/interactions/" + std::to_string(world().a.objects["interactions"]) + "/timeline";
  expect_error(client.request("POST", timeline, R"({"type":"note","extra":1})", admin()), 400,
               "extra");
  expect_error(client.request("POST", timeline, R"({"payload":{}})", admin()), 400, "type");
  expect_error(client.request("POST", timeline, R"({"type":"note","payload":"text"})", admin()),
               400, "payload");
}

TEST(Input, OversizedBodyIs413) {
  TestClient client = world().client();
  const std::string big = "{\"notes\":\"" + std::string(1024 * 1024 + 10, 'x') + "\"}";
  expect_error(client.request("POST", "/api/v1/contacts", big, admin()), 413);
}

TEST(Input, BadQueryParametersAre400WithTheParameter) {
  TestClient client = world().client();
  expect_error(client.get("/api/v1/contacts?limit=0", admin()), 400, "limit");
  expect_error(client.get("/api/v1/contacts?limit=501", admin()), 400, "limit");
  expect_error(client.get("/api/v1/contacts?limit=ten", admin()), 400, "limit");
  expect_error(client.get("/api/v1/contacts?offset=-1", admin()), 400, "offset");
  expect_error(client.get("/api/v1/interactions?from=yesterday", admin()), 400, "from");
  expect_error(client.get("/api/v1/interactions?colour=blue", admin()), 400, "colour");
  expect_error(client.get("/api/v1/interactions?channel=pigeon", admin()), 400, "channel");
  expect_error(client.get("/api/v1/interactions?agent_id=abc", admin()), 400, "agent_id");
  expect_error(client.get("/api/v1/contacts?sort=-shoe_size", admin()), 400, "sort");
  expect_error(client.get("/api/v1/users?sort=password_hash", admin()), 400, "sort");
  expect_error(client.get("/api/v1/contacts?q=%zz", admin()), 400);
  expect_error(client.get("/api/v1/contacts?limit=1&limit=2", admin()), 400, "limit");
  expect_error(client.get("/api/v1/audit?colour=blue", admin()), 400, "colour");
  expect_error(client.get("/api/v1/tenant?x=1", admin()), 400, "x");
}

TEST(Input, ListParametersWork) {
  World& w = world();
  TestClient client = w.client();
  HttpResult r = client.get("/api/v1/interactions?channel=voice&direction=inbound&contact_id=" +
                                std::to_string(w.a.objects["contacts"]) +
                                "&from=2026-01-01&to=2026-02-01&limit=10&sort=-started_at",
                            admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["limit"], 10);
  EXPECT_EQ(r.json()["offset"], 0);
  ASSERT_GE(r.json()["total"].get<int>(), 1);
  EXPECT_EQ(r.json()["items"][0]["contact_name"], "Anna Alpha");
  r = client.get("/api/v1/contacts?q=Musterstadt&do_not_call=false", admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GE(r.json()["total"].get<int>(), 1);
  r = client.get("/api/v1/contacts?q=Nirgendwo%20Stadt", admin());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["total"], 0);
}

TEST(Input, UnknownApiPathsAndMethodsAreJson) {
  TestClient client = world().client();
  expect_error(client.get("/api/v1/nothing-here", admin()), 404);
  expect_error(client.get("/api/v2/contacts", admin()), 404);
  expect_error(client.get("/api/v1/contacts/abc", admin()), 404);
  HttpResult r = client.request("PUT", "/api/v1/contacts", "{}", admin());
  expect_error(r, 405);
  EXPECT_NE(r.header("allow").find("GET"), std::string::npos);
  expect_error(client.request("PATCH", "/api/v1/interactions/1/timeline", "{}", admin()), 405);
}

TEST(Input, MalformedHttpDoesNotKillTheServer) {
  TestClient client = world().client();
  HttpResult r =
      client.request("GET", "/api/v1/health", "", {{"X-Huge", std::string(32 * 1024, 'h')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(client.get("/api/v1/health").status, 200);
}

TEST(Timeline, ReadAndAppend) {
  World& w = world();
  TestClient client = w.client();
  const std::string path =
      "/api/v1/interactions/" + std::to_string(w.a.objects["interactions"]) + "/timeline";
  HttpResult appended =
      client.request("POST", path, R"({"type":"note","payload":{"text":"Rückruf morgen"}})",
                     w.a.sessions[Role::agent].headers());
  ASSERT_EQ(appended.status, 201) << appended.body;
  EXPECT_EQ(appended.json()["type"], "note");
  HttpResult list = client.get(path, w.a.sessions[Role::client_viewer].headers(false));
  ASSERT_EQ(list.status, 200);
  const Json items = list.json()["items"];
  ASSERT_GE(items.size(), 2u);
  EXPECT_LT(items[0]["seq"].get<long>(), items[1]["seq"].get<long>());
  EXPECT_EQ(items.back()["payload"]["text"], "Rückruf morgen");
  EXPECT_EQ(
      client
          .request("POST", path, R"({"type":"note"})", w.a.sessions[Role::client_viewer].headers())
          .status,
      403);
}

TEST(Entities, CrudRoundTrip) {
  World& w = world();
  TestClient client = w.client();
  const Headers agent = w.a.sessions[Role::agent].headers();
  HttpResult created = client.request(
      "POST", "/api/v1/tickets", R"({"category":"complaint","subject":"Zähler defekt"})", agent);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/api/v1/tickets/" + std::to_string(created.json()["id"].get<Id>());
  EXPECT_EQ(created.json()["ticket_number"].get<std::string>().rfind("T-", 0), 0u);
  HttpResult patched = client.request("PATCH", path, R"({"status":"resolved"})", agent);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["status"], "resolved");
  EXPECT_EQ(client.get(path, agent).json()["subject"], "Zähler defekt");
  HttpResult deleted = client.request("DELETE", path, "", agent);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(client.get(path, agent).status, 404);
}

TEST(Entities, CallBacksAreDialledByTheirE164NumberAndDueAtOnceWithoutATime) {
  World& w = world();
  TestClient client = w.client();
  const Headers agent = w.a.sessions[Role::agent].headers();
  expect_error(
      client.request("POST", "/api/v1/callbacks", R"({"number":"nicht erreichbar"})", agent), 400,
      "number");
  expect_error(client.request("POST", "/api/v1/callbacks", R"({"summary":"ohne Nummer"})", agent),
               400, "number");
  expect_error(client.request("POST", "/api/v1/callbacks",
                              R"({"number":"0611 123456","status":"someday"})", agent),
               400, "status");
  HttpResult created =
      client.request("POST", "/api/v1/callbacks",
                     R"({"number":"0611 123456","summary":"Rechnung erklären"})", agent);
  ASSERT_EQ(created.status, 201) << created.body;
  const Json callback = created.json();
  EXPECT_EQ(callback["number_e164"], "+49611123456");
  EXPECT_EQ(callback["status"], "pending");
  EXPECT_EQ(callback["attempts"], 0);
  EXPECT_EQ(callback["created_by"], w.a.user_ids[Role::agent]);
  ASSERT_TRUE(callback["due_at"].is_string());
  EXPECT_EQ(callback["due_at"], callback["created_at"]);
  const std::string path = "/api/v1/callbacks/" + std::to_string(callback["id"].get<Id>());
  // A changed number is checked and converted again; a bad one leaves the stored one alone.
  expect_error(client.request("PATCH", path, R"({"number":"abc"})", agent), 400, "number");
  HttpResult moved = client.request(
      "PATCH", path, R"({"number":"+43 1 234567","due_at":"2030-01-02T09:00:00Z"})", agent);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["number_e164"], "+431234567");
  EXPECT_EQ(moved.json()["due_at"], "2030-01-02T09:00:00.000Z");
  // The client organisation's viewers read call backs but plan none; other tenants see none.
  EXPECT_EQ(client.get(path, w.a.sessions[Role::client_viewer].headers()).status, 200);
  EXPECT_EQ(client
                .request("POST", "/api/v1/callbacks", R"({"number":"0611 123456"})",
                         w.a.sessions[Role::client_viewer].headers())
                .status,
            403);
  EXPECT_EQ(client.get(path, w.b.sessions[Role::admin].headers()).status, 404);
}

}  // namespace
}  // namespace callwerk::test

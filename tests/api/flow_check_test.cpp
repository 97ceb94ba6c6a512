// The flow editor's endpoints: POST /api/v1/flows/check answers the issues a save would be
// refused with plus the diagram, stores nothing; GET /api/v1/flows/{id}/graph draws a stored
// flow. Both stay inside the caller's tenant and follow the flow rights of the roles.

#include <gtest/gtest.h>

#include <set>

#include "api_world.hpp"

namespace callwerk::test {
namespace {

Headers admin_a() {
  return bearer(world().a.admin_token);
}

std::string check_body(const std::string& source, const std::string& name = "") {
  Json body{{"source", source}};
  if (!name.empty()) body["name"] = name;
  return body.dump();
}

// Tenant A has the queue "Hotline" and the flow "hotline" (api_world.cpp).
const std::string kValid =
    "name: neu\n"
    "start: menue\n"
    "nodes:\n"
    "  menue:\n"
    "    type: menu\n"
    "    prompt: Für den Service drücken Sie die 1, für die Hotline die 2.\n"
    "    options: {\"1\": service, \"2\": weiter}\n"
    "    no_match: menue\n"
    "  service:\n"
    "    type: transfer\n"
    "    queue: Hotline\n"
    "  weiter:\n"
    "    type: goto\n"
    "    flow: hotline\n";

std::set<std::string> ids_of(const Json& nodes) {
  std::set<std::string> ids;
  for (const Json& node : nodes) ids.insert(node["id"].get<std::string>());
  return ids;
}

TEST(FlowCheck, AValidFlowIsOkWithItsDiagramAndNothingIsStored) {
  TestClient client = world().client();
  const HttpResult r =
      client.request("POST", "/api/v1/flows/check", check_body(kValid, "neu"), admin_a());
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = r.json();
  EXPECT_EQ(body["ok"], true) << r.body;
  EXPECT_TRUE(body["issues"].empty()) << r.body;
  const Json& graph = body["graph"];
  EXPECT_EQ(graph["partial"], false);
  EXPECT_EQ(ids_of(graph["nodes"]),
            (std::set<std::string>{"menue", "service", "weiter", "flow:hotline"}));
  EXPECT_EQ(graph["nodes"][0]["start"], true);
  EXPECT_EQ(graph["nodes"][0]["line"], 4);
  EXPECT_EQ(graph["nodes"][1]["label"], "Hotline");
  EXPECT_EQ(graph["nodes"][3]["kind"], "external");
  bool key_one = false;
  for (const Json& edge : graph["edges"])
    key_one |= edge["from"] == "menue" && edge["to"] == "service" && edge["label"] == "1";
  EXPECT_TRUE(key_one) << graph.dump();

  const HttpResult listed = client.request("GET", "/api/v1/flows?name=neu", "", admin_a());
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["total"], 0);
}

TEST(FlowCheck, IssuesComeAtTheirLinesInTheShapeOfARefusedSaveAndTheDiagramStays) {
  TestClient client = world().client();
  const std::string broken =
      "name: kaputt\n"
      "start: hallo\n"
      "nodes:\n"
      "  hallo:\n"
      "    type: say\n"
      "    text: Hallo\n"
      "    next: nirgends\n";
  const HttpResult r =
      client.request("POST", "/api/v1/flows/check", check_body(broken, "kaputt"), admin_a());
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = r.json();
  EXPECT_EQ(body["ok"], false);
  ASSERT_EQ(body["issues"].size(), 1u) << r.body;
  const Json& issue = body["issues"][0];
  EXPECT_EQ(issue["kind"], "missing_target");
  EXPECT_EQ(issue["line"], 7);
  EXPECT_GE(issue["column"].get<int>(), 1);
  EXPECT_EQ(issue["location"].get<std::string>().rfind("kaputt.yaml:7:", 0), 0u) << r.body;
  EXPECT_FALSE(issue["message"].get<std::string>().empty());
  // The diagram still draws, the target as a missing node.
  ASSERT_TRUE(body["graph"].is_object()) << r.body;
  EXPECT_EQ(ids_of(body["graph"]["nodes"]), (std::set<std::string>{"hallo", "nirgends"}));
  EXPECT_EQ(body["graph"]["nodes"][1]["kind"], "missing");

  // A save of the same text is refused with the same issues.
  const HttpResult saved = client.request(
      "POST", "/api/v1/flows", Json{{"name", "kaputt"}, {"source", broken}}.dump(), admin_a());
  ASSERT_EQ(saved.status, 400) << saved.body;
  EXPECT_EQ(saved.json()["error"]["issues"], body["issues"]);
}

TEST(FlowCheck, TextThatIsNotYamlHasASyntaxIssueAndNoDiagram) {
  TestClient client = world().client();
  const HttpResult r = client.request("POST", "/api/v1/flows/check",
                                      check_body("nodes:\n  a: [unclosed\n"), admin_a());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["ok"], false);
  ASSERT_FALSE(r.json()["issues"].empty());
  EXPECT_EQ(r.json()["issues"][0]["kind"], "syntax") << r.body;
  EXPECT_TRUE(r.json()["graph"].is_null()) << r.body;
}

TEST(FlowCheck, BadRequestsAreAnsweredWithAJsonMessage) {
  TestClient client = world().client();
  for (const std::string& body :
       {std::string("{not json"), std::string("[]"), std::string("{}"),
        std::string(R"({"source": 5})"), std::string(R"({"source": "nodes: {}", "nme": "x"})")}) {
    SCOPED_TRACE(body);
    const HttpResult r = client.request("POST", "/api/v1/flows/check", body, admin_a());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["status"], 400);
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }
  const HttpResult missing = client.request("POST", "/api/v1/flows/check", "{}", admin_a());
  EXPECT_EQ(missing.json()["error"]["field"], "source");
}

TEST(FlowCheck, AnotherTenantsFlowsAndQueuesDoNotCount) {
  World& w = world();
  TestClient client = w.client();
  // Tenant B has neither the flow "hotline" nor the queue "Hotline" of tenant A.
  const HttpResult r = client.request("POST", "/api/v1/flows/check", check_body(kValid, "neu"),
                                      bearer(w.b.admin_token));
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> kinds;
  const Json body = r.json();
  for (const Json& issue : body["issues"]) kinds.insert(issue["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"unknown_flow", "unknown_queue"})) << r.body;
}

TEST(FlowCheck, TheDiagramOfAStoredFlowIsOnlyForItsTenant) {
  World& w = world();
  TestClient client = w.client();
  const std::string path = "/api/v1/flows/" + std::to_string(w.a.objects.at("flows")) + "/graph";
  const HttpResult r = client.get(path, admin_a());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["name"], "hotline");
  EXPECT_EQ(r.json()["id"], w.a.objects.at("flows"));
  EXPECT_EQ(ids_of(r.json()["graph"]["nodes"]), (std::set<std::string>{"ende"}));

  const HttpResult other = client.get(path, bearer(w.b.admin_token));
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(client.get("/api/v1/flows/999999/graph", admin_a()).status, 404);
}

TEST(FlowCheck, OnlyRolesThatMayEditFlowsMayCheckAndReadersMayDraw) {
  World& w = world();
  TestClient client = w.client();
  for (Role role : {Role::supervisor, Role::agent, Role::client_viewer}) {
    SCOPED_TRACE(std::string(role_name(role)));
    const HttpResult r = client.request("POST", "/api/v1/flows/check", check_body(kValid),
                                        w.a.sessions.at(role).headers());
    EXPECT_EQ(r.status, 403) << r.body;
  }
  const HttpResult ok = client.request("POST", "/api/v1/flows/check", check_body(kValid),
                                       w.a.sessions.at(Role::admin).headers());
  EXPECT_EQ(ok.status, 200) << ok.body;
  // A cookie session without its CSRF token is refused like on every other write.
  const HttpResult no_csrf = client.request("POST", "/api/v1/flows/check", check_body(kValid),
                                            w.a.sessions.at(Role::admin).headers(false));
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;

  const std::string graph = "/api/v1/flows/" + std::to_string(w.a.objects.at("flows")) + "/graph";
  EXPECT_EQ(client.get(graph, w.a.sessions.at(Role::agent).headers()).status, 200);
  EXPECT_EQ(client.get(graph, w.a.sessions.at(Role::client_viewer).headers()).status, 403);
}

}  // namespace
}  // namespace callwerk::test

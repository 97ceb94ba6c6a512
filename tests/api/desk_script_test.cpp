// The agent desktop's guided script (/api/v1/desk/me/script): the tenant's flow continues on
// the agent's call where the virtual agent gave up, with what it collected; an order, a survey's
// answers and every step are stored linked to the call's interaction with the agent as actor;
// the flow's own checks answer wrong input; agents only script their own calls, team leads any
// of their tenant's, other tenants nothing; bad requests get a JSON error.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "api_world.hpp"
#include "chat_test_support.hpp"
#include "http/desk_script_handover.hpp"
#include "store/credentials.hpp"
#include "test_client.hpp"

namespace callwerk::test {
namespace {

constexpr const char* kHotline = R"(name: hotline
description: Servicehotline
start: hallo
nodes:
  hallo:
    type: say
    text: "Willkommen beim Weinhaus."
    next: menue
  menue:
    type: menu
    prompt: "Für eine Bestellung die 1, für Ihre Postleitzahl die 3, für einen Menschen die 0."
    options:
      "1": {goto: bestellen, label: Wein bestellen, keywords: [bestellen]}
      "3": {goto: plz, label: Postleitzahl angeben}
      "0": {goto: mensch, label: Mit einem Menschen sprechen}
    max_retries: 1
    on_max_retries: mensch
  bestellen:
    type: order
    next: danke
    cancelled: menue
  plz:
    type: ask
    prompt: "Wie lautet Ihre Postleitzahl?"
    input: postcode
    variable: plz
    next: danke
  danke:
    type: say
    text: "Vielen Dank, {{kundenwunsch}}."
    next: ende
  ende:
    type: hangup
    reason: done
  mensch:
    type: transfer
    queue: Kundenservice
)";

constexpr const char* kSurvey = R"(name: zufriedenheit
description: Kundenzufriedenheit
start: umfrage
nodes:
  umfrage:
    type: survey
    survey: zufriedenheit-2026
    questions:
      - id: zufriedenheit
        type: scale
        text: "Wie zufrieden waren Sie, von 1 bis 5?"
      - id: vorschlag
        type: text
        text: "Was können wir besser machen?"
    next: danke
  danke:
    type: hangup
    text: "Vielen Dank für Ihre Teilnahme."
    reason: survey_complete
)";

constexpr const char* kOtherTenant = R"(name: hotline
start: ende
nodes:
  ende:
    type: hangup
    text: "Hier ist Laden B."
)";

const store::Actor kSystem{std::nullopt, "virtual-agent"};

// The ACD as the desk sees it: the call it offers a user right now (ringing, not yet answered,
// so the interaction has no agent yet).
class OfferingDesk final : public http::AgentDesk {
 public:
  void offer(store::Id user, std::optional<store::Id> interaction) {
    std::lock_guard lock(mutex_);
    offers_[user] = interaction;
  }
  void agent_status(store::Id, store::Id user, Done done) override {
    Json status{{"agent", true}, {"user_id", user}, {"state", "available"}, {"call", nullptr}};
    {
      std::lock_guard lock(mutex_);
      if (auto it = offers_.find(user); it != offers_.end() && it->second)
        status = Json{{"agent", true},
                      {"user_id", user},
                      {"state", "ringing"},
                      {"call", {{"interaction_id", *it->second}}}};
    }
    done(status);
  }
  void agent_command(store::Id, store::Id, const std::string&, const std::string&,
                     Done done) override {
    done(make_error(ErrorKind::conflict, "not in this test"));
  }
  void wallboard(store::Id, Done done) override { done(Json::object()); }

 private:
  std::mutex mutex_;
  std::map<store::Id, std::optional<store::Id>> offers_;
};

struct ScriptWorld {
  OfferingDesk desk;  // before the server: destroyed after it
  ChatTestServer server{{}, &desk};
  store::Id a = 0;
  store::Id b = 0;
  std::map<std::string, store::Id> users;
  std::map<std::string, Session> sessions;

  ScriptWorld() {
    a = server.create_tenant("script-a");
    b = server.create_tenant("script-b");
    const flow::CatalogProduct riesling =
        server.create_product(a, {{"sku", "RIES-23"},
                                  {"name", "Riesling trocken 2023"},
                                  {"unit", "Flasche 0,75 l"},
                                  {"unit_price_cents", 1290},
                                  {"active", true}});
    server.create("queues", a, {{"name", "Kundenservice"}});
    server.flows().set(a, {kHotline, kSurvey}, {riesling});
    server.flows().set(b, {kOtherTenant});
    auto hash = store::hash_password("pw-script-2026");
    if (!hash) throw std::runtime_error("hash_password failed");
    const std::tuple<const char*, store::Id, const char*> people[] = {
        {"sa-agent", a, "agent"},          {"sa-agent2", a, "agent"}, {"sa-lead", a, "supervisor"},
        {"sa-viewer", a, "client-viewer"}, {"sa-fresh", a, "agent"},  {"sb-agent", b, "agent"}};
    for (const auto& [name, tenant, role] : people) {
      users[name] = server
                        .create("users", tenant,
                                {{"username", name},
                                 {"display_name", name},
                                 {"role", role},
                                 {"password_hash", *hash}})["id"]
                        .get<store::Id>();
      sessions[name] = login(TestClient(server.port()), name, "pw-script-2026");
    }
  }

  TestClient client() const { return TestClient(server.port()); }

  HttpResult post(const std::string& who, const std::string& path, const Json& body) {
    return client().request("POST", "/api/v1/desk/me/" + path, body.dump(),
                            sessions.at(who).headers());
  }

  // A call of `agent` that the virtual agent handed over after the caller twice chose nothing
  // the menu offers, as the voice channel writes it.
  store::Id transferred_call(const std::string& agent) {
    const store::Id id = call(agent);
    const Json entries[] = {
        Json{{"type", "flow.start"}, {"payload", {{"flow", "hotline"}, {"channel", "voice"}}}},
        Json{{"type", "flow.prompt"},
             {"payload", {{"node", "hallo"}, {"text", "Virtueller Agent: Willkommen"}}}},
        Json{{"type", "flow.input"}, {"payload", {{"node", "menue"}, {"input", "7"}}}},
        Json{{"type", "flow.no_match"}, {"payload", {{"node", "menue"}, {"input", "7"}}}},
        Json{{"type", "flow.input"}, {"payload", {{"node", "menue"}, {"input", "8"}}}},
        Json{{"type", "flow.retries"}, {"payload", {{"node", "menue"}, {"target", "mensch"}}}},
        Json{{"type", "flow.variable"},
             {"payload", {{"node", "hallo"}, {"variable", "anrufer.alt"}, {"value", "x"}}}},
        Json{{"type", "flow.transfer"},
             {"payload",
              {{"node", "mensch"},
               {"queue", "Kundenservice"},
               {"summary", "Wunsch: Rotwein"},
               {"reason", "Eingabe nach mehreren Versuchen nicht verstanden"},
               {"variables", {{"kundenwunsch", "Frau Alpha"}, {"versuche", 2}}}}}},
    };
    auto stored = server.writer().run([&](store::WriteContext& ctx) -> Result<Json> {
      for (const Json& entry : entries) {
        auto appended = ctx.append_timeline(a, id, entry["type"], entry["payload"], kSystem);
        if (!appended) return appended.error();
      }
      return Json();
    });
    if (!stored) throw std::runtime_error("timeline: " + stored.error().describe());
    return id;
  }

  // A call of `agent` without any flow (dialled straight to the queue).
  store::Id call(const std::string& agent) {
    return server
        .create("interactions", users.at(agent) == users.at("sb-agent") ? b : a,
                {{"channel", "voice"},
                 {"direction", "inbound"},
                 {"started_at", "2026-03-02T09:00:00Z"},
                 {"answered_at", "2026-03-02T09:00:20Z"},
                 {"remote_address", "+4930123456"},
                 {"agent_id", users.at(agent)}})["id"]
        .get<store::Id>();
  }

  Json timeline(store::Id tenant, store::Id interaction) {
    auto entries = server.reader()->timeline(tenant, interaction);
    EXPECT_TRUE(entries.ok());
    return entries ? *entries : Json::array();
  }

  Json linked(const std::string& entity, store::Id interaction) {
    store::ListQuery query;
    query.tenant_id = a;
    query.equals.emplace_back("interaction_id", std::to_string(interaction));
    auto page = server.reader()->list(*store::find_entity(entity), query);
    EXPECT_TRUE(page.ok());
    return page ? page->items : Json::array();
  }
};

ScriptWorld& script_world() {
  return shared_world<ScriptWorld>();
}

std::vector<Json> entries_of(const Json& timeline, const std::string& type) {
  std::vector<Json> found;
  for (const Json& entry : timeline)
    if (entry["type"] == type) found.push_back(entry);
  return found;
}

bool has_choice(const Json& view, const std::string& value) {
  for (const Json& choice : view["question"]["choices"])
    if (choice["value"] == value) return true;
  return false;
}

Json event(const std::string& type, Json payload) {
  return Json{{"type", type}, {"actor", "virtual-agent"}, {"payload", std::move(payload)}};
}

TEST(DeskScriptHandover, AfterAPlannedHandOverTheLastAnsweredQuestionInItsFlow) {
  const Json timeline = Json::array({
      event("call.started", {{"from", "+4930123456"}}),
      event("flow.start", {{"flow", "hotline"}}),
      event("flow.input", {{"node", "menue"}, {"input", "7"}}),
      event("flow.retries", {{"node", "menue"}, {"target", "tarife"}}),
      // The caller got on after the retries: that is no escalation any more.
      event("flow.goto", {{"node", "menue"}, {"flow", "tarife"}, {"target", "wahl"}}),
      event("flow.input", {{"node", "wahl"}, {"input", "2"}}),
      event("flow.variable", {{"node", "wahl"}, {"variable", "tarif"}, {"value", "oeko"}}),
      event("flow.variable", {{"node", "wahl"}, {"variable", "menge"}, {"value", 3}}),
      event("flow.transfer", {{"node", "beratung"},
                              {"queue", "Tarife"},
                              {"summary", "Ökotarif"},
                              {"variables", {{"tarif", "oeko"}, {"extra", true}}}}),
  });
  const http::ScriptHandover handover = http::find_script_handover(timeline);
  EXPECT_TRUE(handover.transferred);
  EXPECT_EQ(handover.queue, "Tarife");
  EXPECT_EQ(handover.summary, "Ökotarif");
  EXPECT_EQ(handover.resume_flow, "tarife");
  EXPECT_EQ(handover.resume_node, "wahl");
  EXPECT_EQ(handover.resume_why, "last_question");
  EXPECT_EQ(std::get<std::string>(handover.variables.at("tarif")), "oeko");
  EXPECT_EQ(std::get<std::int64_t>(handover.variables.at("menge")), 3);
  EXPECT_EQ(std::get<bool>(handover.variables.at("extra")), true);
}

TEST(DeskScriptHandover, WithoutATransferThereIsNothingToResumeButTheVariablesCount) {
  const Json timeline = Json::array({
      event("flow.start", {{"flow", "zufriedenheit"}}),
      event("flow.input", {{"node", "einverstanden"}, {"input", "ja"}}),
      event("flow.variable",
            {{"node", "einverstanden"}, {"variable", "teilnahme"}, {"value", true}}),
      event("flow.end", {{"reason", "survey_complete"}}),
      Json("not an event"),
  });
  const http::ScriptHandover handover = http::find_script_handover(timeline);
  EXPECT_FALSE(handover.transferred);
  EXPECT_TRUE(handover.resume_node.empty());
  EXPECT_TRUE(handover.resume_why.empty());
  EXPECT_EQ(std::get<bool>(handover.variables.at("teilnahme")), true);
  EXPECT_TRUE(http::find_script_handover(Json::object()).variables.empty());
}

TEST(DeskScriptHandover, ATransferBeforeAnyAnswerHasNoPlaceToContinue) {
  const Json timeline = Json::array({
      event("flow.start", {{"flow", "stoerung"}}),
      event("flow.transfer", {{"node", "sofort"}, {"queue", "Notdienst"}}),
  });
  const http::ScriptHandover handover = http::find_script_handover(timeline);
  EXPECT_TRUE(handover.transferred);
  EXPECT_TRUE(handover.resume_node.empty());
}

TEST(DeskScript, ContinuesWhereTheVirtualAgentGaveUpAndStoresTheOrderWithTheCall) {
  ScriptWorld& w = script_world();
  const store::Id call = w.transferred_call("sa-agent");

  // What the desk offers before anything runs.
  HttpResult offer = w.client().get("/api/v1/desk/me/script?interaction_id=" + std::to_string(call),
                                    w.sessions.at("sa-agent").headers());
  ASSERT_EQ(offer.status, 200) << offer.body;
  const Json o = offer.json()["offer"];
  EXPECT_EQ(o["interaction_id"], call);
  EXPECT_EQ(o["transferred"], true);
  EXPECT_EQ(o["summary"], "Wunsch: Rotwein");
  EXPECT_EQ(o["resume"]["flow"], "hotline");
  EXPECT_EQ(o["resume"]["node"], "menue");
  EXPECT_EQ(o["resume"]["why"], "max_retries");
  EXPECT_EQ(o["flows"].size(), 2u) << offer.body;

  // Without a flow the script resumes at the menu, with everything collected.
  HttpResult started = w.post("sa-agent", "script", Json::object());
  ASSERT_EQ(started.status, 201) << started.body;
  Json view = started.json();
  EXPECT_EQ(view["interaction_id"], call);
  EXPECT_EQ(view["resumed"], "max_retries");
  EXPECT_EQ(view["status"], "asking");
  EXPECT_EQ(view["question"]["node"], "menue");
  EXPECT_EQ(view["question"]["type"], "menu");
  EXPECT_TRUE(has_choice(view, "1")) << view.dump();
  ASSERT_FALSE(view["says"].empty());
  EXPECT_NE(view["says"].back().get<std::string>().find("Bestellung"), std::string::npos);
  EXPECT_EQ(view["variables"]["kundenwunsch"], "Frau Alpha");
  EXPECT_EQ(view["variables"]["versuche"], 2);

  view = w.post("sa-agent", "script/input", {{"choice", "1"}}).json();
  ASSERT_TRUE(has_choice(view, "RIES-23")) << view.dump();
  for (const Json& answer : {Json{{"choice", "RIES-23"}}, Json{{"text", "3"}},
                             Json{{"text", "Rheinweg 5"}}, Json{{"text", "65343 Eltville"}}}) {
    HttpResult step = w.post("sa-agent", "script/input", answer);
    ASSERT_EQ(step.status, 200) << step.body;
    ASSERT_EQ(step.json()["status"], "asking") << step.body;
  }
  HttpResult confirmed = w.post("sa-agent", "script/input", {{"choice", "ja"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  view = confirmed.json();
  EXPECT_EQ(view["status"], "ended") << view.dump();
  EXPECT_EQ(view["outcome"]["reason"], "done");
  ASSERT_EQ(view["results"].size(), 1u) << view.dump();
  EXPECT_EQ(view["results"][0]["effect"], "order");
  EXPECT_EQ(view["results"][0]["ok"], true);
  const std::string says = view["says"].dump();
  EXPECT_NE(says.find("Vielen Dank, Frau Alpha."), std::string::npos) << says;

  // The order belongs to the call, written in the agent's name.
  const Json orders = w.linked("orders", call);
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0]["order_number"], view["results"][0]["number"]);
  EXPECT_EQ(orders[0]["id"], view["results"][0]["id"]);
  EXPECT_EQ(orders[0]["delivery_street"], "Rheinweg 5");
  EXPECT_NE(says.find(orders[0]["order_number"].get<std::string>()), std::string::npos);

  // Every step is in the call's timeline with the agent as actor.
  w.server.writer().flush();
  const Json timeline = w.timeline(w.a, call);
  const auto script_started = entries_of(timeline, "script.started");
  ASSERT_EQ(script_started.size(), 1u);
  EXPECT_EQ(script_started[0]["actor"], "sa-agent");
  EXPECT_EQ(script_started[0]["payload"]["node"], "menue");
  EXPECT_EQ(script_started[0]["payload"]["resumed"], "max_retries");
  std::size_t by_agent = 0;
  for (const Json& entry : timeline) {
    if (entry["actor"] == "sa-agent") {
      ++by_agent;
      EXPECT_NE(entry["type"], "flow.start") << "the entry into the flow is no step of the call";
      EXPECT_NE(entry["type"], "flow.goto");
    }
  }
  EXPECT_GE(by_agent, 10u);
  const auto order_entries = entries_of(timeline, "flow.order");
  ASSERT_FALSE(order_entries.empty());
  EXPECT_EQ(order_entries.back()["actor"], "sa-agent");
  const auto ended = entries_of(timeline, "script.ended");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0]["payload"]["reason"], "done");
  bool input_by_agent = false;
  for (const Json& entry : entries_of(timeline, "flow.input"))
    input_by_agent = input_by_agent ||
                     (entry["actor"] == "sa-agent" && entry["payload"]["input"] == "Rheinweg 5");
  EXPECT_TRUE(input_by_agent);

  // Nothing is asked any more.
  HttpResult after = w.post("sa-agent", "script/input", {{"text", "noch was"}});
  EXPECT_EQ(after.status, 409) << after.body;
}

TEST(DeskScript, WrongInputGetsTheFlowsCheckAndTheQuestionStays) {
  ScriptWorld& w = script_world();
  const store::Id call = w.transferred_call("sa-agent2");
  HttpResult started = w.post("sa-agent2", "script",
                              {{"interaction_id", call}, {"flow", "hotline"}, {"node", "plz"}});
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(started.json()["question"]["kind"], "postcode");
  EXPECT_TRUE(started.json()["resumed"].is_null());

  HttpResult wrong = w.post("sa-agent2", "script/input", {{"text", "12"}});
  ASSERT_EQ(wrong.status, 200) << wrong.body;
  EXPECT_EQ(wrong.json()["status"], "asking");
  EXPECT_EQ(wrong.json()["question"]["node"], "plz");
  ASSERT_TRUE(wrong.json()["error"].is_string()) << wrong.body;
  EXPECT_FALSE(wrong.json()["error"].get<std::string>().empty());

  HttpResult right = w.post("sa-agent2", "script/input", {{"text", "65343"}});
  ASSERT_EQ(right.status, 200) << right.body;
  EXPECT_EQ(right.json()["status"], "ended");
  EXPECT_TRUE(right.json()["error"].is_null());
  EXPECT_EQ(right.json()["variables"]["plz"], "65343");
  w.server.writer().flush();
  EXPECT_FALSE(entries_of(w.timeline(w.a, call), "flow.no_match").empty());
}

TEST(DeskScript, ASurveyOnACallWithoutFlowStoresEachAnswerWithTheAgent) {
  ScriptWorld& w = script_world();
  const store::Id call = w.call("sa-agent");
  HttpResult offer = w.client().get("/api/v1/desk/me/script", w.sessions.at("sa-agent").headers());
  ASSERT_EQ(offer.status, 200) << offer.body;
  EXPECT_EQ(offer.json()["offer"]["interaction_id"], call) << "the agent's latest call";
  EXPECT_EQ(offer.json()["offer"]["transferred"], false);
  EXPECT_TRUE(offer.json()["offer"]["resume"].is_null());
  bool offers_survey = false;
  const Json offered = offer.json();
  for (const Json& flow : offered["offer"]["flows"])
    offers_survey = offers_survey || flow["name"] == "zufriedenheit";
  EXPECT_TRUE(offers_survey) << offer.body;

  HttpResult nothing = w.post("sa-agent", "script", Json::object());
  EXPECT_EQ(nothing.status, 400) << nothing.body;
  EXPECT_EQ(nothing.json()["error"]["field"], "flow");

  HttpResult started = w.post("sa-agent", "script", {{"flow", "zufriedenheit"}});
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(started.json()["question"]["type"], "survey");
  EXPECT_EQ(started.json()["question"]["kind"], "scale");
  EXPECT_EQ(started.json()["question"]["question"], "zufriedenheit");

  HttpResult out_of_range = w.post("sa-agent", "script/input", {{"text", "9"}});
  ASSERT_EQ(out_of_range.status, 200);
  EXPECT_TRUE(out_of_range.json()["error"].is_string()) << out_of_range.body;
  EXPECT_EQ(out_of_range.json()["question"]["question"], "zufriedenheit");
  HttpResult scale = w.post("sa-agent", "script/input", {{"text", "4"}});
  ASSERT_EQ(scale.status, 200) << scale.body;
  EXPECT_EQ(scale.json()["question"]["kind"], "text");
  ASSERT_EQ(scale.json()["results"].size(), 1u);
  EXPECT_EQ(scale.json()["results"][0]["effect"], "survey");
  HttpResult text = w.post("sa-agent", "script/input", {{"text", "Schneller zurückrufen"}});
  ASSERT_EQ(text.status, 200) << text.body;
  EXPECT_EQ(text.json()["status"], "ended");
  EXPECT_EQ(text.json()["outcome"]["reason"], "survey_complete");

  w.server.writer().flush();
  const auto answers = entries_of(w.timeline(w.a, call), "survey.answer");
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0]["actor"], "sa-agent");
  EXPECT_EQ(answers[0]["payload"]["survey"], "zufriedenheit-2026");
  EXPECT_EQ(answers[0]["payload"]["question"], "zufriedenheit");
  EXPECT_EQ(answers[0]["payload"]["answer"], "4");
  EXPECT_EQ(answers[1]["payload"]["question"], "vorschlag");
  EXPECT_EQ(answers[1]["payload"]["answer"], "Schneller zurückrufen");
}

TEST(DeskScript, AgentsScriptTheirOwnCallsTeamLeadsTheTenantsAndNobodyAnotherTenants) {
  ScriptWorld& w = script_world();
  const store::Id call = w.transferred_call("sa-agent");
  const Json on_call{{"interaction_id", call}, {"flow", "zufriedenheit"}};
  HttpResult other_agent = w.post("sa-agent2", "script", on_call);
  EXPECT_EQ(other_agent.status, 403) << other_agent.body;
  EXPECT_EQ(other_agent.json()["error"]["status"], 403);
  EXPECT_EQ(w.client()
                .get("/api/v1/desk/me/script?interaction_id=" + std::to_string(call),
                     w.sessions.at("sa-agent2").headers())
                .status,
            403);
  EXPECT_EQ(w.post("sa-viewer", "script", on_call).status, 403);
  EXPECT_EQ(w.post("sb-agent", "script", on_call).status, 404);
  EXPECT_EQ(w.client()
                .get("/api/v1/desk/me/script?interaction_id=" + std::to_string(call),
                     w.sessions.at("sb-agent").headers())
                .status,
            404);
  // The other tenant's agent has no script to feed or stop.
  EXPECT_EQ(w.post("sb-agent", "script/input", {{"text", "4"}}).status, 404);
  EXPECT_EQ(
      w.client()
          .request("DELETE", "/api/v1/desk/me/script", "", w.sessions.at("sb-agent").headers())
          .status,
      404);
  // An agent without any call has nothing to script.
  HttpResult none = w.post("sa-fresh", "script", {{"flow", "zufriedenheit"}});
  EXPECT_EQ(none.status, 404) << none.body;

  // The team lead may run it on the agent's call; the step is theirs in the timeline.
  HttpResult lead = w.post("sa-lead", "script", on_call);
  ASSERT_EQ(lead.status, 201) << lead.body;
  HttpResult stopped = w.client().request("DELETE", "/api/v1/desk/me/script", "",
                                          w.sessions.at("sa-lead").headers());
  EXPECT_EQ(stopped.status, 204) << stopped.body;
  EXPECT_EQ(w.post("sa-lead", "script/input", {{"text", "4"}}).status, 409);
  w.server.writer().flush();
  const auto ended = entries_of(w.timeline(w.a, call), "script.ended");
  ASSERT_FALSE(ended.empty());
  EXPECT_EQ(ended.back()["actor"], "sa-lead");
  EXPECT_EQ(ended.back()["payload"]["reason"], "stopped");
}

TEST(DeskScript, TheCallTheAcdOffersTheAgentIsTheirsBeforeItIsAnswered) {
  ScriptWorld& w = script_world();
  // Ringing at sa-agent2: the interaction names no agent yet.
  const store::Id ringing = w.server
                                .create("interactions", w.a,
                                        {{"channel", "voice"},
                                         {"direction", "inbound"},
                                         {"started_at", "2026-03-02T10:00:00Z"},
                                         {"remote_address", "+4930999999"}})["id"]
                                .get<store::Id>();
  const std::string path = "/api/v1/desk/me/script?interaction_id=" + std::to_string(ringing);
  EXPECT_EQ(w.client().get(path, w.sessions.at("sa-agent2").headers()).status, 403);
  w.desk.offer(w.users.at("sa-agent2"), ringing);
  HttpResult offered = w.client().get(path, w.sessions.at("sa-agent2").headers());
  EXPECT_EQ(offered.status, 200) << offered.body;
  // Without an id the offered call comes first, not the agent's latest answered one.
  HttpResult current =
      w.client().get("/api/v1/desk/me/script", w.sessions.at("sa-agent2").headers());
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.json()["offer"]["interaction_id"], ringing);
  HttpResult started = w.post("sa-agent2", "script", {{"flow", "zufriedenheit"}});
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(started.json()["interaction_id"], ringing);
  // Another agent still may not.
  EXPECT_EQ(w.client().get(path, w.sessions.at("sa-agent").headers()).status, 403);
  w.desk.offer(w.users.at("sa-agent2"), std::nullopt);
}

TEST(DeskScript, BadRequestsAreRefusedWithAJsonError) {
  ScriptWorld& w = script_world();
  const store::Id call = w.transferred_call("sa-agent2");
  const Headers headers = w.sessions.at("sa-agent2").headers();
  const auto post_raw = [&](const std::string& path, const std::string& body) {
    return w.client().request("POST", "/api/v1/desk/me/" + path, body, headers);
  };
  const auto expect_400 = [](const HttpResult& r, const std::string& field) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["status"], 400) << r.body;
    if (!field.empty()) {
      EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
    }
  };
  expect_400(post_raw("script", "{not json"), "");
  expect_400(post_raw("script", "[1]"), "");
  expect_400(w.post("sa-agent2", "script", {{"interaction_id", "x"}}), "interaction_id");
  expect_400(w.post("sa-agent2", "script", {{"flow", 5}}), "flow");
  expect_400(w.post("sa-agent2", "script", {{"colour", "blau"}}), "colour");
  expect_400(w.post("sa-agent2", "script", {{"node", "plz"}}), "flow");
  expect_400(w.post("sa-agent2", "script", {{"interaction_id", call}, {"flow", "gibtsnicht"}}),
             "flow");
  expect_400(w.post("sa-agent2", "script",
                    {{"interaction_id", call}, {"flow", "hotline"}, {"node", "gibtsnicht"}}),
             "node");
  EXPECT_EQ(w.post("sa-agent2", "script", {{"interaction_id", 99999999}}).status, 404);
  EXPECT_EQ(w.client().get("/api/v1/desk/me/script?colour=blau", headers).status, 400);

  ASSERT_EQ(w.post("sa-agent2", "script", {{"interaction_id", call}}).status, 201);
  expect_400(post_raw("script/input", "{"), "");
  expect_400(w.post("sa-agent2", "script/input", Json::object()), "text");
  expect_400(w.post("sa-agent2", "script/input", {{"text", "1"}, {"choice", "1"}}), "text");
  expect_400(w.post("sa-agent2", "script/input", {{"text", "   "}}), "text");
  expect_400(w.post("sa-agent2", "script/input", {{"text", 1}}), "text");
  expect_400(w.post("sa-agent2", "script/input", {{"no_input", false}}), "no_input");
  expect_400(w.post("sa-agent2", "script/input", {{"text", std::string(2001, 'x')}}), "text");
  // The silence of the customer is the flow's no-input: the menu asks again.
  HttpResult silence = w.post("sa-agent2", "script/input", {{"no_input", true}});
  ASSERT_EQ(silence.status, 200) << silence.body;
  EXPECT_EQ(silence.json()["question"]["node"], "menue");
}

}  // namespace
}  // namespace callwerk::test

// KPI reports and the staffing calculator against the real server: queue_calls and
// agent_states rows stored as the queue runtime stores them, figures computed by hand.

#include <gtest/gtest.h>

#include <optional>

#include "api_world.hpp"
#include "core/clock.hpp"

namespace callwerk::test {
namespace {

constexpr TimeMs kSecond = 1000;
constexpr TimeMs kMinute = 60 * kSecond;
constexpr TimeMs kHour = 60 * kMinute;

TimeMs at(const std::string& iso) {
  return *parse_iso8601(iso);
}

struct Call {
  std::string exit = "answered";
  TimeMs enqueued = 0;
  TimeMs wait = 0;
  TimeMs talk = 0;  // answered calls: from answer to talk end
  TimeMs wrap_up = 0;
  std::optional<Id> agent;
  TimeMs hold = 0;
};

Call answered(TimeMs enqueued, TimeMs wait, TimeMs talk, TimeMs wrap_up,
              std::optional<Id> agent = std::nullopt, TimeMs hold = 0) {
  return Call{"answered", enqueued, wait, talk, wrap_up, agent, hold};
}

// A caller who left the queue without an agent: abandoned, callback, overflow, timeout.
Call left(const std::string& exit, TimeMs enqueued, TimeMs wait) {
  return Call{exit, enqueued, wait, 0, 0, std::nullopt, 0};
}

Json call_row(Id queue, const Call& c) {
  Json row{{"queue_id", queue},
           {"exit", c.exit},
           {"enqueued_at", format_iso8601(c.enqueued)},
           {"left_at", format_iso8601(c.enqueued + c.wait)}};
  if (c.exit == "answered") {
    row["talk_ended_at"] = format_iso8601(c.enqueued + c.wait + c.talk);
    row["wrap_up_ended_at"] = format_iso8601(c.enqueued + c.wait + c.talk + c.wrap_up);
    row["hold_ms"] = c.hold;
    if (c.agent) row["agent_id"] = *c.agent;
  }
  return row;
}

void add_calls(Id tenant, Id queue, const std::vector<Call>& calls) {
  store::StoreWriter& writer = world().server->writer();
  const store::EntitySpec* spec = store::find_entity("queue_calls");
  for (const Call& c : calls) {
    writer.submit(
        [spec, tenant, row = call_row(queue, c)](store::WriteContext& w) {
          return w.create(*spec, tenant, row, store::Actor{std::nullopt, "acd"});
        },
        [](Result<Json> stored) {
          if (!stored) ADD_FAILURE() << stored.error().describe();
        });
  }
  writer.flush();
}

void add_state(Id tenant, Id user, const std::string& state, const std::string& when,
               const std::string& reason = {}) {
  Json row{{"user_id", user}, {"state", state}, {"at", when}};
  if (!reason.empty()) row["reason"] = reason;
  world().server->create("agent_states", tenant, row);
}

Id make_queue(Id tenant, const std::string& name, int threshold_seconds, int target = 80) {
  return world()
      .server
      ->create("queues", tenant,
               {{"name", name},
                {"service_level_seconds", threshold_seconds},
                {"service_level_target", target}})
      .at("id")
      .get<Id>();
}

HttpResult get_as_admin(const std::string& target) {
  return world().client().get(target, bearer(world().a.admin_token));
}

Json queue_entry(const Json& report, Id queue) {
  for (const Json& q : report.at("queues"))
    if (q.at("queue_id") == queue) return q;
  ADD_FAILURE() << "queue " << queue << " not in " << report.dump();
  return Json::object();
}

// --- queue report -------------------------------------------------------------------------

// 2026-03-02, 08:00-10:00 UTC. Queue 1 (20 s threshold):
//   08:00 answered after 10 s, talk 180 s (20 s of it on hold), wrap-up 30 s
//   08:10 answered after 30 s, talk 120 s, wrap-up 60 s
//   08:20 abandoned after 3 s (a short abandon)
//   08:30 abandoned after 40 s
//   08:40 callback chosen after 60 s
//   09:59 answered after 5 s, talk 360 s, no wrap-up (handled after 10:00, still hour 09)
//   10:00 answered (outside the window)
// Queue 2 (60 s threshold): 08:45 answered after 30 s.
// Tenant B: a call at 08:05 in its own queue.
struct QueueReportFixture {
  Id q1 = 0;
  Id q2 = 0;
  Id b_queue = 0;
};

const QueueReportFixture& queue_report_fixture() {
  static const QueueReportFixture f = [] {
    World& w = world();
    QueueReportFixture out;
    out.q1 = make_queue(w.a.id, "Report Q1", 20);
    out.q2 = make_queue(w.a.id, "Report Q2", 60);
    out.b_queue = make_queue(w.b.id, "Report B", 20);
    const TimeMs h8 = at("2026-03-02T08:00:00Z");
    add_calls(w.a.id, out.q1,
              {answered(h8, 10 * kSecond, 180 * kSecond, 30 * kSecond, std::nullopt, 20 * kSecond),
               answered(h8 + 10 * kMinute, 30 * kSecond, 120 * kSecond, 60 * kSecond),
               left("abandoned", h8 + 20 * kMinute, 3 * kSecond),
               left("abandoned", h8 + 30 * kMinute, 40 * kSecond),
               left("callback", h8 + 40 * kMinute, 60 * kSecond),
               answered(h8 + 119 * kMinute, 5 * kSecond, 360 * kSecond, 0),
               answered(h8 + 120 * kMinute, 5 * kSecond, 60 * kSecond, 0)});
    add_calls(w.a.id, out.q2, {answered(h8 + 45 * kMinute, 30 * kSecond, 60 * kSecond, 0)});
    add_calls(w.b.id, out.b_queue, {answered(h8 + 5 * kMinute, 100 * kSecond, 60 * kSecond, 0)});
    return out;
  }();
  return f;
}

const std::string kMarch2 = "from=2026-03-02T08:00Z&to=2026-03-02T10:00Z";

TEST(QueueReport, ComputesTheKpisOfEachQueueAndHour) {
  const QueueReportFixture& f = queue_report_fixture();
  HttpResult r = get_as_admin("/api/v1/reports/queues?" + kMarch2 + "&interval=60");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json report = r.json();
  EXPECT_EQ(report["from"], "2026-03-02T08:00:00.000Z");
  EXPECT_EQ(report["to"], "2026-03-02T10:00:00.000Z");
  EXPECT_EQ(report["interval"], "60");
  // Exactly the two queues of tenant A that had calls; B's never.
  ASSERT_EQ(report["queues"].size(), 2u) << r.body;

  const Json q1 = queue_entry(report, f.q1);
  EXPECT_EQ(q1["name"], "Report Q1");
  EXPECT_EQ(q1["service_level_seconds"], 20);
  EXPECT_EQ(q1["service_level_target"], 80);
  ASSERT_EQ(q1["intervals"].size(), 2u);

  const Json h8 = q1["intervals"][0];
  EXPECT_EQ(h8["start"], "2026-03-02T08:00:00.000Z");
  EXPECT_EQ(h8["end"], "2026-03-02T09:00:00.000Z");
  EXPECT_EQ(h8["offered"], 5);
  EXPECT_EQ(h8["answered"], 2);
  EXPECT_EQ(h8["answered_within_threshold"], 1);
  EXPECT_EQ(h8["abandoned"], 2);
  EXPECT_EQ(h8["short_abandoned"], 1);
  EXPECT_EQ(h8["callback_chosen"], 1);
  EXPECT_EQ(h8["handled"], 2);
  // 1 within 20 s / (2 answered + 2 abandoned - 1 short abandon)
  EXPECT_DOUBLE_EQ(h8["service_level"].get<double>(), 0.333333);
  EXPECT_DOUBLE_EQ(h8["service_level_asterisk"].get<double>(), 0.5);  // 1 / 2 answered
  // (1 answered + 1 abandoned within 20 s) / (2 + 2)
  EXPECT_DOUBLE_EQ(h8["service_level_asterisk_sl2"].get<double>(), 0.5);
  // (2 - 1 short) / (2 + 2 - 1); the callback is in neither
  EXPECT_DOUBLE_EQ(h8["abandon_rate"].get<double>(), 0.333333);
  EXPECT_DOUBLE_EQ(h8["asa_seconds"].get<double>(), 20.0);           // (10 + 30) / 2
  EXPECT_DOUBLE_EQ(h8["aht_seconds"].get<double>(), 195.0);          // (210 + 180) / 2
  EXPECT_DOUBLE_EQ(h8["longest_wait_seconds"].get<double>(), 60.0);  // the callback's
  EXPECT_DOUBLE_EQ(h8["talk_seconds"].get<double>(), 300.0);
  EXPECT_DOUBLE_EQ(h8["hold_seconds"].get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(h8["wrap_up_seconds"].get<double>(), 90.0);

  const Json h9 = q1["intervals"][1];
  EXPECT_EQ(h9["offered"], 1);
  EXPECT_DOUBLE_EQ(h9["service_level"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(h9["abandon_rate"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(h9["aht_seconds"].get<double>(), 360.0);

  const Json total = q1["total"];
  EXPECT_EQ(total["offered"], 6);  // the 10:00 call is outside the window
  EXPECT_DOUBLE_EQ(total["service_level"].get<double>(), 0.5);  // 2 / (3 + 2 - 1)
  EXPECT_DOUBLE_EQ(total["abandon_rate"].get<double>(), 0.25);  // 1 / 4
  EXPECT_DOUBLE_EQ(total["asa_seconds"].get<double>(), 15.0);   // 45 / 3
  EXPECT_DOUBLE_EQ(total["aht_seconds"].get<double>(), 250.0);  // (210 + 180 + 360) / 3

  // Queue 2's own threshold: a 30 s wait is within its 60 s.
  const Json q2 = queue_entry(report, f.q2);
  EXPECT_DOUBLE_EQ(q2["total"]["service_level"].get<double>(), 1.0);
  EXPECT_TRUE(q2["intervals"][1]["service_level"].is_null());  // no calls: no rate, not 0
}

TEST(QueueReport, SplitsIntoTheRequestedIntervals) {
  const QueueReportFixture& f = queue_report_fixture();
  HttpResult r = get_as_admin("/api/v1/reports/queues?" + kMarch2 +
                              "&interval=30&queue_id=" + std::to_string(f.q1));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json report = r.json();
  ASSERT_EQ(report["queues"].size(), 1u);
  const Json intervals = report["queues"][0]["intervals"];
  ASSERT_EQ(intervals.size(), 4u);
  EXPECT_EQ(intervals[0]["offered"], 3);  // 08:00, 08:10, 08:20
  EXPECT_EQ(intervals[1]["offered"], 2);  // 08:30, 08:40
  EXPECT_EQ(intervals[2]["offered"], 0);
  EXPECT_EQ(intervals[3]["offered"], 1);  // 09:59
  EXPECT_EQ(intervals[3]["start"], "2026-03-02T09:30:00.000Z");

  r = get_as_admin("/api/v1/reports/queues?" + kMarch2 +
                   "&interval=15&queue_id=" + std::to_string(f.q1));
  EXPECT_EQ(r.json()["queues"][0]["intervals"].size(), 8u);
  // "day": one bucket per day from `from`; this window is shorter, so one bucket up to `to`.
  r = get_as_admin("/api/v1/reports/queues?" + kMarch2 +
                   "&interval=day&queue_id=" + std::to_string(f.q1));
  ASSERT_EQ(r.json()["queues"][0]["intervals"].size(), 1u);
  EXPECT_EQ(r.json()["queues"][0]["intervals"][0]["end"], "2026-03-02T10:00:00.000Z");
  EXPECT_EQ(r.json()["queues"][0]["intervals"][0]["offered"], 6);
}

TEST(QueueReport, AQueueWithoutCallsHasEmptyIntervalsWhenAskedFor) {
  const Id quiet = make_queue(world().a.id, "Report quiet", 20);
  HttpResult r =
      get_as_admin("/api/v1/reports/queues?" + kMarch2 + "&queue_id=" + std::to_string(quiet));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json q = r.json()["queues"].at(0);
  EXPECT_EQ(q["queue_id"], quiet);
  ASSERT_EQ(q["intervals"].size(), 2u);
  EXPECT_EQ(q["total"]["offered"], 0);
  EXPECT_TRUE(q["total"]["service_level"].is_null());
}

TEST(QueueReport, ExportsCsv) {
  const QueueReportFixture& f = queue_report_fixture();
  HttpResult r = get_as_admin("/api/v1/reports/queues?" + kMarch2 +
                              "&interval=day&format=csv&queue_id=" + std::to_string(f.q1));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.header("content-disposition"),
            "attachment; filename=\"queue-kpis_20260302T0800Z_20260302T1000Z.csv\"");
  const std::string tenant = std::to_string(world().a.id);
  EXPECT_EQ(r.body,
            "tenant,queue,interval_start,interval_end,offered,answered,answered_within_threshold,"
            "abandoned,short_abandoned,callback_chosen,overflowed,timed_out,still_waiting,"
            "service_level,service_level_asterisk,service_level_asterisk_sl2,abandon_rate,asa_s,"
            "aht_s,longest_wait_s,handled,talk_s,hold_s,wrap_up_s\r\n" +
                tenant + "," + std::to_string(f.q1) +
                ",2026-03-02T08:00:00.000Z,2026-03-02T10:00:00.000Z,6,3,2,2,1,1,0,0,0,0.5000,"
                "0.6667,0.6000,0.2500,15.0,250.0,60.0,3,660.0,20.0,90.0\r\n");
}

TEST(QueueReport, NeverCountsAnotherTenantsCalls) {
  const QueueReportFixture& f = queue_report_fixture();
  World& w = world();
  HttpResult r = w.client().get("/api/v1/reports/queues?" + kMarch2, bearer(w.b.admin_token));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json report = r.json();
  ASSERT_EQ(report["queues"].size(), 1u) << r.body;
  EXPECT_EQ(report["queues"][0]["queue_id"], f.b_queue);
  EXPECT_EQ(report["queues"][0]["total"]["offered"], 1);
  // A's queue is no filter B can use.
  r = w.client().get("/api/v1/reports/queues?" + kMarch2 + "&queue_id=" + std::to_string(f.q1),
                     bearer(w.b.admin_token));
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "queue_id");
}

TEST(QueueReport, DefaultsToTodayUtc) {
  HttpResult r = get_as_admin("/api/v1/reports/queues");
  ASSERT_EQ(r.status, 200) << r.body;
  const TimeMs now = now_ms();
  const TimeMs midnight = now - now % (24 * kHour);
  EXPECT_EQ(r.json()["from"], format_iso8601(midnight));
  EXPECT_EQ(r.json()["to"], format_iso8601(midnight + 24 * kHour));
  EXPECT_EQ(r.json()["interval"], "60");
}

TEST(QueueReport, RefusesBadParameters) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"from=2026-03-01&to=2026-04-02", "to"},  // 32 days
      {"from=2026-03-02T10:00Z&to=2026-03-02T08:00Z", "to"},
      {"from=yesterday", "from"},
      {"interval=45", "interval"},
      {"format=xml", "format"},
      {"queue_id=abc", "queue_id"},
      {"user_id=1", "user_id"},  // the agents' filter, not the queues'
      {"limit=5", "limit"},
  };
  for (const auto& [query, field] : cases) {
    SCOPED_TRACE(query);
    HttpResult r = get_as_admin("/api/v1/reports/queues?" + query);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field);
  }
  // 31 days is the limit itself.
  EXPECT_EQ(
      get_as_admin("/api/v1/reports/queues?from=2026-03-01&to=2026-04-01&interval=day").status,
      200);
}

TEST(Reports, RolesThatMayReadThem) {
  World& w = world();
  const std::vector<std::string> targets{
      "/api/v1/reports/queues", "/api/v1/reports/agents",
      "/api/v1/queues/" + std::to_string(w.a.objects.at("queues")) + "/staffing"};
  for (const std::string& target : targets) {
    SCOPED_TRACE(target);
    EXPECT_EQ(w.client().get(target, w.a.sessions.at(Role::agent).headers()).status, 403);
    EXPECT_EQ(w.client().get(target, w.a.sessions.at(Role::supervisor).headers()).status, 200);
    // The client organisation sees its queues, not the call center's people.
    const bool about_people = target.find("/agents") != std::string::npos;
    EXPECT_EQ(w.client().get(target, w.a.sessions.at(Role::client_viewer).headers()).status,
              about_people ? 403 : 200);
    EXPECT_EQ(w.client().get(target).status, 401);
  }
}

// --- agent report -------------------------------------------------------------------------

// 2026-03-03, 08:00-10:00 UTC, one agent:
//   07:30 available (before the window)
//   08:10:00 ringing, 08:10:10 on call, 08:20:10 wrap-up, 08:21:10 available
//   08:40 paused (break), 09:10 available, 09:30 paused (training), 09:45 offline
// and the call it answered: offered 08:09:50, answered after 20 s, talk 600 s, wrap-up 60 s.
struct AgentReportFixture {
  Id agent = 0;
  Id b_agent = 0;
};

const AgentReportFixture& agent_report_fixture() {
  static const AgentReportFixture f = [] {
    World& w = world();
    AgentReportFixture out;
    out.agent = w.server->create_user(w.a.id, "report-agent", Role::agent, "pw-report-2026");
    out.b_agent = w.server->create_user(w.b.id, "report-agent-b", Role::agent, "pw-report-2026");
    const Id a = out.agent;
    add_state(w.a.id, a, "available", "2026-03-03T07:30:00Z");
    add_state(w.a.id, a, "ringing", "2026-03-03T08:10:00Z");
    add_state(w.a.id, a, "on-call", "2026-03-03T08:10:10Z");
    add_state(w.a.id, a, "wrap-up", "2026-03-03T08:20:10Z");
    add_state(w.a.id, a, "available", "2026-03-03T08:21:10Z");
    add_state(w.a.id, a, "paused", "2026-03-03T08:40:00Z", "break");
    add_state(w.a.id, a, "available", "2026-03-03T09:10:00Z");
    add_state(w.a.id, a, "paused", "2026-03-03T09:30:00Z", "training");
    add_state(w.a.id, a, "offline", "2026-03-03T09:45:00Z");
    const Id queue = make_queue(w.a.id, "Report agents", 20);
    add_calls(w.a.id, queue,
              {answered(at("2026-03-03T08:09:50Z"), 20 * kSecond, 600 * kSecond, 60 * kSecond, a)});
    // Tenant B's agent works the same morning.
    add_state(w.b.id, out.b_agent, "available", "2026-03-03T08:00:00Z");
    add_state(w.b.id, out.b_agent, "on-call", "2026-03-03T08:30:00Z");
    return out;
  }();
  return f;
}

const std::string kMarch3 = "from=2026-03-03T08:00Z&to=2026-03-03T10:00Z";

TEST(AgentReport, ComputesStateTimesOccupancyAndHandleTime) {
  const AgentReportFixture& f = agent_report_fixture();
  HttpResult r =
      get_as_admin("/api/v1/reports/agents?" + kMarch3 + "&user_id=" + std::to_string(f.agent));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json report = r.json();
  ASSERT_EQ(report["agents"].size(), 1u) << r.body;
  const Json agent = report["agents"][0];
  EXPECT_EQ(agent["user_id"], f.agent);
  EXPECT_EQ(agent["username"], "report-agent");
  ASSERT_EQ(agent["intervals"].size(), 2u);

  const Json h8 = agent["intervals"][0];
  EXPECT_EQ(h8["answered"], 1);
  EXPECT_EQ(h8["handled"], 1);
  EXPECT_DOUBLE_EQ(h8["aht_seconds"].get<double>(), 660.0);
  // available 08:00-08:10 (from the state before the window) + ringing 10 s + available
  // 08:21:10-08:40
  EXPECT_DOUBLE_EQ(h8["ready_seconds"].get<double>(), 600.0 + 10.0 + 1130.0);
  EXPECT_DOUBLE_EQ(h8["on_call_seconds"].get<double>(), 600.0);
  EXPECT_DOUBLE_EQ(h8["wrap_up_state_seconds"].get<double>(), 60.0);
  EXPECT_DOUBLE_EQ(h8["paused_seconds"].get<double>(), 1200.0);  // 08:40-09:00
  EXPECT_EQ(h8["paused_by_reason"], (Json{{"break", 1200.0}}));
  EXPECT_DOUBLE_EQ(h8["occupancy"].get<double>(), 0.275);  // 660 / (660 + 1740)

  const Json h9 = agent["intervals"][1];
  EXPECT_EQ(h9["answered"], 0);
  EXPECT_TRUE(h9["aht_seconds"].is_null());
  EXPECT_DOUBLE_EQ(h9["ready_seconds"].get<double>(), 1200.0);
  EXPECT_EQ(h9["paused_by_reason"], (Json{{"break", 600.0}, {"training", 900.0}}));
  EXPECT_DOUBLE_EQ(h9["occupancy"].get<double>(), 0.0);

  const Json total = agent["total"];
  EXPECT_DOUBLE_EQ(total["paused_seconds"].get<double>(), 2700.0);
  EXPECT_DOUBLE_EQ(total["occupancy"].get<double>(), 0.183333);  // 660 / 3600
}

TEST(AgentReport, ExportsCsv) {
  const AgentReportFixture& f = agent_report_fixture();
  HttpResult r = get_as_admin("/api/v1/reports/agents?" + kMarch3 +
                              "&format=csv&user_id=" + std::to_string(f.agent));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  const std::string prefix = std::to_string(world().a.id) + "," + std::to_string(f.agent) + ",";
  EXPECT_EQ(r.body,
            "tenant,agent,interval_start,interval_end,answered,handled,aht_s,talk_s,hold_s,"
            "wrap_up_s,on_call_s,wrap_up_state_s,ready_s,paused_s,occupancy\r\n" +
                prefix +
                "2026-03-03T08:00:00.000Z,2026-03-03T09:00:00.000Z,1,1,660.0,600.0,0.0,60.0,"
                "600.0,60.0,1740.0,1200.0,0.2750\r\n" +
                prefix +
                "2026-03-03T09:00:00.000Z,2026-03-03T10:00:00.000Z,0,0,,0.0,0.0,0.0,0.0,0.0,"
                "1200.0,1500.0,0.0000\r\n");
}

TEST(AgentReport, ListsOnlyTheCallersTenant) {
  const AgentReportFixture& f = agent_report_fixture();
  World& w = world();
  HttpResult r = get_as_admin("/api/v1/reports/agents?" + kMarch3);
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  const Json agents = r.json()["agents"];
  for (const Json& agent : agents) {
    EXPECT_NE(agent["user_id"], f.b_agent);
    found = found || agent["user_id"] == f.agent;
  }
  EXPECT_TRUE(found) << r.body;

  r = w.client().get("/api/v1/reports/agents?" + kMarch3, bearer(w.b.admin_token));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json()["agents"].size(), 1u) << r.body;
  EXPECT_EQ(r.json()["agents"][0]["user_id"], f.b_agent);
  // 08:00-08:30 available, then on a call until the window's end
  EXPECT_DOUBLE_EQ(r.json()["agents"][0]["total"]["occupancy"].get<double>(), 0.75);

  r = w.client().get("/api/v1/reports/agents?" + kMarch3 + "&user_id=" + std::to_string(f.agent),
                     bearer(w.b.admin_token));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["error"]["field"], "user_id");
}

// --- staffing -----------------------------------------------------------------------------

std::string staffing_path(Id queue, const std::string& query = {}) {
  return "/api/v1/queues/" + std::to_string(queue) + "/staffing" +
         (query.empty() ? "" : "?" + query);
}

// DOMAIN.md's Erlang C check: 400 calls in an hour, AHT 180 s -> 20 erlangs, 24 agents for
// 80 % within 20 s (C = 0.298, ASA 13.4 s). Stored as 400 answered calls within one clock hour
// three hours ago (10 s wait, 150 s talk, 30 s wrap-up) and one more call a day earlier.
Id busy_queue() {
  static const Id queue = [] {
    World& w = world();
    const Id q = make_queue(w.a.id, "Staffing busy", 20, 80);
    const TimeMs now = now_ms();
    const TimeMs hour = now - now % kHour - 3 * kHour;
    std::vector<Call> calls;
    for (int i = 0; i < 400; ++i)
      calls.push_back(answered(hour + i * 9 * kSecond, 10 * kSecond, 150 * kSecond, 30 * kSecond));
    calls.push_back(answered(hour - 24 * kHour, 10 * kSecond, 150 * kSecond, 30 * kSecond));
    add_calls(w.a.id, q, calls);
    return q;
  }();
  return queue;
}

TEST(Staffing, ErlangCFromTheObservedBusiestHour) {
  HttpResult r = get_as_admin(staffing_path(busy_queue(), "shrinkage=0.3"));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json body = r.json();
  EXPECT_EQ(body["queue"]["name"], "Staffing busy");
  const Json observed = body["observed"];
  EXPECT_EQ(observed["days"], 7);
  EXPECT_EQ(observed["offered"], 401);
  EXPECT_EQ(observed["handled"], 401);
  EXPECT_DOUBLE_EQ(observed["aht_seconds"].get<double>(), 180.0);
  EXPECT_EQ(observed["busiest_hour"]["offered"], 400);
  EXPECT_EQ(observed["active_hours"], 2);
  EXPECT_DOUBLE_EQ(observed["average_per_active_hour"].get<double>(), 200.5);
  EXPECT_TRUE(observed["mean_patience_seconds"].is_null());  // nobody gave up
  EXPECT_TRUE(body["reason"].is_null());

  const Json staffing = body["staffing"];
  EXPECT_EQ(staffing["basis"], "busiest_hour");
  EXPECT_DOUBLE_EQ(staffing["calls_per_hour"].get<double>(), 400.0);
  EXPECT_NEAR(staffing["erlangs"].get<double>(), 20.0, 1e-9);
  EXPECT_DOUBLE_EQ(staffing["target"]["service_level"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(staffing["target"]["threshold_seconds"].get<double>(), 20.0);
  const Json c = staffing["erlang_c"];
  EXPECT_EQ(c["agents"], 24);
  EXPECT_EQ(c["scheduled_staff"], 35);  // ceil(24 / 0.7)
  EXPECT_NEAR(c["wait_probability"].get<double>(), 0.298, 0.0005);
  // 1 - 0.298 * exp(-(24 - 20) * 20 / 180)
  EXPECT_NEAR(c["service_level"].get<double>(), 0.809, 0.001);
  EXPECT_NEAR(c["asa_seconds"].get<double>(), 13.4, 0.05);
  EXPECT_NEAR(c["occupancy"].get<double>(), 20.0 / 24.0, 1e-9);
  EXPECT_TRUE(staffing["erlang_a"].is_null());
  EXPECT_TRUE(staffing["erlang_a_reason"].is_string());
}

TEST(Staffing, TargetsBasisAndPatienceChangeTheAnswer) {
  const Id q = busy_queue();
  // At most 80 % occupancy: 20 erlangs need 25 agents.
  HttpResult r = get_as_admin(staffing_path(q, "max_occupancy=0.8"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["staffing"]["erlang_c"]["agents"], 25);
  // The average hour with calls: 401 calls over 2 hours.
  r = get_as_admin(staffing_path(q, "basis=average"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["staffing"]["basis"], "average");
  EXPECT_DOUBLE_EQ(r.json()["staffing"]["calls_per_hour"].get<double>(), 200.5);
  EXPECT_LT(r.json()["staffing"]["erlang_c"]["agents"].get<int>(), 24);
  // With the callers' patience, Erlang A as well: impatient callers need no more agents.
  r = get_as_admin(staffing_path(q, "patience_seconds=120"));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json a = r.json()["staffing"]["erlang_a"];
  ASSERT_TRUE(a.is_object()) << r.body;
  EXPECT_EQ(a["patience_basis"], "given");
  EXPECT_DOUBLE_EQ(a["mean_patience_seconds"].get<double>(), 120.0);
  EXPECT_GT(a["agents"].get<int>(), 20);
  EXPECT_LE(a["agents"].get<int>(), 24);
  EXPECT_GE(a["service_level"].get<double>(), 0.8);
  EXPECT_GT(a["abandon_probability"].get<double>(), 0.0);
  // A stricter target from the parameters.
  r = get_as_admin(staffing_path(q, "service_level=0.9&threshold_seconds=10"));
  EXPECT_GT(r.json()["staffing"]["erlang_c"]["agents"].get<int>(), 24);
  // Nobody observed for the last day: the busy hour was three hours ago, so it counts.
  r = get_as_admin(staffing_path(q, "days=1"));
  EXPECT_EQ(r.json()["observed"]["offered"], 400);
}

TEST(Staffing, EstimatesPatienceFromAbandons) {
  World& w = world();
  const Id q = make_queue(w.a.id, "Staffing patience", 20);
  const TimeMs start = now_ms() - 2 * kHour;
  add_calls(w.a.id, q,
            {answered(start, 10 * kSecond, 100 * kSecond, 0),
             answered(start + kMinute, 10 * kSecond, 100 * kSecond, 0),
             left("abandoned", start + 2 * kMinute, 30 * kSecond),
             left("abandoned", start + 3 * kMinute, 50 * kSecond),
             left("abandoned", start + 4 * kMinute, 2 * kSecond)});  // short: left out
  HttpResult r = get_as_admin(staffing_path(q));
  ASSERT_EQ(r.status, 200) << r.body;
  // (10 + 10 + 30 + 50) s waited / 2 abandons
  EXPECT_DOUBLE_EQ(r.json()["observed"]["mean_patience_seconds"].get<double>(), 50.0);
  const Json a = r.json()["staffing"]["erlang_a"];
  ASSERT_TRUE(a.is_object()) << r.body;
  EXPECT_EQ(a["patience_basis"], "observed");
  EXPECT_DOUBLE_EQ(a["mean_patience_seconds"].get<double>(), 50.0);
}

TEST(Staffing, SaysWhyWithoutObservedData) {
  World& w = world();
  const Id empty = make_queue(w.a.id, "Staffing empty", 20);
  HttpResult r = get_as_admin(staffing_path(empty));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["staffing"].is_null());
  EXPECT_NE(r.json()["reason"].get<std::string>().find("no calls"), std::string::npos);
  EXPECT_EQ(r.json()["observed"]["offered"], 0);
  // Given figures make it a plain calculator: DOMAIN.md's check again.
  r = get_as_admin(staffing_path(empty, "calls_per_hour=400&aht_seconds=180"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["staffing"]["basis"], "given");
  EXPECT_EQ(r.json()["staffing"]["erlang_c"]["agents"], 24);

  // Only abandons: the volume is known, the handle time is not.
  const Id abandoned = make_queue(w.a.id, "Staffing abandoned", 20);
  add_calls(w.a.id, abandoned, {left("abandoned", now_ms() - kHour, 40 * kSecond)});
  r = get_as_admin(staffing_path(abandoned));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["staffing"].is_null());
  EXPECT_NE(r.json()["reason"].get<std::string>().find("aht_seconds"), std::string::npos);
  r = get_as_admin(staffing_path(abandoned, "aht_seconds=180"));
  EXPECT_EQ(r.json()["staffing"]["erlang_c"]["agents"], 1);
}

TEST(Staffing, AnotherTenantsQueueIsNotFound) {
  World& w = world();
  HttpResult r = w.client().get(staffing_path(busy_queue()), bearer(w.b.admin_token));
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.json()["error"]["status"], 404);
}

TEST(Staffing, RefusesBadParameters) {
  const Id q = busy_queue();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"days=0", "days"},
      {"days=32", "days"},
      {"service_level=1", "service_level"},
      {"service_level=0", "service_level"},
      {"service_level=abc", "service_level"},
      {"threshold_seconds=-1", "threshold_seconds"},
      {"shrinkage=1", "shrinkage"},
      {"max_occupancy=0", "max_occupancy"},
      {"max_occupancy=1.5", "max_occupancy"},
      {"patience_seconds=0", "patience_seconds"},
      {"max_abandon_rate=2", "max_abandon_rate"},
      {"basis=median", "basis"},
      {"calls_per_hour=-5", "calls_per_hour"},
      {"aht_seconds=nan", "aht_seconds"},
      {"calls_per_hour=100000&aht_seconds=3600", "calls_per_hour"},  // 100,000 erlangs
      {"agents=3", "agents"},
  };
  for (const auto& [query, field] : cases) {
    SCOPED_TRACE(query);
    HttpResult r = get_as_admin(staffing_path(q, query));
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field);
  }
}

}  // namespace
}  // namespace callwerk::test

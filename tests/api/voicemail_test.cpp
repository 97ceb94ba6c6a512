// Voicemails through the API: the tenant's list (newest first, filters), marking one done (who
// and when), the audio served from under the recordings directory only, and the queue setting
// that sends callers there. Rows are stored as the ACD stores them (through the writer).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "api_world.hpp"

namespace callwerk::test {
namespace {

Id create_voicemail(World& w, const std::string& file, std::int64_t duration_ms = 4000) {
  return w.server
      ->create("voicemails", w.a.id,
               {{"queue_id", w.a.objects.at("queues")},
                {"caller_number", "+4930123456"},
                {"file", file},
                {"duration_ms", duration_ms}})
      .at("id")
      .get<Id>();
}

std::string path_of(Id id, const std::string& rest = {}) {
  return "/api/v1/voicemails/" + std::to_string(id) + rest;
}

TEST(Voicemails, AreListedNewestFirstAndFilteredByStatusAndQueue) {
  World& w = world();
  TestClient client = w.client();
  const Id older = create_voicemail(w, "alpha/list/older.wav");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const Id newer = create_voicemail(w, "alpha/list/newer.wav");
  const Headers agent = w.a.sessions.at(Role::agent).headers();
  HttpResult r = client.get("/api/v1/voicemails?status=new", agent);
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<Id> ids;
  for (const Json& item : r.items()) {
    EXPECT_EQ(item["status"], "new");
    EXPECT_EQ(item["tenant_id"], w.a.id);
    ids.push_back(item["id"].get<Id>());
  }
  const auto at_newer = std::find(ids.begin(), ids.end(), newer);
  const auto at_older = std::find(ids.begin(), ids.end(), older);
  ASSERT_NE(at_newer, ids.end());
  ASSERT_NE(at_older, ids.end());
  EXPECT_LT(at_newer, at_older);
  // The queue's name comes along, for the list.
  EXPECT_EQ(client.get(path_of(newer), agent).json()["queue_name"], "Hotline");
  // Another queue has none of them; an unknown status is bad input.
  const Id other = w.server->create("queues", w.a.id, {{"name", "Leer"}}).at("id").get<Id>();
  r = client.get("/api/v1/voicemails?queue_id=" + std::to_string(other), agent);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.items().empty()) << r.body;
  EXPECT_EQ(client.get("/api/v1/voicemails?status=heard", agent).status, 400);
}

TEST(Voicemails, AnAgentMarksOneDoneWithNameAndTime) {
  World& w = world();
  TestClient client = w.client();
  const Id id = create_voicemail(w, "alpha/done/one.wav");
  HttpResult r =
      client.request("POST", path_of(id, "/done"), "", w.a.sessions.at(Role::agent).headers());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "done");
  EXPECT_EQ(r.json()["done_by"], w.a.user_ids.at(Role::agent));
  EXPECT_TRUE(r.json()["done_at"].is_string()) << r.body;
  EXPECT_FALSE(r.json()["done_by_name"].is_null()) << r.body;
  // Done ones are no longer among the new.
  for (const Json& item :
       client.get("/api/v1/voicemails?status=new", bearer(w.a.admin_token)).items())
    EXPECT_NE(item["id"], id);
}

TEST(Voicemails, OnlyTheServerWritesThemAndViewersDoNotListen) {
  World& w = world();
  TestClient client = w.client();
  const Id id = w.a.objects.at("voicemails");
  const Headers agent = w.a.sessions.at(Role::agent).headers();
  EXPECT_EQ(client.request("POST", "/api/v1/voicemails", R"({"file":"x.wav"})", agent).status, 405);
  EXPECT_EQ(client.request("PATCH", path_of(id), R"({"status":"done"})", agent).status, 405);
  EXPECT_EQ(client.request("DELETE", path_of(id), "", agent).status, 405);
  const Headers viewer = w.a.sessions.at(Role::client_viewer).headers();
  EXPECT_EQ(client.get("/api/v1/voicemails", viewer).status, 403);
  EXPECT_EQ(client.get(path_of(id, "/audio"), viewer).status, 403);
  // Marking done takes the CSRF token like every cookie write.
  EXPECT_EQ(
      client.request("POST", path_of(id, "/done"), "", w.a.sessions.at(Role::agent).headers(false))
          .status,
      403);
}

TEST(Voicemails, AudioIsServedFromUnderTheRecordingsDirectoryOnly) {
  World& w = world();
  TestClient client = w.client();
  const Headers agent = w.a.sessions.at(Role::agent).headers();
  HttpResult r = client.get(path_of(w.a.objects.at("voicemails"), "/audio"), agent);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "audio/wav");
  EXPECT_EQ(r.body.substr(0, 4), "RIFF");
  EXPECT_EQ(r.body.size(), 44u + 1600u);
  // Another tenant's voicemail is not found, audio or not.
  EXPECT_EQ(
      client.get(path_of(w.a.objects.at("voicemails"), "/audio"), bearer(w.b.admin_token)).status,
      404);
  // A file that is gone, or a name that leads out of the directory, is no audio.
  write_test_wav(w.server->recordings_dir().parent_path() / "outside.wav");
  for (const std::string& file :
       {std::string("alpha/missing.wav"), std::string("../outside.wav"),
        (w.server->recordings_dir().parent_path() / "outside.wav").string(),
        std::string("alpha/2026-01-05/voicemail-1.txt")}) {
    SCOPED_TRACE(file);
    r = client.get(path_of(create_voicemail(w, file), "/audio"), agent);
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.json()["error"]["status"], 404);
  }
}

TEST(Voicemails, AQueueOverflowsToVoicemailButNotToAnUnknownAction) {
  World& w = world();
  TestClient client = w.client();
  const std::string queue = "/api/v1/queues/" + std::to_string(w.a.objects.at("queues"));
  const Headers admin = bearer(w.a.admin_token);
  HttpResult r = client.request("PATCH", queue, R"({"overflow_action":"mailbox"})", admin);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "overflow_action");
  r = client.request("PATCH", queue, R"({"overflow_action":"voicemail"})", admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["overflow_action"], "voicemail");
  r = client.request("PATCH", queue, R"({"overflow_action":"none"})", admin);
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace callwerk::test

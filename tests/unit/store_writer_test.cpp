// The writer: batches with savepoints, events after commit, audit entries, the append-only
// timeline, sessions and tokens.

#include <atomic>
#include <chrono>
#include <mutex>

#include <gtest/gtest.h>

#include "store/sqlite_connection.hpp"
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreWriterTest : public StoreTest {};

TEST_F(StoreWriterTest, AFailingCommandLeavesNoTraceAndTheBatchCommits) {
  std::mutex mutex;
  std::vector<StoredEvent> events;
  writer_->set_event_sink([&](const StoredEvent& e) {
    std::lock_guard lock(mutex);
    events.push_back(e);
  });
  std::vector<Result<Json>> results(3, Result<Json>(Json()));
  std::atomic<bool> release{false};
  // Hold the writer so that the next three commands land in one batch.
  writer_->submit(
      [&](WriteContext&) -> Result<Json> {
        while (!release) std::this_thread::yield();
        return Json();
      },
      nullptr);
  for (int i = 0; i < 3; ++i) {
    writer_->submit(
        [&, i](WriteContext& ctx) -> Result<Json> {
          auto created =
              ctx.create(entity("skills"), tenant_, {{"name", "S" + std::to_string(i)}}, actor_);
          if (i == 1) return make_error(ErrorKind::invalid_input, "changed my mind");
          return created;
        },
        [&, i](Result<Json> r) { results[i] = std::move(r); });
  }
  release = true;
  writer_->flush();
  EXPECT_TRUE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
  EXPECT_TRUE(results[2].ok());
  ListQuery q;
  q.tenant_id = tenant_;
  auto skills = reader_->list(entity("skills"), q);
  ASSERT_TRUE(skills.ok());
  EXPECT_EQ(skills->total, 2);
  auto audit = reader_->audit(q);
  ASSERT_TRUE(audit.ok());
  int skill_audits = 0;
  for (const Json& a : audit->items) skill_audits += a["entity"] == "skills";
  EXPECT_EQ(skill_audits, 2);
  std::lock_guard lock(mutex);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "skill.created");
  EXPECT_EQ(events[0].data["name"], "S0");
  EXPECT_EQ(events[1].data["name"], "S2");
}

TEST_F(StoreWriterTest, EventsArriveAfterTheCommit) {
  std::atomic<bool> visible_at_event{false};
  auto reader = open_reader(options_);
  ASSERT_TRUE(reader.ok());
  writer_->set_event_sink([&](const StoredEvent& e) {
    if (e.type != "contact.created") return;
    // Another connection sees the row already: the event came after COMMIT.
    visible_at_event = (*reader)->get(entity("contacts"), e.tenant_id, e.data["id"].get<Id>()).ok();
  });
  create_ok("contacts", {{"last_name", "Muster"}});
  EXPECT_TRUE(visible_at_event);
}

TEST_F(StoreWriterTest, AuditRecordsBeforeAndAfterWithoutSecrets) {
  Json user = create_ok(
      "users",
      {{"username", "u1"}, {"display_name", "U"}, {"role", "agent"}, {"password", "secret-1"}});
  const Id id = user["id"].get<Id>();
  ASSERT_TRUE(update("users", id, {{"display_name", "Uwe"}}).ok());
  auto r = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    Status s = ctx.audit(tenant_, actor_, "login", "session", std::nullopt, {{"ip", "127.0.0.1"}});
    if (!s) return s.error();
    return Json();
  });
  ASSERT_TRUE(r.ok());
  ListQuery q;
  q.tenant_id = tenant_;
  q.equals = {{"entity", "users"}};
  q.sort = "id";
  q.descending = false;
  auto page = reader_->audit(q);
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->total, 2);
  EXPECT_EQ(page->items[0]["action"], "create");
  EXPECT_EQ(page->items[1]["action"], "update");
  EXPECT_EQ(page->items[1]["entity_id"], id);
  EXPECT_EQ(page->items[1]["actor"], "test");
  EXPECT_EQ(page->items[1]["changes"]["before"]["display_name"], "U");
  EXPECT_EQ(page->items[1]["changes"]["after"]["display_name"], "Uwe");
  EXPECT_EQ(page->items[1].dump().find("argon2"), std::string::npos);
  q.equals = {{"action", "login"}};
  EXPECT_EQ(reader_->audit(q)->total, 1);
  q.equals = {{"nope", "x"}};
  EXPECT_FALSE(reader_->audit(q).ok());
}

TEST_F(StoreWriterTest, TimelineIsOrderedTenantBoundAndAppendOnly) {
  Json interaction = create_ok("interactions", interaction_input());
  const Id id = interaction["id"].get<Id>();
  std::vector<StoredEvent> events;
  writer_->set_event_sink([&](const StoredEvent& e) { events.push_back(e); });
  for (const char* type : {"call.started", "say", "call.ended"}) {
    auto e = writer_->run([&](WriteContext& ctx) {
      return ctx.append_timeline(tenant_, id, type, {{"text", "Guten Tag"}}, actor_,
                                 parse_iso8601("2026-11-02T08:15:13Z"));
    });
    ASSERT_TRUE(e.ok()) << e.error().describe();
  }
  auto foreign = writer_->run([&](WriteContext& ctx) {
    return ctx.append_timeline(other_tenant_, id, "note", Json::object(), actor_);
  });
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, ErrorKind::not_found);
  auto bad = writer_->run([&](WriteContext& ctx) {
    return ctx.append_timeline(tenant_, id, "", Json::object(), actor_);
  });
  EXPECT_EQ(bad.error().location, "type");

  auto items = reader_->timeline(tenant_, id);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0]["type"], "call.started");
  EXPECT_EQ((*items)[2]["seq"], 3);
  EXPECT_EQ((*items)[1]["at"], "2026-11-02T08:15:13.000Z");
  EXPECT_EQ((*items)[1]["payload"]["text"], "Guten Tag");
  EXPECT_EQ(reader_->timeline(other_tenant_, id).error().kind, ErrorKind::not_found);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, "timeline.appended");
  EXPECT_EQ(events[0].data["interaction_id"], id);
  EXPECT_EQ(events[0].data["event"]["seq"], 1);

  // The schema refuses changes; the store reports them as errors, not crashes.
  auto db = SqliteConnection::open(options_.path, ConnectionOptions{});
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE((*db)->exec("UPDATE timeline_events SET type = 'x'").ok());
  EXPECT_FALSE((*db)->exec("DELETE FROM timeline_events").ok());
  EXPECT_FALSE((*db)->exec("DELETE FROM audit_log").ok());
  // An interaction with a protocol cannot be deleted.
  auto removed = remove("interactions", id);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().kind, ErrorKind::conflict);
}

TEST_F(StoreWriterTest, SeqStaysDenseAfterARolledBackAppend) {
  Json interaction = create_ok("interactions", interaction_input());
  const Id id = interaction["id"].get<Id>();
  auto failed = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto e = ctx.append_timeline(tenant_, id, "note", Json::object(), actor_);
    return make_error(ErrorKind::conflict, "rolled back");
  });
  EXPECT_FALSE(failed.ok());
  auto e = writer_->run([&](WriteContext& ctx) {
    return ctx.append_timeline(tenant_, id, "note", Json::object(), actor_);
  });
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)["seq"], 1);
}

TEST_F(StoreWriterTest, SessionsTokensAndTenants) {
  Json user =
      create_ok("users", {{"username", "admin1"}, {"display_name", "A"}, {"role", "admin"}});
  const Id user_id = user["id"].get<Id>();
  auto r = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    Status s = ctx.put_session({"hash1", user_id, "csrf", 1, 2});
    if (!s) return s.error();
    return ctx.create_api_token(tenant_, user_id, "crm", "tokhash", actor_);
  });
  ASSERT_TRUE(r.ok()) << r.error().describe();
  auto session = reader_->session("hash1");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user_id, user_id);
  EXPECT_EQ(session->csrf_token, "csrf");
  auto token = reader_->api_token("tokhash");
  ASSERT_TRUE(token.has_value());
  EXPECT_FALSE(token->revoked);
  const Id token_id = (*r)["id"].get<Id>();
  auto foreign = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    Status s = ctx.revoke_api_token(other_tenant_, token_id, actor_);
    if (!s) return s.error();
    return Json();
  });
  EXPECT_EQ(foreign.error().kind, ErrorKind::not_found);
  r = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    Status s = ctx.revoke_api_token(tenant_, token_id, actor_);
    if (!s) return s.error();
    s = ctx.delete_session("hash1");
    if (!s) return s.error();
    return Json();
  });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(reader_->api_token("tokhash")->revoked);
  EXPECT_FALSE(reader_->session("hash1").has_value());

  EXPECT_EQ(reader_->tenant_id_by_slug("acme"), tenant_);
  EXPECT_FALSE(reader_->tenant_id_by_slug("nope").has_value());
  auto tenant = reader_->tenant(tenant_);
  ASSERT_TRUE(tenant.ok());
  EXPECT_EQ((*tenant)["slug"], "acme");
  auto duplicate = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto id = ctx.create_tenant("acme", "x", "Europe/Berlin", "de");
    if (!id) return id.error();
    return Json(*id);
  });
  EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);
  auto bad_slug = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto id = ctx.create_tenant("Äcme!", "x", "Europe/Berlin", "de");
    if (!id) return id.error();
    return Json(*id);
  });
  EXPECT_EQ(bad_slug.error().location, "slug");
}

TEST_F(StoreWriterTest, ExceptionsInWorkBecomeErrorsAndStopIsClean) {
  auto r = writer_->run([](WriteContext&) -> Result<Json> { return Json(1).at("x"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::internal);
  writer_->stop();
  auto after = writer_->run([](WriteContext&) -> Result<Json> { return Json(); });
  EXPECT_FALSE(after.ok());
}

// Group commit: under load, commands wait (up to group_commit_ms after the previous
// transaction began) to share one commit, while a client that waits for each acknowledgement
// in turn is never held back.
class StoreGroupCommitTest : public StoreTest {
 protected:
  static constexpr int kGroupMs = 1000;
  void SetUp() override {
    options_.group_commit_ms = kGroupMs;
    StoreTest::SetUp();
  }
};

TEST_F(StoreGroupCommitTest, ABurstSharesOneCommitAndALoneClientIsNotHeld) {
  writer_->flush();  // the fixture's last write is counted once its batch is done, after its reply
  const StoreWriter::Stats before = writer_->stats();
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  writer_->submit(
      [&](WriteContext&) -> Result<Json> {
        holding = true;
        while (!release) std::this_thread::yield();
        return Json();
      },
      nullptr);
  // The writer runs the holder alone before the burst comes, so the 50 queue behind it.
  while (!holding) std::this_thread::yield();
  std::atomic<int> created{0};
  for (int i = 0; i < 50; ++i)
    writer_->submit(
        [this, i](WriteContext& ctx) -> Result<Json> {
          return ctx.create(entity("skills"), tenant_, {{"name", "S" + std::to_string(i)}}, actor_);
        },
        [&](Result<Json> r) { created += r.ok(); });
  release = true;
  writer_->flush();
  const StoreWriter::Stats burst = writer_->stats();
  EXPECT_EQ(created, 50);
  EXPECT_EQ(burst.commands - before.commands, 51u);
  // The holder's transaction, then the 50 queued behind it together: two commits, not 51.
  EXPECT_EQ(burst.batches - before.batches, 2u);
  EXPECT_GE(burst.largest_batch, 50u);

  // The first lone command after the burst may wait for company; the ones after it may not.
  create_ok("skills", {{"name", "after the burst"}});
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) create_ok("skills", {{"name", "alone " + std::to_string(i)}});
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::milliseconds(kGroupMs / 2))
      << "three lone commands, each acknowledged before the next was sent, were held back";
}

}  // namespace
}  // namespace callwerk::store::testing

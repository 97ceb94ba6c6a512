#include <gtest/gtest.h>

#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = (dir_ / "m.db").string(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<SqliteConnection> connect() {
    auto db = SqliteConnection::open(path_, ConnectionOptions{});
    EXPECT_TRUE(db.ok());
    return std::move(*db);
  }

  std::filesystem::path dir_ = make_temp_dir();
  std::string path_;
};

TEST_F(StoreMigrationTest, MigratesAnEmptyDatabaseToTheLatestVersion) {
  ASSERT_GE(latest_schema_version(), 2);
  auto report = migrate(path_);
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->from_version, 0);
  EXPECT_EQ(report->to_version, latest_schema_version());
  auto again = migrate(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->from_version, latest_schema_version());
  auto db = connect();
  auto count = query_int(*db, "SELECT COUNT(*) FROM schema_migrations");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->value_or(0), latest_schema_version());
}

TEST_F(StoreMigrationTest, MigratesVersion1DataAndNumberingContinues) {
  {
    auto db = connect();
    auto report = apply_migrations(*db, 1);
    ASSERT_TRUE(report.ok()) << report.error().describe();
    ASSERT_EQ(report->to_version, 1);
    ASSERT_TRUE(db->exec("INSERT INTO tenants (id, slug, name, created_at) VALUES (1, 'a', 'A', 0);"
                         "INSERT INTO orders (tenant_id, order_number, created_at, updated_at) "
                         "VALUES (1, 'B-2026-000041', 0, 0), (1, 'B-2026-000007', 0, 0), "
                         "(1, 'B-2025-000500', 0, 0), (1, 'legacy-1', 0, 0);"
                         "INSERT INTO tickets (tenant_id, ticket_number, category, subject, "
                         "created_at, updated_at) VALUES (1, 'T-2026-000099', 'x', 'y', 0, 0);")
                    .ok());
  }
  auto report = migrate(path_);
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->from_version, 1);
  EXPECT_EQ(report->to_version, latest_schema_version());

  StoreOptions options{path_};
  auto writer = open_writer(options);
  ASSERT_TRUE(writer.ok()) << writer.error().describe();
  Actor actor{std::nullopt, "test"};
  // Sequences are per year of creation; force the year by creating the numbers directly.
  auto db = connect();
  auto next = query_int(*db,
                        "SELECT next_value FROM number_sequences WHERE tenant_id = 1 AND "
                        "name = 'B-2026'");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->value_or(0), 42);
  auto tickets = query_int(*db, "SELECT next_value FROM number_sequences WHERE name = 'T-2026'");
  EXPECT_EQ(tickets->value_or(0), 100);
  auto orders = query_int(*db, "SELECT COUNT(*) FROM orders");
  EXPECT_EQ(orders->value_or(0), 4);

  // A new order of this year continues after the highest number of this year.
  auto created = (*writer)->run(
      [&](WriteContext& ctx) { return ctx.create(entity("orders"), 1, Json::object(), actor); });
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const std::string number = (*created)["order_number"];
  const std::string year = format_iso8601(now_ms()).substr(0, 4);
  if (year == "2026") {
    EXPECT_EQ(number, "B-2026-000042");
  } else {
    EXPECT_EQ(number, "B-" + year + "-000001");
  }
}

// Version 10 widens the CHECK of queues.overflow_action (a new column replaces the old one):
// the queues of version 9 keep their rule, and only the known rules go in afterwards.
TEST_F(StoreMigrationTest, QueuesOfVersion9KeepTheirOverflowAndMayTakeVoicemail) {
  {
    auto db = connect();
    auto report = apply_migrations(*db, 9);
    ASSERT_TRUE(report.ok()) << report.error().describe();
    ASSERT_TRUE(
        db->exec("INSERT INTO tenants (id, slug, name, created_at) VALUES (1, 'a', 'A', 0);"
                 "INSERT INTO queues (id, tenant_id, name, overflow_action, "
                 "overflow_queue, created_at, updated_at) VALUES "
                 "(1, 1, 'Eins', 'callback', NULL, 0, 0), "
                 "(2, 1, 'Zwei', 'queue', 'Eins', 0, 0), (3, 1, 'Drei', 'none', NULL, 0, 0)")
            .ok());
    EXPECT_FALSE(db->exec("UPDATE queues SET overflow_action = 'voicemail' WHERE id = 3").ok());
  }
  auto report = migrate(path_);
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->from_version, 9);
  auto db = connect();
  auto stmt = db->prepare(
      "SELECT overflow_action, COALESCE(overflow_queue, '') FROM queues "
      "ORDER BY id");
  ASSERT_TRUE(stmt.ok());
  std::vector<std::string> rules;
  while (true) {
    auto row = stmt->step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    rules.push_back(stmt->text(0) + "/" + stmt->text(1));
  }
  EXPECT_EQ(rules, (std::vector<std::string>{"callback/", "queue/Eins", "none/"}));
  EXPECT_TRUE(db->exec("UPDATE queues SET overflow_action = 'voicemail' WHERE id = 3").ok());
  EXPECT_FALSE(db->exec("UPDATE queues SET overflow_action = 'mailbox' WHERE id = 3").ok());
  auto fresh = query_int(*db, "SELECT COUNT(*) FROM voicemails");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->value_or(-1), 0);
}

TEST_F(StoreMigrationTest, AFreshDatabaseTakesVoicemailQueuesAndMessages) {
  ASSERT_TRUE(migrate(path_).ok());
  StoreOptions options{path_};
  auto writer = open_writer(options);
  ASSERT_TRUE(writer.ok()) << writer.error().describe();
  Actor actor{std::nullopt, "test"};
  auto stored = (*writer)->run([&](WriteContext& ctx) -> Result<Json> {
    auto tenant = ctx.create_tenant("vm", "VM", "Europe/Berlin", "de");
    if (!tenant) return tenant.error();
    auto queue = ctx.create(entity("queues"), *tenant,
                            {{"name", "Mailbox"}, {"overflow_action", "voicemail"}}, actor);
    if (!queue) return queue.error();
    return ctx.create(entity("voicemails"), *tenant,
                      {{"queue_id", (*queue)["id"]}, {"file", "vm/x.wav"}, {"duration_ms", 1200}},
                      actor);
  });
  ASSERT_TRUE(stored.ok()) << stored.error().describe();
  EXPECT_EQ((*stored)["status"], "new");
  EXPECT_EQ((*stored)["queue_name"], "Mailbox");
}

TEST_F(StoreMigrationTest, RefusesADatabaseNewerThanTheProgram) {
  ASSERT_TRUE(migrate(path_).ok());
  {
    auto db = connect();
    ASSERT_TRUE(db->exec("INSERT INTO schema_migrations VALUES (999, 0)").ok());
  }
  auto report = migrate(path_);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("999"), std::string::npos);
  StoreOptions options{path_};
  EXPECT_FALSE(open_writer(options).ok());
  EXPECT_FALSE(open_reader(options).ok());
}

TEST_F(StoreMigrationTest, ReaderNeedsAMigratedDatabase) {
  StoreOptions options{path_};
  EXPECT_FALSE(open_reader(options).ok());
}

}  // namespace
}  // namespace callwerk::store::testing

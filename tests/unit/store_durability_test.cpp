// Acceptance test of the writer's promise: an event acknowledged by `done` is on disk. A child
// process appends timeline events and reports each id only after its commit; the parent kills
// it with SIGKILL mid-stream and checks that every acknowledged event survived.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <set>

#include <gtest/gtest.h>

#include "store/sqlite_connection.hpp"
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Runs in the forked child: appends until killed. Never returns.
[[noreturn]] void append_forever(const std::string& path, Id tenant, Id interaction, int fd) {
  StoreOptions options;
  options.path = path;
  auto writer = open_writer(options);
  if (!writer) _exit(3);
  const Actor actor{std::nullopt, "durability"};
  for (long i = 0;; ++i) {
    (*writer)->submit(
        [=](WriteContext& ctx) {
          return ctx.append_timeline(tenant, interaction, "note", Json{{"i", i}}, actor);
        },
        [fd](Result<Json> r) {
          if (!r) _exit(4);
          const std::int64_t id = (*r)["id"].get<std::int64_t>();
          if (!write_all(fd, &id, sizeof id)) _exit(5);
        });
    // Keep the queue bounded so that commits keep happening while the parent watches.
    if (i % 500 == 499) (*writer)->flush();
  }
}

class StoreDurabilityTest : public StoreTest {};

TEST_F(StoreDurabilityTest, AcknowledgedEventsSurviveSigkill) {
  Json interaction = create_ok("interactions", interaction_input());
  const Id interaction_id = interaction["id"].get<Id>();
  // The child must be the only process writing and the parent's threads must be gone at fork.
  reader_.reset();
  writer_->stop();
  writer_.reset();

  std::set<std::int64_t> acknowledged;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      append_forever(options_.path, tenant_, interaction_id, fds[1]);
    }
    ::close(fds[1]);
    const std::size_t target = acknowledged.size() + 3000 + static_cast<std::size_t>(round) * 777;
    std::int64_t id = 0;
    std::size_t have = 0;
    auto read_some = [&]() -> bool {
      const ssize_t n = ::read(fds[0], reinterpret_cast<char*>(&id) + have, sizeof id - have);
      if (n < 0 && errno == EINTR) return true;
      if (n <= 0) return false;
      have += static_cast<std::size_t>(n);
      if (have == sizeof id) {
        acknowledged.insert(id);
        have = 0;
      }
      return true;
    };
    while (acknowledged.size() < target && read_some()) {
    }
    ::kill(child, SIGKILL);
    // Whatever the child acknowledged before dying counts too.
    while (read_some()) {
    }
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
    ASSERT_GE(acknowledged.size(), target);

    auto db = SqliteConnection::open(options_.path, ConnectionOptions{});
    ASSERT_TRUE(db.ok());
    auto check = (*db)->prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.ok());
    ASSERT_TRUE(*check->step());
    EXPECT_EQ(check->text(0), "ok");
    auto stmt = (*db)->prepare("SELECT id FROM timeline_events WHERE interaction_id = ?");
    ASSERT_TRUE(stmt.ok());
    stmt->bind(1, interaction_id);
    std::set<std::int64_t> stored;
    while (*stmt->step()) stored.insert(stmt->int64(0));
    std::size_t missing = 0;
    for (std::int64_t a : acknowledged) missing += stored.count(a) == 0;
    EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged events";
    // seq stays dense after a crash: 1..n.
    auto max_seq = query_int(**db,
                             "SELECT MAX(seq) - COUNT(*) FROM timeline_events WHERE "
                             "interaction_id = ?",
                             {SqlValue{interaction_id}});
    EXPECT_EQ(max_seq->value_or(-1), 0);
  }
}

}  // namespace
}  // namespace callwerk::store::testing

// The single writer thread: takes up to max_batch queued commands, runs them in one
// transaction with a SAVEPOINT each, commits, then reports events and results. Batching is
// what makes synchronous=FULL affordable: one fsync covers thousands of commands.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_write_context.hpp"
#include "store/store.hpp"

namespace callwerk::store {

namespace {

struct Command {
  WriteWork work;
  WriteDone done;
};

struct Outcome {
  WriteDone done;
  Result<Json> result;
};

Error internal_error(const std::string& message) {
  return make_error(ErrorKind::internal, message);
}

class SqliteStoreWriter final : public StoreWriter {
 public:
  SqliteStoreWriter(std::unique_ptr<SqliteConnection> db, int max_batch, int group_commit_ms)
      : db_(std::move(db)),
        context_(*db_),
        max_batch_(std::max(1, max_batch)),
        group_commit_(std::chrono::milliseconds(std::max(0, group_commit_ms))) {
    thread_ = std::thread([this] {
      set_current_thread_name("cw-store");
      run_loop();
    });
  }
  ~SqliteStoreWriter() override { stop(); }

  void submit(WriteWork work, WriteDone done) override {
    {
      std::lock_guard lock(mutex_);
      if (!stopping_) {
        queue_.push_back(Command{std::move(work), std::move(done)});
        ++submitted_;
        // While grouping, the writer only needs waking for a full batch.
        if (!grouping_ || queue_.size() >= max_batch_) work_ready_.notify_one();
        return;
      }
    }
    if (done) done(internal_error("the store writer has stopped"));
  }

  void flush() override {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = submitted_;
    all_done_.wait(lock, [&] { return completed_ >= target || thread_exited_; });
  }

  void stop() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      work_ready_.notify_one();
    }
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

  Stats stats() const override {
    std::lock_guard lock(mutex_);
    return stats_;
  }

  void set_event_sink(std::function<void(const StoredEvent&)> sink) override {
    std::lock_guard lock(sink_mutex_);
    sink_ = std::move(sink);
  }

 private:
  void run_loop() {
    std::vector<Command> batch;
    while (true) {
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) break;  // stopping and drained
        if (under_load_) {
          // Commands kept coming while the last batch ran: let more of them share a commit.
          grouping_ = true;
          work_ready_.wait_until(lock, last_batch_start_ + group_commit_,
                                 [&] { return stopping_ || queue_.size() >= max_batch_; });
          grouping_ = false;
        }
        last_batch_start_ = std::chrono::steady_clock::now();
        const std::size_t n = std::min<std::size_t>(queue_.size(), max_batch_);
        batch.clear();
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      run_batch(batch);
      {
        std::lock_guard lock(mutex_);
        completed_ += batch.size();
        stats_.batches += 1;
        stats_.commands += batch.size();
        stats_.failed += batch_failures_;
        stats_.largest_batch = std::max<std::uint64_t>(stats_.largest_batch, batch.size());
        all_done_.notify_all();
      }
    }
    std::lock_guard lock(mutex_);
    thread_exited_ = true;
    all_done_.notify_all();
  }

  Status exec_cached(const std::string& sql) {
    auto stmt = db_->prepare(sql);
    if (!stmt) return stmt.error();
    return stmt->run();
  }

  Result<Json> run_one(Command& command) {
    if (Status s = exec_cached("SAVEPOINT command"); !s) return s.error();
    Result<Json> result = internal_error("no result");
    try {
      result = command.work ? command.work(context_) : Result<Json>(Json());
    } catch (const std::exception& e) {
      result = internal_error(std::string("write command failed: ") + e.what());
    } catch (...) {
      result = internal_error("write command failed");
    }
    if (result.ok()) {
      if (Status s = exec_cached("RELEASE command"); s) {
        context_.move_events_to(events_);
        return result;
      } else {
        result = s.error();
      }
    }
    // A failing command leaves nothing behind; the rest of the batch goes on.
    (void)exec_cached("ROLLBACK TO command");
    (void)exec_cached("RELEASE command");
    context_.discard();
    return result;
  }

  void run_batch(std::vector<Command>& batch) {
    // Reused between batches: large allocations per batch cost more than the commands.
    std::vector<Outcome>& outcomes = outcomes_;
    outcomes.clear();
    events_.clear();
    if (Status begun = exec_cached("BEGIN IMMEDIATE"); !begun) {
      spdlog::error("store: cannot begin a transaction: {}", begun.error().message);
      for (Command& c : batch) outcomes.push_back({std::move(c.done), begun.error()});
    } else {
      for (Command& c : batch) outcomes.push_back({std::move(c.done), run_one(c)});
      if (Status committed = exec_cached("COMMIT"); !committed) {
        spdlog::error("store: commit failed: {}", committed.error().message);
        (void)db_->exec("ROLLBACK");
        context_.discard();
        events_.clear();
        for (Outcome& o : outcomes)
          o.result = internal_error("the transaction could not be committed: " +
                                    committed.error().message);
      }
    }
    // Judged before anyone hears of this batch: a client that sends its next command when the
    // last one is acknowledged must not look like company and be held back.
    {
      std::lock_guard lock(mutex_);
      // One command at a time is a client waiting for each acknowledgement: never delayed.
      under_load_ = group_commit_.count() > 0 && (batch.size() > 1 || !queue_.empty());
    }
    deliver_events();
    batch_failures_ = 0;
    for (Outcome& o : outcomes) {
      if (!o.result.ok()) ++batch_failures_;
      if (!o.done) continue;
      try {
        std::exchange(o.done, nullptr)(std::move(o.result));
      } catch (const std::exception& e) {
        spdlog::error("store: a done callback threw: {}", e.what());
      }
    }
    outcomes.clear();
  }

  void deliver_events() {
    if (events_.empty()) return;
    std::function<void(const StoredEvent&)> sink;
    {
      std::lock_guard lock(sink_mutex_);
      sink = sink_;
    }
    if (sink) {
      for (const StoredEvent& e : events_) {
        try {
          sink(e);
        } catch (const std::exception& ex) {
          spdlog::error("store: the event sink threw: {}", ex.what());
        }
      }
    }
    events_.clear();
  }

  std::unique_ptr<SqliteConnection> db_;
  SqliteWriteContext context_;
  const std::size_t max_batch_;
  const std::chrono::steady_clock::duration group_commit_;
  std::vector<StoredEvent> events_;  // of the committed commands of the current batch
  std::vector<Outcome> outcomes_;

  std::uint64_t batch_failures_ = 0;

  mutable std::mutex mutex_;
  Stats stats_;
  std::condition_variable work_ready_;
  std::condition_variable all_done_;
  std::deque<Command> queue_;
  std::uint64_t submitted_ = 0;
  std::uint64_t completed_ = 0;
  bool stopping_ = false;
  bool thread_exited_ = false;
  bool under_load_ = false;  // the last batch had company: more commands are coming
  bool grouping_ = false;    // the writer waits for more commands to share the next commit
  std::chrono::steady_clock::time_point last_batch_start_;

  std::mutex sink_mutex_;
  std::function<void(const StoredEvent&)> sink_;

  std::thread thread_;  // last: starts after everything above is constructed
};

}  // namespace

Result<std::unique_ptr<StoreWriter>> open_writer(const StoreOptions& options) {
  if (options.path.empty())
    return make_error(ErrorKind::invalid_input, "no database path given", "path");
  ConnectionOptions connection_options;
  connection_options.synchronous_full = options.synchronous_full;
  auto db = SqliteConnection::open(options.path, connection_options);
  if (!db) return db.error();
  auto migrated = apply_migrations(**db);
  if (!migrated) return migrated.error();
  return std::unique_ptr<StoreWriter>(std::make_unique<SqliteStoreWriter>(
      std::move(*db), options.max_batch, options.group_commit_ms));
}

}  // namespace callwerk::store

#pragma once
// Shared fixture for the store tests: a fresh SQLite file in a temporary directory, a writer
// and a reader on it, and a tenant to work in. Real files, no mocks.

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "store/catalog.hpp"
#include "store/store.hpp"

namespace callwerk::store::testing {

inline std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "callwerk-store-XXXXXX").string();
  const char* made = mkdtemp(pattern.data());
  return made ? std::filesystem::path(made) : std::filesystem::temp_directory_path();
}

inline const EntitySpec& entity(std::string_view name) {
  const EntitySpec* spec = find_entity(name);
  if (!spec) throw std::runtime_error("no entity " + std::string(name));
  return *spec;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    options_.path = (dir_ / "callwerk.db").string();
    auto writer = open_writer(options_);
    ASSERT_TRUE(writer.ok()) << writer.error().describe();
    writer_ = std::move(*writer);
    auto reader = open_reader(options_);
    ASSERT_TRUE(reader.ok()) << reader.error().describe();
    reader_ = std::move(*reader);
    tenant_ = make_tenant("acme");
    other_tenant_ = make_tenant("other");
  }

  void TearDown() override {
    reader_.reset();
    if (writer_) writer_->stop();
    writer_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  Id make_tenant(const std::string& slug) {
    auto id = writer_->run([&](WriteContext& ctx) -> Result<Json> {
      auto r = ctx.create_tenant(slug, "Tenant " + slug, "Europe/Berlin", "de");
      if (!r) return r.error();
      return Json(*r);
    });
    EXPECT_TRUE(id.ok()) << id.error().describe();
    return id.ok() ? id->get<Id>() : 0;
  }

  Result<Json> create(std::string_view name, const Json& input, Id tenant = 0) {
    const Id t = tenant ? tenant : tenant_;
    return writer_->run(
        [&](WriteContext& ctx) { return ctx.create(entity(name), t, input, actor_); });
  }
  Json create_ok(std::string_view name, const Json& input, Id tenant = 0) {
    auto r = create(name, input, tenant);
    EXPECT_TRUE(r.ok()) << name << ": " << r.error().describe();
    return r.ok() ? *r : Json();
  }
  Result<Json> update(std::string_view name, Id id, const Json& patch, Id tenant = 0) {
    const Id t = tenant ? tenant : tenant_;
    return writer_->run(
        [&](WriteContext& ctx) { return ctx.update(entity(name), t, id, patch, actor_); });
  }
  Status remove(std::string_view name, Id id, Id tenant = 0) {
    const Id t = tenant ? tenant : tenant_;
    auto r = writer_->run([&](WriteContext& ctx) -> Result<Json> {
      Status s = ctx.remove(entity(name), t, id, actor_);
      if (!s) return s.error();
      return Json();
    });
    if (!r) return r.error();
    return ok_status();
  }

  Json interaction_input() const {
    return Json{
        {"channel", "voice"}, {"direction", "inbound"}, {"started_at", "2026-11-02T08:15:12Z"}};
  }

  std::filesystem::path dir_;
  StoreOptions options_;
  std::unique_ptr<StoreWriter> writer_;
  std::unique_ptr<StoreReader> reader_;
  Id tenant_ = 0;
  Id other_tenant_ = 0;
  Actor actor_{std::nullopt, "test"};
};

// A StoreTest that keeps every event the writer announces, for tests of what is published.
class StoreEventsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    writer_->set_event_sink([this](const StoredEvent& e) {
      std::lock_guard lock(mutex_);
      events_.push_back(e);
    });
  }

  // Every event since the last call, once the writer has committed what it was given.
  std::vector<StoredEvent> take_events() {
    writer_->flush();
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<StoredEvent> events_;
};

}  // namespace callwerk::store::testing

// Durable timeline events per second through the StoreWriter (synchronous=FULL by default):
// N append_timeline commands are submitted asynchronously; the clock stops when the last one
// is acknowledged (committed and fsynced).
//
// usage: store_events_bench [events=200000] [interactions=1000] [dir=/tmp] [--normal]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/core.h>

#include "store/store.hpp"

using namespace callwerk;
using namespace callwerk::store;

int main(int argc, char** argv) {
  const long events = argc > 1 ? std::atol(argv[1]) : 200000;
  const long interactions = argc > 2 ? std::atol(argv[2]) : 1000;
  const std::filesystem::path dir = argc > 3 ? argv[3] : std::filesystem::temp_directory_path();
  const bool normal = argc > 4 && std::string(argv[4]) == "--normal";
  if (events <= 0 || interactions <= 0) {
    fmt::print(stderr, "usage: store_events_bench [events] [interactions] [dir] [--normal]\n");
    return 2;
  }
  const std::filesystem::path path = dir / fmt::format("callwerk-bench-{}.db", ::getpid());
  StoreOptions options;
  options.path = path.string();
  options.synchronous_full = !normal;
  auto opened = open_writer(options);
  if (!opened) {
    fmt::print(stderr, "store_events_bench: {}\n", opened.error().describe());
    return 1;
  }
  auto& writer = *opened;
  const Actor actor{std::nullopt, "bench"};

  // Setup: one tenant and `interactions` calls whose protocols the events go to.
  std::vector<Id> interaction_ids;
  auto setup = writer->run([&](WriteContext& ctx) -> Result<Json> {
    auto tenant = ctx.create_tenant("bench", "Bench", "Europe/Berlin", "de");
    if (!tenant) return tenant.error();
    for (long i = 0; i < interactions; ++i) {
      auto r = ctx.create(*find_entity("interactions"), *tenant,
                          Json{{"channel", "voice"},
                               {"direction", "inbound"},
                               {"started_at", "2026-11-26T10:00:00Z"}},
                          actor);
      if (!r) return r.error();
      interaction_ids.push_back((*r)["id"].get<Id>());
    }
    return Json(*tenant);
  });
  if (!setup) {
    fmt::print(stderr, "store_events_bench: setup failed: {}\n", setup.error().describe());
    return 1;
  }
  const Id tenant = setup->get<Id>();

  std::atomic<long> acknowledged{0}, failed{0}, events_delivered{0};
  writer->set_event_sink([&](const StoredEvent&) { events_delivered.fetch_add(1); });
  const Json payload{{"digit", "5"}, {"duration_ms", 120}};
  fmt::print("store_events_bench: {} events over {} interactions, synchronous={}\n", events,
             interactions, normal ? "NORMAL" : "FULL");
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < events; ++i) {
    const Id interaction = interaction_ids[static_cast<std::size_t>(i % interactions)];
    writer->submit(
        [=, &payload](WriteContext& ctx) {
          return ctx.append_timeline(tenant, interaction, "dtmf.received", payload, actor);
        },
        [&](Result<Json> r) { (r.ok() ? acknowledged : failed).fetch_add(1); });
    if (i % (events / 10 > 0 ? events / 10 : 1) == 0 && i > 0)
      fmt::print("  submitted {} / {}, acknowledged {}\n", i, events, acknowledged.load());
  }
  writer->flush();
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  const StoreWriter::Stats stats = writer->stats();
  writer->stop();

  const double rate = static_cast<double>(acknowledged.load()) / elapsed.count();
  fmt::print("acknowledged {} events ({} failed, {} events delivered) in {:.3f} s\n",
             acknowledged.load(), failed.load(), events_delivered.load(), elapsed.count());
  fmt::print("batches {} (setup included), average {:.0f} commands per batch, largest {}\n",
             stats.batches,
             stats.batches ? static_cast<double>(stats.commands) / stats.batches : 0.0,
             stats.largest_batch);
  fmt::print("durable timeline events/s: {:.0f}\n", rate);
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix, ignored);
  return failed.load() == 0 ? 0 : 1;
}

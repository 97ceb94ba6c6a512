// The store's share of a voice call: StoreCallLog (the adapter the voice channel writes call
// protocols through) driven with the sequence of an answered call, as the SIP load bench
// produces it: call_started (interaction + "call.started"), call_answered, one "say", the
// "call.ended" entry and call_ended. The events go to the real EventHub (posted to a core
// io_context on another thread, as in the server), the writer commits with synchronous=FULL.
//
// Reports the CPU time of the writer thread per call (getrusage(RUSAGE_THREAD) taken inside
// write commands, so on the writer thread itself), of the submitting ("core") thread per call,
// and calls per second. With a rate the calls are paced like SIPp does (each call lasts 1.2 s,
// so about rate x 1.2 calls overlap); with rate 0 they are submitted as fast as possible.
//
// usage: voice_store_bench [calls=8000] [rate=800] [dir=/tmp] [--normal] [--group-commit=MS]

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "app/voice_store_adapters.hpp"
#include "http/event_hub.hpp"
#include "store/store.hpp"

using namespace callwerk;
using namespace callwerk::store;

namespace {

double thread_cpu_us() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  const auto us = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

// The writer thread's CPU time, read by a command that runs on it.
double writer_cpu_us(StoreWriter& writer) {
  auto r = writer.run([](WriteContext&) -> Result<Json> { return Json(thread_cpu_us()); });
  return r ? r->get<double>() : 0.0;
}

enum class Step { started, answered, say, ended_event, ended };

struct Due {
  std::chrono::microseconds at;
  voice::CallKey call;
  Step step;
  bool operator>(const Due& other) const {
    return at != other.at ? at > other.at : step > other.step;  // a call's steps in order
  }
};

// Offsets of each step from the call's start: answered at once, a greeting, BYE after 1.2 s.
constexpr std::pair<Step, int> kSteps[] = {{Step::started, 0},
                                           {Step::answered, 20},
                                           {Step::say, 30},
                                           {Step::ended_event, 1200},
                                           {Step::ended, 1200}};

void run_step(voice::CallLog& log, const Due& due, Id tenant, TimeMs now) {
  switch (due.step) {
    case Step::started: {
      const std::string from = fmt::format("+4930{:08}", due.call % 100000000);
      voice::CallStart start{.tenant_id = tenant,
                             .remote_address = from,
                             .local_address = "+4930555000",
                             .contact_id = std::nullopt,
                             .started_at = now,
                             .payload = {{"from", from},
                                         {"to", "+4930555000"},
                                         {"call_id", fmt::format("{}-bench@127.0.0.1", due.call)},
                                         {"transport", "UDP"}}};
      log.call_started(due.call, start);
      break;
    }
    case Step::answered:
      log.call_answered(due.call, now);
      break;
    case Step::say:
      log.call_event(due.call, "say",
                     {{"text", "Willkommen bei callwerk. Für Bestellungen drücken Sie die 1."}},
                     "virtual-agent", now);
      break;
    case Step::ended_event:
      log.call_event(due.call, "call.ended", {{"reason", "caller_hangup"}, {"duration_seconds", 1}},
                     "telephony", now);
      break;
    case Step::ended:
      log.call_ended(due.call, now, "caller_hangup");
      break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const long calls = argc > 1 ? std::atol(argv[1]) : 8000;
  const long rate = argc > 2 ? std::atol(argv[2]) : 800;
  const std::filesystem::path dir = argc > 3 ? argv[3] : std::filesystem::temp_directory_path();
  bool normal = false;
  int group_commit_ms = StoreOptions{}.group_commit_ms;
  for (int i = 4; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--normal") normal = true;
    if (flag.starts_with("--group-commit=")) group_commit_ms = std::atoi(flag.c_str() + 15);
  }
  if (calls <= 0 || rate < 0) {
    fmt::print(
        stderr,
        "usage: voice_store_bench [calls] [rate, 0: flood] [dir] [--normal] [--group-commit=MS]\n");
    return 2;
  }
  const std::filesystem::path path = dir / fmt::format("callwerk-voice-bench-{}.db", ::getpid());
  StoreOptions options;
  options.path = path.string();
  options.synchronous_full = !normal;
  options.group_commit_ms = group_commit_ms;
  auto opened = open_writer(options);
  if (!opened) {
    fmt::print(stderr, "voice_store_bench: {}\n", opened.error().describe());
    return 1;
  }
  StoreWriter& writer = **opened;

  // The server's event path: the hub posts every event to the core loop (its own thread here).
  boost::asio::io_context core;
  auto core_work = boost::asio::make_work_guard(core);
  std::thread core_thread([&] { core.run(); });
  auto hub = std::make_shared<http::EventHub>(core);
  std::atomic<long> events{0};
  writer.set_event_sink([&](const StoredEvent& e) {
    hub->publish(e);
    events.fetch_add(1, std::memory_order_relaxed);
  });

  auto tenant = writer.run([](WriteContext& ctx) -> Result<Json> {
    auto id = ctx.create_tenant("bench", "Bench", "Europe/Berlin", "de");
    if (!id) return id.error();
    return Json(*id);
  });
  if (!tenant) {
    fmt::print(stderr, "voice_store_bench: setup failed: {}\n", tenant.error().describe());
    return 1;
  }
  const Id tenant_id = tenant->get<Id>();
  app::StoreCallLog log(writer);

  std::priority_queue<Due, std::vector<Due>, std::greater<>> schedule;
  const auto spacing = rate > 0 ? std::chrono::microseconds(1'000'000 / rate)
                                : std::chrono::microseconds(1'000'000 / 800);
  for (long i = 0; i < calls; ++i)
    for (const auto& [step, offset_ms] : kSteps)
      schedule.push(Due{spacing * i + std::chrono::milliseconds(offset_ms),
                        static_cast<voice::CallKey>(i + 1), step});

  fmt::print("voice_store_bench: {} calls, {}, synchronous={}, group commit {} ms\n", calls,
             rate > 0 ? fmt::format("{} calls/s", rate) : std::string("flood"),
             normal ? "NORMAL" : "FULL", group_commit_ms);
  const double writer_before = writer_cpu_us(writer);
  writer.flush();  // the counters of that command are in
  const StoreWriter::Stats stats_before = writer.stats();
  const double core_before = thread_cpu_us();
  const auto start = std::chrono::steady_clock::now();
  while (!schedule.empty()) {
    const Due due = schedule.top();
    schedule.pop();
    if (rate > 0) std::this_thread::sleep_until(start + due.at);
    run_step(log, due, tenant_id, now_ms());
  }
  const double core_after = thread_cpu_us();
  writer.flush();
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  const double writer_after = writer_cpu_us(writer);
  writer.flush();
  const StoreWriter::Stats stats = writer.stats();

  // Everything stored? Interactions with their end, and every protocol entry.
  auto check = open_reader(options);
  long stored = 0;
  long entries = 0;
  if (check) {
    ListQuery q;
    q.tenant_id = tenant_id;
    q.limit = 1;
    q.equals = {{"end_reason", "caller_hangup"}};
    if (auto page = (*check)->list(*find_entity("interactions"), q)) stored = page->total;
    if (auto first = (*check)->timeline(tenant_id, 1)) entries = static_cast<long>(first->size());
  }
  writer.stop();
  core_work.reset();
  core_thread.join();

  // Without the command that read the writer's CPU time at the end.
  const std::uint64_t commands = stats.commands - stats_before.commands - 1;
  const std::uint64_t batches = stats.batches - stats_before.batches - 1;
  const double n = static_cast<double>(calls);
  fmt::print("stored {} ended interactions (first has {} timeline entries), {} failed commands\n",
             stored, entries, stats.failed);
  fmt::print("{} commands in {} batches (average {:.1f}, largest {}), {} events\n", commands,
             batches, batches ? static_cast<double>(commands) / batches : 0.0, stats.largest_batch,
             events.load());
  fmt::print("elapsed {:.3f} s, {:.0f} calls/s\n", elapsed.count(), n / elapsed.count());
  const double writer_us = (writer_after - writer_before) / n;
  fmt::print("writer thread CPU: {:.1f} us per call (one core would write {:.0f} calls/s)\n",
             writer_us, writer_us > 0 ? 1e6 / writer_us : 0.0);
  fmt::print("submitting thread CPU: {:.1f} us per call\n", (core_after - core_before) / n);
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix, ignored);
  return stored == calls && stats.failed == 0 ? 0 : 1;
}

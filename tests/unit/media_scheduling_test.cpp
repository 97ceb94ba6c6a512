// Real-time scheduling of media threads: when the guard steps a thread down and up again
// (pure), and what an engine's threads really run as (asked of the kernel).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/thread_priority.hpp"
#include "media/media_engine.hpp"
#include "media/realtime_guard.hpp"
#include "media_engine_test_support.hpp"

namespace callwerk::media {
namespace {

using Change = RealtimeGuard::Change;

TEST(RealtimeGuard, ModerateLoadKeepsRealTime) {
  RealtimeGuard guard;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(guard.second(0.89), Change::none);
  EXPECT_TRUE(guard.realtime());
}

TEST(RealtimeGuard, StepsDownAfterThreeOverloadedSecondsInARow) {
  RealtimeGuard guard;
  EXPECT_EQ(guard.second(0.95), Change::none);  // busy seconds are a burst (calls opening)
  EXPECT_EQ(guard.second(0.99), Change::none);
  EXPECT_EQ(guard.second(0.50), Change::none);  // and a calm one starts the count afresh
  EXPECT_EQ(guard.second(0.95), Change::none);
  EXPECT_EQ(guard.second(0.92), Change::none);
  EXPECT_EQ(guard.second(0.90), Change::step_down);
  EXPECT_FALSE(guard.realtime());
  EXPECT_EQ(guard.second(1.0), Change::none);  // already down
}

TEST(RealtimeGuard, StepsUpAfterFiveModerateSecondsAndDownAgainWhenNeeded) {
  RealtimeGuard guard;
  for (int i = 0; i < 3; ++i) guard.second(1.0);
  ASSERT_FALSE(guard.realtime());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(guard.second(0.75), Change::none);
  EXPECT_EQ(guard.second(0.80), Change::none);  // between the two marks: not recovered yet
  // A thread relaying 600 bridged calls (~66 % of a core) comes back.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(guard.second(0.66), Change::none) << i;
  EXPECT_EQ(guard.second(0.66), Change::step_up);
  EXPECT_TRUE(guard.realtime());
  guard.second(0.99);
  guard.second(0.99);
  EXPECT_EQ(guard.second(0.99), Change::step_down);
}

TEST(RealtimeGuard, JudgesTheCpuTimeOfEachWholeSecond) {
  RealtimeGuard guard(RealtimeLimits{
      .overloaded = 0.85, .overloaded_seconds = 2, .recovered = 0.60, .recovered_seconds = 10});
  EXPECT_EQ(guard.sample(5000000, 200000), Change::none);  // starts the first window
  // 0.9 s of CPU in 0.95 s of time is not yet a whole second: nothing is judged.
  EXPECT_EQ(guard.sample(5950000, 1100000), Change::none);
  EXPECT_EQ(guard.sample(6000000, 1100000), Change::none);       // 0.90 over 1 s: overloaded once
  EXPECT_EQ(guard.sample(7000000, 1950000), Change::step_down);  // 0.85 over the next second
  // Waiting for a core is not work: 2 s of time with 0.4 s of CPU is calm.
  for (int i = 0; i < 9; ++i)
    EXPECT_EQ(guard.sample(9000000 + i * 1000000, 2350000 + i * 200000), Change::none) << i;
  EXPECT_EQ(guard.sample(18000000, 4150000), Change::step_up);
}

TEST(RealtimeGuard, AClockGoingBackwardsStartsAFreshWindow) {
  RealtimeGuard guard(RealtimeLimits{.overloaded = 0.5, .overloaded_seconds = 1});
  guard.sample(10000000, 0);
  EXPECT_EQ(guard.sample(9000000, 0), Change::none);             // a new window from 9 s
  EXPECT_EQ(guard.sample(10000000, 100000), Change::none);       // 0.1: calm
  EXPECT_EQ(guard.sample(11000000, 800000), Change::step_down);  // 0.7
}

// The kernel's scheduling policy of this process's thread named `name` (field 41 of
// /proc/self/task/<tid>/stat: 0 SCHED_OTHER, 1 SCHED_FIFO), or -1 when there is none.
int policy_of_thread(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string thread_name;
    std::getline(comm, thread_name);
    if (thread_name != name) continue;
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    std::istringstream fields(line.substr(line.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    for (int i = 3; i <= 41 && fields >> field; ++i) {
      if (i == 41) return std::stoi(field);
    }
  }
  return -1;
}

// Whether this process may give a thread SCHED_FIFO (root, CAP_SYS_NICE, RLIMIT_RTPRIO).
bool realtime_granted_here() {
  bool granted = false;
  std::thread probe([&] { granted = set_current_thread_realtime(10).ok(); });
  probe.join();
  return granted;
}

MediaEngineConfig config_with_priority(int priority) {
  MediaEngineConfig config = test::loopback_config(23600, 23699);
  config.realtime_priority = priority;
  return config;
}

// What the media threads said, from their own threads.
struct Notices {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) {
      std::lock_guard lock(mutex);
      lines.push_back(line);
    };
  }
  std::vector<std::string> taken() {
    std::lock_guard lock(mutex);
    return lines;
  }
};

TEST(MediaEngineScheduling, MediaThreadRunsRealTimeWhereGrantedAndSaysWhyNotElsewhere) {
  Notices said;
  MediaEngine engine(config_with_priority(10), [](MediaEvent) {});
  engine.set_notice_sink(said.sink());
  engine.start();
  const auto notices = said.taken();
  const auto load = engine.load();
  ASSERT_EQ(load.size(), 1u);
  if (realtime_granted_here()) {
    EXPECT_TRUE(load[0].realtime);
    EXPECT_EQ(load[0].scheduling, "real-time (SCHED_FIFO 10)");
    EXPECT_EQ(policy_of_thread("cw-media-0"), 1);
    EXPECT_TRUE(notices.empty());
  } else {
    EXPECT_FALSE(load[0].realtime);
    EXPECT_NE(load[0].scheduling.find("refused"), std::string::npos) << load[0].scheduling;
    EXPECT_EQ(policy_of_thread("cw-media-0"), 0);
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_TRUE(notices[0].starts_with("media thread 0: normal (real-time priority refused"))
        << notices[0];
  }
  engine.stop();
}

TEST(MediaEngineScheduling, PriorityZeroKeepsOrdinaryScheduling) {
  MediaEngine engine(config_with_priority(0), [](MediaEvent) {});
  engine.start();
  const auto load = engine.load();
  ASSERT_EQ(load.size(), 1u);
  EXPECT_FALSE(load[0].realtime);
  EXPECT_EQ(load[0].scheduling, "normal (configured)");
  EXPECT_EQ(policy_of_thread("cw-media-0"), 0);
  engine.stop();
}

// The worker feeds its guard: with limits where every second is overloaded and every second
// calm, the thread steps down and up again within a few seconds, and the kernel agrees.
TEST(MediaEngineScheduling, AnOverloadedThreadStepsDownAndUpAgain) {
  if (!realtime_granted_here()) GTEST_SKIP() << "no real-time priority for this process";
  MediaEngineConfig config = config_with_priority(10);
  config.realtime_limits = RealtimeLimits{
      .overloaded = 0.0, .overloaded_seconds = 1, .recovered = 1.0, .recovered_seconds = 1};
  Notices said;
  MediaEngine engine(config, [](MediaEvent) {});
  engine.set_notice_sink(said.sink());
  engine.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool down_seen = false;
  while (std::chrono::steady_clock::now() < deadline && engine.load()[0].step_downs < 2) {
    if (!engine.load()[0].realtime && policy_of_thread("cw-media-0") == 0) down_seen = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto load = engine.load();
  engine.stop();
  EXPECT_GE(load[0].step_downs, 2u);
  EXPECT_TRUE(down_seen);
  const auto notices = said.taken();
  ASSERT_GE(notices.size(), 3u);
  EXPECT_TRUE(
      notices[0].starts_with("media thread 0: busy 0 % of the time or more: back to "
                             "ordinary priority"))
      << notices[0];
  EXPECT_EQ(notices[1], "media thread 0: real-time priority again");
}

}  // namespace
}  // namespace callwerk::media

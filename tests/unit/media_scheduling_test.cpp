// Real-time scheduling of media threads: when the guard steps a thread down and up again
// (pure), and what an engine's threads really run as (asked of the kernel).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/thread_priority.hpp"
#include "media/media_engine.hpp"
#include "media/realtime_guard.hpp"

namespace callwerk::media {
namespace {

using Change = RealtimeGuard::Change;

TEST(RealtimeGuard, ModerateLoadKeepsRealTime) {
  RealtimeGuard guard;
  for (int i = 0; i < 100; ++i) EXPECT_EQ(guard.second(0.84), Change::none);
  EXPECT_TRUE(guard.realtime());
  EXPECT_EQ(guard.step_downs(), 0u);
}

TEST(RealtimeGuard, StepsDownAfterTwoOverloadedSecondsInARow) {
  RealtimeGuard guard;
  EXPECT_EQ(guard.second(0.95), Change::none);  // one busy second is a burst (calls opening)
  EXPECT_EQ(guard.second(0.50), Change::none);  // and a calm one starts the count afresh
  EXPECT_EQ(guard.second(0.90), Change::none);
  EXPECT_EQ(guard.second(0.85), Change::step_down);
  EXPECT_FALSE(guard.realtime());
  EXPECT_EQ(guard.step_downs(), 1u);
  EXPECT_EQ(guard.second(1.0), Change::none);  // already down
}

TEST(RealtimeGuard, StepsUpAfterTenModerateSecondsAndDownAgainWhenNeeded) {
  RealtimeGuard guard;
  guard.second(1.0);
  guard.second(1.0);
  ASSERT_FALSE(guard.realtime());
  for (int i = 0; i < 9; ++i) EXPECT_EQ(guard.second(0.60), Change::none);
  EXPECT_EQ(guard.second(0.70), Change::none);  // between the two marks: not recovered yet
  for (int i = 0; i < 9; ++i) EXPECT_EQ(guard.second(0.30), Change::none) << i;
  EXPECT_EQ(guard.second(0.30), Change::step_up);
  EXPECT_TRUE(guard.realtime());
  guard.second(0.99);
  EXPECT_EQ(guard.second(0.99), Change::step_down);
  EXPECT_EQ(guard.step_downs(), 2u);
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
  MediaEngineConfig config;
  config.bind_address = "127.0.0.1";
  config.port_min = 23600;
  config.port_max = 23699;
  config.realtime_priority = priority;
  return config;
}

TEST(MediaEngineScheduling, MediaThreadRunsRealTimeWhereGrantedAndSaysWhyNotElsewhere) {
  std::vector<std::string> notices;
  MediaEngine engine(config_with_priority(10), [](MediaEvent) {});
  engine.set_notice_sink([&](const std::string& notice) { notices.push_back(notice); });
  engine.start();
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

}  // namespace
}  // namespace callwerk::media

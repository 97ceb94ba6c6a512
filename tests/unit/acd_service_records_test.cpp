// AcdService: finished queue records are kept for the wallboard's "today" only; older ones go
// as new ones finish, so a server that runs for weeks does not collect every call it routed.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::agent_config;
using test::queue_config;

constexpr TimeMs kHour = 3'600'000;

class AcdServiceRecords : public test::AcdServiceTest {
 protected:
  void SetUp() override {
    add_queue(queue_config(1));
    add_agent(agent_config(1));
  }
  // One call through the queue (no wrap-up): enqueued now, answered at once, talks `talk_ms`.
  void handle_one(CallId call, TimeMs talk_ms = 60'000) {
    enqueue(call, 1);
    ok(acd.agent_answered(call, 1, now));
    now += talk_ms;
    ok(acd.call_ended(call, now));
  }
  std::vector<std::string> kept() const {
    std::vector<std::string> ids;
    for (const QueuedCallRecord& record : acd.records_since(0))
      ids.push_back(record.interaction_id);
    return ids;
  }
};

TEST_F(AcdServiceRecords, RecordsOlderThanAnyTodayGoWhenANewOneFinishes) {
  handle_one(1);
  now += 25 * kHour;  // call 1 still in a tenant's day that began 25 hours ago
  handle_one(2);
  EXPECT_EQ(kept(), (std::vector<std::string>{"1", "2"}));

  now += kHour;  // call 1 was enqueued more than 26 hours ago: nobody's today
  handle_one(3);
  EXPECT_EQ(kept(), (std::vector<std::string>{"2", "3"}));
  expect_healthy();
}

TEST_F(AcdServiceRecords, TodaysRecordsAndOpenCallsStay) {
  for (CallId call = 1; call <= 50; ++call) handle_one(call, 10 * 60'000);  // over 8 hours
  enqueue(100, 1);
  ok(acd.agent_answered(100, 1, now));  // talking: an open record
  now += 20 * kHour;
  enqueue(101, 1);  // waiting: an open record
  const std::vector<std::string> ids = kept();
  EXPECT_EQ(ids.size(), 52u);
  EXPECT_TRUE(std::find(ids.begin(), ids.end(), "100") != ids.end());
  EXPECT_TRUE(std::find(ids.begin(), ids.end(), "101") != ids.end());
  expect_healthy();
}

TEST_F(AcdServiceRecords, ACallThatFinishesAfterADayIsNotKept) {
  // Its record belongs to a day that is over for every tenant: records_since(today) would
  // skip it anyway.
  enqueue(1, 1);
  ok(acd.agent_answered(1, 1, now));
  now += 27 * kHour;
  ok(acd.call_ended(1, now));
  EXPECT_TRUE(kept().empty());
  EXPECT_EQ(out.records.back().interaction_id, "1");  // stored all the same
}

}  // namespace
}  // namespace callwerk::acd

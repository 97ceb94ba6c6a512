// StoreCallLog (the voice channel's CallLog on the store writer): a call's interaction and its
// protocol entries in order, and nothing after the call's end.
#include <gtest/gtest.h>

#include "app/voice_store_adapters.hpp"
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

constexpr TimeMs kStarted = 1'793'600'112'345;  // 2026-11-02T06:15:12.345Z

using StoreCallLogTest = StoreEventsTest;

TEST_F(StoreCallLogTest, WritesACallsProtocolInOrder) {
  app::StoreCallLog log(*writer_);
  voice::CallStart start{.tenant_id = tenant_,
                         .remote_address = "+4930123",
                         .local_address = "+4930555",
                         .contact_id = std::nullopt,
                         .started_at = kStarted,
                         .payload = {{"from", "+4930123"}, {"call_id", "abc@host"}}};
  log.call_started(7, start);
  log.call_answered(7, kStarted + 100);
  log.call_event(7, "say", {{"text", "Willkommen"}}, "virtual-agent", kStarted + 200);
  log.call_event(7, "call.ended", {{"reason", "caller_hangup"}}, "telephony", kStarted + 900);
  log.call_ended(7, kStarted + 900, "caller_hangup");
  log.call_event(7, "too.late", Json::object(), "telephony", kStarted + 950);  // logged, dropped
  const auto events = take_events();

  ListQuery q;
  q.tenant_id = tenant_;
  auto page = reader_->list(entity("interactions"), q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  const Json& row = page->items[0];
  EXPECT_EQ(row["channel"], "voice");
  EXPECT_EQ(row["direction"], "inbound");
  EXPECT_EQ(row["remote_address"], "+4930123");
  EXPECT_EQ(row["started_at"], format_iso8601(kStarted));
  EXPECT_EQ(row["answered_at"], format_iso8601(kStarted + 100));
  EXPECT_EQ(row["ended_at"], format_iso8601(kStarted + 900));
  EXPECT_EQ(row["end_reason"], "caller_hangup");
  auto timeline = reader_->timeline(tenant_, row["id"].get<Id>());
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->size(), 3u);
  EXPECT_EQ((*timeline)[0]["type"], "call.started");
  EXPECT_EQ((*timeline)[0]["actor"], "telephony");
  EXPECT_EQ((*timeline)[0]["payload"]["call_id"], "abc@host");
  EXPECT_EQ((*timeline)[1]["type"], "say");
  EXPECT_EQ((*timeline)[1]["actor"], "virtual-agent");
  EXPECT_EQ((*timeline)[2]["type"], "call.ended");
  EXPECT_EQ((*timeline)[2]["seq"], 3);

  std::vector<std::string> types;
  for (const StoredEvent& e : events) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"interaction.created", "timeline.appended",
                                             "interaction.updated", "timeline.appended",
                                             "timeline.appended", "interaction.updated"}));
  EXPECT_EQ(events.back().data, row);
  EXPECT_EQ(writer_->stats().failed, 1u);  // the entry after the end
}

}  // namespace
}  // namespace callwerk::store::testing

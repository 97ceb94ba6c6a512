// AcdService::offer_to_agent and withdraw_offer: a transfer to a named colleague (the call
// goes back to its queue at its old place when nobody answers) and a consultation (the call
// leaves without a record when nobody answers).

#include <gtest/gtest.h>

#include "acd_service_test_support.hpp"

namespace callwerk::acd {
namespace {

using test::agent_config;
using test::queue_config;

class AcdServiceDirect : public test::AcdServiceTest {
 protected:
  // Queue 1 is served by agent 7 only (a long wrap-up keeps it busy after the first call);
  // agent 8 serves queue 2 only, so whatever reaches 8 from queue 1 came by name.
  void SetUp() override {
    QueueConfig first = queue_config(1);
    first.wrap_up_seconds = 600;
    add_queue(first);
    add_queue(queue_config(2));
    AgentConfig seven = agent_config(7);
    seven.queues = {1};
    add_agent(seven);
    AgentConfig eight = agent_config(8);
    eight.queues = {2};
    add_agent(eight);
  }

  // Call 100 answered by agent 7 in queue 1, then handed on (agent 7 wraps up).
  void talk_and_release(TimeMs* first_enqueue) {
    *first_enqueue = now;
    EXPECT_EQ(enqueue(100, 1), 0u);
    ok(acd.agent_answered(100, 7, now));
    now += 30'000;
    ok(acd.call_ended(100, now));
    EXPECT_EQ(state(7), AgentState::wrap_up);
  }

  WaitingCallSpec spec(CallId call, QueueId queue, TimeMs enqueued_at = 0) {
    WaitingCallSpec s;
    s.call = call;
    s.queue = queue;
    s.enqueued_at = enqueued_at;
    return s;
  }
};

TEST_F(AcdServiceDirect, NamedColleagueIsRungAndAnswersAsForAQueuedCall) {
  TimeMs first = 0;
  talk_and_release(&first);
  out.rings.clear();
  ok(acd.offer_to_agent(spec(100, 1, first), 8, false, now));
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_EQ(out.rings[0].call, 100);
  EXPECT_EQ(out.rings[0].agent, 8);
  EXPECT_EQ(out.rings[0].queue, 1);
  EXPECT_EQ(out.rings[0].extension, "108");
  EXPECT_EQ(out.rings[0].ring_until, now + 20'000);
  EXPECT_EQ(state(8), AgentState::reserved);
  expect_healthy();

  const TimeMs transferred = now;
  now += 2'000;
  ok(acd.agent_ringing(100, 8, now));
  ok(acd.agent_answered(100, 8, now));
  EXPECT_EQ(state(8), AgentState::on_call);
  EXPECT_EQ(agent(8).call, 100);
  EXPECT_EQ(agent(8).queue, 1);
  expect_healthy();
  now += 10'000;
  ok(acd.call_ended(100, now));
  advance(700'000);  // both wrap-ups are over

  // Two stays of the same call in queue 1: agent 7's and agent 8's, each complete.
  std::vector<QueuedCallRecord> complete;
  for (const QueuedCallRecord& record : out.records)
    if (queued_call_record_complete(record)) complete.push_back(record);
  ASSERT_EQ(complete.size(), 2u);
  EXPECT_EQ(complete[0].agent, "7");
  EXPECT_EQ(complete[0].enqueued_at, first);
  EXPECT_EQ(complete[1].agent, "8");
  EXPECT_EQ(complete[1].queue, "1");
  EXPECT_EQ(complete[1].exit, QueueExit::answered);
  EXPECT_EQ(complete[1].enqueued_at, transferred);
  EXPECT_EQ(complete[1].left_queue_at, transferred + 2'000);
  expect_healthy();
}

TEST_F(AcdServiceDirect, NoAnswerPausesTheColleagueAndTheCallWaitsAtItsOldPlace) {
  TimeMs first = 0;
  talk_and_release(&first);
  // A later caller waits in queue 1 meanwhile (agent 7 wraps up).
  EXPECT_EQ(enqueue(200, 1), 1u);
  ok(acd.offer_to_agent(spec(100, 1, first), 8, false, now));
  EXPECT_EQ(acd.position(100), std::nullopt);  // being rung, not waiting
  advance(20'000);                             // the ring timeout of queue 1
  EXPECT_EQ(state(8), AgentState::paused);
  EXPECT_EQ(agent(8).pause_reason, kPauseNoAnswer);
  ASSERT_FALSE(out.stops.empty());
  EXPECT_EQ(out.stops.back(), (std::pair<CallId, AgentId>{100, 8}));
  // Back in queue 1, before the caller who came after it first did.
  EXPECT_EQ(acd.position(100), 1u);
  EXPECT_EQ(acd.position(200), 2u);
  EXPECT_TRUE(out.expiries.empty());
  expect_healthy();
  // Agent 7 back from wrap-up takes it.
  out.rings.clear();
  ok(acd.ready(7, now));
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_EQ(out.rings[0].call, 100);
  expect_healthy();
}

TEST_F(AcdServiceDirect, OnlyAnAvailableAgentOfTheTenantIsOffered) {
  TimeMs first = 0;
  talk_and_release(&first);
  EXPECT_EQ(acd.offer_to_agent(spec(100, 1, first), 7, false, now).error().kind,
            ErrorKind::conflict);  // in wrap-up
  EXPECT_EQ(acd.offer_to_agent(spec(100, 1, first), 99, false, now).error().kind,
            ErrorKind::not_found);
  EXPECT_EQ(acd.offer_to_agent(spec(100, 9, first), 8, false, now).error().kind,
            ErrorKind::not_found);  // no queue 9
  AgentConfig stranger = agent_config(30);
  stranger.tenant = 2;
  add_agent(stranger);
  EXPECT_EQ(acd.offer_to_agent(spec(100, 1, first), 30, false, now).error().kind,
            ErrorKind::not_found);  // another tenant
  ok(acd.pause(8, "Pause", now));
  EXPECT_EQ(acd.offer_to_agent(spec(100, 1, first), 8, false, now).error().kind,
            ErrorKind::conflict);
  ok(acd.ready(8, now));
  ok(acd.offer_to_agent(spec(100, 1, first), 8, false, now));
  EXPECT_EQ(acd.offer_to_agent(spec(100, 1, first), 8, false, now).error().kind,
            ErrorKind::conflict);  // already offered
  expect_healthy();
}

TEST_F(AcdServiceDirect, UnansweredConsultationLeavesWithoutARecord) {
  TimeMs first = 0;
  talk_and_release(&first);
  const std::size_t records = out.records.size();
  ok(acd.offer_to_agent(spec(500, 1, first), 8, true, now));
  EXPECT_EQ(state(8), AgentState::reserved);
  expect_healthy();
  ok(acd.ring_failed(500, 8, now));  // busy
  EXPECT_EQ(state(8), AgentState::paused);
  ASSERT_EQ(out.expiries.size(), 1u);
  EXPECT_EQ(out.expiries[0].call, 500);
  EXPECT_EQ(out.expiries[0].queue, 1);
  EXPECT_EQ(out.expiries[0].reason, ExpiryReason::not_answered);
  EXPECT_EQ(acd.position(500), std::nullopt);
  EXPECT_EQ(out.records.size(), records);
  for (const QueuedCallRecord& record : acd.records_since(0))
    EXPECT_NE(record.interaction_id, "500");
  expect_healthy();

  // The ring timeout does the same.
  ok(acd.ready(8, now));
  ok(acd.offer_to_agent(spec(501, 1, first), 8, true, now));
  advance(20'000);
  EXPECT_EQ(state(8), AgentState::paused);
  ASSERT_EQ(out.expiries.size(), 2u);
  EXPECT_EQ(out.expiries[1].call, 501);
  EXPECT_EQ(out.stops.back(), (std::pair<CallId, AgentId>{501, 8}));
  expect_healthy();
}

TEST_F(AcdServiceDirect, WithdrawnConsultationFreesTheColleague) {
  TimeMs first = 0;
  talk_and_release(&first);
  ok(acd.offer_to_agent(spec(500, 1, first), 8, true, now));
  ok(acd.agent_ringing(500, 8, now));
  ok(acd.withdraw_offer(500, now));
  EXPECT_EQ(state(8), AgentState::available);
  EXPECT_EQ(out.stops.back(), (std::pair<CallId, AgentId>{500, 8}));
  EXPECT_TRUE(out.expiries.empty());
  EXPECT_EQ(acd.withdraw_offer(500, now).error().kind, ErrorKind::not_found);
  expect_healthy();
}

TEST_F(AcdServiceDirect, AnsweredConsultationIsTheColleaguesCallWithARecord) {
  TimeMs first = 0;
  talk_and_release(&first);
  ok(acd.offer_to_agent(spec(500, 1, first), 8, true, now));
  ok(acd.agent_answered(500, 8, now));
  EXPECT_EQ(state(8), AgentState::on_call);
  EXPECT_EQ(acd.withdraw_offer(500, now).error().kind, ErrorKind::conflict);
  now += 5'000;
  ok(acd.call_ended(500, now));
  advance(600'000);  // queue 1's wrap-up
  const QueuedCallRecord* record = out.record_of(500);
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->agent, "8");
  EXPECT_EQ(record->exit, QueueExit::answered);
  EXPECT_TRUE(queued_call_record_complete(*record));
  expect_healthy();
}

}  // namespace
}  // namespace callwerk::acd

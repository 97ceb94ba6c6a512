#include <gtest/gtest.h>

#include "acd/agent_state.hpp"

namespace callwerk::acd {
namespace {

constexpr TimeMs kT0 = 1'700'000'000'000;

AgentStatus logged_in(AgentId id = 7, TimeMs at = kT0) {
  AgentStatus s;
  s.agent = id;
  auto change = apply_agent_event(s, AgentEvent::log_in(), at);
  EXPECT_TRUE(change.ok());
  return s;
}

void must_apply(AgentStatus& s, const AgentEvent& e, TimeMs at) {
  auto change = apply_agent_event(s, e, at);
  ASSERT_TRUE(change.ok()) << change.error().describe();
}

TEST(AcdAgentState, LogInMakesAvailableAndStartsIdleTime) {
  AgentStatus s;
  s.agent = 7;
  auto change = apply_agent_event(s, AgentEvent::log_in(), kT0);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->agent, 7);
  EXPECT_EQ(change->from, AgentState::offline);
  EXPECT_EQ(change->to, AgentState::available);
  EXPECT_EQ(change->reason, "log_in");
  EXPECT_EQ(change->at, kT0);
  EXPECT_EQ(s.state, AgentState::available);
  EXPECT_EQ(s.idle_since, kT0);
  EXPECT_EQ(s.state_since, kT0);
}

TEST(AcdAgentState, FullCallCycleCountsCallAndTalkTime) {
  AgentStatus s = logged_in();
  auto reserved = apply_agent_event(s, AgentEvent::reserve(42, kT0 + 2000), kT0 + 100);
  ASSERT_TRUE(reserved.ok());
  EXPECT_EQ(reserved->call, 42);
  EXPECT_EQ(s.deadline, kT0 + 2000);
  must_apply(s, AgentEvent::ring(kT0 + 20'000), kT0 + 200);
  EXPECT_EQ(s.state, AgentState::ringing);
  EXPECT_EQ(s.deadline, kT0 + 20'000);
  must_apply(s, AgentEvent::answer(), kT0 + 5000);
  EXPECT_EQ(s.state, AgentState::on_call);
  EXPECT_EQ(s.deadline, 0);
  auto ended = apply_agent_event(s, AgentEvent::call_ended(30), kT0 + 65'000);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->to, AgentState::wrap_up);
  EXPECT_EQ(ended->call, 42);
  EXPECT_EQ(s.calls_handled, 1u);
  EXPECT_EQ(s.talk_ms, 60'000);
  EXPECT_EQ(s.deadline, kT0 + 95'000);
  must_apply(s, AgentEvent::wrap_up_done(), kT0 + 70'000);
  EXPECT_EQ(s.state, AgentState::available);
  EXPECT_EQ(s.idle_since, kT0 + 70'000);
  EXPECT_FALSE(s.call);
  EXPECT_EQ(s.deadline, 0);
}

TEST(AcdAgentState, CallEndedWithoutWrapUpIsAvailableAtOnce) {
  AgentStatus s = logged_in();
  must_apply(s, AgentEvent::reserve(1, kT0 + 2000), kT0);
  must_apply(s, AgentEvent::answer(), kT0 + 10);  // auto-answer: no ringing first
  must_apply(s, AgentEvent::call_ended(0), kT0 + 1010);
  EXPECT_EQ(s.state, AgentState::available);
  EXPECT_EQ(s.talk_ms, 1000);
}

TEST(AcdAgentState, RefusedEventsChangeNothing) {
  struct Case {
    const char* name;
    AgentState setup_state;
    AgentEvent event;
    ErrorKind kind;
  };
  const std::vector<Case> cases = {
      {"answer while available", AgentState::available, AgentEvent::answer(), ErrorKind::conflict},
      {"ring while available", AgentState::available, AgentEvent::ring(kT0 + 9000),
       ErrorKind::conflict},
      {"no_answer while available", AgentState::available, AgentEvent::no_answer(),
       ErrorKind::conflict},
      {"call_ended while available", AgentState::available, AgentEvent::call_ended(0),
       ErrorKind::conflict},
      {"log_in twice", AgentState::available, AgentEvent::log_in(), ErrorKind::conflict},
      {"resume while available", AgentState::available, AgentEvent::resume(), ErrorKind::conflict},
      {"pause without reason", AgentState::available, AgentEvent::pause(""),
       ErrorKind::invalid_input},
      {"reserve in the past", AgentState::available, AgentEvent::reserve(1, kT0),
       ErrorKind::invalid_input},
      {"reserve while paused", AgentState::paused, AgentEvent::reserve(1, kT0 + 9000),
       ErrorKind::conflict},
      {"reserve while offline", AgentState::offline, AgentEvent::reserve(1, kT0 + 9000),
       ErrorKind::conflict},
      {"log_out while on call", AgentState::on_call, AgentEvent::log_out(), ErrorKind::conflict},
      {"pause while on call", AgentState::on_call, AgentEvent::pause("Pause"), ErrorKind::conflict},
      {"reservation_lost while on call", AgentState::on_call, AgentEvent::reservation_lost(),
       ErrorKind::conflict},
      {"wrap_up_done while on call", AgentState::on_call, AgentEvent::wrap_up_done(),
       ErrorKind::conflict},
      {"registration_restored while registered", AgentState::available,
       AgentEvent::registration_restored(), ErrorKind::conflict},
      {"wrap-up timer before its time", AgentState::wrap_up, AgentEvent::wrap_up_expired(),
       ErrorKind::conflict},
      {"negative wrap-up", AgentState::on_call, AgentEvent::call_ended(-1),
       ErrorKind::invalid_input},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AgentStatus s;
    s.agent = 3;
    if (c.setup_state != AgentState::offline) must_apply(s, AgentEvent::log_in(), kT0);
    if (c.setup_state == AgentState::paused) must_apply(s, AgentEvent::pause("Pause"), kT0);
    if (c.setup_state == AgentState::on_call || c.setup_state == AgentState::wrap_up) {
      must_apply(s, AgentEvent::reserve(1, kT0 + 2000), kT0);
      must_apply(s, AgentEvent::answer(), kT0);
    }
    if (c.setup_state == AgentState::wrap_up) must_apply(s, AgentEvent::call_ended(60), kT0);
    ASSERT_EQ(s.state, c.setup_state);
    const AgentStatus before = s;
    auto result = apply_agent_event(s, c.event, kT0 + 1);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, c.kind) << result.error().describe();
    EXPECT_EQ(s.state, before.state);
    EXPECT_EQ(s.state_since, before.state_since);
    EXPECT_EQ(s.call, before.call);
    EXPECT_EQ(s.deadline, before.deadline);
    EXPECT_EQ(s.phone_registered, before.phone_registered);
  }
}

TEST(AcdAgentState, RefusalSaysWhatAndWhy) {
  AgentStatus s = logged_in(12);
  auto result = apply_agent_event(s, AgentEvent::answer(), kT0);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "agent 12 cannot answer while available");
}

TEST(AcdAgentState, NoAnswerPausesWithReasonNoAnswer) {
  AgentStatus s = logged_in();
  must_apply(s, AgentEvent::reserve(5, kT0 + 2000), kT0);
  must_apply(s, AgentEvent::ring(kT0 + 20'000), kT0 + 100);
  auto change = apply_agent_event(s, AgentEvent::no_answer(), kT0 + 20'000);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->from, AgentState::ringing);
  EXPECT_EQ(change->to, AgentState::paused);
  EXPECT_EQ(change->reason, "no-answer");
  EXPECT_EQ(change->call, 5);
  EXPECT_EQ(s.pause_reason, "no-answer");
  EXPECT_FALSE(s.call);
  EXPECT_EQ(s.calls_handled, 0u);
}

TEST(AcdAgentState, VanishedReservationKeepsIdleTime) {
  AgentStatus s = logged_in(7, kT0);
  must_apply(s, AgentEvent::reserve(5, kT0 + 60'000), kT0 + 30'000);
  must_apply(s, AgentEvent::ring(kT0 + 60'000), kT0 + 30'100);
  auto change = apply_agent_event(s, AgentEvent::reservation_lost(), kT0 + 35'000);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->to, AgentState::available);
  EXPECT_EQ(change->call, 5);
  EXPECT_EQ(s.idle_since, kT0);
  EXPECT_EQ(s.state_since, kT0 + 35'000);
  EXPECT_FALSE(s.call);
}

TEST(AcdAgentState, PauseReasonsAndResume) {
  AgentStatus s = logged_in();
  auto pause = apply_agent_event(s, AgentEvent::pause("Schulung"), kT0 + 1000);
  ASSERT_TRUE(pause.ok());
  EXPECT_EQ(pause->reason, "Schulung");
  auto other = apply_agent_event(s, AgentEvent::pause("Backoffice"), kT0 + 2000);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->from, AgentState::paused);
  EXPECT_EQ(s.pause_reason, "Backoffice");
  EXPECT_EQ(s.state_since, kT0 + 2000);
  must_apply(s, AgentEvent::resume(), kT0 + 3000);
  EXPECT_EQ(s.state, AgentState::available);
  EXPECT_EQ(s.idle_since, kT0 + 3000);
  EXPECT_TRUE(s.pause_reason.empty());
}

TEST(AcdAgentState, WrapUpCanEndInAPauseOrLogOut) {
  AgentStatus s = logged_in();
  must_apply(s, AgentEvent::reserve(1, kT0 + 2000), kT0);
  must_apply(s, AgentEvent::answer(), kT0);
  must_apply(s, AgentEvent::call_ended(60), kT0 + 1000);
  must_apply(s, AgentEvent::pause("Pause"), kT0 + 2000);
  EXPECT_EQ(s.state, AgentState::paused);
  EXPECT_EQ(s.deadline, 0);
  must_apply(s, AgentEvent::log_out(), kT0 + 3000);
  EXPECT_EQ(s.state, AgentState::offline);
}

TEST(AcdAgentState, LostPhoneTakesAvailableAgentOutUntilItComesBack) {
  AgentStatus s = logged_in();
  auto lost = apply_agent_event(s, AgentEvent::registration_lost(), kT0 + 10);
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->to, AgentState::paused);
  EXPECT_EQ(lost->reason, "registration-lost");
  EXPECT_FALSE(s.phone_registered);
  auto resume = apply_agent_event(s, AgentEvent::resume(), kT0 + 20);
  ASSERT_FALSE(resume.ok());
  EXPECT_EQ(resume.error().message,
            "agent 7 cannot resume while paused (the phone is not registered)");
  auto back = apply_agent_event(s, AgentEvent::registration_restored(), kT0 + 30);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->to, AgentState::available);
  EXPECT_EQ(s.idle_since, kT0 + 30);
}

TEST(AcdAgentState, LostPhoneWhileRingingNamesTheCall) {
  AgentStatus s = logged_in();
  must_apply(s, AgentEvent::reserve(9, kT0 + 2000), kT0);
  must_apply(s, AgentEvent::ring(kT0 + 20'000), kT0 + 10);
  auto lost = apply_agent_event(s, AgentEvent::registration_lost(), kT0 + 20);
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->from, AgentState::ringing);
  EXPECT_EQ(lost->to, AgentState::paused);
  EXPECT_EQ(lost->call, 9);
  EXPECT_FALSE(s.call);
}

TEST(AcdAgentState, LostPhoneOnCallLetsTheCallFinishThenPauses) {
  AgentStatus s = logged_in();
  must_apply(s, AgentEvent::reserve(9, kT0 + 2000), kT0);
  must_apply(s, AgentEvent::answer(), kT0 + 10);
  auto lost = apply_agent_event(s, AgentEvent::registration_lost(), kT0 + 20);
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->from, AgentState::on_call);
  EXPECT_EQ(lost->to, AgentState::on_call);
  EXPECT_EQ(lost->reason, "registration_lost");
  EXPECT_EQ(s.call, 9);
  must_apply(s, AgentEvent::call_ended(30), kT0 + 10'010);
  EXPECT_EQ(s.state, AgentState::wrap_up);  // notes need no phone
  EXPECT_EQ(s.calls_handled, 1u);
  auto done = apply_agent_event(s, AgentEvent::wrap_up_done(), kT0 + 20'000);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->to, AgentState::paused);
  EXPECT_EQ(done->reason, "registration-lost");
}

TEST(AcdAgentState, LogInWithoutPhoneIsPaused) {
  AgentStatus s;
  s.agent = 4;
  must_apply(s, AgentEvent::registration_lost(), kT0);
  EXPECT_EQ(s.state, AgentState::offline);
  must_apply(s, AgentEvent::log_in(), kT0 + 10);
  EXPECT_EQ(s.state, AgentState::paused);
  EXPECT_EQ(s.pause_reason, "registration-lost");
}

TEST(AcdAgentState, ManualPauseSurvivesPhoneComingBack) {
  AgentStatus s = logged_in();
  must_apply(s, AgentEvent::pause("Pause"), kT0);
  must_apply(s, AgentEvent::registration_lost(), kT0 + 10);
  EXPECT_EQ(s.pause_reason, "Pause");
  must_apply(s, AgentEvent::registration_restored(), kT0 + 20);
  EXPECT_EQ(s.state, AgentState::paused);
  EXPECT_EQ(s.pause_reason, "Pause");
}

TEST(AcdAgentStates, TickAppliesDueDeadlinesEarliestFirst) {
  AgentStates agents;
  for (AgentId id : {1, 2, 3}) {
    ASSERT_TRUE(agents.add(id, kT0).ok());
    ASSERT_TRUE(agents.apply(id, AgentEvent::log_in(), kT0).ok());
  }
  ASSERT_TRUE(agents.apply(1, AgentEvent::reserve(11, kT0 + 3000), kT0).ok());
  ASSERT_TRUE(agents.apply(2, AgentEvent::reserve(12, kT0 + 2000), kT0).ok());
  ASSERT_TRUE(agents.apply(2, AgentEvent::ring(kT0 + 5000), kT0 + 100).ok());
  ASSERT_TRUE(agents.apply(3, AgentEvent::reserve(13, kT0 + 2000), kT0).ok());
  ASSERT_TRUE(agents.apply(3, AgentEvent::answer(), kT0 + 100).ok());
  ASSERT_TRUE(agents.apply(3, AgentEvent::call_ended(1), kT0 + 200).ok());  // until kT0+1200
  EXPECT_EQ(agents.next_deadline(), kT0 + 1200);

  EXPECT_TRUE(agents.tick(kT0 + 1199).empty());
  auto first = agents.tick(kT0 + 3000);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].agent, 3);
  EXPECT_EQ(first[0].event, AgentEventKind::wrap_up_expired);
  EXPECT_EQ(first[0].to, AgentState::available);
  EXPECT_EQ(first[1].agent, 1);
  EXPECT_EQ(first[1].event, AgentEventKind::no_answer);
  EXPECT_EQ(first[1].from, AgentState::reserved);
  EXPECT_EQ(first[1].reason, "no-answer");
  EXPECT_EQ(first[1].call, 11);
  // Agent 2's reservation deadline (kT0+2000) was replaced by its ring deadline.
  EXPECT_EQ(agents.find(2)->state, AgentState::ringing);
  EXPECT_EQ(agents.next_deadline(), kT0 + 5000);
  auto second = agents.tick(kT0 + 5000);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].agent, 2);
  EXPECT_EQ(second[0].from, AgentState::ringing);
  EXPECT_EQ(agents.find(2)->pause_reason, "no-answer");
  EXPECT_FALSE(agents.next_deadline());
}

TEST(AcdAgentStates, AnsweredCallHasNoDeadlineLeft) {
  AgentStates agents;
  ASSERT_TRUE(agents.add(1, kT0).ok());
  ASSERT_TRUE(agents.apply(1, AgentEvent::log_in(), kT0).ok());
  ASSERT_TRUE(agents.apply(1, AgentEvent::reserve(1, kT0 + 2000), kT0).ok());
  ASSERT_TRUE(agents.apply(1, AgentEvent::answer(), kT0 + 10).ok());
  EXPECT_FALSE(agents.next_deadline());
  EXPECT_TRUE(agents.tick(kT0 + 1'000'000).empty());
  EXPECT_EQ(agents.find(1)->state, AgentState::on_call);
}

TEST(AcdAgentStates, AddAndRemove) {
  AgentStates agents;
  ASSERT_TRUE(agents.add(1, kT0).ok());
  EXPECT_EQ(agents.add(1, kT0).error().kind, ErrorKind::conflict);
  EXPECT_EQ(agents.apply(2, AgentEvent::log_in(), kT0).error().kind, ErrorKind::not_found);
  ASSERT_TRUE(agents.apply(1, AgentEvent::log_in(), kT0).ok());
  EXPECT_EQ(agents.remove(1).error().kind, ErrorKind::conflict);
  ASSERT_TRUE(agents.apply(1, AgentEvent::log_out(), kT0).ok());
  EXPECT_TRUE(agents.remove(1).ok());
  EXPECT_EQ(agents.find(1), nullptr);
}

TEST(AcdAgentState, NamesForRecords) {
  EXPECT_EQ(agent_state_name(AgentState::wrap_up), "wrap_up");
  EXPECT_EQ(agent_state_name(AgentState::on_call), "on_call");
  EXPECT_EQ(agent_event_name(AgentEventKind::reservation_lost), "reservation_lost");
}

}  // namespace
}  // namespace callwerk::acd

#include "voice/voice_menu_session.hpp"

#include <gtest/gtest.h>

namespace callwerk::voice {
namespace {

using Kind = CallAction::Kind;

VoiceMenu test_menu() {
  VoiceMenu menu;
  menu.name = "hotline";
  menu.greeting = "Willkommen.";
  menu.prompt = "Für Zählerstände die 1, für Störungen die 2, für den Kundenservice die 3.";
  menu.options = {
      {.digit = '1',
       .key = "zaehlerstand",
       .label = "Zählerstand",
       .say = "Online unter ...",
       .action = MenuOptionAction::say_and_hang_up},
      {.digit = '2',
       .key = "stoerung",
       .label = "Störung",
       .say = "Aktuell keine Störungen.",
       .action = MenuOptionAction::say_and_return},
      {.digit = '3',
       .key = "service",
       .label = "Kundenservice",
       .say = "",
       .action = MenuOptionAction::transfer,
       .extension = "200"},
  };
  menu.max_attempts = 2;
  return menu;
}

const CallAction* find(const std::vector<CallAction>& actions, Kind kind) {
  for (const auto& a : actions)
    if (a.kind == kind) return &a;
  return nullptr;
}

TEST(VoiceMenuSession, GreetingThenPromptThenTimerThenChoiceSaysAndHangsUp) {
  const VoiceMenu menu = test_menu();
  VoiceMenuSession session(menu);
  auto a = session.start();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, Kind::play);
  EXPECT_EQ(a[0].text, "Willkommen.");
  a = session.on_playback_done();
  ASSERT_NE(find(a, Kind::play), nullptr);
  EXPECT_EQ(find(a, Kind::play)->text, menu.prompt);
  EXPECT_TRUE(find(a, Kind::play)->interruptible);
  a = session.on_playback_done();
  ASSERT_NE(find(a, Kind::start_timer), nullptr);
  EXPECT_EQ(find(a, Kind::start_timer)->timeout_ms, menu.input_timeout_ms);
  a = session.on_digit('1');
  ASSERT_NE(find(a, Kind::log), nullptr);
  EXPECT_EQ(find(a, Kind::log)->log_type, "menu.selected");
  EXPECT_EQ(find(a, Kind::log)->payload["option"], "zaehlerstand");
  EXPECT_EQ(find(a, Kind::play)->text, "Online unter ...");
  a = session.on_playback_done();
  EXPECT_EQ(find(a, Kind::play)->text, menu.goodbye_text);
  a = session.on_playback_done();
  ASSERT_NE(find(a, Kind::hang_up), nullptr);
  EXPECT_EQ(find(a, Kind::hang_up)->reason, "menu_completed");
  EXPECT_TRUE(session.finished());
  EXPECT_TRUE(session.on_digit('1').empty());
}

TEST(VoiceMenuSession, KeyDuringGreetingCountsAsChoice) {
  const VoiceMenu menu = test_menu();
  VoiceMenuSession session(menu);
  (void)session.start();
  auto a = session.on_digit('3');
  ASSERT_NE(find(a, Kind::transfer), nullptr);
  EXPECT_EQ(find(a, Kind::transfer)->extension, "200");
  a = session.on_transfer_failed();
  EXPECT_EQ(find(a, Kind::log)->log_type, "transfer.failed");
  a = session.on_playback_done();
  EXPECT_EQ(find(a, Kind::hang_up)->reason, "transfer_failed");
}

TEST(VoiceMenuSession, SayAndReturnPlaysTheMenuAgain) {
  const VoiceMenu menu = test_menu();
  VoiceMenuSession session(menu);
  (void)session.start();
  (void)session.on_playback_done();
  auto a = session.on_digit('2');
  EXPECT_EQ(find(a, Kind::play)->text, "Aktuell keine Störungen.");
  a = session.on_playback_done();
  EXPECT_EQ(find(a, Kind::play)->text, menu.prompt);
}

TEST(VoiceMenuSession, InvalidKeysThenGiveUpAfterMaxAttempts) {
  const VoiceMenu menu = test_menu();
  VoiceMenuSession session(menu);
  (void)session.start();
  (void)session.on_playback_done();  // prompt, attempt 1
  auto a = session.on_digit('7');
  EXPECT_EQ(find(a, Kind::log)->log_type, "menu.invalid");
  EXPECT_EQ(find(a, Kind::play)->text, menu.invalid_text);
  a = session.on_playback_done();  // prompt, attempt 2
  EXPECT_EQ(find(a, Kind::play)->text, menu.prompt);
  a = session.on_digit('#');
  EXPECT_EQ(find(a, Kind::play)->text, menu.invalid_text);
  EXPECT_EQ(find(a, Kind::play)->then_text, menu.goodbye_text);
  EXPECT_FALSE(find(a, Kind::play)->interruptible);
  a = session.on_playback_done();
  EXPECT_EQ(find(a, Kind::hang_up)->reason, "no_valid_input");
}

TEST(VoiceMenuSession, NoInputRepromptsThenHangsUp) {
  const VoiceMenu menu = test_menu();
  VoiceMenuSession session(menu);
  (void)session.start();
  (void)session.on_playback_done();
  (void)session.on_playback_done();  // waiting
  auto a = session.on_input_timeout();
  EXPECT_EQ(find(a, Kind::log)->log_type, "menu.no_input");
  EXPECT_EQ(find(a, Kind::play)->text, menu.no_input_text);
  (void)session.on_playback_done();
  (void)session.on_playback_done();
  a = session.on_input_timeout();
  EXPECT_EQ(find(a, Kind::play)->text, menu.no_input_text);
  EXPECT_EQ(find(a, Kind::play)->then_text, menu.goodbye_text);
  a = session.on_playback_done();
  EXPECT_EQ(find(a, Kind::hang_up)->reason, "no_valid_input");
  // A stale timer after the end changes nothing.
  EXPECT_TRUE(session.on_input_timeout().empty());
}

TEST(VoiceMenuSession, RecordingStartsOnlyAfterTheNoticeWasHeard) {
  VoiceMenu menu = test_menu();
  menu.record = true;
  VoiceMenuSession session(menu);
  auto a = session.start();
  EXPECT_EQ(find(a, Kind::play)->text, menu.recording_notice);
  EXPECT_FALSE(find(a, Kind::play)->interruptible);
  EXPECT_EQ(find(a, Kind::start_recording), nullptr);
  EXPECT_TRUE(session.on_digit('1').empty());  // keys during the notice are ignored
  a = session.on_playback_done();
  ASSERT_NE(find(a, Kind::start_recording), nullptr);
  EXPECT_EQ(find(a, Kind::play)->text, menu.greeting);
}

}  // namespace
}  // namespace callwerk::voice

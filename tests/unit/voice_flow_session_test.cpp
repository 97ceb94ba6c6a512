// The flow adapter of the voice channel: the interpreter's actions taken in turns on a call.
#include <gtest/gtest.h>

#include <algorithm>

#include "flow/flow_loader.hpp"
#include "voice/voice_flow_session.hpp"

namespace callwerk::voice {
namespace {

using Kind = CallAction::Kind;

constexpr const char* kHotline = R"(name: hotline
start: begruessung
nodes:
  begruessung:
    type: say
    text: "Willkommen bei den Stadtwerken."
    next: hauptmenue
  hauptmenue:
    type: menu
    prompt: "Für den Zählerstand drücken Sie die 1, für eine Beratung die 2."
    options: {"1": kundennummer, "2": beratung}
    no_input_ms: 5000
    max_retries: 1
    on_max_retries: ende
  kundennummer:
    type: ask
    input: digits
    min_length: 4
    max_length: 6
    variable: kundennummer
    prompt: "Bitte geben Sie Ihre Kundennummer ein und drücken Sie die Raute."
    next: danke
  danke:
    type: say
    text: "Danke, Ihre Kundennummer ist {{kundennummer}}."
    next: ende
  beratung:
    type: transfer
    queue: Tarife
  ende:
    type: hangup
    text: "Auf Wiederhören."
)";

std::shared_ptr<const flow::FlowInterpreter> interpreter(const char* yaml) {
  auto loaded = flow::load_flow(yaml, "hotline.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().describe());
  flow::FlowLibrary library;
  library.add(std::move(*loaded));
  return std::make_shared<const flow::FlowInterpreter>(std::move(library));
}

VoiceFlowSession session(const char* yaml = kHotline) {
  flow::StartEvent start;
  start.caller_number = "+4930123456";
  return VoiceFlowSession(interpreter(yaml), std::move(start));
}

std::vector<CallAction> of_kind(const std::vector<CallAction>& actions, Kind kind) {
  std::vector<CallAction> found;
  std::copy_if(actions.begin(), actions.end(), std::back_inserter(found),
               [&](const CallAction& a) { return a.kind == kind; });
  return found;
}

std::string spoken(const CallAction& play) {
  std::string all = play.text + " | " + play.then_text;
  for (const auto& more : play.more_texts) all += " | " + more;
  return all;
}

bool logged(const std::vector<CallAction>& actions, std::string_view type) {
  return std::any_of(actions.begin(), actions.end(), [&](const CallAction& a) {
    return a.kind == Kind::log && a.log_type == type;
  });
}

TEST(VoiceFlowSession, GreetingAndMenuPlayAsOneInterruptiblePromptThenTheTimerRuns) {
  auto call = session();
  const auto started = call.start();
  const auto plays = of_kind(started, Kind::play);
  ASSERT_EQ(plays.size(), 1u) << "say + menu prompt are one playback";
  EXPECT_TRUE(plays[0].interruptible);
  EXPECT_NE(spoken(plays[0]).find("Willkommen"), std::string::npos);
  EXPECT_NE(spoken(plays[0]).find("Zählerstand"), std::string::npos);
  EXPECT_TRUE(of_kind(started, Kind::start_timer).empty()) << "no timer while the prompt plays";
  EXPECT_TRUE(logged(started, "flow.prompt"));

  const auto heard = call.on_playback_done();
  const auto timers = of_kind(heard, Kind::start_timer);
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].timeout_ms, 5000);
}

TEST(VoiceFlowSession, AKeyDuringThePromptChoosesAndDigitsAreCollectedUntilHash) {
  auto call = session();
  (void)call.start();
  // The caller knows the menu and presses 1 while it still plays.
  const auto chosen = call.on_digit('1');
  EXPECT_TRUE(logged(chosen, "flow.input"));
  const auto ask = of_kind(chosen, Kind::play);
  ASSERT_EQ(ask.size(), 1u);
  EXPECT_NE(spoken(ask[0]).find("Kundennummer"), std::string::npos);
  EXPECT_TRUE(ask[0].interruptible);

  // Each digit of a longer entry restarts the pause timer; '#' ends the entry.
  for (char digit : {'4', '7', '1', '1'}) {
    const auto typed = call.on_digit(digit);
    const auto timers = of_kind(typed, Kind::start_timer);
    ASSERT_EQ(timers.size(), 1u);
    EXPECT_EQ(timers[0].timeout_ms, VoiceFlowSession::kInterDigitTimeoutMs);
  }
  const auto entered = call.on_digit('#');
  EXPECT_FALSE(of_kind(entered, Kind::cancel_timer).empty());
  const auto thanks = of_kind(entered, Kind::play);
  ASSERT_EQ(thanks.size(), 1u) << "the thanks and the goodbye are one playback";
  EXPECT_NE(spoken(thanks[0]).find("4711"), std::string::npos) << spoken(thanks[0]);
  EXPECT_NE(spoken(thanks[0]).find("Wiederhören"), std::string::npos) << spoken(thanks[0]);
  EXPECT_FALSE(thanks[0].interruptible) << "nothing is asked after it";
  EXPECT_EQ(call.flow_state().variables.at("kundennummer"), flow::FlowValue{std::string("4711")});
  // The call ends when the goodbye has been heard, not before.
  EXPECT_TRUE(of_kind(entered, Kind::hang_up).empty());
  EXPECT_TRUE(call.on_digit('9').empty()) << "keys during a closing text go nowhere";
  const auto end = call.on_playback_done();
  ASSERT_EQ(of_kind(end, Kind::hang_up).size(), 1u);
  EXPECT_TRUE(call.finished());
}

TEST(VoiceFlowSession, APauseEndsALongerEntryAndSilenceCountsAsNoInput) {
  auto call = session();
  (void)call.start();
  (void)call.on_playback_done();
  (void)call.on_digit('1');
  (void)call.on_playback_done();
  for (char digit : {'1', '2', '3', '4'}) (void)call.on_digit(digit);
  const auto paused = call.on_input_timeout();
  EXPECT_EQ(call.flow_state().variables.at("kundennummer"), flow::FlowValue{std::string("1234")});
  EXPECT_FALSE(of_kind(paused, Kind::play).empty());

  auto quiet = session();
  (void)quiet.start();
  (void)quiet.on_playback_done();
  const auto nothing = quiet.on_input_timeout();
  EXPECT_TRUE(logged(nothing, "flow.no_input"));
  const auto again = of_kind(nothing, Kind::play);
  ASSERT_EQ(again.size(), 1u) << "the menu is asked again";
  EXPECT_NE(spoken(again[0]).find("Zählerstand"), std::string::npos);
}

TEST(VoiceFlowSession, TimersAndKeysThatArriveAtTheWrongTimeChangeNothing) {
  auto call = session();
  (void)call.start();
  EXPECT_TRUE(call.on_input_timeout().empty()) << "no timer runs while the prompt plays";
  (void)call.on_digit('1');
  (void)call.on_playback_done();
  (void)call.on_digit('5');
  (void)call.on_digit('#');  // too short: the ask says why and asks again
  EXPECT_FALSE(call.flow_state().variables.contains("kundennummer"));
  EXPECT_TRUE(call.on_result(flow::NoInputEvent{}).empty()) << "no request is out";
}

TEST(VoiceFlowSession, ATransferGoesToTheQueueAndAFailedOneApologisesBeforeHangingUp) {
  auto call = session();
  (void)call.start();
  const auto chosen = call.on_digit('2');
  ASSERT_EQ(of_kind(chosen, Kind::play).size(), 1u) << "the caller hears where they are put";
  EXPECT_TRUE(of_kind(chosen, Kind::transfer).empty()) << "connecting waits for the sentence";
  const auto heard = call.on_playback_done();
  const auto transfers = of_kind(heard, Kind::transfer);
  ASSERT_EQ(transfers.size(), 1u);
  EXPECT_EQ(transfers[0].queue, "Tarife");
  EXPECT_TRUE(transfers[0].extension.empty());
  EXPECT_TRUE(logged(chosen, "flow.transfer"));
  EXPECT_TRUE(call.on_digit('1').empty()) << "keys go nowhere while connecting";

  const auto failed = call.on_transfer_failed();
  ASSERT_EQ(of_kind(failed, Kind::play).size(), 1u);
  EXPECT_TRUE(of_kind(failed, Kind::hang_up).empty()) << "the apology is heard first";
  const auto end = call.on_playback_done();
  ASSERT_EQ(of_kind(end, Kind::hang_up).size(), 1u);
  EXPECT_EQ(of_kind(end, Kind::hang_up)[0].reason, "transfer_failed");
}

TEST(VoiceFlowSession, IdentifyAsksTheCallGlueAndGoesOnWithTheResult) {
  auto call = session(R"(name: kennung
nodes:
  wer:
    type: identify
    by: [caller_number]
    next: hallo
    not_found: fremd
  hallo:
    type: hangup
    text: "Guten Tag, {{kontakt.name}}."
  fremd:
    type: hangup
    text: "Guten Tag."
)");
  const auto started = call.start();
  const auto requests = of_kind(started, Kind::request);
  ASSERT_EQ(requests.size(), 1u);
  ASSERT_TRUE(requests[0].effect.has_value());
  const auto* lookup = std::get_if<flow::LookupContact>(&*requests[0].effect);
  ASSERT_NE(lookup, nullptr);
  EXPECT_EQ(lookup->caller_number, "+4930123456");
  EXPECT_TRUE(call.on_digit('1').empty()) << "keys wait while the lookup runs";

  flow::ContactLookupResult found;
  found.request = lookup->request;
  found.found = true;
  found.fields["name"] = std::string("Erika Mustermann");
  const auto greeted = call.on_result(found);
  const auto plays = of_kind(greeted, Kind::play);
  ASSERT_EQ(plays.size(), 1u);
  EXPECT_NE(spoken(plays[0]).find("Erika Mustermann"), std::string::npos);
}

}  // namespace
}  // namespace callwerk::voice

#pragma once
// A keypad menu on one call as a pure state machine: events in (started, prompt finished,
// digit, no-input timer, transfer failed), actions out. The call glue executes the actions
// (TTS playback, timers, transfer, hangup) and writes the protocol entries they carry.

#include <string>
#include <vector>

#include "voice/call_script.hpp"
#include "voice/telephony_config.hpp"

namespace callwerk::voice {

class VoiceMenuSession final : public CallScript {
 public:
  explicit VoiceMenuSession(const VoiceMenu& menu) : menu_(menu) {}

  std::vector<CallAction> start() override;
  std::vector<CallAction> on_playback_done() override;
  std::vector<CallAction> on_digit(char digit) override;
  std::vector<CallAction> on_input_timeout() override;
  std::vector<CallAction> on_transfer_failed() override;
  // A menu makes no requests.
  std::vector<CallAction> on_result(const flow::FlowEvent&) override { return {}; }

  bool finished() const override { return state_ == State::finished; }

 private:
  enum class State {
    idle,
    notice,     // recording notice playing
    greeting,   // greeting playing (keys already count as a choice)
    prompting,  // menu prompt playing
    waiting,    // prompt done, no-input timer running
    feedback,   // "invalid" / "no input" text playing, then the prompt again
    option,     // the chosen option's text playing
    goodbye,    // goodbye playing, then hang up
    transferring,
    finished,
  };

  void play(std::vector<CallAction>& out, const std::string& text, bool interruptible,
            const std::string& then_text = {});
  void prompt(std::vector<CallAction>& out);
  void retry_or_give_up(std::vector<CallAction>& out, const std::string& feedback);
  void after_option(std::vector<CallAction>& out);
  void say_goodbye(std::vector<CallAction>& out, std::string reason);

  const VoiceMenu& menu_;
  State state_ = State::idle;
  int attempts_ = 0;
  const MenuOption* chosen_ = nullptr;
  std::string end_reason_{};
};

}  // namespace callwerk::voice

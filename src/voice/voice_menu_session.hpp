#pragma once
// A keypad menu on one call as a pure state machine: events in (started, prompt finished,
// digit, no-input timer, transfer failed), actions out. The call glue executes the actions
// (TTS playback, timers, transfer, hangup) and writes the protocol entries they carry.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "voice/telephony_config.hpp"

namespace callwerk::voice {

struct MenuAction {
  enum class Kind {
    play,         // speak `text`; a key press interrupts it when `interruptible`
    start_timer,  // no-input timer of `timeout_ms`, replacing a running one
    cancel_timer,
    log,              // protocol entry `log_type` with `payload`
    start_recording,  // the recording notice has been played
    transfer,         // connect to `extension`
    hang_up,          // end the call with `reason`
  };
  Kind kind = Kind::log;
  std::string text{};
  std::string then_text{};  // play: spoken right after `text`, as one playback
  bool interruptible = false;
  int timeout_ms = 0;
  std::string log_type{};
  nlohmann::json payload{};
  std::string extension{};
  std::string reason{};
};

class VoiceMenuSession {
 public:
  explicit VoiceMenuSession(const VoiceMenu& menu) : menu_(menu) {}

  std::vector<MenuAction> start();
  std::vector<MenuAction> on_playback_done();
  std::vector<MenuAction> on_digit(char digit);
  std::vector<MenuAction> on_input_timeout();
  std::vector<MenuAction> on_transfer_failed();

  bool finished() const { return state_ == State::finished; }

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

  void play(std::vector<MenuAction>& out, const std::string& text, bool interruptible,
            const std::string& then_text = {});
  void prompt(std::vector<MenuAction>& out);
  void retry_or_give_up(std::vector<MenuAction>& out, const std::string& feedback);
  void after_option(std::vector<MenuAction>& out);
  void say_goodbye(std::vector<MenuAction>& out, std::string reason);

  const VoiceMenu& menu_;
  State state_ = State::idle;
  int attempts_ = 0;
  const MenuOption* chosen_ = nullptr;
  std::string end_reason_{};
};

}  // namespace callwerk::voice

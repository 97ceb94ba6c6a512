#include "voice/voice_menu_session.hpp"

namespace callwerk::voice {

namespace {

CallAction log_action(std::string type, nlohmann::json payload) {
  return CallAction{
      .kind = CallAction::Kind::log, .log_type = std::move(type), .payload = std::move(payload)};
}

std::string_view action_name(MenuOptionAction action) {
  switch (action) {
    case MenuOptionAction::say_and_hang_up:
      return "say_and_hang_up";
    case MenuOptionAction::say_and_return:
      return "say_and_return";
    case MenuOptionAction::transfer:
      return "transfer";
  }
  return "";
}

}  // namespace

void VoiceMenuSession::play(std::vector<CallAction>& out, const std::string& text,
                            bool interruptible, const std::string& then_text) {
  out.push_back({.kind = CallAction::Kind::play,
                 .text = text,
                 .then_text = then_text,
                 .interruptible = interruptible});
}

std::vector<CallAction> VoiceMenuSession::start() {
  std::vector<CallAction> out;
  if (state_ != State::idle) return out;
  if (menu_.record) {
    state_ = State::notice;
    play(out, menu_.recording_notice, false);  // consent must be heard in full
    return out;
  }
  state_ = State::greeting;
  play(out, menu_.greeting, true);
  return out;
}

void VoiceMenuSession::prompt(std::vector<CallAction>& out) {
  ++attempts_;
  state_ = State::prompting;
  out.push_back(log_action("menu.prompted", {{"menu", menu_.name}, {"attempt", attempts_}}));
  play(out, menu_.prompt, true);
}

void VoiceMenuSession::say_goodbye(std::vector<CallAction>& out, std::string reason) {
  out.push_back({.kind = CallAction::Kind::cancel_timer});
  end_reason_ = std::move(reason);
  state_ = State::goodbye;
  play(out, menu_.goodbye_text, false);
}

void VoiceMenuSession::retry_or_give_up(std::vector<CallAction>& out, const std::string& feedback) {
  out.push_back({.kind = CallAction::Kind::cancel_timer});
  if (attempts_ >= menu_.max_attempts) {
    out.push_back(log_action("menu.failed", {{"menu", menu_.name}, {"attempts", attempts_}}));
    // One playback: a second play would replace the first before it was heard.
    end_reason_ = "no_valid_input";
    state_ = State::goodbye;
    play(out, feedback, false, menu_.goodbye_text);
    return;
  }
  state_ = State::feedback;
  play(out, feedback, true);
}

std::vector<CallAction> VoiceMenuSession::on_playback_done() {
  std::vector<CallAction> out;
  switch (state_) {
    case State::notice:
      out.push_back({.kind = CallAction::Kind::start_recording});
      state_ = State::greeting;
      play(out, menu_.greeting, true);
      break;
    case State::greeting:
    case State::feedback:
      prompt(out);
      break;
    case State::prompting:
      state_ = State::waiting;
      out.push_back({.kind = CallAction::Kind::start_timer, .timeout_ms = menu_.input_timeout_ms});
      break;
    case State::option:
      after_option(out);
      break;
    case State::goodbye:
      state_ = State::finished;
      out.push_back({.kind = CallAction::Kind::hang_up, .reason = end_reason_});
      break;
    default:
      break;
  }
  return out;
}

std::vector<CallAction> VoiceMenuSession::on_digit(char digit) {
  std::vector<CallAction> out;
  // Keys count from the greeting on (callers who know the menu press early); during the
  // notice, the option text, the goodbye and a transfer they are ignored.
  if (state_ != State::greeting && state_ != State::prompting && state_ != State::waiting &&
      state_ != State::feedback)
    return out;
  out.push_back({.kind = CallAction::Kind::cancel_timer});
  if (attempts_ == 0) attempts_ = 1;  // a choice during the greeting uses the first attempt
  for (const MenuOption& option : menu_.options) {
    if (option.digit != digit) continue;
    chosen_ = &option;
    out.push_back(log_action("menu.selected", {{"menu", menu_.name},
                                               {"digit", std::string(1, digit)},
                                               {"option", option.key},
                                               {"label", option.label},
                                               {"action", action_name(option.action)}}));
    if (option.say.empty()) {
      after_option(out);
    } else {
      state_ = State::option;
      play(out, option.say, option.action == MenuOptionAction::say_and_return);
    }
    return out;
  }
  out.push_back(
      log_action("menu.invalid", {{"menu", menu_.name}, {"digit", std::string(1, digit)}}));
  retry_or_give_up(out, menu_.invalid_text);
  return out;
}

void VoiceMenuSession::after_option(std::vector<CallAction>& out) {
  if (chosen_ == nullptr) return;
  switch (chosen_->action) {
    case MenuOptionAction::say_and_hang_up:
      say_goodbye(out, "menu_completed");
      break;
    case MenuOptionAction::say_and_return:
      attempts_ = 0;
      prompt(out);
      break;
    case MenuOptionAction::transfer:
      state_ = State::transferring;
      out.push_back({.kind = CallAction::Kind::transfer, .extension = chosen_->extension});
      break;
  }
}

std::vector<CallAction> VoiceMenuSession::on_input_timeout() {
  std::vector<CallAction> out;
  if (state_ != State::waiting) return out;
  out.push_back(log_action("menu.no_input", {{"menu", menu_.name}, {"attempt", attempts_}}));
  retry_or_give_up(out, menu_.no_input_text);
  return out;
}

std::vector<CallAction> VoiceMenuSession::on_transfer_failed() {
  std::vector<CallAction> out;
  if (state_ != State::transferring) return out;
  out.push_back(log_action("transfer.failed", {{"extension", chosen_ ? chosen_->extension : ""}}));
  end_reason_ = "transfer_failed";
  state_ = State::goodbye;
  play(out, menu_.transfer_failed_text, false, menu_.goodbye_text);
  return out;
}

}  // namespace callwerk::voice

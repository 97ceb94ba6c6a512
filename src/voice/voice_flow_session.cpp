#include "voice/voice_flow_session.hpp"

#include <type_traits>

#include "flow/flow_phrases.hpp"
#include "voice/telephony_config.hpp"

namespace callwerk::voice {

namespace {

std::string prompt_text(const flow::Say& say) {
  // A recording is played when the flow names one; its text stands in the protocol.
  if (!say.file.empty()) return std::string(kPromptFilePrefix) + say.file;
  return say.text;
}

CallAction log_action(const flow::Record& record) {
  return CallAction{.kind = CallAction::Kind::log,
                    .log_type = record.kind,
                    .payload = flow::record_payload(record)};
}

CallAction timer(int timeout_ms) {
  return CallAction{.kind = CallAction::Kind::start_timer, .timeout_ms = timeout_ms};
}

}  // namespace

VoiceFlowSession::VoiceFlowSession(std::shared_ptr<const flow::FlowInterpreter> interpreter,
                                   flow::StartEvent start)
    : interpreter_(std::move(interpreter)), start_event_(std::move(start)) {
  start_event_.channel = flow::Channel::voice;
}

std::vector<CallAction> VoiceFlowSession::start() {
  std::vector<CallAction> out;
  step(start_event_, out);
  return out;
}

void VoiceFlowSession::step(const flow::FlowEvent& event, std::vector<CallAction>& out) {
  scratch_.clear();
  interpreter_->step(state_, event, scratch_);
  for (flow::FlowAction& action : scratch_) queue_.push_back(std::move(action));
  run_queued(out);
}

void VoiceFlowSession::play_queued_says(std::vector<CallAction>& out) {
  CallAction play{.kind = CallAction::Kind::play};
  bool first = true;
  // The flow records each prompt right after it; those entries are written as the playback
  // starts, so that records between prompts do not split one playback into several.
  while (!queue_.empty()) {
    if (const auto* record = std::get_if<flow::Record>(&queue_.front())) {
      out.push_back(log_action(*record));
      queue_.pop_front();
      continue;
    }
    if (!std::holds_alternative<flow::Say>(queue_.front())) break;
    std::string text = prompt_text(std::get<flow::Say>(queue_.front()));
    queue_.pop_front();
    if (text.empty()) continue;
    if (first) {
      play.text = std::move(text);
      first = false;
    } else if (play.then_text.empty()) {
      play.then_text = std::move(text);
    } else {
      play.more_texts.push_back(std::move(text));
    }
  }
  if (first) return;  // only empty texts
  // A question right after the prompt: keys may cut the prompt short and already answer.
  if (!queue_.empty() && std::holds_alternative<flow::AwaitInput>(queue_.front())) {
    question_ = std::get<flow::AwaitInput>(queue_.front());
    queue_.pop_front();
    digits_.clear();
    play.interruptible = true;
    waiting_ = Waiting::prompt_then_input;
  } else {
    waiting_ = Waiting::playback;
  }
  out.push_back(std::move(play));
}

void VoiceFlowSession::run_queued(std::vector<CallAction>& out) {
  while (waiting_ == Waiting::nothing && !queue_.empty()) {
    if (std::holds_alternative<flow::Say>(queue_.front())) {
      play_queued_says(out);
      continue;
    }
    flow::FlowAction action = std::move(queue_.front());
    queue_.pop_front();
    if (auto* question = std::get_if<flow::AwaitInput>(&action)) {
      question_ = std::move(*question);
      digits_.clear();
      waiting_ = Waiting::input;
      out.push_back(timer(question_.timeout_ms));
    } else if (auto* record = std::get_if<flow::Record>(&action)) {
      out.push_back(log_action(*record));
    } else if (auto* transfer = std::get_if<flow::Transfer>(&action)) {
      waiting_ = Waiting::transfer;
      out.push_back(CallAction{.kind = CallAction::Kind::transfer,
                               .queue = transfer->queue,
                               .priority = transfer->priority,
                               .reason = transfer->reason});
    } else if (auto* hangup = std::get_if<flow::Hangup>(&action)) {
      waiting_ = Waiting::ended;
      queue_.clear();
      out.push_back(CallAction{.kind = CallAction::Kind::hang_up, .reason = hangup->reason});
    } else if (std::holds_alternative<flow::SaveSurveyAnswer>(action)) {
      out.push_back(CallAction{.kind = CallAction::Kind::request, .effect = std::move(action)});
    } else if (flow::awaits_result(action)) {
      waiting_ = Waiting::result;
      out.push_back(CallAction{.kind = CallAction::Kind::request, .effect = std::move(action)});
    }
  }
}

std::vector<CallAction> VoiceFlowSession::on_playback_done() {
  std::vector<CallAction> out;
  if (waiting_ == Waiting::playback) {
    waiting_ = Waiting::nothing;
    run_queued(out);
  } else if (waiting_ == Waiting::prompt_then_input) {
    waiting_ = Waiting::input;
    out.push_back(timer(question_.timeout_ms));
  }
  return out;
}

std::vector<CallAction> VoiceFlowSession::on_digit(char digit) {
  std::vector<CallAction> out;
  // Keys while the system speaks without asking, or while it waits for a lookup, go nowhere:
  // the caller has not been asked anything yet.
  if (waiting_ != Waiting::prompt_then_input && waiting_ != Waiting::input) return out;
  waiting_ = Waiting::input;
  if (digit == '#') {
    // '#' ends an entry; on a one-key question it is the key itself.
    if (digits_.empty() && question_.max_digits == 1) digits_.push_back('#');
    submit_digits(out);
    return out;
  }
  digits_.push_back(digit);
  if (question_.max_digits > 0 && static_cast<int>(digits_.size()) >= question_.max_digits) {
    submit_digits(out);
    return out;
  }
  out.push_back(timer(kInterDigitTimeoutMs));
  return out;
}

void VoiceFlowSession::submit_digits(std::vector<CallAction>& out) {
  out.push_back(CallAction{.kind = CallAction::Kind::cancel_timer});
  waiting_ = Waiting::nothing;
  std::string text = std::move(digits_);
  digits_.clear();
  step(flow::InputEvent{std::move(text)}, out);
}

std::vector<CallAction> VoiceFlowSession::on_input_timeout() {
  std::vector<CallAction> out;
  if (waiting_ != Waiting::input) return out;
  if (!digits_.empty()) {
    // The caller paused after typing: what is there is the entry.
    submit_digits(out);
    return out;
  }
  waiting_ = Waiting::nothing;
  step(flow::NoInputEvent{}, out);
  return out;
}

std::vector<CallAction> VoiceFlowSession::on_result(const flow::FlowEvent& result) {
  std::vector<CallAction> out;
  if (waiting_ != Waiting::result) return out;
  waiting_ = Waiting::nothing;
  step(result, out);
  return out;
}

std::vector<CallAction> VoiceFlowSession::on_transfer_failed() {
  std::vector<CallAction> out;
  if (waiting_ != Waiting::transfer) return out;
  // The flow has handed the call over and ended; nobody took it, so the caller hears why and
  // the call ends (a queue with waiting, callback and voicemail is the ACD's job).
  waiting_ = Waiting::nothing;
  flow::Say sorry;
  sorry.text = flow::phrase(flow::Phrase::transfer_failed, state_.language, flow::Channel::voice);
  queue_.push_back(std::move(sorry));
  flow::Hangup hangup;
  hangup.reason = "transfer_failed";
  queue_.push_back(std::move(hangup));
  run_queued(out);
  return out;
}

}  // namespace callwerk::voice

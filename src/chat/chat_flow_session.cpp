#include "chat/chat_flow_session.hpp"

#include <algorithm>

namespace callwerk::chat {

namespace {

constexpr const char* kAgentActor = "virtual-agent";
constexpr const char* kVisitorActor = "visitor";

TimelineEntry entry_of(const flow::Record& record) {
  return TimelineEntry{record.kind, flow::record_payload(record), kAgentActor};
}

// Length of the UTF-8 sequence starting at `text[i]`, or 0 when it is not a valid one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(i + 1) > 0x9F) return 0;
  if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(i + 1) > 0x8F) return 0;
  return length;
}

}  // namespace

std::string clean_visitor_text(std::string_view text, std::size_t max_bytes) {
  std::string clean;
  clean.reserve(std::min(text.size(), max_bytes));
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    std::string_view piece;
    if (length == 0) {
      piece = "\xEF\xBF\xBD";  // U+FFFD for a broken byte
      i += 1;
    } else {
      piece = text.substr(i, length);
      i += length;
      const unsigned char c = static_cast<unsigned char>(piece[0]);
      if (length == 1 && c < 0x20 && c != '\n') piece = c == '\t' || c == '\r' ? " " : "";
      if (length == 1 && c == 0x7F) piece = "";
    }
    if (clean.size() + piece.size() > max_bytes) break;
    clean += piece;
  }
  const auto first = clean.find_first_not_of(" \n");
  if (first == std::string::npos) return {};
  const auto last = clean.find_last_not_of(" \n");
  return clean.substr(first, last - first + 1);
}

ChatFlowSession::ChatFlowSession(std::shared_ptr<const flow::FlowInterpreter> interpreter,
                                 flow::StartEvent start)
    : interpreter_(std::move(interpreter)), start_event_(std::move(start)) {
  start_event_.channel = flow::Channel::chat;
}

std::vector<ChatOutput> ChatFlowSession::start() {
  std::vector<ChatOutput> out;
  if (phase_ != Phase::idle) return out;
  phase_ = Phase::working;
  step(start_event_, out);
  return out;
}

void ChatFlowSession::step(const flow::FlowEvent& event, std::vector<ChatOutput>& out) {
  scratch_.clear();
  interpreter_->step(state_, event, scratch_);
  for (flow::FlowAction& action : scratch_) {
    if (phase_ == Phase::ended) break;  // nothing after a hang-up reaches the visitor
    if (auto* say = std::get_if<flow::Say>(&action)) {
      // A chat flow shows text; a recording alone (phone only) has nothing to show.
      if (!say->text.empty()) out.push_back(BotText{std::move(say->text)});
    } else if (auto* question = std::get_if<flow::AwaitInput>(&action)) {
      choices_ = std::move(question->choices);
      phase_ = Phase::asking;
      out.push_back(AskVisitor{choices_, std::max(question->timeout_ms, kMinNoInputMs)});
    } else if (auto* record = std::get_if<flow::Record>(&action)) {
      out.push_back(entry_of(*record));
    } else if (auto* transfer = std::get_if<flow::Transfer>(&action)) {
      choices_.clear();
      phase_ = Phase::waiting;
      out.push_back(WaitForAgent{std::move(transfer->queue), std::move(transfer->summary),
                                 std::move(transfer->reason), transfer->priority});
    } else if (auto* hangup = std::get_if<flow::Hangup>(&action)) {
      choices_.clear();
      // After a hand-over the flow's end changes nothing: the visitor waits for a human.
      if (phase_ == Phase::waiting) continue;
      phase_ = Phase::ended;
      out.push_back(EndChat{std::move(hangup->reason)});
    } else if (flow::awaits_result(action)) {
      choices_.clear();
      phase_ = Phase::working;
      out.push_back(RunRequest{std::move(action)});
    } else {
      out.push_back(RunRequest{std::move(action)});  // SaveSurveyAnswer: no answer awaited
    }
  }
  // A flow that stops without asking, handing over or hanging up (a broken flow's last
  // record) must not leave the visitor typing into nothing.
  if (state_.finished && phase_ != Phase::waiting && phase_ != Phase::ended) {
    phase_ = Phase::ended;
    choices_.clear();
    out.push_back(EndChat{state_.end_reason.empty() ? "flow_end" : state_.end_reason});
  }
}

void ChatFlowSession::visitor_said(std::string_view text, std::string_view value,
                                   std::vector<ChatOutput>& out) {
  nlohmann::json payload{{"text", text}};
  if (!value.empty() && value != text) payload["value"] = value;
  if (phase_ == Phase::waiting) payload["waiting"] = true;
  if (phase_ == Phase::working) payload["unanswered"] = true;  // arrived while the agent worked
  if (phase_ == Phase::ended) payload["after_end"] = true;
  out.push_back(TimelineEntry{"chat.message", std::move(payload), kVisitorActor});
  if (phase_ != Phase::asking) return;
  choices_.clear();
  phase_ = Phase::working;
  step(flow::InputEvent{std::string(value.empty() ? text : value)}, out);
}

std::vector<ChatOutput> ChatFlowSession::on_message(std::string_view text) {
  std::vector<ChatOutput> out;
  const std::string clean = clean_visitor_text(text, kMaxMessageBytes);
  if (clean.empty() || phase_ == Phase::idle) return out;
  visitor_said(clean, {}, out);
  return out;
}

std::vector<ChatOutput> ChatFlowSession::on_choice(std::string_view value) {
  if (phase_ == Phase::asking) {
    for (const flow::InputChoice& choice : choices_) {
      if (choice.value != value) continue;
      std::vector<ChatOutput> out;
      const flow::InputChoice chosen = choice;  // choices_ changes in the step
      visitor_said(chosen.label, chosen.value, out);
      return out;
    }
  }
  return on_message(value);
}

std::vector<ChatOutput> ChatFlowSession::on_input_timeout() {
  std::vector<ChatOutput> out;
  if (phase_ != Phase::asking) return out;
  choices_.clear();
  phase_ = Phase::working;
  step(flow::NoInputEvent{}, out);
  return out;
}

std::vector<ChatOutput> ChatFlowSession::on_result(const flow::FlowEvent& result) {
  std::vector<ChatOutput> out;
  if (phase_ != Phase::working) return out;
  step(result, out);
  return out;
}

}  // namespace callwerk::chat

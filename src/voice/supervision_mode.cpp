#include "voice/supervision_mode.hpp"

namespace callwerk::voice {

std::string_view to_string(SupervisionMode mode) {
  switch (mode) {
    case SupervisionMode::listen:
      return "listen";
    case SupervisionMode::whisper:
      return "whisper";
    case SupervisionMode::barge:
      return "barge";
  }
  return "listen";
}

std::optional<SupervisionMode> parse_supervision_mode(std::string_view text) {
  for (const auto mode :
       {SupervisionMode::listen, SupervisionMode::whisper, SupervisionMode::barge})
    if (text == to_string(mode)) return mode;
  return std::nullopt;
}

std::optional<std::vector<CallParty>> heard_by(CallParty listener, SupervisionMode mode) {
  switch (listener) {
    case CallParty::supervisor:
      return std::vector{CallParty::caller, CallParty::agent};
    case CallParty::agent:
      if (mode == SupervisionMode::listen) return std::nullopt;
      return std::vector{CallParty::caller, CallParty::supervisor};
    case CallParty::caller:
      if (mode != SupervisionMode::barge) return std::nullopt;
      return std::vector{CallParty::agent, CallParty::supervisor};
  }
  return std::nullopt;
}

}  // namespace callwerk::voice

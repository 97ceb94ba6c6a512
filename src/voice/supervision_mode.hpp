#pragma once
// A team lead on a live call: how the three parties hear each other in each mode.
//   listen:  the supervisor hears caller and agent; they hear only each other.
//   whisper: the supervisor hears both; the agent hears caller and supervisor; the caller
//            hears only the agent.
//   barge:   everyone hears the other two.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace callwerk::voice {

enum class SupervisionMode { listen, whisper, barge };

enum class CallParty { caller, agent, supervisor };

std::string_view to_string(SupervisionMode mode);
std::optional<SupervisionMode> parse_supervision_mode(std::string_view text);

// Whom a party hears in a mode. nullopt: the plain two-party bridge serves it as it is (the
// caller's and agent's audio relayed without decoding); otherwise the mix of these parties.
std::optional<std::vector<CallParty>> heard_by(CallParty listener, SupervisionMode mode);

}  // namespace callwerk::voice

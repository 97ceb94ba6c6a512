#pragma once
// Which trunk may carry a call out for a tenant to a number, and with which caller id. Pure
// logic over the telephony config: a call leaves only when a trunk's outbound route names the
// tenant and a prefix of the (E.164) number.

#include <optional>
#include <string>
#include <string_view>

#include "voice/telephony_config.hpp"

namespace callwerk::voice {

struct OutboundTarget {
  const TrunkConfig* trunk = nullptr;
  std::string caller_id;  // E.164, as the called party sees it
};

// "+" and 6 to 15 digits (ITU-T E.164), nothing else.
bool is_e164(std::string_view number);

// The first trunk whose outbound route allows this tenant and number; none when no rule says
// so, the number is not E.164, or no caller id can be given.
std::optional<OutboundTarget> find_outbound_route(const TelephonyConfig& config,
                                                  std::string_view tenant_slug,
                                                  std::string_view number);

}  // namespace callwerk::voice

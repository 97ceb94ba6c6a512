#include "voice/outbound_route.hpp"

#include <algorithm>

namespace callwerk::voice {

bool is_e164(std::string_view number) {
  if (number.size() < 7 || number.size() > 16 || number.front() != '+') return false;
  return std::all_of(number.begin() + 1, number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<OutboundTarget> find_outbound_route(const TelephonyConfig& config,
                                                  std::string_view tenant_slug,
                                                  std::string_view number) {
  if (!is_e164(number)) return std::nullopt;
  for (const TrunkConfig& trunk : config.trunks) {
    const OutboundRoute& route = trunk.outbound;
    if (!route.enabled) continue;
    if (std::find(route.tenants.begin(), route.tenants.end(), tenant_slug) == route.tenants.end())
      continue;
    const bool allowed = std::any_of(route.prefixes.begin(), route.prefixes.end(),
                                     [&](const std::string& p) { return number.starts_with(p); });
    if (!allowed) continue;
    OutboundTarget target{&trunk, route.caller_id};
    if (target.caller_id.empty()) {
      // The tenant's own number, so that the customer recognises who calls back.
      for (const DialledNumber& dialled : config.numbers)
        if (dialled.tenant == tenant_slug && is_e164(dialled.number)) {
          target.caller_id = dialled.number;
          break;
        }
    }
    if (target.caller_id.empty()) continue;
    return target;
  }
  return std::nullopt;
}

}  // namespace callwerk::voice

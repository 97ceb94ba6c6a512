#pragma once
// The URL of a flow's webhook, split for the HTTP client: http or https, host, port, target.
// Narrow on purpose: no user info (credentials do not belong in a flow's YAML), no fragments.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace callwerk::app {

struct WebhookUrl {
  bool tls = false;
  std::string host;  // a name or an address; IPv6 without the brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, at least "/"
};

// invalid_input with a sentence for the protocol when the URL is not one the client can call.
Result<WebhookUrl> parse_webhook_url(std::string_view url);

}  // namespace callwerk::app

#pragma once
// SIP/SIPS/tel URIs, name-addr (From/To/Contact) and Via values (RFC 3261 §19.1, §20, §25).
// Every field is a view into the text given to the parser, so that text must outlive them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace callwerk::sip {

using SipParam = std::pair<std::string_view, std::string_view>;  // value empty when absent

// Case-insensitive lookup; nullopt when missing, an empty view for a flag such as ";lr".
std::optional<std::string_view> find_param(const std::vector<SipParam>& params,
                                           std::string_view name);

struct SipUri {
  std::string_view scheme;  // "sip", "sips" or "tel" as written
  std::string_view user;    // still escaped; see user_decoded()
  std::string_view password;
  std::string_view host;  // IPv6 without brackets
  uint16_t port = 0;      // 0: not given
  bool ipv6 = false;
  std::vector<SipParam> params;
  std::vector<SipParam> headers;

  bool secure() const;
  std::optional<std::string_view> param(std::string_view name) const {
    return find_param(params, name);
  }
  Result<std::string> user_decoded() const;
};

Result<SipUri> parse_sip_uri(std::string_view text);

struct SipNameAddr {
  std::string_view display_name;  // without quotes; quoted-pairs still escaped
  SipUri uri;
  std::vector<SipParam> params;  // header params: tag, expires, q, ...

  std::optional<std::string_view> tag() const { return find_param(params, "tag"); }
};

// Parses one From/To/Contact value (not a comma-separated list).
Result<SipNameAddr> parse_name_addr(std::string_view text);

struct SipVia {
  std::string_view protocol;  // "SIP"
  std::string_view version;   // "2.0"
  std::string_view transport;
  std::string_view host;
  uint16_t port = 0;
  bool ipv6 = false;
  std::vector<SipParam> params;

  std::optional<std::string_view> branch() const { return find_param(params, "branch"); }
  std::optional<std::string_view> received() const { return find_param(params, "received"); }
  // RFC 3581: present without value in requests, with the source port in responses.
  bool has_rport() const { return find_param(params, "rport").has_value(); }
  std::optional<uint16_t> rport() const;
};

// Parses one Via value (not a comma-separated list).
Result<SipVia> parse_via(std::string_view text);

}  // namespace callwerk::sip

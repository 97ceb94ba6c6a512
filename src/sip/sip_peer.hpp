#pragma once
// Where a SIP message came from or goes to. Plain values so that the transaction and dialog
// logic stays free of sockets; the transport maps them to endpoints and connections.

#include <cstdint>
#include <string>
#include <string_view>

namespace callwerk::sip {

enum class SipTransportProtocol { udp, tcp };

std::string_view to_via_transport(SipTransportProtocol protocol);  // "UDP", "TCP"

struct SipPeer {
  std::string address;  // IP literal; IPv6 without brackets
  uint16_t port = 0;
  SipTransportProtocol protocol = SipTransportProtocol::udp;
  // TCP: the accepted or opened connection the message arrived on (0: none/any). Responses
  // go back over the same connection (RFC 3261 §18.2.2).
  uint64_t connection_id = 0;

  bool reliable() const { return protocol == SipTransportProtocol::tcp; }
  bool ipv6() const { return address.find(':') != std::string::npos; }
  // "host:port" with brackets around IPv6, as in Via sent-by and URIs.
  std::string host_port() const;

  friend bool operator==(const SipPeer&, const SipPeer&) = default;
};

}  // namespace callwerk::sip

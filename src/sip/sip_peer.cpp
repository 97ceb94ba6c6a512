#include "sip/sip_peer.hpp"

namespace callwerk::sip {

std::string_view to_via_transport(SipTransportProtocol protocol) {
  return protocol == SipTransportProtocol::tcp ? "TCP" : "UDP";
}

std::string SipPeer::host_port() const {
  std::string text = ipv6() ? "[" + address + "]" : address;
  text += ':';
  text += std::to_string(port);
  return text;
}

}  // namespace callwerk::sip

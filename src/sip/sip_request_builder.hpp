#pragma once
// SIP requests and responses as wire text (RFC 3261 §8.1.1, §8.2.6, §9.1): out-of-dialog
// requests of a UAC, CANCEL, and responses with headers and a body. Pure string building;
// what the text is sent over is the transport's business.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sip/sip_message.hpp"
#include "sip/sip_peer.hpp"

namespace callwerk::sip {

// Where this UA can be reached: what goes into Via (sent-by) and Contact.
struct SipLocalAddress {
  SipTransportProtocol protocol = SipTransportProtocol::udp;
  std::string sent_by;      // "host:port", an IPv6 literal in brackets
  std::string contact_uri;  // e.g. "sip:callwerk@10.0.0.1:5060;transport=tcp"
};

// "host:port" with brackets around an IPv6 literal (brackets already given are kept).
std::string sip_host_port(std::string_view host, uint16_t port);
// sent-by and Contact URI for the address the transport listens on; TCP gets
// ";transport=tcp" so that the peer comes back over TCP.
SipLocalAddress make_local_address(SipTransportProtocol protocol, std::string_view host,
                                   uint16_t port, std::string_view contact_user = "callwerk");

// A display name as a quoted-string: '"' and '\' escaped, control characters (CR, LF, ...)
// dropped so that no caller-supplied name can break a header; UTF-8 is kept.
std::string quote_display_name(std::string_view name);
// ["display"] <uri> [;tag=tag]; the URI always in angle brackets, so its parameters stay its own.
std::string format_name_addr(std::string_view display_name, std::string_view uri,
                             std::string_view tag = {});
// The URI of a name-addr or addr-spec value as written: between '<' and '>', or up to the
// first ';' of an addr-spec. Empty when there is no URI.
std::string_view name_addr_uri_text(std::string_view value);

// "SIP/2.0/UDP host:port;branch=...;rport" (RFC 3581 rport so that replies find us behind NAT).
std::string format_via(const SipLocalAddress& local, std::string_view branch);

// Raw header lines ("Name: value", CRLF-separated) as given by code in this project; a
// missing CRLF after the last line is added.
void append_extra_headers(std::string& out, std::string_view extra_headers);
// Content-Type (when given), Content-Length of the body, the empty line and the body.
void append_body(std::string& out, std::string_view content_type, std::string_view body);

// Whether a request with this method carries our Contact (dialog-creating, target-refresh,
// REGISTER and OPTIONS); BYE, CANCEL, ACK, INFO and MESSAGE do not need one.
bool method_carries_contact(std::string_view method);

struct SipOutOfDialogRequest {
  std::string method;       // "INVITE", "OPTIONS", "REGISTER", ...
  std::string request_uri;  // sip:, sips: or tel:
  std::string from_display;
  std::string from_uri;
  std::string from_tag;  // empty: a new one is generated
  std::string to_display;
  std::string to_uri;
  std::string call_id;  // empty: a new one is generated
  uint32_t cseq = 1;
  std::string branch;  // empty: a new one is generated
  SipLocalAddress local;
  // A pre-loaded route set (an outbound proxy), name-addr values such as "<sip:p.example;lr>".
  std::vector<std::string> route;
  int max_forwards = 70;
  std::string extra_headers;  // see append_extra_headers
  std::string content_type;   // written when not empty
  std::string body;
};

// Fails (invalid_input) when a URI, the method, Call-ID, Content-Type or an extra header line
// is malformed: request URIs may come from imported contact data, and nothing half-formed may
// leave the server.
Result<std::string> build_out_of_dialog_request(const SipOutOfDialogRequest& spec);

// CANCEL for an INVITE we sent (§9.1): same Request-URI, Call-ID, From, To, CSeq number,
// top Via (so it matches the INVITE's branch at the next hop) and Route headers.
std::string build_cancel(const SipMessage& invite_sent);

// build_response() plus extra header lines and a body (200 with Contact and SDP, 401 with
// WWW-Authenticate, 405 with Allow, ...), Content-Length set to the body's size.
std::string build_response_with(const SipMessage& request, int code, std::string_view reason,
                                std::string_view to_tag, std::string_view extra_headers,
                                std::string_view content_type = {}, std::string_view body = {});

// RFC 3261 §21 (and 3265/3311/3329/4412 codes seen in practice); "Unknown" for others.
std::string_view default_reason_phrase(int code);

}  // namespace callwerk::sip

#pragma once
// Helpers for the SIP parser tests: messages are written with "\n" for readability and
// turned into CRLF on the wire.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "sip/sip_message.hpp"

namespace callwerk::sip::test {

inline std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

inline SipMessage parse_ok(std::string wire,
                           SipTransportKind transport = SipTransportKind::datagram) {
  auto result = parse_owned_sip_message(std::move(wire), transport);
  if (auto* error = std::get_if<SipParseError>(&result)) {
    ADD_FAILURE() << "unexpected parse error: " << error->reason;
    return {};
  }
  return std::get<SipMessage>(std::move(result));
}

// Stream framing needs an exact Content-Length: a clean parse that takes every byte proves the
// length and the CRLFs of what was built.
inline SipMessage parse_exact(const std::string& wire) {
  auto message = parse_ok(wire, SipTransportKind::stream);
  EXPECT_EQ(message.size(), wire.size()) << wire;
  return message;
}

inline SipParseError parse_error(std::string wire,
                                 SipTransportKind transport = SipTransportKind::datagram) {
  auto result = parse_owned_sip_message(std::move(wire), transport);
  if (auto* error = std::get_if<SipParseError>(&result)) return *error;
  ADD_FAILURE() << "message parsed although it should not";
  return {};
}

// A minimal valid INVITE head; tests append or replace lines around it.
inline constexpr std::string_view kInviteHead =
    "INVITE sip:bob@example.com SIP/2.0\n"
    "Via: SIP/2.0/UDP pc.example.com:5060;branch=z9hG4bK1\n"
    "Max-Forwards: 70\n"
    "From: Alice <sip:alice@example.com>;tag=a1\n"
    "To: Bob <sip:bob@example.com>\n"
    "Call-ID: c1@pc.example.com\n"
    "CSeq: 1 INVITE\n";

}  // namespace callwerk::sip::test

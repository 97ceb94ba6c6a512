#pragma once
// How messages find their transaction (RFC 3261 §17.1.3, §17.2.3, §9.2): keys built from
// the top Via, CSeq and dialog identifiers. Internal to the transaction layer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/sip_message.hpp"

namespace callwerk::sip {

// RFC 3261 §8.1.1.7: a branch starting with this was made unique by an RFC 3261 sender.
inline constexpr std::string_view kBranchMagicCookie = "z9hG4bK";

// The value of a header the parser knows, by its canonical name ("Via", "Call-ID"), without
// the case-insensitive search of SipMessage::header().
std::optional<std::string_view> known_header(const SipMessage& message,
                                             std::string_view canonical_name);

// The tag parameter of a From or To value; empty when it has none.
std::string_view header_tag(std::string_view name_addr);

// The topmost Via value (the first of the first Via line); nullopt when there is none.
std::optional<std::string_view> top_via_value(const SipMessage& message);

// Server transaction of a request, as if its method were `method` (the INVITE for an ACK or
// a CANCEL). RFC 3261 senders: branch + sent-by + method. Older senders, without the magic
// cookie: Request-URI, From tag, Call-ID, CSeq number, the whole top Via and the method,
// which is §17.2.3's fallback without the To tag (an ACK carries the tag of our response).
std::optional<std::string> server_transaction_key(const SipMessage& request,
                                                  std::string_view method);

// Client transaction: the branch we put in the top Via and the CSeq method.
std::string client_transaction_key(std::string_view branch, std::string_view method);
std::optional<std::string> client_transaction_key(const SipMessage& response);

// Call-ID, CSeq number and From tag: what an ACK for a 2xx shares with its INVITE even though
// it is a transaction of its own with a new branch (RFC 3261 §13.2.2.4, §17.1.1.3).
std::optional<std::string> ack_match_key(const SipMessage& message);

// The tag of the To header; empty when absent.
std::string_view to_tag_of(const SipMessage& message);
// The same, read straight from a message's bytes (a response the TU built), without parsing
// the whole message.
std::string_view to_tag_in_bytes(std::string_view message_bytes);

}  // namespace callwerk::sip

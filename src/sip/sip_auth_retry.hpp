#pragma once
// A request of ours sent again with credentials after the peer challenged it with 401 or 407
// (RFC 3261 §8.1.3.5, §22.2): a carrier that wants callwerk to authenticate its calls out.
// Pure text work over the request we sent and the challenge we got.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sip/sip_message.hpp"

namespace callwerk::sip {

struct SipAuthRetry {
  std::string_view username;
  std::string_view password;
  std::string_view branch;  // a new transaction: a new branch (new_sip_branch())
  std::string_view cnonce;  // random, for qop=auth
};

// The same request (Request-URI, Call-ID, From with its tag, To, body) with CSeq + 1, the
// top Via's branch replaced, and Authorization (for a 401, from WWW-Authenticate) or
// Proxy-Authorization (for a 407, from Proxy-Authenticate) answering the first challenge
// whose algorithm we serve. Credentials the request already carried are dropped. Fails
// (invalid_input) when `challenge` is no 401/407, offers nothing we can answer, or the
// request is not one we could have sent.
Result<std::string> authorised_retry(const SipMessage& request, const SipMessage& challenge,
                                     const SipAuthRetry& account);

}  // namespace callwerk::sip

#pragma once
// An error response for a request the parser refused. RFC 3261 §21.4.1 wants 400 (or 505,
// 513) for malformed requests, yet a response needs Via, From, To, Call-ID and CSeq: this
// picks those header lines out of the raw bytes leniently. When they cannot be found, there
// is nobody to answer and the datagram is dropped.

#include <optional>
#include <string>
#include <string_view>

namespace callwerk::sip {

std::optional<std::string> build_raw_error_response(std::string_view request_bytes, int code,
                                                    std::string_view reason);

}  // namespace callwerk::sip

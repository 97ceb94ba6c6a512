#pragma once
// A parsed SIP message (RFC 3261 §7): start line, headers and body as views into the
// received bytes. The message either references the caller's buffer or owns a copy of it;
// only folded header values get their own small owned strings.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {

enum class SipTransportKind {
  datagram,  // UDP: a missing Content-Length means "the rest of the datagram"
  stream,    // TCP/TLS: Content-Length is required to find the message end
};

struct SipLimits {
  size_t max_message_bytes = 64 * 1024;
  size_t max_headers = 200;
  size_t max_header_line = 8 * 1024;  // one logical header after unfolding
};

// What the transport does with a message that failed to parse.
enum class SipParseFailure {
  not_sip,       // drop silently: the bytes do not even start like SIP
  bad_request,   // answer with status_code (400, 505, 513)
  bad_response,  // drop: responses are never answered (RFC 3261 §18.1.2)
  incomplete,    // stream only: wait for more bytes
};

struct SipParseError {
  SipParseFailure failure = SipParseFailure::not_sip;
  int status_code = 400;
  std::string reason;  // fit for the reason phrase of the answer

  Error to_error() const {
    return make_error(status_code == 513 ? ErrorKind::too_large : ErrorKind::invalid_input, reason);
  }
};

struct SipHeader {
  std::string_view name;  // canonical full name for known headers (compact forms expanded)
  std::string_view value;
};

struct SipCSeq {
  uint32_t number = 0;
  std::string_view method;
};

class SipMessage {
 public:
  bool is_request() const { return status_code_ == 0; }
  std::string_view method() const { return method_; }
  std::string_view request_uri() const { return request_uri_; }
  int status_code() const { return status_code_; }
  std::string_view reason() const { return reason_; }

  const std::vector<SipHeader>& headers() const { return headers_; }
  // First value of the header with this name (full or compact, any case).
  std::optional<std::string_view> header(std::string_view name) const;
  // Every value of the header: for list headers (Via, Contact, Route, Record-Route, ...)
  // comma-separated values are split, across all header lines in order.
  std::vector<std::string_view> header_values(std::string_view name) const;

  std::string_view call_id() const { return *header("Call-ID"); }
  SipCSeq cseq() const { return cseq_; }

  // Typed views of the headers the transaction and dialog layers read on every message.
  // They parse on each call (nothing is cached), and their views point into this message.
  // The topmost Via value (the first one of the first Via line); nullopt when unparsable.
  std::optional<SipVia> top_via() const;
  Result<SipNameAddr> from() const;
  Result<SipNameAddr> to() const;
  // nullopt when absent or not a number from 0 to 255 (RFC 3261 §20.22).
  std::optional<uint32_t> max_forwards() const;
  // The Expires header in seconds; values beyond 2^32-1 count as 2^32-1 (RFC 3261 §20.19).
  // nullopt when absent or not delta-seconds (an old-style date, say).
  std::optional<uint32_t> expires() const;
  // The media type without parameters, as written ("Application/SDP" for
  // "Application/SDP;charset=x"): compare it with iequals. nullopt when absent or empty.
  std::optional<std::string_view> content_type() const;
  std::string_view body() const { return body_; }
  // Bytes of the input this message took (for stream framing).
  size_t size() const { return size_; }

 private:
  friend class SipMessageParser;

  std::shared_ptr<const std::string> storage_;                // set when owning the bytes
  std::vector<std::shared_ptr<const std::string>> unfolded_;  // stable across moves/copies
  std::string_view method_;
  std::string_view request_uri_;
  int status_code_ = 0;
  std::string_view reason_;
  std::vector<SipHeader> headers_;
  SipCSeq cseq_;
  std::string_view body_;
  size_t size_ = 0;
};

using SipParseResult = std::variant<SipMessage, SipParseError>;

// Zero-copy: the message references `bytes`, which must outlive it.
SipParseResult parse_sip_message(std::string_view bytes,
                                 SipTransportKind transport = SipTransportKind::datagram,
                                 const SipLimits& limits = {});
// The message owns `bytes`.
SipParseResult parse_owned_sip_message(std::string bytes,
                                       SipTransportKind transport = SipTransportKind::datagram,
                                       const SipLimits& limits = {});

// Maps a compact form ("i") or any spelling ("call-id") to the canonical name; unknown
// names come back unchanged.
std::string_view canonical_header_name(std::string_view name);

// Serializes with canonical header names and the body; Content-Length is written as parsed.
std::string to_string(const SipMessage& message);

// A response to `request` (RFC 3261 §8.2.6): Via, From, To, Call-ID, CSeq copied, a To-tag
// added when the request had none and the code is above 100, Content-Length: 0.
std::string build_response(const SipMessage& request, int code, std::string_view reason,
                           std::string_view to_tag);

}  // namespace callwerk::sip

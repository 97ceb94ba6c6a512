#pragma once
// SDP (RFC 8866, formerly 4566): the session description carried in INVITE/200/ACK bodies.
// Only what offer/answer for a voice call needs is modelled; other lines are skipped and other
// attributes kept verbatim so a description can be re-emitted without losing them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace callwerk::sip {

// Limits that keep a hostile body from costing memory or time; real offers are far below.
inline constexpr std::size_t kSdpMaxBytes = 16 * 1024;
inline constexpr std::size_t kSdpMaxLines = 512;
inline constexpr std::size_t kSdpMaxMedia = 16;
inline constexpr std::size_t kSdpMaxFormats = 64;
inline constexpr std::size_t kSdpMaxAttributes = 128;

enum class MediaDirection { sendrecv, sendonly, recvonly, inactive };

std::string_view to_string(MediaDirection direction);
bool direction_sends(MediaDirection direction);
bool direction_receives(MediaDirection direction);
MediaDirection make_direction(bool sends, bool receives);

struct SdpOrigin {
  std::string username = "-";
  std::uint64_t session_id = 0;
  std::uint64_t session_version = 0;
  std::string net_type = "IN";
  std::string addr_type = "IP4";
  std::string address;
  bool operator==(const SdpOrigin&) const = default;
};

struct SdpConnection {
  std::string net_type = "IN";
  std::string addr_type = "IP4";
  std::string address;  // may carry "/ttl" for multicast; kept as written
  // RFC 3264 §8.4: the pre-3264 way to put a call on hold.
  bool is_hold_address() const { return address == "0.0.0.0" || address == "::"; }
  bool operator==(const SdpConnection&) const = default;
};

struct SdpRtpMap {
  int payload_type = 0;
  std::string encoding;  // as written ("PCMA", "telephone-event", "opus")
  std::uint32_t clock_rate = 0;
  int channels = 0;  // 0 = not given (one channel for audio)
  bool operator==(const SdpRtpMap&) const = default;
};

struct SdpFmtp {
  std::string format;
  std::string parameters;
  bool operator==(const SdpFmtp&) const = default;
};

struct SdpRtcp {
  std::uint16_t port = 0;
  std::optional<SdpConnection> connection;
  bool operator==(const SdpRtcp&) const = default;
};

struct SdpMedia {
  std::string media;  // "audio", "video", ...
  std::uint16_t port = 0;
  int port_count = 0;  // 0 = not given
  std::string proto;   // "RTP/AVP", "RTP/SAVP", ...
  std::vector<std::string> formats;
  std::optional<SdpConnection> connection;
  std::vector<SdpRtpMap> rtpmaps;
  std::vector<SdpFmtp> fmtps;
  std::optional<std::uint32_t> ptime;
  std::optional<std::uint32_t> maxptime;
  std::optional<MediaDirection> direction;
  std::optional<SdpRtcp> rtcp;
  std::vector<std::string> other_attributes;  // "name" or "name:value", re-emitted as is

  bool is_rtp() const { return proto.rfind("RTP/", 0) == 0; }
  // The rtpmap for a payload type, falling back to the static table of RFC 3551.
  std::optional<SdpRtpMap> codec(int payload_type) const;
  const SdpFmtp* fmtp(std::string_view format) const;
  bool operator==(const SdpMedia&) const = default;
};

struct SdpTiming {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  bool operator==(const SdpTiming&) const = default;
};

struct SessionDescription {
  SdpOrigin origin;
  std::string session_name = "-";
  std::optional<SdpConnection> connection;
  std::vector<SdpTiming> timings;
  std::optional<MediaDirection> direction;
  std::vector<std::string> other_attributes;
  std::vector<SdpMedia> media;

  // Media-level values win over session-level ones (RFC 8866 §5.7, §6.7).
  MediaDirection direction_of(const SdpMedia& m) const;
  const SdpConnection* connection_of(const SdpMedia& m) const;

  // CRLF line ends, fields in the order RFC 8866 §5 prescribes.
  std::string to_string() const;
  bool operator==(const SessionDescription&) const = default;
};

// Accepts CRLF or LF; unknown lines and attributes are tolerated. Errors are invalid_input
// (or too_large), with the line number in Error::location.
Result<SessionDescription> parse_sdp(std::string_view text);

// Static payload types of RFC 3551 that an offer may use without a=rtpmap.
std::optional<SdpRtpMap> static_payload_type(int payload_type);

}  // namespace callwerk::sip

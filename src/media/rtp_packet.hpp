#pragma once
// RTP fixed header (RFC 3550 §5.1): parsing received datagrams without copying and writing the
// packets we send into a caller's buffer, so the per-packet path allocates nothing.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace callwerk::media {

inline constexpr std::size_t kRtpHeaderSize = 12;
inline constexpr std::size_t kRtpMaxCsrc = 15;
// Larger datagrams are not RTP audio we can use; the receive buffers are this big.
inline constexpr std::size_t kRtpMaxPacketSize = 1500;

struct RtpHeader {
  bool marker = false;
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::uint8_t csrc_count = 0;
  std::array<std::uint32_t, kRtpMaxCsrc> csrc{};
};

struct RtpPacketView {
  RtpHeader header;
  bool has_extension = false;
  std::uint16_t extension_profile = 0;
  std::span<const std::uint8_t> extension;  // the extension's data words, without its header
  std::span<const std::uint8_t> payload;    // padding removed
  std::size_t padding = 0;
};

enum class RtpParseError {
  none,
  too_short,
  bad_version,
  truncated_csrc,
  truncated_extension,
  bad_padding,
};

struct RtpParseResult {
  RtpParseError error = RtpParseError::none;
  RtpPacketView packet;
  bool ok() const { return error == RtpParseError::none; }
};

// Rejects anything that is not a complete RTP version 2 packet. RTCP that arrives on the RTP
// port (rtcp-mux) parses as RTP with payload type 72..76; check looks_like_rtcp() first.
RtpParseResult parse_rtp(std::span<const std::uint8_t> datagram);

// RFC 5761 §4: payload types 64..95 on an RTP port mean RTCP packet types 192..223.
bool looks_like_rtcp(std::span<const std::uint8_t> datagram);

// Writes header (with CSRCs, without extension or padding) and payload into out; returns the
// packet length, or 0 when out is too small.
std::size_t write_rtp(const RtpHeader& header, std::span<const std::uint8_t> payload,
                      std::span<std::uint8_t> out);

}  // namespace callwerk::media

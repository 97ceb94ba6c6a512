#pragma once
// RTCP (RFC 3550 §6): the compound packets a voice stream exchanges every few seconds: a
// sender report (SR) or receiver report (RR) first, an SDES with our CNAME, and a BYE when the
// stream ends. Building writes into a caller's buffer; parsing validates the compound as
// RFC 3550 A.2 asks (version 2, SR/RR first, lengths add up, padding only in the last part).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace callwerk::media {

inline constexpr std::uint8_t kRtcpSenderReport = 200;
inline constexpr std::uint8_t kRtcpReceiverReport = 201;
inline constexpr std::uint8_t kRtcpSourceDescription = 202;
inline constexpr std::uint8_t kRtcpBye = 203;
inline constexpr std::uint8_t kRtcpApp = 204;
// One voice stream reports on one source; more blocks are read up to this and skipped beyond.
inline constexpr std::size_t kRtcpMaxReportBlocks = 4;

struct RtcpReportBlock {
  std::uint32_t ssrc = 0;  // the source this block reports on
  std::uint8_t fraction_lost = 0;
  std::int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  std::uint32_t extended_highest_sequence = 0;
  std::uint32_t jitter = 0;
  std::uint32_t last_sr = 0;              // middle 32 bits of the NTP time of the last SR
  std::uint32_t delay_since_last_sr = 0;  // 1/65536 s
  bool operator==(const RtcpReportBlock&) const = default;
};

struct RtcpSenderInfo {
  std::uint64_t ntp_timestamp = 0;
  std::uint32_t rtp_timestamp = 0;
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;
  bool operator==(const RtcpSenderInfo&) const = default;
};

struct RtcpReport {
  std::uint32_t ssrc = 0;
  bool is_sender_report = false;
  RtcpSenderInfo sender;  // valid when is_sender_report
  std::size_t block_count = 0;
  std::array<RtcpReportBlock, kRtcpMaxReportBlocks> blocks{};
};

struct RtcpCompound {
  RtcpReport report;
  std::string cname;  // empty when no SDES CNAME for the reporting source
  bool bye = false;
};

enum class RtcpParseError {
  none,
  too_short,
  bad_version,
  bad_length,
  not_report_first,
  bad_padding
};

struct RtcpParseResult {
  RtcpParseError error = RtcpParseError::none;
  RtcpCompound compound;
  bool ok() const { return error == RtcpParseError::none; }
};

RtcpParseResult parse_rtcp(std::span<const std::uint8_t> datagram);

// SR when report.is_sender_report, else RR; then SDES CNAME; then BYE when bye. Returns the
// length written, or 0 when out is too small or cname longer than 255 octets.
std::size_t write_rtcp(const RtcpReport& report, std::string_view cname, bool bye,
                       std::span<std::uint8_t> out);

// NTP time (seconds since 1900 in the high 32 bits, fraction in the low) of a UTC time.
std::uint64_t ntp_from_unix_ms(TimeMs unix_ms);
// The middle 32 bits that LSR and round-trip calculations use (RFC 3550 §6.4.1).
inline std::uint32_t ntp_middle32(std::uint64_t ntp) {
  return static_cast<std::uint32_t>(ntp >> 16);
}

}  // namespace callwerk::media

#include "media/rtp_packet.hpp"

#include <cstring>

#include "media/byte_order.hpp"

namespace callwerk::media {

RtpParseResult parse_rtp(std::span<const std::uint8_t> data) {
  RtpParseResult result;
  if (data.size() < kRtpHeaderSize) {
    result.error = RtpParseError::too_short;
    return result;
  }
  const std::uint8_t* p = data.data();
  if ((p[0] >> 6) != 2) {
    result.error = RtpParseError::bad_version;
    return result;
  }
  const bool padding = (p[0] & 0x20) != 0;
  const bool extension = (p[0] & 0x10) != 0;
  RtpPacketView& packet = result.packet;
  RtpHeader& h = packet.header;
  h.csrc_count = p[0] & 0x0f;
  h.marker = (p[1] & 0x80) != 0;
  h.payload_type = p[1] & 0x7f;
  h.sequence = read_u16(p + 2);
  h.timestamp = read_u32(p + 4);
  h.ssrc = read_u32(p + 8);

  std::size_t offset = kRtpHeaderSize;
  if (data.size() < offset + 4u * h.csrc_count) {
    result.error = RtpParseError::truncated_csrc;
    return result;
  }
  for (std::size_t i = 0; i < h.csrc_count; ++i, offset += 4) h.csrc[i] = read_u32(p + offset);

  if (extension) {
    if (data.size() < offset + 4) {
      result.error = RtpParseError::truncated_extension;
      return result;
    }
    packet.has_extension = true;
    packet.extension_profile = read_u16(p + offset);
    const std::size_t words = read_u16(p + offset + 2);
    offset += 4;
    if (data.size() < offset + 4 * words) {
      result.error = RtpParseError::truncated_extension;
      return result;
    }
    packet.extension = data.subspan(offset, 4 * words);
    offset += 4 * words;
  }

  std::size_t end = data.size();
  if (padding) {
    // The last octet counts the padding octets including itself (RFC 3550 §5.1).
    const std::size_t count = p[end - 1];
    if (count == 0 || count > end - offset) {
      result.error = RtpParseError::bad_padding;
      return result;
    }
    packet.padding = count;
    end -= count;
  }
  packet.payload = data.subspan(offset, end - offset);
  return result;
}

bool looks_like_rtcp(std::span<const std::uint8_t> data) {
  if (data.size() < 8 || (data[0] >> 6) != 2) return false;
  return data[1] >= 192 && data[1] <= 223;
}

std::size_t write_rtp(const RtpHeader& h, std::span<const std::uint8_t> payload,
                      std::span<std::uint8_t> out) {
  const std::size_t csrc = h.csrc_count > kRtpMaxCsrc ? kRtpMaxCsrc : h.csrc_count;
  const std::size_t size = kRtpHeaderSize + 4 * csrc + payload.size();
  if (out.size() < size) return 0;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(0x80 | csrc);
  p[1] = static_cast<std::uint8_t>((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f));
  write_u16(p + 2, h.sequence);
  write_u32(p + 4, h.timestamp);
  write_u32(p + 8, h.ssrc);
  std::size_t offset = kRtpHeaderSize;
  for (std::size_t i = 0; i < csrc; ++i, offset += 4) write_u32(p + offset, h.csrc[i]);
  if (!payload.empty()) std::memcpy(p + offset, payload.data(), payload.size());
  return size;
}

}  // namespace callwerk::media

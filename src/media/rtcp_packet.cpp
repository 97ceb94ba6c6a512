#include "media/rtcp_packet.hpp"

#include <cstring>

#include "media/byte_order.hpp"

namespace callwerk::media {
namespace {

constexpr std::size_t kReportBlockSize = 24;
constexpr std::size_t kSenderInfoSize = 20;
constexpr std::uint8_t kSdesCname = 1;

void read_block(const std::uint8_t* p, RtcpReportBlock& block) {
  block.ssrc = read_u32(p);
  block.fraction_lost = p[4];
  std::uint32_t lost = read_u24(p + 5);
  if (lost & 0x800000) lost |= 0xff000000u;  // sign-extend the 24-bit field
  block.cumulative_lost = static_cast<std::int32_t>(lost);
  block.extended_highest_sequence = read_u32(p + 8);
  block.jitter = read_u32(p + 12);
  block.last_sr = read_u32(p + 16);
  block.delay_since_last_sr = read_u32(p + 20);
}

void write_block(std::uint8_t* p, const RtcpReportBlock& block) {
  write_u32(p, block.ssrc);
  p[4] = block.fraction_lost;
  write_u24(p + 5, static_cast<std::uint32_t>(block.cumulative_lost) & 0xffffff);
  write_u32(p + 8, block.extended_highest_sequence);
  write_u32(p + 12, block.jitter);
  write_u32(p + 16, block.last_sr);
  write_u32(p + 20, block.delay_since_last_sr);
}

// Reads the SDES chunks and keeps the CNAME given for ssrc.
void read_sdes(std::span<const std::uint8_t> body, int chunks, std::uint32_t ssrc,
               std::string& cname) {
  std::size_t offset = 0;
  for (int c = 0; c < chunks && offset + 4 <= body.size(); ++c) {
    const std::uint32_t source = read_u32(body.data() + offset);
    offset += 4;
    while (offset < body.size() && body[offset] != 0) {
      if (offset + 2 > body.size()) return;
      const std::uint8_t type = body[offset];
      const std::size_t length = body[offset + 1];
      if (offset + 2 + length > body.size()) return;
      if (type == kSdesCname && source == ssrc)
        cname.assign(reinterpret_cast<const char*>(body.data() + offset + 2), length);
      offset += 2 + length;
    }
    // The item list ends with a zero octet and pads to the next 32-bit boundary.
    offset = (offset + 4) & ~std::size_t{3};
  }
}

}  // namespace

RtcpParseResult parse_rtcp(std::span<const std::uint8_t> data) {
  RtcpParseResult result;
  if (data.size() < 8) {
    result.error = RtcpParseError::too_short;
    return result;
  }
  RtcpCompound& compound = result.compound;
  std::size_t offset = 0;
  bool first = true;
  while (offset < data.size()) {
    if (data.size() - offset < 4) {
      result.error = RtcpParseError::bad_length;
      return result;
    }
    const std::uint8_t* p = data.data() + offset;
    if ((p[0] >> 6) != 2) {
      result.error = RtcpParseError::bad_version;
      return result;
    }
    const bool padding = (p[0] & 0x20) != 0;
    const int count = p[0] & 0x1f;
    const std::uint8_t type = p[1];
    const std::size_t length = (std::size_t{read_u16(p + 2)} + 1) * 4;
    if (length > data.size() - offset) {
      result.error = RtcpParseError::bad_length;
      return result;
    }
    const bool last = offset + length == data.size();
    if (first && type != kRtcpSenderReport && type != kRtcpReceiverReport) {
      result.error = RtcpParseError::not_report_first;
      return result;
    }
    std::size_t body_length = length - 4;
    if (padding) {
      const std::size_t pad = p[length - 1];
      if (!last || pad == 0 || pad > body_length) {
        result.error = RtcpParseError::bad_padding;
        return result;
      }
      body_length -= pad;
    }
    std::span<const std::uint8_t> body(p + 4, body_length);

    if (type == kRtcpSenderReport || type == kRtcpReceiverReport) {
      const bool sr = type == kRtcpSenderReport;
      const std::size_t fixed = 4 + (sr ? kSenderInfoSize : 0);
      if (body.size() < fixed + kReportBlockSize * count) {
        result.error = RtcpParseError::bad_length;
        return result;
      }
      if (first) {
        RtcpReport& report = compound.report;
        report.ssrc = read_u32(body.data());
        report.is_sender_report = sr;
        if (sr) {
          report.sender.ntp_timestamp =
              (std::uint64_t{read_u32(body.data() + 4)} << 32) | read_u32(body.data() + 8);
          report.sender.rtp_timestamp = read_u32(body.data() + 12);
          report.sender.packet_count = read_u32(body.data() + 16);
          report.sender.octet_count = read_u32(body.data() + 20);
        }
        report.block_count = 0;
        for (int i = 0; i < count && report.block_count < kRtcpMaxReportBlocks; ++i)
          read_block(body.data() + fixed + kReportBlockSize * i,
                     report.blocks[report.block_count++]);
      }
    } else if (type == kRtcpSourceDescription) {
      read_sdes(body, count, compound.report.ssrc, compound.cname);
    } else if (type == kRtcpBye) {
      compound.bye = true;
    }
    first = false;
    offset += length;
  }
  return result;
}

std::size_t write_rtcp(const RtcpReport& report, std::string_view cname, bool bye,
                       std::span<std::uint8_t> out) {
  if (cname.size() > 255) return 0;
  const std::size_t blocks =
      report.block_count > kRtcpMaxReportBlocks ? kRtcpMaxReportBlocks : report.block_count;
  const std::size_t report_size =
      8 + (report.is_sender_report ? kSenderInfoSize : 0) + kReportBlockSize * blocks;
  // SDES: header, SSRC, CNAME item (type, length, text), then at least one zero octet.
  const std::size_t sdes_size = (4 + 4 + 2 + cname.size() + 1 + 3) & ~std::size_t{3};
  const std::size_t bye_size = bye ? 8 : 0;
  const std::size_t total = report_size + sdes_size + bye_size;
  if (out.size() < total) return 0;
  std::memset(out.data(), 0, total);

  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(0x80 | blocks);
  p[1] = report.is_sender_report ? kRtcpSenderReport : kRtcpReceiverReport;
  write_u16(p + 2, static_cast<std::uint16_t>(report_size / 4 - 1));
  write_u32(p + 4, report.ssrc);
  std::size_t offset = 8;
  if (report.is_sender_report) {
    write_u32(p + 8, static_cast<std::uint32_t>(report.sender.ntp_timestamp >> 32));
    write_u32(p + 12, static_cast<std::uint32_t>(report.sender.ntp_timestamp));
    write_u32(p + 16, report.sender.rtp_timestamp);
    write_u32(p + 20, report.sender.packet_count);
    write_u32(p + 24, report.sender.octet_count);
    offset += kSenderInfoSize;
  }
  for (std::size_t i = 0; i < blocks; ++i, offset += kReportBlockSize)
    write_block(p + offset, report.blocks[i]);

  p += report_size;
  p[0] = 0x81;
  p[1] = kRtcpSourceDescription;
  write_u16(p + 2, static_cast<std::uint16_t>(sdes_size / 4 - 1));
  write_u32(p + 4, report.ssrc);
  p[8] = kSdesCname;
  p[9] = static_cast<std::uint8_t>(cname.size());
  if (!cname.empty()) std::memcpy(p + 10, cname.data(), cname.size());

  if (bye) {
    p += sdes_size;
    p[0] = 0x81;
    p[1] = kRtcpBye;
    write_u16(p + 2, 1);
    write_u32(p + 4, report.ssrc);
  }
  return total;
}

std::uint64_t ntp_from_unix_ms(TimeMs unix_ms) {
  constexpr std::uint64_t kNtpUnixOffsetSeconds = 2208988800ull;
  const auto ms = static_cast<std::uint64_t>(unix_ms);
  const std::uint64_t seconds = ms / 1000 + kNtpUnixOffsetSeconds;
  const std::uint64_t fraction = ((ms % 1000) << 32) / 1000;
  return (seconds << 32) | fraction;
}

}  // namespace callwerk::media

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/rtcp_packet.hpp"

namespace callwerk::media {
namespace {

RtcpReport sample_report(bool sender) {
  RtcpReport report;
  report.ssrc = 0x11223344;
  report.is_sender_report = sender;
  report.sender = RtcpSenderInfo{0x0123456789abcdefull, 160000, 1000, 160000};
  report.block_count = 1;
  report.blocks[0] = RtcpReportBlock{0x55667788, 25, -3, 70000, 240, 0x89abcdef, 65536};
  return report;
}

TEST(Rtcp, SenderReportRoundTripWithCnameAndBye) {
  std::array<std::uint8_t, 512> buffer{};
  const auto n = write_rtcp(sample_report(true), "callwerk@host", true, buffer);
  ASSERT_GT(n, 0u);
  EXPECT_EQ(n % 4, 0u);
  auto parsed = parse_rtcp(std::span(buffer.data(), n));
  ASSERT_TRUE(parsed.ok());
  const auto& c = parsed.compound;
  EXPECT_TRUE(c.report.is_sender_report);
  EXPECT_EQ(c.report.ssrc, 0x11223344u);
  EXPECT_EQ(c.report.sender, sample_report(true).sender);
  ASSERT_EQ(c.report.block_count, 1u);
  EXPECT_EQ(c.report.blocks[0], sample_report(true).blocks[0]);
  EXPECT_EQ(c.cname, "callwerk@host");
  EXPECT_TRUE(c.bye);
}

TEST(Rtcp, ReceiverReportWithoutBye) {
  std::array<std::uint8_t, 512> buffer{};
  for (std::string cname : {"", "a", "ab", "abc", "abcd"}) {  // every SDES padding length
    const auto n = write_rtcp(sample_report(false), cname, false, buffer);
    ASSERT_GT(n, 0u);
    EXPECT_EQ(buffer[1], kRtcpReceiverReport);
    auto parsed = parse_rtcp(std::span(buffer.data(), n));
    ASSERT_TRUE(parsed.ok()) << cname;
    EXPECT_FALSE(parsed.compound.report.is_sender_report);
    EXPECT_EQ(parsed.compound.report.blocks[0].cumulative_lost, -3);
    EXPECT_EQ(parsed.compound.cname, cname);
    EXPECT_FALSE(parsed.compound.bye);
  }
}

TEST(Rtcp, RejectsMalformedCompounds) {
  std::array<std::uint8_t, 512> buffer{};
  const auto n = write_rtcp(sample_report(true), "x", true, buffer);
  std::vector<std::uint8_t> good(buffer.begin(), buffer.begin() + n);

  auto truncated = good;
  truncated.resize(n - 4);
  EXPECT_EQ(parse_rtcp(truncated).error, RtcpParseError::bad_length);

  auto version = good;
  version[0] = 0x40 | (version[0] & 0x3f);
  EXPECT_EQ(parse_rtcp(version).error, RtcpParseError::bad_version);

  // An SDES alone is not a valid compound: the report must come first.
  std::vector<std::uint8_t> sdes_first(good.begin() + 52, good.end());
  EXPECT_EQ(parse_rtcp(sdes_first).error, RtcpParseError::not_report_first);

  auto lying_count = good;
  lying_count[0] = 0x80 | 5;  // claims 5 report blocks in a packet with room for one
  EXPECT_EQ(parse_rtcp(lying_count).error, RtcpParseError::bad_length);

  std::vector<std::uint8_t> tiny = {0x80, 201, 0};
  EXPECT_EQ(parse_rtcp(tiny).error, RtcpParseError::too_short);
}

TEST(Rtcp, NtpTimeOfUnixEpochAndMiddleBits) {
  EXPECT_EQ(ntp_from_unix_ms(0) >> 32, 2208988800ull);
  const auto half = ntp_from_unix_ms(1500);
  EXPECT_EQ(half >> 32, 2208988801ull);
  EXPECT_EQ(static_cast<std::uint32_t>(half), 0x80000000u);
  EXPECT_EQ(ntp_middle32(0x0011223344556677ull), 0x22334455u);
}

}  // namespace
}  // namespace callwerk::media

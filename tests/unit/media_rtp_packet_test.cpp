#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

#include "media/rtp_packet.hpp"
#include "media/rtp_receive_stats.hpp"

namespace callwerk::media {
namespace {

TEST(RtpPacket, BuildAndParseRoundTrip) {
  RtpHeader h;
  h.marker = true;
  h.payload_type = 8;
  h.sequence = 0xfffe;
  h.timestamp = 0x12345678;
  h.ssrc = 0xdeadbeef;
  h.csrc_count = 2;
  h.csrc[0] = 1;
  h.csrc[1] = 0xffffffff;
  std::array<std::uint8_t, 160> payload;
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i);
  std::array<std::uint8_t, kRtpMaxPacketSize> buffer{};
  const std::size_t n = write_rtp(h, payload, buffer);
  ASSERT_EQ(n, 12u + 8u + 160u);
  EXPECT_EQ(buffer[0], 0x82);
  EXPECT_EQ(buffer[1], 0x88);

  auto parsed = parse_rtp(std::span(buffer.data(), n));
  ASSERT_TRUE(parsed.ok());
  const auto& p = parsed.packet;
  EXPECT_TRUE(p.header.marker);
  EXPECT_EQ(p.header.payload_type, 8);
  EXPECT_EQ(p.header.sequence, 0xfffe);
  EXPECT_EQ(p.header.timestamp, 0x12345678u);
  EXPECT_EQ(p.header.ssrc, 0xdeadbeefu);
  ASSERT_EQ(p.header.csrc_count, 2);
  EXPECT_EQ(p.header.csrc[1], 0xffffffffu);
  ASSERT_EQ(p.payload.size(), 160u);
  EXPECT_EQ(p.payload[159], 159);
  EXPECT_FALSE(p.has_extension);
}

TEST(RtpPacket, WriteRefusesTooSmallBuffer) {
  RtpHeader h;
  std::array<std::uint8_t, 160> payload{};
  std::array<std::uint8_t, 100> small{};
  EXPECT_EQ(write_rtp(h, payload, small), 0u);
}

TEST(RtpPacket, ExtensionAndPaddingAreSkipped) {
  // V=2, P=1, X=1, CC=0; PT 0; extension of 1 word; payload 3 bytes; 4 octets of padding.
  std::vector<std::uint8_t> d = {0xb0, 0x00, 0x00, 0x01, 0,    0,    0,    160, 0,
                                 0,    0,    7,    0xbe, 0xde, 0x00, 0x01, 1,   2,
                                 3,    4,    0xaa, 0xbb, 0xcc, 0,    0,    0,   4};
  auto parsed = parse_rtp(d);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed.packet.has_extension);
  EXPECT_EQ(parsed.packet.extension_profile, 0xbede);
  EXPECT_EQ(parsed.packet.extension.size(), 4u);
  EXPECT_EQ(parsed.packet.padding, 4u);
  ASSERT_EQ(parsed.packet.payload.size(), 3u);
  EXPECT_EQ(parsed.packet.payload[0], 0xaa);
  EXPECT_EQ(parsed.packet.payload[2], 0xcc);
}

TEST(RtpPacket, RejectsGarbage) {
  std::vector<std::uint8_t> short_packet(11, 0x80);
  EXPECT_EQ(parse_rtp(short_packet).error, RtpParseError::too_short);

  std::vector<std::uint8_t> v1(20, 0);
  v1[0] = 0x40;
  EXPECT_EQ(parse_rtp(v1).error, RtpParseError::bad_version);

  std::vector<std::uint8_t> csrc(16, 0);
  csrc[0] = 0x82;  // two CSRCs need 20 bytes
  EXPECT_EQ(parse_rtp(csrc).error, RtpParseError::truncated_csrc);

  std::vector<std::uint8_t> ext = {0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 5, 1, 2};
  EXPECT_EQ(parse_rtp(ext).error, RtpParseError::truncated_extension);

  std::vector<std::uint8_t> pad(16, 0);
  pad[0] = 0xa0;
  pad[15] = 5;  // more padding than payload
  EXPECT_EQ(parse_rtp(pad).error, RtpParseError::bad_padding);
  pad[15] = 0;
  EXPECT_EQ(parse_rtp(pad).error, RtpParseError::bad_padding);
}

TEST(RtpPacket, RandomBytesNeverReadOutOfBounds) {
  std::mt19937 rng(7);
  std::vector<std::uint8_t> d;
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    d.resize(rng() % 64);
    for (auto& b : d) b = static_cast<std::uint8_t>(rng());
    auto parsed = parse_rtp(d);
    if (parsed.ok()) {
      ++accepted;
      const auto* begin = d.data();
      const auto* end = d.data() + d.size();
      EXPECT_GE(parsed.packet.payload.data(), begin);
      EXPECT_LE(parsed.packet.payload.data() + parsed.packet.payload.size(), end);
    }
  }
  EXPECT_GT(accepted, 0);
}

TEST(RtpPacket, RtcpOnTheRtpPortIsRecognised) {
  std::vector<std::uint8_t> rr = {0x80, 201, 0, 1, 0, 0, 0, 1};
  EXPECT_TRUE(looks_like_rtcp(rr));
  std::vector<std::uint8_t> rtp = {0x80, 8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  EXPECT_FALSE(looks_like_rtcp(rtp));
}

TEST(SequenceExtender, WrapsForwardAndKeepsLatePacketsInTheirCycle) {
  SequenceExtender ext;
  EXPECT_EQ(ext.extend(65534), 65534u);
  EXPECT_EQ(ext.extend(65535), 65535u);
  EXPECT_EQ(ext.extend(0), 65536u);
  EXPECT_EQ(ext.extend(2), 65538u);
  EXPECT_EQ(ext.extend(1), 65537u);      // reordered, same cycle
  EXPECT_EQ(ext.extend(65533), 65533u);  // late from before the wrap
  EXPECT_EQ(ext.extend(3), 65539u);
}

TEST(RtpReceiveStats, CountsLossAcrossWrap) {
  RtpReceiveStats stats;
  std::uint16_t seq = 65530;
  for (int i = 0; i < 20; ++i, ++seq) {
    if (i == 7 || i == 8) continue;  // two lost right after the wrap
    stats.on_packet(seq, static_cast<std::uint32_t>(i * 160), static_cast<std::uint32_t>(i * 160));
  }
  EXPECT_EQ(stats.expected(), 20u);
  EXPECT_EQ(stats.received(), 18u);
  EXPECT_EQ(stats.lost(), 2);
  EXPECT_EQ(stats.extended_highest(), 65536u + 13u);
  auto report = stats.take_report();
  EXPECT_EQ(report.cumulative_lost, 2);
  EXPECT_EQ(report.fraction_lost, 2 * 256 / 20);
  // The next interval has no loss.
  for (int i = 20; i < 30; ++i, ++seq)
    stats.on_packet(seq, static_cast<std::uint32_t>(i * 160), static_cast<std::uint32_t>(i * 160));
  EXPECT_EQ(stats.take_report().fraction_lost, 0);
}

TEST(RtpReceiveStats, JitterFollowsRfc3550) {
  RtpReceiveStats stats;
  // Perfectly timed packets: no jitter.
  for (int i = 0; i < 50; ++i)
    stats.on_packet(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160),
                    static_cast<std::uint32_t>(1000 + i * 160));
  EXPECT_EQ(stats.jitter(), 0u);
  // Arrival alternately 80 units early and late: |D| = 160 each time; J converges to 160.
  for (int i = 50; i < 400; ++i)
    stats.on_packet(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160),
                    static_cast<std::uint32_t>(1000 + i * 160 + (i % 2 ? 80 : -80)));
  EXPECT_NEAR(static_cast<double>(stats.jitter()), 160.0, 2.0);
}

TEST(RtpReceiveStats, BigJumpNeedsConfirmationThenRestarts) {
  RtpReceiveStats stats;
  for (std::uint16_t s = 100; s < 110; ++s) stats.on_packet(s, 0, 0);
  EXPECT_FALSE(stats.on_packet(40000, 0, 0));  // a stray packet is not counted
  EXPECT_EQ(stats.received(), 10u);
  EXPECT_TRUE(stats.on_packet(110, 0, 0));
  EXPECT_FALSE(stats.on_packet(50000, 0, 0));
  EXPECT_TRUE(stats.on_packet(50001, 0, 0));  // the source really restarted
  EXPECT_EQ(stats.received(), 1u);
  EXPECT_EQ(stats.expected(), 1u);
}

}  // namespace
}  // namespace callwerk::media

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "sdp_test_offers.hpp"
#include "sip/sdp.hpp"

namespace callwerk::sip {
namespace {

namespace offers = test_offers;

SessionDescription parse_ok(std::string_view text) {
  auto sd = parse_sdp(text);
  EXPECT_TRUE(sd.ok()) << (sd.ok() ? "" : sd.error().describe());
  return sd.ok() ? *sd : SessionDescription{};
}

TEST(SdpParse, SippOffer) {
  auto sd = parse_ok(offers::kSipp);
  EXPECT_EQ(sd.origin.username, "user1");
  EXPECT_EQ(sd.origin.session_id, 53655765u);
  EXPECT_EQ(sd.origin.session_version, 2353687637u);
  EXPECT_EQ(sd.origin.address, "127.0.0.1");
  ASSERT_TRUE(sd.connection);
  EXPECT_EQ(sd.connection->address, "127.0.0.1");
  ASSERT_EQ(sd.media.size(), 1u);
  const auto& m = sd.media[0];
  EXPECT_EQ(m.media, "audio");
  EXPECT_EQ(m.port, 6000);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_EQ(m.formats, std::vector<std::string>{"0"});
  EXPECT_EQ(sd.direction_of(m), MediaDirection::sendrecv);
}

TEST(SdpParse, BaresipOfferWithManyCodecs) {
  auto sd = parse_ok(offers::kBaresip);
  ASSERT_EQ(sd.media.size(), 1u);
  const auto& m = sd.media[0];
  EXPECT_EQ(m.formats, (std::vector<std::string>{"96", "9", "0", "8", "101"}));
  ASSERT_EQ(m.rtpmaps.size(), 5u);
  EXPECT_EQ(m.rtpmaps[0], (SdpRtpMap{96, "opus", 48000, 2}));
  auto te = m.codec(101);
  ASSERT_TRUE(te);
  EXPECT_EQ(te->encoding, "telephone-event");
  ASSERT_NE(m.fmtp("101"), nullptr);
  EXPECT_EQ(m.fmtp("101")->parameters, "0-15");
  EXPECT_EQ(m.ptime, 20u);
  EXPECT_EQ(m.direction, MediaDirection::sendrecv);
  // Unknown attributes are kept so a B2BUA could pass them on.
  EXPECT_EQ(m.other_attributes, (std::vector<std::string>{"rtcp-mux", "label:1"}));
  EXPECT_EQ(sd.other_attributes, std::vector<std::string>{"tool:baresip 2.0.0"});
}

TEST(SdpParse, StaticPayloadTypesNeedNoRtpmap) {
  auto sd = parse_ok(offers::kOldHold);
  const auto& m = sd.media[0];
  EXPECT_TRUE(m.rtpmaps.empty());
  EXPECT_EQ(m.codec(0), (SdpRtpMap{0, "PCMU", 8000, 0}));
  EXPECT_EQ(m.codec(8), (SdpRtpMap{8, "PCMA", 8000, 0}));
  EXPECT_FALSE(m.codec(96));
  EXPECT_TRUE(sd.connection->is_hold_address());
}

TEST(SdpParse, HoldSendonlyAndRtcp) {
  auto sd = parse_ok(offers::kHoldSendonly);
  const auto& m = sd.media[0];
  EXPECT_EQ(sd.direction_of(m), MediaDirection::sendonly);
  EXPECT_EQ(m.ptime, 30u);
  ASSERT_TRUE(m.rtcp);
  EXPECT_EQ(m.rtcp->port, 40001);
  EXPECT_FALSE(m.rtcp->connection);
  EXPECT_EQ(sd.session_name, "call");
}

TEST(SdpParse, Ipv6WithMediaLevelConnection) {
  auto sd = parse_ok(offers::kIpv6);
  EXPECT_FALSE(sd.connection);
  const auto& m = sd.media[0];
  ASSERT_NE(sd.connection_of(m), nullptr);
  EXPECT_EQ(sd.connection_of(m)->addr_type, "IP6");
  EXPECT_EQ(sd.connection_of(m)->address, "2001:db8::10");
  EXPECT_EQ(m.maxptime, 40u);
  EXPECT_FALSE(m.ptime);
}

TEST(SdpParse, MediaDirectionOverridesSession) {
  auto sd = parse_ok(
      "v=0\no=- 1 1 IN IP4 10.1.1.1\ns=-\nc=IN IP4 10.1.1.1\nt=0 0\na=inactive\n"
      "m=audio 1000 RTP/AVP 0\na=recvonly\nm=audio 1002 RTP/AVP 0\n"
      "a=rtcp:2000 IN IP4 10.1.1.2\n");
  ASSERT_EQ(sd.media.size(), 2u);
  EXPECT_EQ(sd.direction_of(sd.media[0]), MediaDirection::recvonly);
  EXPECT_EQ(sd.direction_of(sd.media[1]), MediaDirection::inactive);
  ASSERT_TRUE(sd.media[1].rtcp && sd.media[1].rtcp->connection);
  EXPECT_EQ(sd.media[1].rtcp->connection->address, "10.1.1.2");
}

TEST(SdpParse, NonRtpFormatsAndPortCount) {
  auto sd = parse_ok(
      "v=0\r\no=- 1 1 IN IP4 h.example.com\r\ns=-\r\nc=IN IP4 224.2.1.1/127\r\nt=0 0\r\n"
      "m=audio 49170/2 RTP/AVP 0\r\nm=application 9 TCP/MRCPv2 1\r\n"
      "m=message 7394 TCP/MSRP *\r\n");
  ASSERT_EQ(sd.media.size(), 3u);
  EXPECT_EQ(sd.media[0].port_count, 2);
  EXPECT_EQ(sd.media[2].formats, std::vector<std::string>{"*"});
  EXPECT_EQ(sd.connection->address, "224.2.1.1/127");
}

TEST(SdpParse, MissingTimingMeansUnbounded) {
  auto sd = parse_ok(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\n"
      "m=audio 4000 RTP/AVP 8\r\n");
  ASSERT_EQ(sd.timings.size(), 1u);
  EXPECT_EQ(sd.timings[0], SdpTiming{});
}

TEST(SdpParse, RoundTripOfRealOffers) {
  for (const char* text : {offers::kSipp, offers::kBaresip, offers::kHoldSendonly, offers::kOldHold,
                           offers::kIpv6, offers::kVideoAudio}) {
    auto first = parse_ok(text);
    std::string written = first.to_string();
    EXPECT_EQ(written.find("\r\n\r\n"), std::string::npos);
    for (std::size_t pos = written.find('\n'); pos != std::string::npos;
         pos = written.find('\n', pos + 1)) {
      ASSERT_GT(pos, 0u);
      EXPECT_EQ(written[pos - 1], '\r') << written;
    }
    auto second = parse_ok(written);
    EXPECT_EQ(second, first) << written;
    EXPECT_EQ(second.to_string(), written);
  }
}

struct Broken {
  const char* name;
  std::string text;
};

const std::string kHead = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n";

TEST(SdpParse, MalformedInputsAreRejected) {
  const std::vector<Broken> broken = {
      {"empty", ""},
      {"only blank lines", "\r\n\r\n"},
      {"no v=", "o=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nm=audio 1 RTP/AVP 0\r\n"},
      {"v=1", "v=1\r\no=- 1 1 IN IP4 10.0.0.1\r\n"},
      {"o= missing", "v=0\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nm=audio 1 RTP/AVP 0\r\n"},
      {"o= short", "v=0\r\no=- 1 IN IP4 10.0.0.1\r\ns=-\r\n"},
      {"o= version not numeric", "v=0\r\no=- 1 x IN IP4 10.0.0.1\r\ns=-\r\n"},
      {"duplicate v=", kHead + "v=0\r\n"},
      {"no equals sign", kHead + "m audio 4000 RTP/AVP 0\r\n"},
      {"upper-case type", kHead + "M=audio 4000 RTP/AVP 0\r\n"},
      {"port too big", kHead + "m=audio 70000 RTP/AVP 0\r\n"},
      {"port negative", kHead + "m=audio -1 RTP/AVP 0\r\n"},
      {"port not numeric", kHead + "m=audio abc RTP/AVP 0\r\n"},
      {"payload type 128", kHead + "m=audio 4000 RTP/AVP 128\r\n"},
      {"payload type not numeric", kHead + "m=audio 4000 RTP/AVP PCMU\r\n"},
      {"m= without formats", kHead + "m=audio 4000 RTP/AVP\r\n"},
      {"no connection anywhere",
       "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"},
      {"c= bad address type", "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IPX 1.2.3.4\r\n"},
      {"c= bad ip4", "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.300\r\n"},
      {"c= too few fields", "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4\r\n"},
      {"rtpmap pt out of range", kHead + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:200 X/8000\r\n"},
      {"rtpmap without clock", kHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus\r\n"},
      {"rtpmap clock zero", kHead + "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/0\r\n"},
      {"ptime zero", kHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:0\r\n"},
      {"ptime text", kHead + "m=audio 4000 RTP/AVP 0\r\na=ptime:twenty\r\n"},
      {"rtcp bad port", kHead + "m=audio 4000 RTP/AVP 0\r\na=rtcp:99999\r\n"},
      {"conflicting directions", kHead + "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n"},
      {"t= after m=", kHead + "m=audio 4000 RTP/AVP 0\r\nt=0 0\r\n"},
      {"too many formats", kHead + "m=audio 4000 RTP/AVP" +
                               [] {
                                 std::string f;
                                 for (int i = 0; i < 100; ++i) f += " " + std::to_string(i);
                                 return f;
                               }() +
                               "\r\n"},
      {"too many media",
       [] {
         std::string s = kHead;
         for (int i = 0; i < 40; ++i) s += "m=audio 4000 RTP/AVP 0\r\n";
         return s;
       }()},
      {"too large", kHead + std::string(20000, 'x')},
      {"too many attributes",
       [] {
         std::string s = kHead + "m=audio 4000 RTP/AVP 0\r\n";
         for (int i = 0; i < 200; ++i) s += "a=x\r\n";
         return s;
       }()},
  };
  ASSERT_GE(broken.size(), 15u);
  for (const auto& b : broken) {
    auto sd = parse_sdp(b.text);
    EXPECT_FALSE(sd.ok()) << b.name;
    if (!sd.ok()) {
      EXPECT_FALSE(sd.error().message.empty()) << b.name;
      EXPECT_NE(sd.error().location.find("sdp"), std::string::npos) << b.name;
    }
  }
}

TEST(SdpParse, ErrorNamesTheLine) {
  auto sd = parse_sdp(kHead + "m=audio 70000 RTP/AVP 0\r\n");
  ASSERT_FALSE(sd.ok());
  EXPECT_EQ(sd.error().location, "sdp line 6");
  EXPECT_EQ(sd.error().kind, ErrorKind::invalid_input);
}

// Not a fuzzer (that target comes later), but every prefix and many byte flips of real offers
// must come back as a value or an error, never a crash.
TEST(SdpParse, TruncatedAndMutatedInputsDoNotCrash) {
  std::mt19937 rng(4711);
  for (const char* text : {offers::kSipp, offers::kBaresip, offers::kHoldSendonly, offers::kOldHold,
                           offers::kIpv6, offers::kVideoAudio}) {
    std::string s(text);
    for (std::size_t n = 0; n <= s.size(); ++n) (void)parse_sdp(std::string_view(s).substr(0, n));
    for (int round = 0; round < 500; ++round) {
      std::string m = s;
      for (int k = 0; k < 3; ++k) {
        m[rng() % m.size()] = static_cast<char>(rng() % 256);
      }
      auto sd = parse_sdp(m);
      if (sd.ok()) (void)parse_sdp(sd->to_string());
    }
  }
}

}  // namespace
}  // namespace callwerk::sip

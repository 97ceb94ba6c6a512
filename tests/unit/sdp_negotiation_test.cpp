#include <gtest/gtest.h>

#include "sdp_test_offers.hpp"
#include "sip/sdp.hpp"
#include "sip/sdp_negotiation.hpp"

namespace callwerk::sip {
namespace {

namespace offers = test_offers;

MediaCapabilities our_caps() {
  MediaCapabilities caps;
  caps.address = "192.0.2.10";
  caps.port = 20000;
  return caps;
}

SdpOrigin our_origin() {
  return SdpOrigin{"callwerk", 1001, 1, "IN", "IP4", "192.0.2.10"};
}

SdpAnswer answer_ok(std::string_view offer_text, const MediaCapabilities& caps = our_caps()) {
  auto offer = parse_sdp(offer_text);
  EXPECT_TRUE(offer.ok()) << (offer.ok() ? "" : offer.error().describe());
  if (!offer.ok()) return {};
  auto answer = answer_offer(*offer, caps, our_origin());
  EXPECT_TRUE(answer.ok()) << (answer.ok() ? "" : answer.error().describe());
  if (!answer.ok()) return {};
  // Whatever we answer must itself be valid SDP that reads back the same.
  auto reread = parse_sdp(answer->answer.to_string());
  EXPECT_TRUE(reread.ok()) << answer->answer.to_string();
  if (reread.ok()) {
    EXPECT_EQ(*reread, answer->answer);
  }
  return *answer;
}

TEST(SdpAnswer, SippPcmuOnly) {
  auto a = answer_ok(offers::kSipp);
  EXPECT_EQ(a.audio.payload_type, 0);
  EXPECT_EQ(a.audio.encoding, "PCMU");
  EXPECT_EQ(a.audio.remote_address, "127.0.0.1");
  EXPECT_EQ(a.audio.remote_port, 6000);
  EXPECT_EQ(a.audio.ptime, 20u);
  EXPECT_FALSE(a.audio.telephone_event_payload_type);
  EXPECT_EQ(a.audio.direction, MediaDirection::sendrecv);
  ASSERT_EQ(a.answer.media.size(), 1u);
  const auto& m = a.answer.media[0];
  EXPECT_EQ(m.port, 20000);
  EXPECT_EQ(m.formats, std::vector<std::string>{"0"});
  EXPECT_EQ(m.ptime, 20u);
  EXPECT_EQ(a.answer.connection->address, "192.0.2.10");
  EXPECT_EQ(a.answer.origin, our_origin());
}

TEST(SdpAnswer, OffererOrderWinsOverOurs) {
  // baresip lists opus, G722, PCMU, PCMA: PCMU is the first we can do, although we prefer PCMA.
  auto a = answer_ok(offers::kBaresip);
  EXPECT_EQ(a.audio.payload_type, 0);
  EXPECT_EQ(a.audio.encoding, "PCMU");
  EXPECT_EQ(a.audio.telephone_event_payload_type, 101);
  const auto& m = a.answer.media[0];
  EXPECT_EQ(m.formats, (std::vector<std::string>{"0", "101"}));
  ASSERT_NE(m.fmtp("101"), nullptr);
  EXPECT_EQ(m.fmtp("101")->parameters, "0-16");
  EXPECT_EQ(m.codec(101)->encoding, "telephone-event");
}

TEST(SdpAnswer, HoldSendonlyIsAnsweredRecvonly) {
  auto a = answer_ok(offers::kHoldSendonly);
  EXPECT_EQ(a.audio.direction, MediaDirection::recvonly);
  EXPECT_TRUE(a.audio.remote_hold);
  EXPECT_EQ(a.answer.media[0].direction, MediaDirection::recvonly);
  EXPECT_EQ(a.audio.payload_type, 8);
  EXPECT_EQ(a.audio.ptime, 30u);
  EXPECT_EQ(a.answer.media[0].ptime, 30u);
  EXPECT_EQ(a.audio.remote_rtcp_port, 40001);
}

TEST(SdpAnswer, DirectionMirrorsEveryOffer) {
  struct Case {
    const char* offer_attr;
    MediaDirection ours;
    MediaDirection expected;
  };
  const Case cases[] = {
      {"sendrecv", MediaDirection::sendrecv, MediaDirection::sendrecv},
      {"sendonly", MediaDirection::sendrecv, MediaDirection::recvonly},
      {"recvonly", MediaDirection::sendrecv, MediaDirection::sendonly},
      {"inactive", MediaDirection::sendrecv, MediaDirection::inactive},
      {"sendrecv", MediaDirection::sendonly, MediaDirection::sendonly},
      {"sendonly", MediaDirection::sendonly, MediaDirection::inactive},
      {"recvonly", MediaDirection::inactive, MediaDirection::inactive},
  };
  for (const auto& c : cases) {
    std::string offer = std::string(offers::kSipp) + "a=" + c.offer_attr + "\r\n";
    auto caps = our_caps();
    caps.direction = c.ours;
    auto a = answer_ok(offer, caps);
    EXPECT_EQ(a.audio.direction, c.expected) << c.offer_attr << " / " << to_string(c.ours);
  }
}

TEST(SdpAnswer, OldStyleHoldAddressMeansHold) {
  auto a = answer_ok(offers::kOldHold);
  EXPECT_TRUE(a.audio.remote_hold);
  EXPECT_EQ(a.audio.direction, MediaDirection::recvonly);
  EXPECT_EQ(a.audio.remote_address, "0.0.0.0");
  EXPECT_EQ(a.audio.payload_type, 0);  // offer lists 0 before 8
}

TEST(SdpAnswer, Ipv6Offer) {
  auto a = answer_ok(offers::kIpv6);
  EXPECT_EQ(a.audio.remote_address, "2001:db8::10");
  EXPECT_EQ(a.audio.payload_type, 8);
  EXPECT_EQ(a.audio.telephone_event_payload_type, 100);
  EXPECT_EQ(a.answer.media[0].formats, (std::vector<std::string>{"8", "100"}));
}

TEST(SdpAnswer, VideoIsRejectedWithPortZeroInPlace) {
  auto a = answer_ok(offers::kVideoAudio);
  ASSERT_EQ(a.answer.media.size(), 2u);
  EXPECT_EQ(a.answer.media[0].media, "video");
  EXPECT_EQ(a.answer.media[0].port, 0);
  EXPECT_FALSE(a.answer.media[0].formats.empty());
  EXPECT_EQ(a.answer.media[1].media, "audio");
  EXPECT_EQ(a.answer.media[1].port, 20000);
  EXPECT_EQ(a.audio.media_index, 1u);
  EXPECT_EQ(a.audio.remote_port, 9076);
}

TEST(SdpAnswer, SecondAudioStreamIsRejected) {
  auto a = answer_ok(std::string(offers::kSipp) + "m=audio 6002 RTP/AVP 8\r\n");
  ASSERT_EQ(a.answer.media.size(), 2u);
  EXPECT_EQ(a.answer.media[0].port, 20000);
  EXPECT_EQ(a.answer.media[1].port, 0);
}

TEST(SdpAnswer, NothingAcceptableIs488) {
  const char* no_g711 =
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 18 96 101\r\na=rtpmap:96 opus/48000/2\r\n"
      "a=rtpmap:101 telephone-event/8000\r\n";
  const char* srtp_only =
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/SAVP 8\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\r\n";
  const char* video_only =
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
  const char* no_media = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n";
  const char* pcma_at_16k =
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 97\r\na=rtpmap:97 PCMA/16000\r\n";
  for (const char* text : {no_g711, srtp_only, video_only, no_media, pcma_at_16k}) {
    auto offer = parse_sdp(text);
    ASSERT_TRUE(offer.ok()) << text;
    auto answer = answer_offer(*offer, our_caps(), our_origin());
    EXPECT_FALSE(answer.ok()) << text;
  }
}

TEST(SdpAnswer, EncodingNamesAreCaseInsensitive) {
  auto a = answer_ok(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 98 99\r\na=rtpmap:98 pcma/8000\r\n"
      "a=rtpmap:99 Telephone-Event/8000\r\n");
  EXPECT_EQ(a.audio.payload_type, 98);
  EXPECT_EQ(a.audio.telephone_event_payload_type, 99);
}

TEST(SdpOffer, OurOfferListsOurPreferenceAndReadsBack) {
  auto offer = make_offer(our_caps(), our_origin());
  auto text = offer.to_string();
  auto reread = parse_sdp(text);
  ASSERT_TRUE(reread.ok()) << text;
  EXPECT_EQ(*reread, offer);
  ASSERT_EQ(offer.media.size(), 1u);
  EXPECT_EQ(offer.media[0].formats, (std::vector<std::string>{"8", "0", "101"}));
  EXPECT_EQ(offer.media[0].fmtp("101")->parameters, "0-16");
  EXPECT_NE(text.find("m=audio 20000 RTP/AVP 8 0 101\r\n"), std::string::npos);
  EXPECT_NE(text.find("c=IN IP4 192.0.2.10\r\n"), std::string::npos);
}

TEST(SdpOffer, AnswerFromAPeerIsUnderstood) {
  auto offer = make_offer(our_caps(), our_origin());
  // The peer answers with its own offer/answer logic: run ours as the peer.
  MediaCapabilities peer;
  peer.address = "198.51.100.7";
  peer.port = 30000;
  peer.codecs = {{0, "PCMU", 8000}};
  auto answer = answer_offer(offer, peer, SdpOrigin{"peer", 5, 5, "IN", "IP4", "198.51.100.7"});
  ASSERT_TRUE(answer.ok()) << answer.error().describe();
  auto got = process_answer(offer, answer->answer);
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->encoding, "PCMU");
  EXPECT_EQ(got->payload_type, 0);
  EXPECT_EQ(got->remote_address, "198.51.100.7");
  EXPECT_EQ(got->remote_port, 30000);
  EXPECT_EQ(got->telephone_event_payload_type, 101);
  EXPECT_EQ(got->direction, MediaDirection::sendrecv);
  EXPECT_FALSE(got->remote_hold);
}

TEST(SdpOffer, AnswerWithRecvonlyAndOwnPayloadNumbers) {
  auto offer = make_offer(our_caps(), our_origin());
  auto answer = parse_sdp(
      "v=0\r\no=gw 7 7 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
      "m=audio 12000 RTP/AVP 8 96\r\na=rtpmap:96 telephone-event/8000\r\na=recvonly\r\n");
  ASSERT_TRUE(answer.ok());
  auto got = process_answer(offer, *answer);
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->encoding, "PCMA");
  EXPECT_EQ(got->telephone_event_payload_type, 96);
  EXPECT_EQ(got->direction, MediaDirection::sendonly);
  EXPECT_EQ(got->ptime, 20u);
}

TEST(SdpOffer, UnusableAnswersAreErrors) {
  auto offer = make_offer(our_caps(), our_origin());
  const char* rejected =
      "v=0\r\no=gw 7 7 IN IP4 203.0.113.5\r\ns=-\r\nt=0 0\r\nm=audio 0 RTP/AVP 8\r\n";
  const char* foreign_codec =
      "v=0\r\no=gw 7 7 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
      "m=audio 12000 RTP/AVP 18\r\n";
  const char* extra_stream =
      "v=0\r\no=gw 7 7 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\n"
      "m=audio 12000 RTP/AVP 8\r\nm=video 0 RTP/AVP 96\r\n";
  for (const char* text : {rejected, foreign_codec, extra_stream}) {
    auto answer = parse_sdp(text);
    ASSERT_TRUE(answer.ok()) << text;
    EXPECT_FALSE(process_answer(offer, *answer).ok()) << text;
  }
}

TEST(SdpOrigin, VersionGrowsOnlyWhenTheDescriptionChanges) {
  auto first = make_offer(our_caps(), our_origin());
  auto same = make_offer(our_caps(), SdpOrigin{"other", 9, 99, "IN", "IP4", "192.0.2.10"});
  next_origin_version(first, same);
  EXPECT_EQ(same.origin, first.origin);

  auto caps = our_caps();
  caps.direction = MediaDirection::sendonly;  // we put the call on hold
  auto hold = make_offer(caps, our_origin());
  next_origin_version(first, hold);
  EXPECT_EQ(hold.origin.session_id, first.origin.session_id);
  EXPECT_EQ(hold.origin.session_version, first.origin.session_version + 1);

  auto again = make_offer(caps, our_origin());
  next_origin_version(hold, again);
  EXPECT_EQ(again.origin.session_version, hold.origin.session_version);
}

}  // namespace
}  // namespace callwerk::sip

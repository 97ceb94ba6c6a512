#include "sip/sip_message.hpp"

#include <gtest/gtest.h>

#include "sip/sip_uri.hpp"
#include "sip_test_support.hpp"

namespace callwerk::sip {
namespace {

using test::crlf;
using test::kInviteHead;
using test::parse_error;
using test::parse_ok;

TEST(SipMessage, ParsesRequestLineHeadersAndBody) {
  auto m = parse_ok(
      crlf(std::string(kInviteHead) + "Content-Type: application/sdp\nContent-Length: 4\n\nv=0\n"));
  EXPECT_TRUE(m.is_request());
  EXPECT_EQ(m.method(), "INVITE");
  EXPECT_EQ(m.request_uri(), "sip:bob@example.com");
  EXPECT_EQ(m.call_id(), "c1@pc.example.com");
  EXPECT_EQ(m.cseq().number, 1u);
  EXPECT_EQ(m.cseq().method, "INVITE");
  EXPECT_EQ(m.body(), "v=0\r");
  EXPECT_EQ(m.header("content-type"), "application/sdp");
  EXPECT_EQ(m.header("c"), "application/sdp");
}

TEST(SipMessage, ParsesStatusLine) {
  auto m =
      parse_ok(crlf("SIP/2.0 180 Ringing Now\n"
                    "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bK1\n"
                    "From: <sip:alice@example.com>;tag=a1\n"
                    "To: <sip:bob@example.com>;tag=b2\n"
                    "Call-ID: c1\n"
                    "CSeq: 1 INVITE\n"
                    "Content-Length: 0\n\n"));
  EXPECT_FALSE(m.is_request());
  EXPECT_EQ(m.status_code(), 180);
  EXPECT_EQ(m.reason(), "Ringing Now");
}

TEST(SipMessage, ViewsPointIntoTheCallersBuffer) {
  std::string wire = crlf(std::string(kInviteHead) + "\n");
  auto result = parse_sip_message(wire);
  ASSERT_TRUE(std::holds_alternative<SipMessage>(result));
  const auto& m = std::get<SipMessage>(result);
  EXPECT_GE(m.method().data(), wire.data());
  EXPECT_LT(m.call_id().data(), wire.data() + wire.size());
}

TEST(SipMessage, OwnedMessageSurvivesMoveAndCopy) {
  auto m = parse_ok(crlf(std::string(kInviteHead) + "Subject: folded\n  line\n\n"));
  SipMessage moved = std::move(m);
  SipMessage copy = moved;
  EXPECT_EQ(copy.header("Subject"), "folded line");
  EXPECT_EQ(copy.call_id(), "c1@pc.example.com");
}

TEST(SipMessage, StreamNeedsContentLengthAndFramesMessages) {
  auto head = crlf(std::string(kInviteHead));
  auto missing = parse_error(head + "\r\n", SipTransportKind::stream);
  EXPECT_EQ(missing.failure, SipParseFailure::bad_request);
  EXPECT_EQ(missing.reason, "Missing Content-Length");

  auto first = head + "Content-Length: 3\r\n\r\nabc";
  auto wire = first + "OPTIONS sip:x";  // the next message has only begun to arrive
  auto m = parse_ok(wire, SipTransportKind::stream);
  EXPECT_EQ(m.body(), "abc");
  EXPECT_EQ(m.size(), first.size());

  auto partial = parse_error(head + "Content-Length: 10\r\n\r\nabc", SipTransportKind::stream);
  EXPECT_EQ(partial.failure, SipParseFailure::incomplete);
  EXPECT_EQ(parse_error(head, SipTransportKind::stream).failure, SipParseFailure::incomplete);
}

TEST(SipMessage, DatagramBodyDefaultsToRestAndIsTruncatedToContentLength) {
  auto rest = parse_ok(crlf(std::string(kInviteHead) + "\nhello"));
  EXPECT_EQ(rest.body(), "hello");
  auto cut = parse_ok(crlf(std::string(kInviteHead) + "Content-Length: 2\n\nhello"));
  EXPECT_EQ(cut.body(), "he");
}

TEST(SipMessage, BuildsResponseWithToTagAndParsesItAgain) {
  auto request =
      parse_ok(crlf("INVITE sip:bob@example.com SIP/2.0\n"
                    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKa, SIP/2.0/UDP "
                    "p2.example.com;branch=z9hG4bKb\n"
                    "Via: SIP/2.0/TCP p3.example.com;branch=z9hG4bKc;rport\n"
                    "Max-Forwards: 70\n"
                    "f: \"Alice\" <sip:alice@example.com>;tag=a1\n"
                    "t: <sip:bob@example.com>\n"
                    "i: call-77\n"
                    "CSeq: 5 INVITE\n"
                    "l: 0\n\n"));
  auto wire = build_response(request, 400, "Bad Request", "srv1");
  auto response = parse_ok(wire);
  EXPECT_EQ(response.status_code(), 400);
  EXPECT_EQ(response.reason(), "Bad Request");
  EXPECT_EQ(response.header_values("Via").size(), 3u);
  EXPECT_EQ(response.call_id(), "call-77");
  EXPECT_EQ(response.cseq().number, 5u);
  auto to = parse_name_addr(*response.header("To"));
  ASSERT_TRUE(to.ok());
  EXPECT_EQ(to->tag(), "srv1");
  EXPECT_EQ(response.header("From"), "\"Alice\" <sip:alice@example.com>;tag=a1");

  // 100 Trying never gets a To-tag; an existing To-tag is kept as it is.
  auto trying = parse_ok(build_response(request, 100, "Trying", "srv1"));
  EXPECT_FALSE(parse_name_addr(*trying.header("To"))->tag().has_value());
  auto ok = parse_ok(build_response(response, 200, "OK", "other"));
  EXPECT_EQ(parse_name_addr(*ok.header("To"))->tag(), "srv1");
}

TEST(SipMessage, ToStringRoundTrips) {
  auto original =
      parse_ok(crlf(std::string(kInviteHead) + "v: SIP/2.0/UDP second.example.com;branch=z9hG4bK2\n"
                                               "X-Custom:  kept  \nContent-Length: 5\n\nhello"));
  auto text = to_string(original);
  auto again = parse_ok(text);
  EXPECT_EQ(again.method(), original.method());
  EXPECT_EQ(again.request_uri(), original.request_uri());
  ASSERT_EQ(again.headers().size(), original.headers().size());
  for (size_t i = 0; i < again.headers().size(); ++i) {
    EXPECT_EQ(again.headers()[i].name, original.headers()[i].name);
    EXPECT_EQ(again.headers()[i].value, original.headers()[i].value);
  }
  EXPECT_EQ(again.body(), "hello");
  EXPECT_EQ(to_string(again), text);
}

TEST(SipMessage, TopViaIsTheFirstValueOfTheFirstViaLine) {
  auto m =
      parse_ok(crlf("SIP/2.0 200 OK\n"
                    "v: SIP/2.0/TCP first.example.com:5070;branch=z9hG4bKtop;received=192.0.2.1, "
                    "SIP/2.0/UDP second.example.com;branch=z9hG4bK2\n"
                    "Via: SIP/2.0/UDP third.example.com;branch=z9hG4bK3\n"
                    "From: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>;tag=2\n"
                    "Call-ID: v1\nCSeq: 1 INVITE\nContent-Length: 0\n\n"));
  auto via = m.top_via();
  ASSERT_TRUE(via.has_value());
  EXPECT_EQ(via->transport, "TCP");
  EXPECT_EQ(via->host, "first.example.com");
  EXPECT_EQ(via->port, 5070);
  EXPECT_EQ(via->branch(), "z9hG4bKtop");
  EXPECT_EQ(via->received(), "192.0.2.1");
  // The view points into the message, not into a temporary.
  EXPECT_EQ(via->host.data(), m.header("Via")->data() + m.header("Via")->find("first"));

  EXPECT_FALSE(SipMessage{}.top_via().has_value());
}

TEST(SipMessage, FromAndToAreParsedNameAddrs) {
  auto m = parse_ok(crlf(std::string(kInviteHead) + "\n"));
  auto from = m.from();
  ASSERT_TRUE(from.ok()) << from.error().message;
  EXPECT_EQ(from->display_name, "Alice");
  EXPECT_EQ(from->uri.user, "alice");
  EXPECT_EQ(from->tag(), "a1");
  auto to = m.to();
  ASSERT_TRUE(to.ok());
  EXPECT_EQ(to->uri.host, "example.com");
  EXPECT_FALSE(to->tag().has_value());

  auto compact = parse_ok(
      crlf("BYE sip:a@example.com SIP/2.0\nv: SIP/2.0/UDP h;branch=z9hG4bK1\nMax-Forwards: 1\n"
           "f: sip:b@example.com;tag=fb\nt: \"A\" <sip:a@example.com>;tag=ta\ni: c\n"
           "CSeq: 2 BYE\n\n"));
  EXPECT_EQ(compact.from()->tag(), "fb");
  EXPECT_EQ(compact.to()->tag(), "ta");
  EXPECT_EQ(compact.to()->display_name, "A");

  auto missing = SipMessage{}.from();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "Missing From");
}

TEST(SipMessage, MaxForwardsIsANumberUpTo255) {
  EXPECT_EQ(parse_ok(crlf(std::string(kInviteHead) + "\n")).max_forwards(), 70u);
  auto zero = crlf(std::string(kInviteHead) + "\n");
  zero.replace(zero.find("Max-Forwards: 70"), 16, "Max-Forwards: 0000");
  EXPECT_EQ(parse_ok(zero).max_forwards(), 0u);
  // Responses carry no Max-Forwards.
  auto response = parse_ok(
      crlf("SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@b>;tag=1\n"
           "To: <sip:c@d>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\n\n"));
  EXPECT_FALSE(response.max_forwards().has_value());
  auto bogus = parse_ok(
      crlf("SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@b>;tag=1\n"
           "To: <sip:c@d>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\nMax-Forwards: 256\n\n"));
  EXPECT_FALSE(bogus.max_forwards().has_value());
}

TEST(SipMessage, ExpiresInSecondsSaturatesAndIgnoresDates) {
  auto with_expires = [](std::string value) {
    return parse_ok(crlf(std::string(kInviteHead) + "Expires: " + value + "\n\n")).expires();
  };
  EXPECT_EQ(with_expires("3600"), 3600u);
  EXPECT_EQ(with_expires(" 0 "), 0u);
  EXPECT_EQ(with_expires("4294967295"), 4294967295u);
  EXPECT_EQ(with_expires("4294967296"), 4294967295u);
  EXPECT_EQ(with_expires("99999999999999999999999"), 4294967295u);
  EXPECT_FALSE(with_expires("Thu, 01 Dec 1994 16:00:00 GMT").has_value());
  EXPECT_FALSE(with_expires("-1").has_value());
  EXPECT_FALSE(with_expires("").has_value());
  EXPECT_FALSE(parse_ok(crlf(std::string(kInviteHead) + "\n")).expires().has_value());
}

TEST(SipMessage, ContentTypeIsTheMediaTypeWithoutParameters) {
  auto with_type = [](std::string line) {
    return parse_ok(crlf(std::string(kInviteHead) + line + "\n\n"));
  };
  EXPECT_EQ(with_type("Content-Type: application/sdp").content_type(), "application/sdp");
  EXPECT_EQ(with_type("c:  Application/SDP ; charset=utf-8").content_type(), "Application/SDP");
  EXPECT_EQ(with_type("Content-Type: multipart/mixed;boundary=unique-boundary-1").content_type(),
            "multipart/mixed");
  EXPECT_FALSE(with_type("Content-Type:").content_type().has_value());
  EXPECT_FALSE(with_type("Subject: none").content_type().has_value());
}

TEST(SipMessage, ParseErrorConvertsToProjectError) {
  auto error = parse_error(crlf("INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP h\n\n"));
  auto converted = error.to_error();
  EXPECT_EQ(converted.kind, ErrorKind::invalid_input);
  EXPECT_EQ(converted.message, error.reason);
}

}  // namespace
}  // namespace callwerk::sip

// Torture messages in the spirit of RFC 4475, written for callwerk: the parser must accept
// odd but legal SIP and reject broken SIP with the reason that goes into the 400.

#include <gtest/gtest.h>

#include "sip/sip_message.hpp"
#include "sip/sip_uri.hpp"
#include "sip_test_support.hpp"

namespace callwerk::sip {
namespace {

using test::crlf;
using test::kInviteHead;
using test::parse_error;
using test::parse_ok;

TEST(SipTorture, CompactFormsOddCaseAndWhitespaceAroundColons) {
  auto m = parse_ok(
      crlf("\n\nOPTIONS sip:%62ob@example.com;transport=udp SIP/2.0\n"  // leading CRLFs ignored
           "v :SIP/2.0/UDP   host1.example.com;branch=z9hG4bKx1;rport\n"
           "mAx-FoRwArDs:\t 0069 \n"
           "F\t:  \"Weird \\\" Name\"<sip:w@example.com>;tag=9\n"
           "t:sip:%62ob@example.com\n"
           "I:  abc@def\n"
           "cseq: 0009 OPTIONS\n"
           "k: timer, 100rel\n"
           "X-Unknown-Header: whatever ,with, commas\n"
           "L: 0\n\n"));
  EXPECT_EQ(m.method(), "OPTIONS");
  EXPECT_EQ(m.call_id(), "abc@def");
  EXPECT_EQ(m.cseq().number, 9u);
  EXPECT_EQ(m.header("Max-Forwards"), "0069");
  EXPECT_EQ(m.header_values("Supported").size(), 2u);
  // Unknown headers are not lists: their commas stay.
  EXPECT_EQ(m.header_values("x-unknown-header").size(), 1u);
  EXPECT_EQ(m.headers()[0].name, "Via");
  auto via = parse_via(*m.header("Via"));
  ASSERT_TRUE(via.ok());
  EXPECT_TRUE(via->has_rport());
  EXPECT_FALSE(via->rport().has_value());
  auto uri = parse_sip_uri(m.request_uri());
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(*uri->user_decoded(), "bob");
}

TEST(SipTorture, FoldedHeadersAreJoinedWithOneSpace) {
  auto m = parse_ok(crlf(std::string(kInviteHead) + "Subject: this is\n"
                                                    "   a folded\n"
                                                    "\tsubject\n"
                                                    "Contact:\n  <sip:alice@pc.example.com>\n\n"));
  EXPECT_EQ(m.header("s"), "this is a folded subject");
  EXPECT_EQ(m.header("Contact"), "<sip:alice@pc.example.com>");
}

TEST(SipTorture, MultipleViasInOneHeaderAndAcrossHeaders) {
  auto m = parse_ok(
      crlf("BYE sip:bob@[2001:db8::1]:5062 SIP/2.0\n"
           "Via: SIP/2.0/UDP [2001:db8::2];branch=z9hG4bKa,SIP/2.0/TCP p2.example.com:5070;"
           "branch=z9hG4bKb;received=10.1.1.1\n"
           "Max-Forwards: 10\n"
           "Via: SIP/2.0/UDP p3.example.com;branch=z9hG4bKc;rport=5999\n"
           "From: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>;tag=2\n"
           "Call-ID: x\nCSeq: 2 BYE\n"
           "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\n"
           "Route: <sip:[2001:db8::3];lr>\n\n"));
  auto vias = m.header_values("via");
  ASSERT_EQ(vias.size(), 3u);
  EXPECT_TRUE(parse_via(vias[0])->ipv6);
  EXPECT_EQ(parse_via(vias[1])->received(), "10.1.1.1");
  EXPECT_EQ(parse_via(vias[2])->rport(), 5999);
  EXPECT_EQ(m.header_values("Record-Route").size(), 2u);
  EXPECT_EQ(parse_name_addr(m.header_values("Route")[0])->uri.host, "2001:db8::3");
  EXPECT_EQ(parse_sip_uri(m.request_uri())->port, 5062);
}

TEST(SipTorture, ContactListWithCommasInDisplayNameAndStar) {
  auto m =
      parse_ok(crlf("REGISTER sip:example.com SIP/2.0\n"
                    "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKr\nMax-Forwards: 70\n"
                    "From: <sip:a@example.com>;tag=1\nTo: <sip:a@example.com>\nCall-ID: r1\n"
                    "CSeq: 3 REGISTER\n"
                    "m: \"Desk, left\" <sip:a@10.0.0.5>;expires=60, sip:a@10.0.0.6;q=0.7\n\n"));
  auto contacts = m.header_values("Contact");
  ASSERT_EQ(contacts.size(), 2u);
  EXPECT_EQ(parse_name_addr(contacts[0])->display_name, "Desk, left");
  EXPECT_EQ(find_param(parse_name_addr(contacts[1])->params, "q"), "0.7");

  auto star =
      parse_ok(crlf("REGISTER sip:example.com SIP/2.0\n"
                    "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKr\nMax-Forwards: 70\n"
                    "From: <sip:a@example.com>;tag=1\nTo: <sip:a@example.com>\nCall-ID: r1\n"
                    "CSeq: 4 REGISTER\nContact: *\nExpires: 0\n\n"));
  EXPECT_EQ(star.header("Contact"), "*");
}

TEST(SipTorture, EachMandatoryHeaderMissingIsNamedInTheReason) {
  for (std::string name : {"Via", "Max-Forwards", "From", "To", "Call-ID", "CSeq"}) {
    std::string head(kInviteHead);
    auto at = head.find(name + ":");
    ASSERT_NE(at, std::string::npos) << name;
    head.erase(at, head.find('\n', at) - at + 1);
    auto error = parse_error(crlf(head + "\n"));
    EXPECT_EQ(error.failure, SipParseFailure::bad_request);
    EXPECT_EQ(error.status_code, 400);
    EXPECT_EQ(error.reason, "Missing " + name);
  }
}

std::string with_header(std::string_view name, std::string_view value) {
  std::string head(kInviteHead);
  auto at = head.find(std::string(name) + ":");
  head.replace(at, head.find('\n', at) - at, std::string(name) + ": " + std::string(value));
  return crlf(head);
}

TEST(SipTorture, BadCSeqIsRejected) {
  EXPECT_EQ(parse_error(with_header("CSeq", "abc INVITE") + "\r\n").reason, "Malformed CSeq");
  EXPECT_EQ(parse_error(with_header("CSeq", "1") + "\r\n").reason, "Malformed CSeq");
  EXPECT_EQ(parse_error(with_header("CSeq", "-1 INVITE") + "\r\n").reason, "Malformed CSeq");
  EXPECT_EQ(parse_error(with_header("CSeq", "4294967296 INVITE") + "\r\n").reason,
            "Malformed CSeq");
  EXPECT_EQ(parse_error(with_header("CSeq", "1 BYE") + "\r\n").reason,
            "CSeq method does not match request");
  EXPECT_EQ(parse_error(with_header("Max-Forwards", "many") + "\r\n").reason,
            "Malformed Max-Forwards");
}

TEST(SipTorture, BadContentLengthIsRejected) {
  auto head = crlf(std::string(kInviteHead));
  EXPECT_EQ(parse_error(head + "Content-Length: 50\r\n\r\nshort").reason,
            "Content-Length larger than body");
  EXPECT_EQ(parse_error(head + "Content-Length: -3\r\n\r\n").reason, "Invalid Content-Length");
  EXPECT_EQ(parse_error(head + "Content-Length: ten\r\n\r\n").reason, "Invalid Content-Length");
  EXPECT_EQ(parse_error(head + "l: 1\r\nContent-Length: 2\r\n\r\nab").reason,
            "Conflicting Content-Length");
}

TEST(SipTorture, BadVersionsAndStatusCodes) {
  auto version = parse_error(crlf("INVITE sip:bob@example.com SIP/7.0\n\n"));
  EXPECT_EQ(version.failure, SipParseFailure::bad_request);
  EXPECT_EQ(version.status_code, 505);

  const std::string rest =
      "Via: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@b>;tag=1\nTo: <sip:c@d>\n"
      "Call-ID: x\nCSeq: 1 INVITE\n\n";
  for (std::string line : {"SIP/2.0 99 Low", "SIP/2.0 700 High", "SIP/2.0 2x0 Odd",
                           "SIP/2.0 2000 Long", "SIP/1.0 200 OK"}) {
    auto error = parse_error(crlf(line + "\n" + rest));
    EXPECT_EQ(error.failure, SipParseFailure::bad_response) << line;
  }
  EXPECT_EQ(parse_ok(crlf("SIP/2.0 200 \n" + rest)).status_code(), 200);
}

TEST(SipTorture, MalformedHeadersAndRequestLine) {
  EXPECT_EQ(
      parse_error(with_header("From", "\"Never closed <sip:a@example.com>;tag=1") + "\r\n").reason,
      "Malformed From: Unterminated quoted string");
  EXPECT_EQ(parse_error(with_header("To", "<sip:bob@exa mple.com>") + "\r\n").reason,
            "Malformed To: Whitespace in URI");
  EXPECT_EQ(parse_error(with_header("Via", "SIP/2.0/UDP") + "\r\n").reason,
            "Malformed Via: Missing Via sent-by");
  EXPECT_EQ(parse_error(crlf(std::string(kInviteHead) + "NoColonHere\n\n")).reason,
            "Malformed header line");
  EXPECT_EQ(parse_error(crlf(std::string(kInviteHead) + "Bad Name: x\n\n")).reason,
            "Malformed header name");
  EXPECT_EQ(parse_error(crlf("INVITE sip:bob@example.com  SIP/2.0\n\n")).reason,
            "Malformed Request-Line");
  EXPECT_EQ(parse_error(crlf("INVITE sip:bob@exa:mple SIP/2.0\n\n")).reason,
            "Malformed Request-URI");
  EXPECT_EQ(parse_error(crlf(std::string(kInviteHead))).reason, "Headers not terminated");
}

TEST(SipTorture, SizeLimits) {
  auto big = parse_error(crlf(std::string(kInviteHead) + "\n") + std::string(70 * 1024, 'x'));
  EXPECT_EQ(big.status_code, 513);
  EXPECT_EQ(big.to_error().kind, ErrorKind::too_large);

  std::string many(kInviteHead);
  for (int i = 0; i < 200; ++i) many += "X-H" + std::to_string(i) + ": v\n";
  EXPECT_EQ(parse_error(crlf(many + "\n")).reason, "Too many headers");

  auto folded_long = std::string(kInviteHead) + "Subject: a\n";
  for (int i = 0; i < 100; ++i) folded_long += " " + std::string(100, 'y') + "\n";
  EXPECT_EQ(parse_error(crlf(folded_long + "\n")).reason, "Header line too long");
}

TEST(SipTorture, GarbageIsNotSip) {
  for (std::string garbage :
       {std::string(""), std::string("\r\n\r\n"), std::string("hello world"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), std::string("\x16\x03\x01\x02\x00", 5),
        std::string("INVITE\r\n\r\n"), std::string(3000, '\0')}) {
    auto error = parse_error(garbage);
    EXPECT_EQ(error.failure, SipParseFailure::not_sip);
  }
}

}  // namespace
}  // namespace callwerk::sip

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

TEST(SipTorture, ContentLengthAboveTheLimitIsMessageTooLarge) {
  auto head = crlf(std::string(kInviteHead));
  for (std::string length : {"65537", "9999999999", "99999999999999999999999999", "0065537"}) {
    auto datagram = parse_error(head + "Content-Length: " + length + "\r\n\r\nv=0\r\n");
    EXPECT_EQ(datagram.failure, SipParseFailure::bad_request) << length;
    EXPECT_EQ(datagram.status_code, 513) << length;
    EXPECT_EQ(datagram.reason, "Message Too Large") << length;
    // Over TCP the parser must not wait for a body it would never accept.
    auto stream = parse_error(head + "l: " + length + "\r\n\r\n", SipTransportKind::stream);
    EXPECT_EQ(stream.failure, SipParseFailure::bad_request) << length;
    EXPECT_EQ(stream.status_code, 513) << length;
  }
  // The limit itself is fine as a length; the datagram is just shorter than it claims.
  EXPECT_EQ(parse_error(head + "Content-Length: 65536\r\n\r\nv=0").status_code, 400);
  // Responses with a huge length are dropped, not answered.
  auto response = parse_error(
      crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@b>;tag=1\n"
           "To: <sip:c@d>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\nContent-Length: 70000\n\n"));
  EXPECT_EQ(response.failure, SipParseFailure::bad_response);
  EXPECT_EQ(response.status_code, 513);
  // A smaller configured limit moves the boundary with it.
  SipLimits small;
  small.max_message_bytes = 1000;
  auto limited =
      parse_sip_message(head + "Content-Length: 1001\r\n\r\n", SipTransportKind::stream, small);
  ASSERT_TRUE(std::holds_alternative<SipParseError>(limited));
  EXPECT_EQ(std::get<SipParseError>(limited).status_code, 513);
}

TEST(SipTorture, WhitespaceEverywhereTheGrammarAllowsIt) {
  // After RFC 4475 §3.1.1.1 (wsinv): LWS and folding around every separator.
  auto m = parse_ok(crlf(
      "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\n"
      "TO :\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\n"
      "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\n  ;\n  tag = 98asjd8\n"
      "MaX-fOrWaRdS: 0068\n"
      "Call-ID: wsinv.ndaksdj@192.0.2.1\n"
      "Content-Length   : 150\n"
      "cseq: 0009\n  INVITE\n"
      "Via  : SIP  /   2.0\n /UDP\n    192.0.2.2;rport;branch=390skdjuw\n"
      "s :\n"
      "NewFangledHeader:   newfangled value\n continued newfangled value\n"
      "UnknownHeaderWithUnusualValue: ;;,,;;,;\n"
      "Content-Type: application/sdp\n"
      "Route:\n <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\n"
      "v:  SIP  / 2.0  / TCP     spindle.example.com   :   5070 ;\n  branch  =   z9hG4bK9ikj8  ,\n"
      " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\n z9hG4bK30239\n"
      "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\n"
      "      newvalue ;\n  secondparam ; q = 0.33\n\n"
      "v=0\no=mhandley 29739 7272939 IN IP4 192.0.2.3\ns=-\nc=IN IP4 192.0.2.4\nt=0 0\n"
      "m=audio 49217 RTP/AVP 0 12\nm=video 3227 RTP/AVP 31\na=rtpmap:31 LPC\n"));
  EXPECT_EQ(m.cseq().number, 9u);
  EXPECT_EQ(m.cseq().method, "INVITE");
  EXPECT_EQ(m.max_forwards(), 68u);
  EXPECT_EQ(m.to()->tag(), "1918181833n");
  EXPECT_EQ(m.from()->tag(), "98asjd8");
  EXPECT_EQ(m.body().size(), 150u);
  auto vias = m.header_values("Via");
  ASSERT_EQ(vias.size(), 3u);
  EXPECT_EQ(m.top_via()->host, "192.0.2.2");
  auto spindle = parse_via(vias[1]);
  ASSERT_TRUE(spindle.ok()) << spindle.error().message;
  EXPECT_EQ(spindle->transport, "TCP");
  EXPECT_EQ(spindle->host, "spindle.example.com");
  EXPECT_EQ(spindle->port, 5070);
  EXPECT_EQ(spindle->branch(), "z9hG4bK9ikj8");
  EXPECT_EQ(parse_via(vias[2])->branch(), "z9hG4bK30239");
  auto contact = parse_name_addr(*m.header("Contact"));
  ASSERT_TRUE(contact.ok());
  EXPECT_EQ(find_param(contact->params, "q"), "0.33");
  EXPECT_EQ(find_param(contact->params, "newparam"), "newvalue");
}

TEST(SipTorture, FuzzFindingsStayFixed) {
  // A quote opening inside a To param swallowed the tag that build_response appended, so the
  // response had no To-tag. Such a param is malformed now.
  auto error = parse_error(
      crlf("INVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
           "Max-Forwards: 70\nFrom: <sip:a@example.com>;tag=1\n"
           "TO :\n sip:bob@example.com ;   tag   \"= 3836363666n\nCall-ID: c\nCSeq: 1 INVITE\n\n"));
  EXPECT_EQ(error.status_code, 400);
  EXPECT_EQ(error.reason, "Malformed To: Malformed header param");

  // An empty Via line passed validation, so top_via() had nothing to return.
  for (std::string via : {"Via  : \n", "Via: ,\nVia: SIP/2.0/UDP h;branch=z9hG4bK2\n",
                          "Via: SIP/2.0/UDP h;branch=z9hG4bK2\nv:\n"}) {
    auto empty = parse_error(
        crlf("OPTIONS sip:bob@example.com SIP/2.0\n" + via +
             "Max-Forwards: 70\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:bob@example.com>\n"
             "Call-ID: c\nCSeq: 1 OPTIONS\n\n"));
    EXPECT_EQ(empty.reason, "Empty Via") << via;
  }
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

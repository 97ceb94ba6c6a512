#include "sip/sip_request_builder.hpp"

#include <gtest/gtest.h>

#include <set>

#include "sip/sip_ids.hpp"
#include "sip/sip_uri.hpp"
#include "sip_test_support.hpp"

namespace callwerk::sip {
namespace {

using test::crlf;
using test::parse_exact;
using test::parse_ok;

SipOutOfDialogRequest invite_spec() {
  SipOutOfDialogRequest spec;
  spec.method = "INVITE";
  spec.request_uri = "sip:+4930123456@trunk.example.com";
  spec.from_display = "Hotline";
  spec.from_uri = "sip:hotline@callwerk.example.com";
  spec.from_tag = "ft1";
  spec.to_uri = "sip:+4930123456@trunk.example.com";
  spec.call_id = "cid-1@callwerk";
  spec.cseq = 7;
  spec.branch = "z9hG4bKabc";
  spec.local = make_local_address(SipTransportProtocol::udp, "10.0.0.1", 5060);
  spec.content_type = "application/sdp";
  spec.body = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n";
  return spec;
}

TEST(SipRequestBuilder, OutOfDialogInviteRoundTrips) {
  auto wire = build_out_of_dialog_request(invite_spec());
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  auto m = parse_exact(*wire);
  EXPECT_EQ(m.method(), "INVITE");
  EXPECT_EQ(m.request_uri(), "sip:+4930123456@trunk.example.com");
  EXPECT_EQ(m.header("Max-Forwards"), "70");
  EXPECT_EQ(m.call_id(), "cid-1@callwerk");
  EXPECT_EQ(m.cseq().number, 7u);
  EXPECT_EQ(m.cseq().method, "INVITE");
  EXPECT_EQ(m.header("Contact"), "<sip:callwerk@10.0.0.1:5060>");
  EXPECT_EQ(m.header("Content-Type"), "application/sdp");
  EXPECT_EQ(m.body(), "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\n");

  auto via = parse_via(*m.header("Via"));
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(via->transport, "UDP");
  EXPECT_EQ(via->host, "10.0.0.1");
  EXPECT_EQ(via->port, 5060);
  EXPECT_EQ(via->branch(), "z9hG4bKabc");
  EXPECT_TRUE(via->has_rport());

  auto from = parse_name_addr(*m.header("From"));
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(from->display_name, "Hotline");
  EXPECT_EQ(from->tag(), "ft1");
  auto to = parse_name_addr(*m.header("To"));
  ASSERT_TRUE(to.ok());
  EXPECT_FALSE(to->tag().has_value());
}

TEST(SipRequestBuilder, EscapesDisplayNamesAndDropsLineBreaks) {
  auto spec = invite_spec();
  spec.from_display = "Müller \"Hans\" \\ GmbH\r\nX-Evil: 1";
  spec.body.clear();
  spec.content_type.clear();
  auto wire = build_out_of_dialog_request(spec);
  ASSERT_TRUE(wire.ok());
  auto m = parse_exact(*wire);
  EXPECT_FALSE(m.header("X-Evil").has_value());
  auto from = parse_name_addr(*m.header("From"));
  ASSERT_TRUE(from.ok());
  // The parser leaves quoted-pairs escaped.
  EXPECT_EQ(from->display_name, "Müller \\\"Hans\\\" \\\\ GmbHX-Evil: 1");
  EXPECT_EQ(from->tag(), "ft1");
  EXPECT_EQ(m.header("Content-Length"), "0");
  EXPECT_FALSE(m.header("Content-Type").has_value());
}

TEST(SipRequestBuilder, GeneratesTagCallIdAndBranchWhenNotGiven) {
  auto spec = invite_spec();
  spec.from_tag.clear();
  spec.call_id.clear();
  spec.branch.clear();
  auto first = parse_exact(*build_out_of_dialog_request(spec));
  auto second = parse_exact(*build_out_of_dialog_request(spec));
  auto via = parse_via(*first.header("Via"));
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(via->branch()->substr(0, 7), "z9hG4bK");
  EXPECT_NE(first.header("Via"), second.header("Via"));
  EXPECT_NE(first.call_id(), second.call_id());
  auto tag = parse_name_addr(*first.header("From"))->tag();
  ASSERT_TRUE(tag.has_value());
  EXPECT_GE(tag->size(), 8u);
}

TEST(SipRequestBuilder, RejectsMalformedInput) {
  auto expect_rejected = [](SipOutOfDialogRequest spec, const char* what) {
    auto wire = build_out_of_dialog_request(spec);
    EXPECT_FALSE(wire.ok()) << what;
  };
  auto spec = invite_spec();
  spec.request_uri = "sip:bob@example.com\r\nX-Evil: 1";
  expect_rejected(spec, "CRLF in Request-URI");
  spec = invite_spec();
  spec.request_uri = "mailto:bob@example.com";
  expect_rejected(spec, "unsupported scheme");
  spec = invite_spec();
  spec.to_uri.clear();
  expect_rejected(spec, "missing To");
  spec = invite_spec();
  spec.method = "INV ITE";
  expect_rejected(spec, "method not a token");
  spec = invite_spec();
  spec.method = "ACK";
  expect_rejected(spec, "ACK");
  spec = invite_spec();
  spec.extra_headers = "Subject: a\r\n\r\nX-Body: b";
  expect_rejected(spec, "empty line in extra headers");
  spec = invite_spec();
  spec.extra_headers = "no colon here";
  expect_rejected(spec, "extra header without colon");
  spec = invite_spec();
  spec.call_id = "a b";
  expect_rejected(spec, "space in Call-ID");
  spec = invite_spec();
  spec.content_type = "application/sdp\r\nX: y";
  expect_rejected(spec, "CRLF in Content-Type");
  spec = invite_spec();
  spec.route = {"<sip:proxy;lr"};
  expect_rejected(spec, "unterminated route");
  spec = invite_spec();
  spec.cseq = 0x80000000u;
  expect_rejected(spec, "CSeq too large");
}

TEST(SipRequestBuilder, WritesPreloadedRouteAndExtraHeaders) {
  auto spec = invite_spec();
  spec.method = "OPTIONS";
  spec.route = {"<sip:edge.example.com;lr>", "<sip:core.example.com;lr>"};
  spec.extra_headers = "Accept: application/sdp\r\nUser-Agent: callwerk";  // no final CRLF
  spec.content_type.clear();
  spec.body.clear();
  auto m = parse_exact(*build_out_of_dialog_request(spec));
  auto routes = m.header_values("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], "<sip:edge.example.com;lr>");
  EXPECT_EQ(routes[1], "<sip:core.example.com;lr>");
  EXPECT_EQ(m.header("User-Agent"), "callwerk");
  EXPECT_EQ(m.header("Accept"), "application/sdp");
  EXPECT_TRUE(m.header("Contact").has_value());  // OPTIONS may tell where we are
}

TEST(SipRequestBuilder, Ipv6SentByAndContactInBrackets) {
  auto local = make_local_address(SipTransportProtocol::tcp, "2001:db8::1", 5070);
  EXPECT_EQ(local.sent_by, "[2001:db8::1]:5070");
  EXPECT_EQ(local.contact_uri, "sip:callwerk@[2001:db8::1]:5070;transport=tcp");
  EXPECT_EQ(sip_host_port("[::1]", 5060), "[::1]:5060");
  EXPECT_EQ(sip_host_port("192.0.2.1", 5060), "192.0.2.1:5060");

  auto spec = invite_spec();
  spec.local = local;
  spec.request_uri = "sip:agent@[2001:db8::2]:5062";
  auto m = parse_exact(*build_out_of_dialog_request(spec));
  auto via = parse_via(*m.header("Via"));
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(via->transport, "TCP");
  EXPECT_TRUE(via->ipv6);
  EXPECT_EQ(via->host, "2001:db8::1");
  EXPECT_EQ(via->port, 5070);
  auto contact = parse_name_addr(*m.header("Contact"));
  ASSERT_TRUE(contact.ok());
  EXPECT_TRUE(contact->uri.ipv6);
  EXPECT_EQ(contact->uri.param("transport"), "tcp");
}

TEST(SipRequestBuilder, CancelCopiesTheInvitesIdentity) {
  auto spec = invite_spec();
  spec.route = {"<sip:edge.example.com;lr>"};
  auto invite = parse_exact(*build_out_of_dialog_request(spec));
  auto cancel = parse_exact(build_cancel(invite));
  EXPECT_EQ(cancel.method(), "CANCEL");
  EXPECT_EQ(cancel.request_uri(), invite.request_uri());
  EXPECT_EQ(cancel.header_values("Via"), invite.header_values("Via"));
  EXPECT_EQ(cancel.header_values("Route"), invite.header_values("Route"));
  EXPECT_EQ(cancel.header("From"), invite.header("From"));
  EXPECT_EQ(cancel.header("To"), invite.header("To"));
  EXPECT_EQ(cancel.call_id(), invite.call_id());
  EXPECT_EQ(cancel.cseq().number, invite.cseq().number);
  EXPECT_EQ(cancel.cseq().method, "CANCEL");
  EXPECT_TRUE(cancel.body().empty());
  EXPECT_FALSE(cancel.header("Contact").has_value());
}

TEST(SipRequestBuilder, CancelTakesOnlyTheTopVia) {
  auto invite = parse_ok(crlf(std::string(test::kInviteHead) +
                              "Via: SIP/2.0/UDP second.example.com;branch=z9hG4bK2\n\n"));
  auto cancel = parse_exact(build_cancel(invite));
  auto vias = cancel.header_values("Via");
  ASSERT_EQ(vias.size(), 1u);
  EXPECT_EQ(vias[0], "SIP/2.0/UDP pc.example.com:5060;branch=z9hG4bK1");
}

TEST(SipRequestBuilder, ResponseWithHeadersAndBody) {
  auto invite = parse_exact(*build_out_of_dialog_request(invite_spec()));
  std::string sdp = "v=0\r\no=- 2 2 IN IP4 10.0.0.2\r\n";
  auto wire = build_response_with(invite, 200, "OK", "tt9",
                                  "Contact: <sip:callwerk@10.0.0.2>\r\nAllow: INVITE, ACK, BYE\r\n",
                                  "application/sdp", sdp);
  auto m = parse_exact(wire);
  EXPECT_EQ(m.status_code(), 200);
  EXPECT_EQ(m.reason(), "OK");
  EXPECT_EQ(parse_name_addr(*m.header("To"))->tag(), "tt9");
  EXPECT_EQ(m.header("Contact"), "<sip:callwerk@10.0.0.2>");
  EXPECT_EQ(m.header_values("Allow").size(), 3u);
  EXPECT_EQ(m.header("Content-Type"), "application/sdp");
  EXPECT_EQ(m.header("Content-Length"), std::to_string(sdp.size()));
  EXPECT_EQ(m.body(), sdp);
  EXPECT_EQ(m.header_values("Content-Length").size(), 1u);
  EXPECT_EQ(m.header_values("Via"), invite.header_values("Via"));
}

TEST(SipRequestBuilder, ResponseWithChallengeAndNoBody) {
  auto invite = parse_exact(*build_out_of_dialog_request(invite_spec()));
  auto wire = build_response_with(
      invite, 401, default_reason_phrase(401), "tt1",
      "WWW-Authenticate: Digest realm=\"callwerk\", nonce=\"a,b\", algorithm=MD5, qop=\"auth\"");
  auto m = parse_exact(wire);
  EXPECT_EQ(m.status_code(), 401);
  EXPECT_EQ(m.reason(), "Unauthorized");
  EXPECT_EQ(m.header("WWW-Authenticate"),
            "Digest realm=\"callwerk\", nonce=\"a,b\", algorithm=MD5, qop=\"auth\"");
  EXPECT_EQ(m.header("Content-Length"), "0");
  EXPECT_TRUE(m.body().empty());
}

TEST(SipRequestBuilder, DefaultReasonPhrases) {
  EXPECT_EQ(default_reason_phrase(200), "OK");
  EXPECT_EQ(default_reason_phrase(180), "Ringing");
  EXPECT_EQ(default_reason_phrase(481), "Call/Transaction Does Not Exist");
  EXPECT_EQ(default_reason_phrase(491), "Request Pending");
  EXPECT_EQ(default_reason_phrase(603), "Decline");
  EXPECT_EQ(default_reason_phrase(299), "Unknown");
}

TEST(SipRequestBuilder, NameAddrHelpers) {
  EXPECT_EQ(name_addr_uri_text("\"A <b>; c\" <sip:x@y;transport=tcp>;tag=1"),
            "sip:x@y;transport=tcp");
  EXPECT_EQ(name_addr_uri_text("Bob <sip:bob@[2001:db8::9]:5062>"), "sip:bob@[2001:db8::9]:5062");
  EXPECT_EQ(name_addr_uri_text(" sip:x@y;tag=1"), "sip:x@y");
  EXPECT_EQ(name_addr_uri_text("<sip:x@y"), "");
  EXPECT_EQ(quote_display_name("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(format_name_addr("", "sip:x@y", "t1"), "<sip:x@y>;tag=t1");
  EXPECT_EQ(format_name_addr("Anna", "sip:x@y"), "\"Anna\" <sip:x@y>");
  EXPECT_TRUE(method_carries_contact("INVITE"));
  EXPECT_TRUE(method_carries_contact("UPDATE"));
  EXPECT_FALSE(method_carries_contact("BYE"));
  EXPECT_FALSE(method_carries_contact("INFO"));
}

TEST(SipIds, SeededGeneratorIsReproducibleAndShaped) {
  SipIdGenerator a(42);
  SipIdGenerator b(42);
  EXPECT_EQ(a.tag(), b.tag());
  auto branch = a.branch();
  EXPECT_EQ(branch, b.branch());
  EXPECT_EQ(branch.substr(0, 7), kBranchCookie);
  EXPECT_EQ(branch.size(), 7u + 16u);
  EXPECT_EQ(a.call_id().size(), 32u);
  b.call_id();
  EXPECT_EQ(a.call_id("10.0.0.1"), b.call_id("10.0.0.1"));
  EXPECT_EQ(a.call_id("host").substr(32), "@host");
}

TEST(SipIds, ValuesDoNotRepeat) {
  SipIdGenerator generator(7);
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) EXPECT_TRUE(seen.insert(generator.tag()).second);
  // Two default-seeded generators start at different points.
  SipIdGenerator first;
  SipIdGenerator second;
  EXPECT_NE(first.call_id(), second.call_id());
  EXPECT_NE(new_sip_branch(), new_sip_branch());
}

TEST(SipIds, BoundedDrawsAndInitialCSeq) {
  SipIdGenerator generator(1);
  std::set<uint64_t> values;
  for (int i = 0; i < 1000; ++i) {
    auto value = generator.below(5);
    EXPECT_LT(value, 5u);
    values.insert(value);
    auto cseq = generator.initial_cseq();
    EXPECT_GE(cseq, 1u);
    EXPECT_LE(cseq, 1u << 16);
  }
  EXPECT_EQ(values.size(), 5u);
}

}  // namespace
}  // namespace callwerk::sip

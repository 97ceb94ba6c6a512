#include "sip/sip_uri.hpp"

#include <gtest/gtest.h>

#include "sip/sip_text.hpp"

namespace callwerk::sip {
namespace {

TEST(SipUri, ParsesUserPasswordHostPortParamsAndHeaders) {
  auto uri = parse_sip_uri("sip:alice:secret@example.com:5070;transport=tcp;lr?subject=hi&x=1");
  ASSERT_TRUE(uri.ok()) << uri.error().message;
  EXPECT_EQ(uri->scheme, "sip");
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->password, "secret");
  EXPECT_EQ(uri->host, "example.com");
  EXPECT_EQ(uri->port, 5070);
  EXPECT_EQ(uri->param("TRANSPORT"), "tcp");
  EXPECT_EQ(uri->param("lr"), "");
  EXPECT_FALSE(uri->param("maddr").has_value());
  ASSERT_EQ(uri->headers.size(), 2u);
  EXPECT_EQ(uri->headers[0].first, "subject");
  EXPECT_EQ(uri->headers[1].second, "1");
}

TEST(SipUri, ParsesIpv4AndIpv6Hosts) {
  auto v4 = parse_sip_uri("sips:10.0.0.1");
  ASSERT_TRUE(v4.ok());
  EXPECT_TRUE(v4->secure());
  EXPECT_EQ(v4->host, "10.0.0.1");
  EXPECT_EQ(v4->port, 0);

  auto v6 = parse_sip_uri("sip:bob@[2001:db8::10]:5061;user=phone");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_TRUE(v6->ipv6);
  EXPECT_EQ(v6->host, "2001:db8::10");
  EXPECT_EQ(v6->port, 5061);
  EXPECT_EQ(v6->param("user"), "phone");
}

TEST(SipUri, DecodesEscapedUser) {
  auto uri = parse_sip_uri("sip:%61lice%20smith@example.com");
  ASSERT_TRUE(uri.ok());
  auto user = uri->user_decoded();
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(*user, "alice smith");
  EXPECT_FALSE(parse_sip_uri("sip:bad%zz@example.com").ok());
  EXPECT_FALSE(percent_decode("abc%4").has_value());
}

TEST(SipUri, ParsesTelUri) {
  auto uri = parse_sip_uri("tel:+49-30-1234567;phone-context=example.com");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->user, "+49-30-1234567");
  EXPECT_EQ(uri->param("phone-context"), "example.com");
}

TEST(SipUri, RejectsMalformedUris) {
  EXPECT_FALSE(parse_sip_uri("example.com").ok());
  EXPECT_FALSE(parse_sip_uri("http://example.com").ok());
  EXPECT_FALSE(parse_sip_uri("sip:").ok());
  EXPECT_FALSE(parse_sip_uri("sip:@example.com").ok());
  EXPECT_FALSE(parse_sip_uri("sip:a@example.com:99999").ok());
  EXPECT_FALSE(parse_sip_uri("sip:a@example.com:0").ok());
  EXPECT_FALSE(parse_sip_uri("sip:a@[2001:db8::1").ok());
  EXPECT_FALSE(parse_sip_uri("sip:a@exa mple.com").ok());
  EXPECT_FALSE(parse_sip_uri("sip:a@example.com;=x").ok());
}

TEST(SipNameAddr, ParsesQuotedDisplayNameAndTag) {
  auto na = parse_name_addr(R"("Doe, \"J\"" <sip:j@example.com;transport=udp> ;tag=abc ; q=0.5)");
  ASSERT_TRUE(na.ok()) << na.error().message;
  EXPECT_EQ(na->display_name, R"(Doe, \"J\")");
  EXPECT_EQ(na->uri.user, "j");
  EXPECT_EQ(na->uri.param("transport"), "udp");
  EXPECT_EQ(na->tag(), "abc");
  EXPECT_EQ(find_param(na->params, "q"), "0.5");
}

TEST(SipNameAddr, ParsesTokenDisplayNameAndAddrSpec) {
  auto token = parse_name_addr("Bob Builder<sip:bob@example.com>;expires=60");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->display_name, "Bob Builder");
  EXPECT_EQ(find_param(token->params, "expires"), "60");

  // Without <>, ";tag" belongs to the header, not to the URI.
  auto spec = parse_name_addr("sip:carol@example.com;tag=77");
  ASSERT_TRUE(spec.ok());
  EXPECT_TRUE(spec->display_name.empty());
  EXPECT_TRUE(spec->uri.params.empty());
  EXPECT_EQ(spec->tag(), "77");
}

TEST(SipNameAddr, RejectsUnterminatedQuoteAndAngle) {
  auto quote = parse_name_addr(R"("Unclosed <sip:x@example.com>)");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().message, "Unterminated quoted string");
  EXPECT_FALSE(parse_name_addr("<sip:x@example.com").ok());
  EXPECT_FALSE(parse_name_addr("<sip:x@example.com> junk").ok());
}

TEST(SipVia, ParsesProtocolSentByAndParams) {
  auto via =
      parse_via("SIP / 2.0 / UDP  pc33.example.com:5066;branch=z9hG4bK776;rport;received=1.2.3.4");
  ASSERT_TRUE(via.ok()) << via.error().message;
  EXPECT_EQ(via->protocol, "SIP");
  EXPECT_EQ(via->version, "2.0");
  EXPECT_EQ(via->transport, "UDP");
  EXPECT_EQ(via->host, "pc33.example.com");
  EXPECT_EQ(via->port, 5066);
  EXPECT_EQ(via->branch(), "z9hG4bK776");
  EXPECT_EQ(via->received(), "1.2.3.4");
  EXPECT_TRUE(via->has_rport());
  EXPECT_FALSE(via->rport().has_value());
}

TEST(SipVia, ParsesRportValueAndIpv6) {
  auto via = parse_via("SIP/2.0/TCP [2001:db8::9]:5060;rport=40000;branch=z9hG4bKx");
  ASSERT_TRUE(via.ok());
  EXPECT_TRUE(via->ipv6);
  EXPECT_EQ(via->host, "2001:db8::9");
  EXPECT_EQ(via->rport(), 40000);
}

TEST(SipVia, RejectsMalformedVia) {
  EXPECT_FALSE(parse_via("SIP/2.0 host").ok());
  EXPECT_FALSE(parse_via("SIP/2.0/UDP").ok());
  EXPECT_FALSE(parse_via("SIP/2.0/UDP host:port").ok());
}

TEST(SipVia, AcceptsLinearWhitespaceAroundColonsSemicolonsAndEquals) {
  // RFC 4475 §3.1.1.1 (after unfolding): LWS is legal around every separator of a Via.
  auto via =
      parse_via("SIP  / 2.0  / TCP     spindle.example.com   :  5070 ;  branch  =   z9 ; rport");
  ASSERT_TRUE(via.ok()) << via.error().message;
  EXPECT_EQ(via->transport, "TCP");
  EXPECT_EQ(via->host, "spindle.example.com");
  EXPECT_EQ(via->port, 5070);
  EXPECT_EQ(via->branch(), "z9");
  EXPECT_TRUE(via->has_rport());

  auto v6 = parse_via("SIP/2.0/UDP [2001:db8::9] :\t5061;branch=z9hG4bKv6");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->host, "2001:db8::9");
  EXPECT_EQ(v6->port, 5061);

  // The views still point into the text: no copy was made to drop the whitespace.
  std::string_view text = "SIP/2.0/UDP host.example.com : 5060;branch=z9hG4bKa";
  auto parsed = parse_via(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->host.data(), text.data() + text.find("host"));
}

TEST(SipVia, RejectsWhitespaceInsideHostOrPort) {
  EXPECT_FALSE(parse_via("SIP/2.0/UDP host example.com;branch=z9hG4bKa").ok());
  EXPECT_FALSE(parse_via("SIP/2.0/UDP host : 50 60;branch=z9hG4bKa").ok());
  EXPECT_FALSE(parse_via("SIP/2.0/UDP host : ;branch=z9hG4bKa").ok());
  EXPECT_FALSE(parse_via("SIP/2.0/UDP : 5060;branch=z9hG4bKa").ok());
}

TEST(SipParams, RejectNamesAndValuesThatWouldHideLaterParams) {
  // An opening quote in a name or a bare value would swallow the ";tag=..." after it.
  EXPECT_FALSE(parse_name_addr(R"(sip:a@example.com ;tag "= 1;tag=2)").ok());
  EXPECT_FALSE(parse_name_addr(R"(<sip:a@example.com>;x=ab"c;tag=2)").ok());
  EXPECT_FALSE(parse_name_addr(R"(<sip:a@example.com>;x="open;tag=2)").ok());
  EXPECT_FALSE(parse_name_addr(R"(<sip:a@example.com>;x=a b;tag=2)").ok());
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;branch=z9\"x").ok());
  EXPECT_FALSE(parse_sip_uri("sip:a@example.com;a<b=c").ok());
  // Quoted values, LWS around '=' and escaped URI params stay fine.
  auto contact =
      parse_name_addr(R"(<sip:a@example.com;%6C%72>;+sip.instance="<urn:uuid:1;x>" ; q = 0.5)");
  ASSERT_TRUE(contact.ok()) << contact.error().message;
  EXPECT_EQ(find_param(contact->params, "+sip.instance"), R"("<urn:uuid:1;x>")");
  EXPECT_EQ(find_param(contact->params, "q"), "0.5");
  EXPECT_TRUE(contact->uri.param("%6C%72").has_value());
}

TEST(SipText, SplitsListsOutsideQuotesAndAngles) {
  auto parts = split_header_list(R"("A, B" <sip:a@x;p=1,2>, <sip:b@y> ,sip:c@z)");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], R"("A, B" <sip:a@x;p=1,2>)");
  EXPECT_EQ(parts[1], "<sip:b@y>");
  EXPECT_EQ(parts[2], "sip:c@z");
}

TEST(SipText, FirstListItemMatchesTheSplitList) {
  for (std::string_view value : {R"("A, B" <sip:a@x;p=1,2>, <sip:b@y>)", " , ,sip:c@z, x", "single",
                                 "", " , ", R"("unterminated, <sip:a@x>)"}) {
    auto parts = split_header_list(value);
    auto first = first_header_list_item(value);
    if (parts.empty()) {
      EXPECT_TRUE(first.empty()) << value;
    } else {
      EXPECT_EQ(first, parts.front()) << value;
    }
  }
  EXPECT_EQ(first_header_list_item(" , ,sip:c@z, x"), "sip:c@z");
}

}  // namespace
}  // namespace callwerk::sip

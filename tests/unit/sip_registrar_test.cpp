#include "sip/sip_registrar.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip_test_support.hpp"

namespace callwerk::sip {
namespace {

using test::crlf;
using test::parse_ok;
using BindingKind = SipBindingChange::Kind;

constexpr std::string_view kAor = "sip:201@pbx.example.com";
constexpr TimeMs kClockStart = 1'764'183'862'000;

struct Register {
  std::string call_id = "reg-1@10.0.0.5";
  uint32_t cseq = 1;
  std::vector<std::string> contacts = {};  // one Contact header line each
  std::string expires = "";                // Expires header value; none when empty
};

SipMessage make_register(const Register& r) {
  std::string text =
      "REGISTER sip:pbx.example.com SIP/2.0\n"
      "Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK" +
      std::to_string(r.cseq) +
      "\n"
      "Max-Forwards: 70\n"
      "From: <sip:201@pbx.example.com>;tag=f1\n"
      "To: <sip:201@pbx.example.com>\n"
      "Call-ID: " +
      r.call_id + "\nCSeq: " + std::to_string(r.cseq) + " REGISTER\n" +
      "User-Agent: Yealink T46U\n";
  for (const auto& contact : r.contacts) text += "Contact: " + contact + "\n";
  if (!r.expires.empty()) text += "Expires: " + r.expires + "\n";
  text += "Content-Length: 0\n\n";
  return parse_ok(crlf(text));
}

SipPeer phone(uint16_t port = 5062, std::string address = "192.0.2.10") {
  return SipPeer{std::move(address), port, SipTransportProtocol::udp, 0};
}

class SipRegistrarTest : public ::testing::Test {
 protected:
  SipRegisterOutcome apply(const Register& r, TimeMs now = kClockStart, SipPeer from = phone()) {
    return registrar.apply(kAor, make_register(r), from, now);
  }

  SipRegistrar registrar;
};

TEST_F(SipRegistrarTest, AddsABindingWithTheDefaultExpiry) {
  auto outcome = apply({.contacts = {"<sip:201@10.0.0.5:5062>"}});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(outcome.extra_headers, "Contact: <sip:201@10.0.0.5:5062>;expires=3600\r\n");
  EXPECT_TRUE(outcome.changed);
  ASSERT_EQ(outcome.changes.size(), 1u);
  EXPECT_EQ(outcome.changes[0].kind, BindingKind::added);

  auto bindings = registrar.lookup(kAor, kClockStart);
  ASSERT_EQ(bindings.size(), 1u);
  EXPECT_EQ(bindings[0].aor, kAor);
  EXPECT_EQ(bindings[0].contact, "<sip:201@10.0.0.5:5062>");
  EXPECT_EQ(bindings[0].contact_uri, "sip:201@10.0.0.5:5062");
  EXPECT_EQ(bindings[0].call_id, "reg-1@10.0.0.5");
  EXPECT_EQ(bindings[0].cseq, 1u);
  EXPECT_EQ(bindings[0].expires_at, kClockStart + 3'600'000);
  EXPECT_EQ(bindings[0].source, phone());
  EXPECT_EQ(bindings[0].user_agent, "Yealink T46U");
  EXPECT_FLOAT_EQ(bindings[0].q, 1.0f);
  EXPECT_EQ(registrar.binding_count(), 1u);
  EXPECT_TRUE(registrar.lookup("sip:202@pbx.example.com", kClockStart).empty());
}

TEST_F(SipRegistrarTest, RefreshKeepsOneBindingAndFollowsTheNewSource) {
  ASSERT_EQ(apply({.contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "600"}).status, 200);
  // Same contact, host in another case; the NAT mapping moved to another port.
  auto outcome = apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "900"},
                       kClockStart + 500'000, phone(40000));
  EXPECT_EQ(outcome.status, 200);
  EXPECT_FALSE(outcome.changed);
  ASSERT_EQ(outcome.changes.size(), 1u);
  EXPECT_EQ(outcome.changes[0].kind, BindingKind::refreshed);
  auto bindings = registrar.lookup(kAor, kClockStart + 500'000);
  ASSERT_EQ(bindings.size(), 1u);
  EXPECT_EQ(bindings[0].expires_at, kClockStart + 1'400'000);
  EXPECT_EQ(bindings[0].source.port, 40000);
  EXPECT_EQ(bindings[0].cseq, 2u);

  outcome = apply({.cseq = 3, .contacts = {"<SIP:201@10.0.0.5:5062>"}}, kClockStart + 600'000);
  EXPECT_EQ(outcome.changes.at(0).kind, BindingKind::refreshed);
  EXPECT_EQ(registrar.binding_count(), 1u);
}

TEST_F(SipRegistrarTest, ContactExpiresParamOverridesTheHeader) {
  auto outcome =
      apply({.contacts = {"<sip:201@10.0.0.5:5062>;expires=120", "<sip:201@10.0.0.6:5062>"},
             .expires = "300"});
  EXPECT_EQ(outcome.status, 200);
  auto bindings = registrar.lookup(kAor, kClockStart);
  ASSERT_EQ(bindings.size(), 2u);
  // Newest first: 10.0.0.6 came second in the request.
  EXPECT_EQ(bindings[1].contact_uri, "sip:201@10.0.0.5:5062");
  EXPECT_EQ(bindings[1].expires_at, kClockStart + 120'000);
  EXPECT_EQ(bindings[0].expires_at, kClockStart + 300'000);

  // Expires: 0 in the header, but the contact's own expires keeps it.
  outcome = apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.5:5062>;expires=200"}, .expires = "0"});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(registrar.lookup(kAor, kClockStart)[1].expires_at, kClockStart + 200'000);
}

TEST_F(SipRegistrarTest, LookupPrefersTheNewestContactAmongEqualQ) {
  apply({.contacts = {"<sip:201@10.0.0.5:5062>"}});
  apply({.call_id = "other-phone-call-id", .contacts = {"<sip:201@10.0.0.7:5062>"}});
  auto bindings = registrar.lookup(kAor, kClockStart);
  ASSERT_EQ(bindings.size(), 2u);
  EXPECT_EQ(bindings[0].contact_uri, "sip:201@10.0.0.7:5062");
}

TEST_F(SipRegistrarTest, ExpiresZeroRemovesOnlyThatContact) {
  apply({.contacts = {"<sip:201@10.0.0.5:5062>", "<sip:201@10.0.0.6:5062>"}});
  auto outcome = apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "0"});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_TRUE(outcome.changed);
  ASSERT_EQ(outcome.changes.size(), 1u);
  EXPECT_EQ(outcome.changes[0].kind, BindingKind::removed);
  EXPECT_EQ(outcome.changes[0].binding.contact_uri, "sip:201@10.0.0.5:5062");
  EXPECT_EQ(outcome.extra_headers, "Contact: <sip:201@10.0.0.6:5062>;expires=3600\r\n");
  EXPECT_EQ(registrar.binding_count(), 1u);

  outcome = apply({.cseq = 3, .contacts = {"<sip:201@10.0.0.6:5062>;expires=0"}});
  EXPECT_EQ(outcome.extra_headers, "");
  EXPECT_EQ(registrar.binding_count(), 0u);
  // Removing what is not there is fine and changes nothing.
  outcome = apply({.cseq = 4, .contacts = {"<sip:201@10.0.0.7>"}, .expires = "0"});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_FALSE(outcome.changed);
  EXPECT_TRUE(outcome.changes.empty());
}

TEST_F(SipRegistrarTest, TooBriefIntervalGets423WithMinExpires) {
  auto outcome = apply({.contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "30"});
  EXPECT_EQ(outcome.status, 423);
  EXPECT_EQ(outcome.extra_headers, "Min-Expires: 60\r\n");
  EXPECT_EQ(registrar.binding_count(), 0u);
  // One brief contact fails the whole request.
  outcome =
      apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.5:5062>", "<sip:201@10.0.0.6>;expires=59"}});
  EXPECT_EQ(outcome.status, 423);
  EXPECT_EQ(registrar.binding_count(), 0u);
  EXPECT_EQ(apply({.cseq = 3, .contacts = {"<sip:201@10.0.0.5>"}, .expires = "60"}).status, 200);
}

TEST_F(SipRegistrarTest, LongIntervalsAreClampedToTheMaximum) {
  auto outcome = apply({.contacts = {"<sip:201@10.0.0.5:5062>;expires=99999999999"}});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(outcome.extra_headers, "Contact: <sip:201@10.0.0.5:5062>;expires=3600\r\n");
  outcome = apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "7200"});
  EXPECT_EQ(registrar.lookup(kAor, kClockStart)[0].expires_at, kClockStart + 3'600'000);
}

TEST_F(SipRegistrarTest, MalformedExpiresMeansTheDefault) {
  SipRegistrar short_default({.default_expires = 600});
  auto outcome = short_default.apply(
      kAor, make_register({.contacts = {"<sip:201@10.0.0.5>;expires=soon"}, .expires = "120"}),
      phone(), kClockStart);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(short_default.lookup(kAor, kClockStart)[0].expires_at, kClockStart + 600'000);
  outcome = short_default.apply(
      kAor, make_register({.cseq = 2, .contacts = {"<sip:201@10.0.0.6>"}, .expires = "-1"}),
      phone(), kClockStart);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(short_default.lookup(kAor, kClockStart)[1].expires_at, kClockStart + 600'000);
}

TEST_F(SipRegistrarTest, WildcardRemovesEverythingOnlyAloneWithExpiresZero) {
  apply({.contacts = {"<sip:201@10.0.0.5:5062>", "<sip:201@10.0.0.6:5062>"}});
  EXPECT_EQ(apply({.cseq = 2, .contacts = {"*"}}).status, 400);
  EXPECT_EQ(apply({.cseq = 2, .contacts = {"*"}, .expires = "10"}).status, 400);
  EXPECT_EQ(apply({.cseq = 2, .contacts = {"*", "<sip:201@10.0.0.7>"}, .expires = "0"}).status,
            400);
  EXPECT_EQ(apply({.cseq = 2, .contacts = {"*, <sip:201@10.0.0.7>"}, .expires = "0"}).status, 400);
  EXPECT_EQ(registrar.binding_count(), 2u);

  auto outcome = apply({.call_id = "other", .cseq = 1, .contacts = {"*"}, .expires = "0"});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_TRUE(outcome.changed);
  ASSERT_EQ(outcome.changes.size(), 2u);
  EXPECT_EQ(outcome.changes[0].kind, BindingKind::removed);
  EXPECT_EQ(outcome.changes[1].kind, BindingKind::removed);
  EXPECT_EQ(outcome.extra_headers, "");
  EXPECT_EQ(registrar.binding_count(), 0u);
  EXPECT_TRUE(registrar.lookup(kAor, kClockStart).empty());
}

TEST_F(SipRegistrarTest, WildcardWithAnOldCSeqOfTheSameCallIdIs500) {
  apply({.cseq = 5, .contacts = {"<sip:201@10.0.0.5:5062>"}});
  EXPECT_EQ(apply({.cseq = 5, .contacts = {"*"}, .expires = "0"}).status, 500);
  EXPECT_EQ(registrar.binding_count(), 1u);
  EXPECT_EQ(apply({.cseq = 6, .contacts = {"*"}, .expires = "0"}).status, 200);
  EXPECT_EQ(registrar.binding_count(), 0u);
}

TEST_F(SipRegistrarTest, SameCallIdWithoutHigherCSeqIs500AndChangesNothing) {
  apply({.cseq = 10, .contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "600"});
  auto outcome = apply({.cseq = 10, .contacts = {"<sip:201@10.0.0.5:5062>"}, .expires = "0"});
  EXPECT_EQ(outcome.status, 500);
  EXPECT_TRUE(outcome.changes.empty());
  outcome = apply({.cseq = 9,
                   .contacts = {"<sip:201@10.0.0.6:5062>", "<sip:201@10.0.0.5:5062>"},
                   .expires = "1200"});
  EXPECT_EQ(outcome.status, 500);
  auto bindings = registrar.lookup(kAor, kClockStart);
  ASSERT_EQ(bindings.size(), 1u);  // the new contact was not added either
  EXPECT_EQ(bindings[0].expires_at, kClockStart + 600'000);

  // A phone that rebooted has a new Call-ID: its CSeq starts again and is accepted.
  outcome = apply({.call_id = "after-reboot", .cseq = 1, .contacts = {"<sip:201@10.0.0.5:5062>"}});
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(registrar.lookup(kAor, kClockStart)[0].call_id, "after-reboot");
}

TEST_F(SipRegistrarTest, TooManyContactsGet503WithRetryAfterOr403) {
  SipRegistrar small({.max_contacts_per_aor = 2});
  auto reg = [&](Register r, TimeMs now) {
    return small.apply(kAor, make_register(r), phone(), now);
  };
  EXPECT_EQ(
      reg({.cseq = 1, .contacts = {"<sip:201@10.0.0.1>"}, .expires = "100"}, kClockStart).status,
      200);
  EXPECT_EQ(
      reg({.cseq = 2, .contacts = {"<sip:201@10.0.0.2>"}, .expires = "300"}, kClockStart).status,
      200);
  auto outcome = reg({.cseq = 3, .contacts = {"<sip:201@10.0.0.3>"}}, kClockStart + 40'000);
  EXPECT_EQ(outcome.status, 503);
  EXPECT_EQ(outcome.extra_headers, "Retry-After: 60\r\n");  // when 10.0.0.1 expires
  EXPECT_EQ(small.binding_count(), 2u);
  // Refreshing, or swapping one contact for another in one request, stays within the limit.
  EXPECT_EQ(reg({.cseq = 4, .contacts = {"<sip:201@10.0.0.2>"}}, kClockStart + 40'000).status, 200);
  outcome = reg({.cseq = 5, .contacts = {"<sip:201@10.0.0.1>;expires=0", "<sip:201@10.0.0.3>"}},
                kClockStart + 40'000);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(small.binding_count(), 2u);
  // More contacts in one request than allowed at all: waiting would not help.
  SipRegistrar empty({.max_contacts_per_aor = 2});
  outcome = empty.apply(
      kAor,
      make_register({.contacts = {"<sip:201@10.0.0.1>, <sip:201@10.0.0.2>, <sip:201@10.0.0.3>"}}),
      phone(), kClockStart);
  EXPECT_EQ(outcome.status, 403);
  EXPECT_EQ(empty.binding_count(), 0u);
}

TEST_F(SipRegistrarTest, RegisterWithoutContactIsAQuery) {
  apply({.contacts = {"<sip:201@10.0.0.5:5062>;q=0.5", "<sip:201@10.0.0.6>;q=0.9"},
         .expires = "600"});
  auto outcome = apply({.cseq = 2}, kClockStart + 100'500);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_FALSE(outcome.changed);
  EXPECT_TRUE(outcome.changes.empty());
  EXPECT_EQ(outcome.extra_headers,
            "Contact: <sip:201@10.0.0.6>;q=0.9;expires=500\r\n"
            "Contact: <sip:201@10.0.0.5:5062>;q=0.5;expires=500\r\n");
  EXPECT_EQ(registrar.binding_count(), 2u);
  auto unknown =
      registrar.apply("sip:999@pbx.example.com", make_register({.cseq = 3}), phone(), kClockStart);
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(unknown.extra_headers, "");
}

TEST_F(SipRegistrarTest, OkListsEveryBindingWithItsOwnParamsAndRemainingTime) {
  apply({.contacts = {"<sip:201@10.0.0.6>"}, .expires = "600"});
  auto outcome = apply(
      {.cseq = 2,
       .contacts = {"\"Desk\" <sip:201@10.0.0.5:5062;transport=tcp>;expires=120;"
                    "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-0004f2a1b2c3>\";reg-id=1"}},
      kClockStart + 60'000);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(outcome.extra_headers,
            "Contact: <sip:201@10.0.0.6>;expires=540\r\n"
            "Contact: <sip:201@10.0.0.5:5062;transport=tcp>;"
            "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-0004f2a1b2c3>\";reg-id=1;"
            "expires=120\r\n");
}

TEST_F(SipRegistrarTest, KeepsTheUriApartFromDisplayNameAndHeaderParams) {
  apply({.contacts = {"\"Desk <1>\" <sip:201@10.0.0.5;transport=udp>;q=0.5",
                      "sip:201@10.0.0.6;expires=600"}});
  auto bindings = registrar.lookup(kAor, kClockStart);
  ASSERT_EQ(bindings.size(), 2u);
  EXPECT_EQ(bindings[0].contact_uri, "sip:201@10.0.0.6");
  EXPECT_EQ(bindings[0].expires_at, kClockStart + 600'000);
  EXPECT_EQ(bindings[1].contact_uri, "sip:201@10.0.0.5;transport=udp");
  EXPECT_EQ(bindings[1].contact, "\"Desk <1>\" <sip:201@10.0.0.5;transport=udp>;q=0.5");
}

TEST_F(SipRegistrarTest, LookupOrdersByQAndRejectsMalformedQ) {
  apply({.contacts = {"<sip:201@10.0.0.1>;q=0.1", "<sip:201@10.0.0.2>", "sip:201@10.0.0.3;q=0.7"}});
  auto bindings = registrar.lookup(kAor, kClockStart);
  ASSERT_EQ(bindings.size(), 3u);
  EXPECT_EQ(bindings[0].contact_uri, "sip:201@10.0.0.2");
  EXPECT_EQ(bindings[1].contact_uri, "sip:201@10.0.0.3");
  EXPECT_FLOAT_EQ(bindings[1].q, 0.7f);
  EXPECT_EQ(bindings[2].contact_uri, "sip:201@10.0.0.1");

  for (std::string q : {"2", "1.5", "1.001", "0.1234", "x", "0.5.1", ".5"}) {
    auto outcome = apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.9>;q=" + q}});
    EXPECT_EQ(outcome.status, 400) << q;
  }
  EXPECT_EQ(registrar.binding_count(), 3u);
}

TEST_F(SipRegistrarTest, BindingsExpireOnAFakeClock) {
  registrar.apply(kAor, make_register({.contacts = {"<sip:201@10.0.0.5>"}, .expires = "60"}),
                  phone(), kClockStart);
  registrar.apply("sip:202@pbx.example.com",
                  make_register({.contacts = {"<sip:202@10.0.0.6>"}, .expires = "120"}), phone(),
                  kClockStart);
  EXPECT_TRUE(registrar.expire(kClockStart + 59'999).empty());
  EXPECT_EQ(registrar.lookup(kAor, kClockStart + 59'999).size(), 1u);
  // Expired bindings disappear from lookups at once, before expire() removes them.
  EXPECT_TRUE(registrar.lookup(kAor, kClockStart + 60'000).empty());
  EXPECT_EQ(registrar.binding_count(), 2u);

  auto gone = registrar.expire(kClockStart + 60'000);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].aor, kAor);
  EXPECT_EQ(registrar.binding_count(), 1u);
  EXPECT_TRUE(registrar.expire(kClockStart + 60'000).empty());

  gone = registrar.expire(kClockStart + 500'000);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].aor, "sip:202@pbx.example.com");
  EXPECT_EQ(registrar.binding_count(), 0u);
}

TEST_F(SipRegistrarTest, RefreshedBindingsOutliveTheirFirstExpiry) {
  apply({.contacts = {"<sip:201@10.0.0.5>", "<sip:201@10.0.0.6>"}, .expires = "60"});
  apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.5>"}, .expires = "60"}, kClockStart + 50'000);
  auto gone = registrar.expire(kClockStart + 61'000);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].contact_uri, "sip:201@10.0.0.6");
  EXPECT_TRUE(registrar.expire(kClockStart + 109'999).empty());
  gone = registrar.expire(kClockStart + 110'000);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].contact_uri, "sip:201@10.0.0.5");
  EXPECT_EQ(registrar.binding_count(), 0u);
}

TEST_F(SipRegistrarTest, RegisteringAfterExpiryReportsTheExpiryAndANewBinding) {
  apply({.cseq = 7, .contacts = {"<sip:201@10.0.0.5>"}, .expires = "60"});
  // Same Call-ID and an old CSeq: the expired binding no longer holds it back.
  auto outcome = apply({.cseq = 7, .contacts = {"<sip:201@10.0.0.5>"}}, kClockStart + 61'000);
  EXPECT_EQ(outcome.status, 200);
  ASSERT_EQ(outcome.changes.size(), 2u);
  EXPECT_EQ(outcome.changes[0].kind, BindingKind::expired);
  EXPECT_EQ(outcome.changes[1].kind, BindingKind::added);
  EXPECT_EQ(registrar.binding_count(), 1u);
  EXPECT_TRUE(registrar.expire(kClockStart + 100'000).empty());
}

TEST_F(SipRegistrarTest, ARefusedRequestStillReportsExpiredBindings) {
  apply({.contacts = {"<sip:201@10.0.0.5>"}, .expires = "60"});
  auto outcome =
      apply({.cseq = 2, .contacts = {"<sip:201@10.0.0.6>"}, .expires = "10"}, kClockStart + 61'000);
  EXPECT_EQ(outcome.status, 423);
  ASSERT_EQ(outcome.changes.size(), 1u);
  EXPECT_EQ(outcome.changes[0].kind, BindingKind::expired);
  EXPECT_EQ(outcome.changes[0].binding.contact_uri, "sip:201@10.0.0.5");
  EXPECT_EQ(registrar.binding_count(), 0u);
  EXPECT_TRUE(registrar.expire(kClockStart + 100'000).empty());  // reported once only
}

TEST_F(SipRegistrarTest, ChurnDoesNotLoseExpiries) {
  // Many contacts come and go; the expiry schedule is compacted along the way.
  for (uint32_t i = 0; i < 5000; ++i) {
    auto contact = "<sip:201@10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ">";
    ASSERT_EQ(apply({.cseq = 2 * i + 1, .contacts = {contact}, .expires = "60"}).status, 200);
    ASSERT_EQ(apply({.cseq = 2 * i + 2, .contacts = {contact}, .expires = "0"}).status, 200);
  }
  EXPECT_EQ(registrar.binding_count(), 0u);
  apply({.cseq = 20'000, .contacts = {"<sip:201@10.0.0.5>"}, .expires = "60"});
  auto gone = registrar.expire(kClockStart + 60'000);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(registrar.binding_count(), 0u);
}

}  // namespace
}  // namespace callwerk::sip

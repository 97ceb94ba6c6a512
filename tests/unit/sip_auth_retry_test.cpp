// A request of ours sent again with credentials after a carrier's 401/407.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "sip/sip_auth_retry.hpp"
#include "sip/sip_digest.hpp"

namespace callwerk::sip {
namespace {

const std::string kInvite =
    "INVITE sip:+491000031@192.0.2.7:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKold1;rport\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:+49567801100@192.0.2.1:5060>;tag=f1\r\n"
    "To: <sip:+491000031@192.0.2.7:5060>\r\n"
    "Call-ID: cb-1@callwerk\r\n"
    "CSeq: 17 INVITE\r\n"
    "Contact: <sip:callwerk@192.0.2.1:5060>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

std::string challenge_text(int code, const std::string& authenticate) {
  const std::string header = code == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  return "SIP/2.0 " + std::to_string(code) +
         " Unauthorized\r\n"
         "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKold1;rport=5060\r\n"
         "From: <sip:+49567801100@192.0.2.1:5060>;tag=f1\r\n"
         "To: <sip:+491000031@192.0.2.7:5060>;tag=c9\r\n"
         "Call-ID: cb-1@callwerk\r\n"
         "CSeq: 17 INVITE\r\n" +
         authenticate + header +
         ": Digest realm=\"carrier\", nonce=\"n0nce\", qop=\"auth\"\r\n"
         "Content-Length: 0\r\n\r\n";
}

SipMessage parsed(const std::string& text) {
  auto result = parse_sip_message(text);
  EXPECT_TRUE(std::holds_alternative<SipMessage>(result)) << text;
  return std::get<SipMessage>(result);
}

const SipAuthRetry kAccount{
    .username = "cw-out", .password = "s3cret", .branch = "z9hG4bKnew2", .cnonce = "c0ffee"};

TEST(SipAuthRetry, ProxyChallengeGetsTheSameInviteWithCredentialsAndTheNextCSeq) {
  const std::string invite_text = kInvite;
  const std::string challenge_407 = challenge_text(407, "");
  const SipMessage invite = parsed(invite_text);
  const SipMessage challenge = parsed(challenge_407);
  auto retry = authorised_retry(invite, challenge, kAccount);
  ASSERT_TRUE(retry.ok()) << retry.error().message;
  const std::string retry_text = *retry;
  const SipMessage again = parsed(retry_text);
  EXPECT_EQ(again.method(), "INVITE");
  EXPECT_EQ(again.request_uri(), "sip:+491000031@192.0.2.7:5060");
  EXPECT_EQ(again.call_id(), "cb-1@callwerk");
  EXPECT_EQ(again.cseq().number, 18u);
  EXPECT_EQ(again.cseq().method, "INVITE");
  EXPECT_EQ(again.top_via()->branch(), "z9hG4bKnew2");
  EXPECT_TRUE(again.top_via()->has_rport());
  EXPECT_EQ(*again.header("From"), "<sip:+49567801100@192.0.2.1:5060>;tag=f1");
  EXPECT_EQ(*again.header("To"), "<sip:+491000031@192.0.2.7:5060>");  // no tag from the 407
  EXPECT_EQ(again.body(), "v=0\n");
  EXPECT_FALSE(again.header("Authorization"));

  auto credentials = parse_digest_credentials(*again.header("Proxy-Authorization"));
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->username, "cw-out");
  EXPECT_EQ(credentials->realm, "carrier");
  EXPECT_EQ(credentials->uri, "sip:+491000031@192.0.2.7:5060");
  EXPECT_EQ(credentials->qop, "auth");
  const std::string ha1 = digest_ha1(DigestAlgorithm::md5, "cw-out", "carrier", "s3cret");
  EXPECT_EQ(credentials->response,
            digest_response(DigestAlgorithm::md5, ha1, *credentials, "INVITE"));
}

TEST(SipAuthRetry, ServerChallengeReplacesEarlierCredentials) {
  const std::string first_text = kInvite;
  const SipMessage first = parsed(first_text);
  const std::string challenge_401 = challenge_text(401, "");
  auto once = authorised_retry(first, parsed(challenge_401), kAccount);
  ASSERT_TRUE(once.ok()) << once.error().message;
  const std::string once_text = *once;
  const SipMessage second = parsed(once_text);
  EXPECT_TRUE(second.header("Authorization"));

  // The carrier challenges again (a new nonce): one set of credentials, CSeq counts on.
  std::string again_401 = challenge_text(401, "");
  again_401.replace(again_401.find("CSeq: 17"), 8, "CSeq: 18");
  auto twice = authorised_retry(second, parsed(again_401), kAccount);
  ASSERT_TRUE(twice.ok()) << twice.error().message;
  const std::string twice_text = *twice;
  const SipMessage third = parsed(twice_text);
  EXPECT_EQ(third.header_values("Authorization").size(), 1u);
  EXPECT_EQ(third.cseq().number, 19u);
}

TEST(SipAuthRetry, RefusesWhatIsNoAnswerableChallenge) {
  const std::string invite_text = kInvite;
  const SipMessage invite = parsed(invite_text);
  std::string busy = challenge_text(401, "");
  busy.replace(busy.find("401 Unauthorized"), 16, "486 Busy Here");
  EXPECT_EQ(authorised_retry(invite, parsed(busy), kAccount).error().kind,
            ErrorKind::invalid_input);
  std::string sha512 = challenge_text(407, "");
  sha512.replace(sha512.find("qop="), 4, "algorithm=SHA-512-256, qop=");
  EXPECT_FALSE(authorised_retry(invite, parsed(sha512), kAccount).ok());
  std::string other_call = challenge_text(407, "");
  other_call.replace(other_call.find("cb-1@"), 5, "cb-2@");
  EXPECT_FALSE(authorised_retry(invite, parsed(other_call), kAccount).ok());
  // Two offers: the one we cannot serve is skipped.
  const std::string two = challenge_text(
      407, "Proxy-Authenticate: Digest realm=\"carrier\", nonce=\"x\", algorithm=SHA-512-256\r\n");
  EXPECT_TRUE(authorised_retry(invite, parsed(two), kAccount).ok());
}

}  // namespace
}  // namespace callwerk::sip

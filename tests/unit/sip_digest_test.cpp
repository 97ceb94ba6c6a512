#include "sip/sip_digest.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <set>

#include "sip/sip_nonce.hpp"

namespace callwerk::sip {
namespace {

constexpr TimeMs kStart = 1'764'183'862'000;
constexpr TimeMs kLifetime = 300'000;

// RFC 2617 §3.5, the Authorization header of the example (MD5, qop=auth).
constexpr std::string_view kRfc2617Authorization =
    "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, "
    "nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
    "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

// RFC 7616 §3.9.1: the same request answered with SHA-256 and with MD5.
constexpr std::string_view kRfc7616Sha256Authorization =
    "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
    "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
    "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
    "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

DigestCredentials parse_credentials_ok(std::string_view value) {
  auto parsed = parse_digest_credentials(value);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? *parsed : DigestCredentials{};
}

std::string parse_failure(std::string_view value) {
  auto parsed = parse_digest_credentials(value);
  EXPECT_FALSE(parsed.ok()) << value;
  return parsed.ok() ? std::string() : parsed.error().message;
}

TEST(SipDigest, ReproducesTheRfc2617Example) {
  auto c = parse_credentials_ok(kRfc2617Authorization);
  EXPECT_EQ(c.username, "Mufasa");
  EXPECT_EQ(c.realm, "testrealm@host.com");
  EXPECT_EQ(c.qop, "auth");
  EXPECT_EQ(c.nc, "00000001");
  EXPECT_EQ(c.opaque, "5ccc069c403ebaf9f0171e9517f40e41");
  EXPECT_EQ(c.algorithm, "");
  auto ha1 = digest_ha1(DigestAlgorithm::md5, c.username, c.realm, "Circle Of Life");
  EXPECT_EQ(digest_response(DigestAlgorithm::md5, ha1, c, "GET"),
            "6629fae49393a05397450978507c4ef1");
  EXPECT_NE(digest_response(DigestAlgorithm::md5, ha1, c, "POST"), c.response);
}

TEST(SipDigest, ReproducesTheRfc7616Sha256AndMd5Examples) {
  auto c = parse_credentials_ok(kRfc7616Sha256Authorization);
  ASSERT_EQ(parse_digest_algorithm(c.algorithm), DigestAlgorithm::sha256);
  auto ha1 = digest_ha1(DigestAlgorithm::sha256, c.username, c.realm, "Circle of Life");
  EXPECT_EQ(digest_response(DigestAlgorithm::sha256, ha1, c, "GET"), c.response);
  EXPECT_EQ(c.response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");

  auto md5_ha1 = digest_ha1(DigestAlgorithm::md5, c.username, c.realm, "Circle of Life");
  EXPECT_EQ(digest_response(DigestAlgorithm::md5, md5_ha1, c, "GET"),
            "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(SipDigest, ClientSideBuildsTheRfc7616Answer) {
  auto challenge = parse_digest_challenge(
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
  ASSERT_TRUE(challenge.ok()) << challenge.error().message;
  EXPECT_FALSE(challenge->stale);
  auto value =
      build_digest_authorization(*challenge, "Mufasa", "Circle of Life", "GET", "/dir/index.html",
                                 "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
  ASSERT_TRUE(value.ok()) << value.error().message;
  auto c = parse_credentials_ok(*value);
  EXPECT_EQ(c.response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(c.opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_EQ(c.qop, "auth");
  EXPECT_EQ(c.nc, "00000001");
}

TEST(SipDigest, ClientRefusesWhatItCannotAnswer) {
  DigestChallenge challenge{"r", "n", "", "SHA-512-256", "auth", false};
  EXPECT_FALSE(build_digest_authorization(challenge, "u", "p", "REGISTER", "sip:x", "c", 1).ok());
  challenge.algorithm = "MD5";
  challenge.qop = "auth-int";
  EXPECT_FALSE(build_digest_authorization(challenge, "u", "p", "REGISTER", "sip:x", "c", 1).ok());
  EXPECT_FALSE(parse_digest_challenge("Digest nonce=\"n\"").ok());
  EXPECT_FALSE(parse_digest_challenge("Basic realm=\"r\"").ok());
}

TEST(SipDigest, ChallengeNamesAlgorithmQopAndStale) {
  auto fresh = build_digest_challenge("callwerk", "abc", DigestAlgorithm::sha256, false);
  EXPECT_EQ(fresh, "Digest realm=\"callwerk\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\"");
  auto stale = build_digest_challenge("a \"b\"", "abc", DigestAlgorithm::md5, true);
  EXPECT_EQ(stale,
            "Digest realm=\"a \\\"b\\\"\", nonce=\"abc\", algorithm=MD5, qop=\"auth\", stale=true");
  auto parsed = parse_digest_challenge(stale);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->realm, "a \"b\"");
  EXPECT_TRUE(parsed->stale);
}

TEST(SipDigest, ParsesEscapesAnyOrderAnyCaseAndIgnoresUnknownParams) {
  auto c = parse_credentials_ok(
      "digest  RESPONSE = \"00ff\" ,Nonce=\"n\\\\1\",future=\"x, y=\\\"z\\\"\", "
      "URI=\"sip:example.com\",realm=\"r\",,USERNAME=\"al\\\"ice\", algorithm=\"md5\"");
  EXPECT_EQ(c.username, "al\"ice");
  EXPECT_EQ(c.nonce, "n\\1");
  EXPECT_EQ(c.uri, "sip:example.com");
  EXPECT_EQ(c.response, "00ff");
  EXPECT_EQ(c.algorithm, "md5");
  EXPECT_EQ(parse_digest_algorithm(c.algorithm), DigestAlgorithm::md5);
}

TEST(SipDigest, RejectsMalformedCredentials) {
  constexpr std::string_view kRest = "realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"00\"";
  EXPECT_NE(
      parse_failure("Digest " + std::string(kRest) + ", username=\"alice").find("Unterminated"),
      std::string::npos);
  EXPECT_NE(parse_failure("Digest " + std::string(kRest)).find("username"), std::string::npos);
  EXPECT_NE(parse_failure("Digest username=\"a\", username=\"b\", " + std::string(kRest))
                .find("Duplicate"),
            std::string::npos);
  EXPECT_NE(parse_failure("Basic YWxhZGRpbjpvcGVuc2VzYW1l").find("Digest"), std::string::npos);
  parse_failure("Digest username=\"a\" junk, " + std::string(kRest));
  parse_failure("Digest username=\"alice, " + std::string(kRest));  // the quote swallows a comma
  parse_failure("Digest " + std::string(kRest) + ", username=\"alice\\\"");
  parse_failure("Digest username, " + std::string(kRest));
  parse_failure("Digest username=, " + std::string(kRest));
  parse_failure("Digest username=\"a\", " + std::string(kRest) + ", qop=auth, nc=00000001");
  parse_failure("Digest username=\"a\", " + std::string(kRest) + ", qop=auth, cnonce=\"c\"");
  parse_failure("Digest username=\"a\", " + std::string(kRest) + ", qop=auth, cnonce=\"c\", nc=1");
  parse_failure("Digest username=\"a\", " + std::string(kRest) + ", NONCE=\"again\"");
  parse_failure("");
}

// The server and the client side of this file against each other, as a phone would.
class SipDigestVerify : public ::testing::Test {
 protected:
  DigestCredentials answer(DigestAlgorithm algorithm, std::string_view password, TimeMs issued,
                           uint32_t nc = 1) {
    auto challenge = parse_digest_challenge(
        build_digest_challenge("callwerk", nonces.issue(issued), algorithm, false));
    EXPECT_TRUE(challenge.ok());
    auto value = build_digest_authorization(*challenge, "201", password, "REGISTER",
                                            "sip:pbx.example.com", "0a4f113b", nc);
    EXPECT_TRUE(value.ok());
    return parse_credentials_ok(*value);
  }
  DigestVerdict verify(const DigestCredentials& c, TimeMs now, std::string_view password = "pw") {
    return verify_digest(c, "REGISTER", "callwerk", password, nonces, guard, now);
  }
  // Recomputes the response after a test changed nc or qop, as an honest client would.
  void resign(DigestCredentials& c, std::string_view password = "pw") {
    auto algorithm = *parse_digest_algorithm(c.algorithm);
    c.response = digest_response(algorithm, digest_ha1(algorithm, c.username, c.realm, password), c,
                                 "REGISTER");
  }

  SipNonceSource nonces{"0123456789abcdef0123456789abcdef", kLifetime};
  SipNonceReplayGuard guard;
};

TEST_F(SipDigestVerify, AcceptsMd5AndSha256) {
  EXPECT_EQ(verify(answer(DigestAlgorithm::md5, "pw", kStart), kStart + 10), DigestVerdict::ok);
  EXPECT_EQ(verify(answer(DigestAlgorithm::sha256, "pw", kStart), kStart + 10), DigestVerdict::ok);
}

TEST_F(SipDigestVerify, RefusesAWrongPassword) {
  auto c = answer(DigestAlgorithm::sha256, "not-pw", kStart);
  EXPECT_EQ(verify(c, kStart + 10), DigestVerdict::wrong_response);
  // The wrong answer did not take nc=1 away from the real phone.
  c.response.clear();
  resign(c);
  EXPECT_EQ(verify(c, kStart + 20), DigestVerdict::ok);
}

TEST_F(SipDigestVerify, ComparesUppercaseHexLikeLowercase) {
  auto c = answer(DigestAlgorithm::md5, "pw", kStart);
  for (auto& ch : c.response) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(verify(c, kStart), DigestVerdict::ok);
}

TEST_F(SipDigestVerify, NonceGoesStaleAfterItsLifetime) {
  auto c = answer(DigestAlgorithm::md5, "pw", kStart);
  EXPECT_EQ(verify(c, kStart + kLifetime + 1), DigestVerdict::stale_nonce);
  // stale=true promises the password was right, so a wrong one stays a wrong response.
  auto wrong = answer(DigestAlgorithm::md5, "other", kStart);
  EXPECT_EQ(verify(wrong, kStart + kLifetime + 1), DigestVerdict::wrong_response);
  auto challenge = build_digest_challenge("callwerk", nonces.issue(kStart + kLifetime + 1),
                                          DigestAlgorithm::md5, true);
  EXPECT_NE(challenge.find("stale=true"), std::string::npos);
  // Within the lifetime it is still good.
  EXPECT_EQ(verify(c, kStart + kLifetime), DigestVerdict::ok);
}

TEST_F(SipDigestVerify, RefusesTamperedAndForeignNonces) {
  auto c = answer(DigestAlgorithm::md5, "pw", kStart);
  auto tampered = c;
  tampered.nonce[3] = tampered.nonce[3] == '0' ? '1' : '0';  // a later issue time, say
  resign(tampered);
  EXPECT_EQ(verify(tampered, kStart), DigestVerdict::bad_nonce);

  SipNonceSource other{"another secret", kLifetime};
  auto foreign = c;
  foreign.nonce = other.issue(kStart);
  resign(foreign);
  EXPECT_EQ(verify(foreign, kStart), DigestVerdict::bad_nonce);

  auto invented = c;
  invented.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  resign(invented);
  EXPECT_EQ(verify(invented, kStart), DigestVerdict::bad_nonce);
}

TEST_F(SipDigestVerify, RefusesAnotherRealm) {
  auto c = answer(DigestAlgorithm::md5, "pw", kStart);
  c.realm = "elsewhere";
  resign(c);
  EXPECT_EQ(verify(c, kStart), DigestVerdict::wrong_realm);
}

TEST_F(SipDigestVerify, RefusesAReplayedNonceCount) {
  auto c = answer(DigestAlgorithm::sha256, "pw", kStart);
  EXPECT_EQ(verify(c, kStart + 1), DigestVerdict::ok);
  EXPECT_EQ(verify(c, kStart + 2), DigestVerdict::replayed_nonce);
  c.nc = "00000002";
  resign(c);
  EXPECT_EQ(verify(c, kStart + 3), DigestVerdict::ok);
  c.nc = "00000001";
  resign(c);
  EXPECT_EQ(verify(c, kStart + 4), DigestVerdict::replayed_nonce);
  c.nc = "00000000";
  resign(c);
  EXPECT_EQ(verify(c, kStart + 5), DigestVerdict::unsupported);
}

TEST_F(SipDigestVerify, AcceptsTheLegacyFormWithoutQopOncePerNonce) {
  DigestCredentials c;
  c.username = "201";
  c.realm = "callwerk";
  c.nonce = nonces.issue(kStart);
  c.uri = "sip:pbx.example.com";
  resign(c);
  // H(HA1:nonce:H(method:uri)), written out once by hand.
  auto ha1 = digest_hash_hex(DigestAlgorithm::md5, "201:callwerk:pw");
  auto ha2 = digest_hash_hex(DigestAlgorithm::md5, "REGISTER:sip:pbx.example.com");
  EXPECT_EQ(c.response, digest_hash_hex(DigestAlgorithm::md5, ha1 + ":" + c.nonce + ":" + ha2));

  auto value = to_authorization_value(c);
  EXPECT_EQ(value.find("qop"), std::string::npos);
  auto parsed = parse_credentials_ok(value);
  EXPECT_EQ(verify(parsed, kStart), DigestVerdict::ok);
  EXPECT_EQ(verify(parsed, kStart + 1), DigestVerdict::replayed_nonce);
  parsed.response[0] = parsed.response[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(verify(parsed, kStart + 2), DigestVerdict::wrong_response);

  DigestChallenge legacy{"callwerk", nonces.issue(kStart), "", "", "", false};
  auto built = build_digest_authorization(legacy, "201", "pw", "REGISTER", "sip:pbx", "c", 1);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(verify(parse_credentials_ok(*built), kStart), DigestVerdict::ok);
}

TEST_F(SipDigestVerify, RefusesWhatIsNotSupported) {
  auto c = answer(DigestAlgorithm::md5, "pw", kStart);
  auto sess = c;
  sess.algorithm = "MD5-sess";
  EXPECT_EQ(verify(sess, kStart), DigestVerdict::unsupported);
  auto auth_int = c;
  auth_int.qop = "auth-int";
  EXPECT_EQ(verify(auth_int, kStart), DigestVerdict::unsupported);
  auto userhash = c;
  userhash.userhash = "true";
  EXPECT_EQ(verify(userhash, kStart), DigestVerdict::unsupported);
  EXPECT_EQ(verify(c, kStart), DigestVerdict::ok);
}

TEST(SipNonce, IssuesDistinctNoncesWithinOneMillisecond) {
  SipNonceSource nonces{make_nonce_secret(), kLifetime};
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto nonce = nonces.issue(kStart);
    EXPECT_EQ(nonce.size(), 52u);
    EXPECT_EQ(nonce.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(nonces.check(nonce, kStart), SipNonceSource::Check::valid);
    seen.insert(nonce);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(SipNonceSource::issued_at(*seen.begin()), kStart);
}

TEST(SipNonce, IsSignedWithHmacSha256OfItsSecret) {
  // Guards the reused HMAC context: a context that lost its key would still agree with itself.
  const std::string secret = "0123456789abcdef0123456789abcdef";
  SipNonceSource nonces{secret, kLifetime};
  for (int i = 0; i < 3; ++i) {
    auto nonce = nonces.issue(kStart + i);
    auto stamp = nonce.substr(0, 20);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(stamp.data()), stamp.size(), mac, &size);
    std::string hex;
    for (unsigned int b = 0; b < 16; ++b) {
      hex += "0123456789abcdef"[mac[b] >> 4];
      hex += "0123456789abcdef"[mac[b] & 0xf];
    }
    EXPECT_EQ(nonce.substr(20), hex);
  }
}

TEST(SipNonce, ChecksAgeAndSignature) {
  SipNonceSource nonces{"secret", kLifetime};
  auto nonce = nonces.issue(kStart);
  EXPECT_EQ(nonces.check(nonce, kStart + kLifetime), SipNonceSource::Check::valid);
  EXPECT_EQ(nonces.check(nonce, kStart + kLifetime + 1), SipNonceSource::Check::stale);
  // Our clock stepped back a lot: the nonce is ours, so the client may just retry.
  EXPECT_EQ(nonces.check(nonce, kStart - 60'000), SipNonceSource::Check::stale);
  EXPECT_EQ(nonces.check(nonce.substr(1), kStart), SipNonceSource::Check::invalid);
  auto upper = nonce;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(nonces.check(upper, kStart), SipNonceSource::Check::invalid);
  auto flipped = nonce;
  flipped.back() = flipped.back() == 'f' ? 'e' : 'f';
  EXPECT_EQ(nonces.check(flipped, kStart), SipNonceSource::Check::invalid);
  SipNonceSource other("secret2", kLifetime);
  EXPECT_EQ(other.check(nonce, kStart), SipNonceSource::Check::invalid);
}

TEST(SipNonceReplayGuard, ForgetsExpiredNoncesFirst) {
  SipNonceReplayGuard guard(4);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(guard.accept("n" + std::to_string(i), 1, kStart + i, kStart + i + 100, kStart));
  EXPECT_EQ(guard.size(), 4u);
  // At kStart + 101 the first two have expired and make room; nothing live was forgotten.
  EXPECT_TRUE(guard.accept("n4", 1, kStart + 50, kStart + 150, kStart + 101));
  EXPECT_EQ(guard.size(), 3u);
  EXPECT_FALSE(guard.accept("n2", 1, kStart + 2, kStart + 102, kStart + 101));
  EXPECT_TRUE(guard.accept("n2", 2, kStart + 2, kStart + 102, kStart + 101));
}

TEST(SipNonceReplayGuard, RefusesForgottenLiveNoncesInsteadOfAllowingReplay) {
  SipNonceReplayGuard guard(4);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(guard.accept("n" + std::to_string(i), 1, kStart + i, kStart + 1000, kStart));
  // Full of live nonces: the oldest are forgotten, and from then on refused outright.
  EXPECT_TRUE(guard.accept("n4", 1, kStart + 4, kStart + 1000, kStart + 5));
  EXPECT_LT(guard.size(), 5u);
  EXPECT_FALSE(guard.accept("n0", 1, kStart, kStart + 1000, kStart + 6));
  EXPECT_FALSE(guard.accept("n0", 7, kStart, kStart + 1000, kStart + 6));
  EXPECT_FALSE(guard.accept("fresh-but-old", 1, kStart, kStart + 1000, kStart + 6));
  EXPECT_FALSE(guard.accept("n3", 1, kStart + 3, kStart + 1000, kStart + 6));
  EXPECT_TRUE(guard.accept("n3", 2, kStart + 3, kStart + 1000, kStart + 6));
  EXPECT_TRUE(guard.accept("n5", 1, kStart + 5, kStart + 1000, kStart + 6));
}

}  // namespace
}  // namespace callwerk::sip

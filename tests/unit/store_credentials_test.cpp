#include <gtest/gtest.h>

#include "store/credentials.hpp"
#include "store/phone_number.hpp"

namespace callwerk::store {
namespace {

TEST(StoreCredentials, HashesAndVerifiesPasswords) {
  auto hash = hash_password("Demo-Agent-2026");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*hash, "Demo-Agent-2026"));
  EXPECT_FALSE(verify_password(*hash, "demo-agent-2026"));
  EXPECT_FALSE(verify_password("not a hash", "x"));
  EXPECT_FALSE(verify_password("", ""));
  EXPECT_FALSE(hash_password("").ok());
}

TEST(StoreCredentials, TokensAndDigests) {
  const std::string a = random_token(32), b = random_token(32);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(StorePhoneNumber, NormalisesGermanNumbersToE164) {
  auto e164 = [](std::string_view in) {
    auto r = normalize_phone_e164(in);
    return r.ok() ? *r : "error: " + r.error().message;
  };
  EXPECT_EQ(e164("06131 98 76-54"), "+496131987654");
  EXPECT_EQ(e164("(06131) 987/654"), "+496131987654");
  EXPECT_EQ(e164("0049 170 1234567"), "+491701234567");
  EXPECT_EQ(e164("+49 170 1234567"), "+491701234567");
  EXPECT_EQ(e164("+49 (0)170 1234567"), "+491701234567");
  EXPECT_EQ(e164("+43 1 234567"), "+431234567");
  EXPECT_EQ(e164("0041-44-1234567"), "+41441234567");
  EXPECT_FALSE(normalize_phone_e164("0800 FLOWERS").ok());
  EXPECT_FALSE(normalize_phone_e164("0123").ok());
  EXPECT_FALSE(normalize_phone_e164("").ok());
  EXPECT_FALSE(normalize_phone_e164("+49+170").ok());
  EXPECT_FALSE(normalize_phone_e164("1234567").ok());
}

}  // namespace
}  // namespace callwerk::store

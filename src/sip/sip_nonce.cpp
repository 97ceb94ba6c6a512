#include "sip/sip_nonce.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace callwerk::sip {
namespace {

constexpr size_t kStampHex = 12;   // issue time in ms: 48 bits last until the year 10889
constexpr size_t kCounterHex = 8;  // 32-bit counter
constexpr size_t kMacBytes = 16;   // HMAC-SHA256 cut to 128 bits: plenty against forgery
constexpr size_t kNonceSize = kStampHex + kCounterHex + 2 * kMacBytes;
// A nonce from slightly ahead is tolerated (another loop's clock); further means our clock
// stepped back, and the nonce is then treated as stale so the client just retries.
constexpr TimeMs kFutureSlackMs = 2'000;

constexpr char kHexDigits[] = "0123456789abcdef";

void append_hex(std::string& out, uint64_t value, size_t digits) {
  for (size_t i = digits; i-- > 0;) out.push_back(kHexDigits[(value >> (4 * i)) & 0xf]);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // nonces are written in lowercase only
}

std::optional<uint64_t> parse_hex(std::string_view text) {
  uint64_t value = 0;
  for (char c : text) {
    int digit = hex_value(c);
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<uint64_t>(digit);
  }
  return value;
}

EVP_MAC_CTX* new_hmac_sha256(std::string_view key) {
  static EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  char digest_name[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  EVP_MAC_CTX* context = hmac ? EVP_MAC_CTX_new(hmac) : nullptr;
  if (!context || EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()),
                               key.size(), params) != 1) {
    EVP_MAC_CTX_free(context);
    throw std::runtime_error("OpenSSL has no HMAC-SHA256 for SIP nonces");
  }
  return context;
}

uint32_t random_u32() {
  uint32_t value = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1) value = 0;
  return value;
}

}  // namespace

std::string make_nonce_secret() {
  std::string secret(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()),
                 static_cast<int>(secret.size())) != 1)
    throw std::runtime_error("OpenSSL could not produce random bytes for the nonce secret");
  return secret;
}

void SipNonceSource::MacContextFree::operator()(evp_mac_ctx_st* context) const {
  EVP_MAC_CTX_free(context);
}

SipNonceSource::SipNonceSource(std::string secret, TimeMs lifetime)
    : mac_(new_hmac_sha256(secret)), lifetime_(lifetime), counter_(random_u32()) {}

std::string SipNonceSource::mac_hex(std::string_view stamp) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t mac_size = 0;
  // A null key restarts the context with the key given at construction.
  EVP_MAC_init(mac_.get(), nullptr, 0, nullptr);
  EVP_MAC_update(mac_.get(), reinterpret_cast<const unsigned char*>(stamp.data()), stamp.size());
  EVP_MAC_final(mac_.get(), mac, &mac_size, sizeof mac);
  std::string hex;
  hex.reserve(2 * kMacBytes);
  for (size_t i = 0; i < kMacBytes; ++i) append_hex(hex, mac[i], 2);
  return hex;
}

std::string SipNonceSource::issue(TimeMs now) const {
  std::string nonce;
  nonce.reserve(kNonceSize);
  append_hex(nonce, static_cast<uint64_t>(std::max<TimeMs>(now, 0)), kStampHex);
  append_hex(nonce, ++counter_, kCounterHex);
  nonce += mac_hex(nonce);
  return nonce;
}

SipNonceSource::Check SipNonceSource::check(std::string_view nonce, TimeMs now) const {
  if (nonce.size() != kNonceSize) return Check::invalid;
  auto stamp = nonce.substr(0, kStampHex + kCounterHex);
  if (!parse_hex(stamp)) return Check::invalid;
  auto expected = mac_hex(stamp);
  // Constant time, so the MAC cannot be guessed byte by byte from response timings.
  if (CRYPTO_memcmp(expected.data(), nonce.data() + stamp.size(), expected.size()) != 0)
    return Check::invalid;
  auto issued = *issued_at(nonce);
  if (issued > now + kFutureSlackMs) return Check::stale;
  if (now - issued > lifetime_) return Check::stale;
  return Check::valid;
}

std::optional<TimeMs> SipNonceSource::issued_at(std::string_view nonce) {
  if (nonce.size() != kNonceSize) return std::nullopt;
  auto value = parse_hex(nonce.substr(0, kStampHex));
  if (!value) return std::nullopt;
  return static_cast<TimeMs>(*value);
}

SipNonceReplayGuard::SipNonceReplayGuard(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 4)) {}

bool SipNonceReplayGuard::accept(std::string_view nonce, uint32_t nc, TimeMs issued_at,
                                 TimeMs expires_at, TimeMs now) {
  auto found = entries_.find(nonce);
  if (found != entries_.end()) {
    if (nc <= found->second.highest_nc && found->second.expires_at > now) return false;
    found->second.highest_nc = nc;
    return true;
  }
  if (forgotten_up_to_ && issued_at <= *forgotten_up_to_) return false;
  if (entries_.size() >= capacity_) {
    make_room(now);
    // The nonce may be one of those just forgotten.
    if (forgotten_up_to_ && issued_at <= *forgotten_up_to_) return false;
  }
  entries_.emplace(std::string(nonce), Entry{nc, issued_at, expires_at});
  return true;
}

void SipNonceReplayGuard::make_room(TimeMs now) {
  std::erase_if(entries_, [now](const auto& entry) { return entry.second.expires_at <= now; });
  if (entries_.size() < capacity_) return;
  // Still full of live nonces (a flood of correct answers): forget the oldest quarter at once,
  // so the O(n) pass is paid once per capacity/4 insertions.
  std::vector<TimeMs> issued;
  issued.reserve(entries_.size());
  for (const auto& entry : entries_) issued.push_back(entry.second.issued_at);
  auto cut = issued.begin() + static_cast<std::ptrdiff_t>(issued.size() / 4);
  std::nth_element(issued.begin(), cut, issued.end());
  TimeMs threshold = *cut;
  std::erase_if(entries_,
                [threshold](const auto& entry) { return entry.second.issued_at <= threshold; });
  forgotten_up_to_ = std::max(forgotten_up_to_.value_or(threshold), threshold);
}

}  // namespace callwerk::sip

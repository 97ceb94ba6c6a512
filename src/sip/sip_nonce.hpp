#pragma once
// Nonces for SIP digest authentication (RFC 3261 §22.4, RFC 7616 §3.3). They are stateless:
// each carries its issue time and an HMAC over it, so any nonce can be checked without
// remembering it, and a restart or a second core loop with the same secret accepts it too.
// Only replay protection needs memory, and only for nonces that were answered correctly.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX, kept out of this header

namespace callwerk::sip {

// 32 random bytes (OpenSSL's CSPRNG) for a SipNonceSource made at startup.
std::string make_nonce_secret();

// Not thread-safe (it reuses one keyed HMAC context): one per core loop, all with the same
// secret when nonces should be accepted across loops.
class SipNonceSource {
 public:
  SipNonceSource(std::string secret, TimeMs lifetime = 300'000);

  // "<12 hex issue time ms><8 hex counter><32 hex HMAC-SHA256 prefix>": 52 characters, no
  // characters that need quoting. The counter keeps nonces issued in the same millisecond
  // apart, which the replay guard relies on.
  std::string issue(TimeMs now) const;

  enum class Check {
    valid,
    stale,    // ours, but older than the lifetime (or from a clock that later stepped back)
    invalid,  // not ours: wrong length, not hex, or the HMAC does not match
  };
  Check check(std::string_view nonce, TimeMs now) const;

  // The issue time written in a nonce; only meaningful after check() said valid or stale.
  static std::optional<TimeMs> issued_at(std::string_view nonce);
  TimeMs lifetime() const { return lifetime_; }

 private:
  struct MacContextFree {
    void operator()(evp_mac_ctx_st* context) const;
  };
  std::string mac_hex(std::string_view stamp) const;

  // Keyed once: OpenSSL's one-shot HMAC() looks the algorithm up and derives the key pads on
  // every call, which costs several times the digest itself.
  std::unique_ptr<evp_mac_ctx_st, MacContextFree> mac_;
  TimeMs lifetime_;
  mutable uint32_t counter_;  // issue() stays const for callers; only uniqueness depends on it
};

// Remembers the highest nonce-count accepted per nonce so that a captured Authorization
// cannot be sent again while its nonce is still valid (RFC 7616 §3.3, §5.7). Bounded: when
// full it forgets expired nonces, and if that is not enough the oldest quarter, after which
// every forgotten-but-unexpired nonce is refused (the client gets a fresh challenge), so
// eviction never opens a replay window.
class SipNonceReplayGuard {
 public:
  explicit SipNonceReplayGuard(size_t capacity = 65'536);

  // True (and recorded) when `nc` is above every count accepted before for `nonce`. The legacy
  // form without qop has no count; pass 0, which allows one use per nonce.
  bool accept(std::string_view nonce, uint32_t nc, TimeMs issued_at, TimeMs expires_at, TimeMs now);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint32_t highest_nc = 0;
    TimeMs issued_at = 0;
    TimeMs expires_at = 0;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  void make_room(TimeMs now);

  size_t capacity_;
  // Nonces issued at or before this time and not in the table were evicted while still valid.
  std::optional<TimeMs> forgotten_up_to_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

}  // namespace callwerk::sip

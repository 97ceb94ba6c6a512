#pragma once
// HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617, RFC 7616 for SHA-256):
// challenges for the server side, parsing and verifying the client's credentials, and the
// same computation for callwerk as a client (trunk registration). Only qop=auth and the
// legacy form without qop; auth-int, the -sess algorithms and userhash are refused as
// unsupported.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "sip/sip_nonce.hpp"

namespace callwerk::sip {

enum class DigestAlgorithm { md5, sha256 };

std::string_view to_string(DigestAlgorithm algorithm);  // "MD5", "SHA-256"
// Case-insensitive; an absent algorithm parameter (empty text) means MD5 (RFC 2617 §3.2.1).
std::optional<DigestAlgorithm> parse_digest_algorithm(std::string_view text);

// H(data) as lowercase hex (32 characters for MD5, 64 for SHA-256).
std::string digest_hash_hex(DigestAlgorithm algorithm, std::string_view data);

// A WWW-Authenticate / Proxy-Authenticate value with qop="auth". To offer both algorithms,
// send two headers, SHA-256 first (RFC 7616 §3.7): older phones pick the MD5 one.
std::string build_digest_challenge(std::string_view realm, std::string_view nonce,
                                   DigestAlgorithm algorithm, bool stale);

// What a challenge offers, for the client side.
struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;
  std::string algorithm;  // as written; empty means MD5
  std::string qop;        // the offered list as written, e.g. "auth,auth-int"; empty: legacy
  bool stale = false;
};
Result<DigestChallenge> parse_digest_challenge(std::string_view authenticate_value);

// The parameters of an Authorization / Proxy-Authorization value, unquoted and unescaped.
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;  // empty means MD5
  std::string cnonce;
  std::string nc;   // 8 hex digits when qop is present
  std::string qop;  // "auth" or empty for the legacy form
  std::string opaque;
  std::string userhash;  // "true" is not supported
};

// Accepts quoted strings with escapes, parameters in any order, names in any case, quoted or
// bare values; ignores unknown parameters; rejects duplicates, a missing required parameter
// (username, realm, nonce, uri, response; cnonce and nc when qop is given) and any other
// scheme than Digest.
Result<DigestCredentials> parse_digest_credentials(std::string_view authorization_value);

// Serializes credentials as an Authorization value (the client side).
std::string to_authorization_value(const DigestCredentials& credentials);

// H(username:realm:password).
std::string digest_ha1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                       std::string_view password);

// The request-digest (RFC 7616 §3.4.1): with qop, H(HA1:nonce:nc:cnonce:qop:H(method:uri));
// without qop the RFC 2069 form H(HA1:nonce:H(method:uri)). Uses fields.nonce, nc, cnonce,
// qop and uri. Lowercase hex.
std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1,
                            const DigestCredentials& fields, std::string_view method);

enum class DigestVerdict {
  ok,
  wrong_response,  // wrong password or user: answer 403 or a new challenge
  stale_nonce,     // right password, expired nonce: new challenge with stale=true
  replayed_nonce,  // nonce count already used: new challenge with stale=true (RFC 7616 §3.3)
  bad_nonce,       // a nonce we never issued: new challenge
  wrong_realm,     // credentials for another realm: new challenge
  unsupported,     // algorithm, qop or userhash we do not do: new challenge (or 400)
};
std::string_view to_string(DigestVerdict verdict);

// Checks credentials for `method` against the user's password. The response is compared in
// constant time; stale_nonce is only given when the response is right for that nonce, so a
// wrong password never yields stale=true (RFC 2617 §3.2.1). A correct answer records its
// nonce count in `replay_guard`; a wrong one leaves the guard alone so that guessing cannot
// lock out the real client. Does not compare `uri` with the Request-URI: the caller may.
DigestVerdict verify_digest(const DigestCredentials& credentials, std::string_view method,
                            std::string_view expected_realm, std::string_view password,
                            const SipNonceSource& nonces, SipNonceReplayGuard& replay_guard,
                            TimeMs now);

// The client side: an Authorization value answering `challenge`, with qop=auth when the
// challenge offers it and the legacy form when it offers no qop. Fails when the challenge's
// algorithm or qop cannot be served. `cnonce` should be random; `nc` counts the requests
// sent with this nonce, from 1.
Result<std::string> build_digest_authorization(const DigestChallenge& challenge,
                                               std::string_view username, std::string_view password,
                                               std::string_view method, std::string_view uri,
                                               std::string_view cnonce, uint32_t nc);

}  // namespace callwerk::sip

#include "sip/sip_digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cctype>
#include <initializer_list>
#include <memory>
#include <vector>

#include "sip/sip_text.hpp"

namespace callwerk::sip {
namespace {

Error bad(std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message));
}

const EVP_MD* message_digest(DigestAlgorithm algorithm) {
  // Fetched once: OpenSSL 3 otherwise looks the algorithm up again on every use.
  static const EVP_MD* md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  static const EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return algorithm == DigestAlgorithm::md5 ? md5 : sha256;
}

struct MdContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// H(piece1:piece2:...) as lowercase hex, without building the joined string.
std::string hash_joined(DigestAlgorithm algorithm, std::initializer_list<std::string_view> pieces) {
  thread_local std::unique_ptr<EVP_MD_CTX, MdContextFree> context(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestInit_ex(context.get(), message_digest(algorithm), nullptr);
  bool first = true;
  for (auto piece : pieces) {
    if (!first) EVP_DigestUpdate(context.get(), ":", 1);
    EVP_DigestUpdate(context.get(), piece.data(), piece.size());
    first = false;
  }
  EVP_DigestFinal_ex(context.get(), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(2 * size, '\0');
  for (unsigned int i = 0; i < size; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return hex;
}

void append_quoted(std::string& out, std::string_view value) {
  out.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_param(std::string& out, std::string_view name, std::string_view value, bool quoted) {
  if (out.back() != ' ') out.append(", ");
  out.append(name).push_back('=');
  if (quoted) {
    append_quoted(out, value);
  } else {
    out.append(value);
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 7230 tchar, which is what auth-param names are made of.
bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

struct AuthParam {
  std::string_view name;
  std::string value;  // unquoted and unescaped
};

// Parses `Digest name=value, name="quoted", ...` (RFC 7235 §2.1, RFC 3261 §25.1).
Result<std::vector<AuthParam>> parse_digest_params(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  size_t scheme_start = pos;
  while (pos < text.size() && !is_space(text[pos])) ++pos;
  if (!iequals(text.substr(scheme_start, pos - scheme_start), "Digest"))
    return bad("Authentication scheme is not Digest");

  std::vector<AuthParam> params;
  params.reserve(12);
  while (true) {
    while (pos < text.size() && (is_space(text[pos]) || text[pos] == ',')) ++pos;
    if (pos == text.size()) break;
    size_t name_start = pos;
    while (pos < text.size() && is_tchar(text[pos])) ++pos;
    auto name = text.substr(name_start, pos - name_start);
    if (name.empty()) return bad("Malformed digest parameter");
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos == text.size() || text[pos] != '=')
      return bad("Digest parameter without value: " + std::string(name));
    ++pos;
    while (pos < text.size() && is_space(text[pos])) ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      bool closed = false;
      for (++pos; pos < text.size(); ++pos) {
        char c = text[pos];
        if (c == '\\') {
          if (++pos == text.size()) break;
          value.push_back(text[pos]);
        } else if (c == '"') {
          closed = true;
          ++pos;
          break;
        } else {
          value.push_back(c);
        }
      }
      if (!closed) return bad("Unterminated quoted string in digest parameter");
    } else {
      // Bare values should be tokens; accept anything up to the next separator, as phones
      // write nonces and the like unquoted now and then.
      size_t value_start = pos;
      while (pos < text.size() && !is_space(text[pos]) && text[pos] != ',' && text[pos] != '"')
        ++pos;
      value.assign(text.substr(value_start, pos - value_start));
      if (value.empty()) return bad("Empty digest parameter: " + std::string(name));
    }
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos < text.size() && text[pos] != ',')
      return bad("Garbage after digest parameter: " + std::string(name));
    for (const auto& seen : params) {
      if (iequals(seen.name, name)) return bad("Duplicate digest parameter: " + std::string(name));
    }
    params.push_back(AuthParam{name, std::move(value)});
  }
  return params;
}

bool is_hex(std::string_view text) {
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<uint32_t> parse_nonce_count(std::string_view text) {
  if (text.size() != 8 || !is_hex(text)) return std::nullopt;
  return static_cast<uint32_t>(std::stoul(std::string(text), nullptr, 16));
}

std::string format_nonce_count(uint32_t nc) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(8, '0');
  for (int i = 7; i >= 0; --i, nc >>= 4) text[static_cast<size_t>(i)] = kHex[nc & 0xf];
  return text;
}

bool constant_time_equal_hex(std::string_view expected, std::string_view given) {
  if (expected.size() != given.size()) return false;
  // RFC 7616 asks for lowercase hex; some phones send uppercase. Folding the case of the
  // client's own value leaks nothing.
  std::string folded(given);
  for (auto& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return CRYPTO_memcmp(expected.data(), folded.data(), expected.size()) == 0;
}

}  // namespace

std::string_view to_string(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::md5 ? "MD5" : "SHA-256";
}

std::optional<DigestAlgorithm> parse_digest_algorithm(std::string_view text) {
  if (text.empty() || iequals(text, "MD5")) return DigestAlgorithm::md5;
  if (iequals(text, "SHA-256")) return DigestAlgorithm::sha256;
  return std::nullopt;
}

std::string digest_hash_hex(DigestAlgorithm algorithm, std::string_view data) {
  return hash_joined(algorithm, {data});
}

std::string build_digest_challenge(std::string_view realm, std::string_view nonce,
                                   DigestAlgorithm algorithm, bool stale) {
  std::string out = "Digest ";
  append_param(out, "realm", realm, true);
  append_param(out, "nonce", nonce, true);
  append_param(out, "algorithm", to_string(algorithm), false);
  append_param(out, "qop", "auth", true);
  if (stale) append_param(out, "stale", "true", false);
  return out;
}

Result<DigestChallenge> parse_digest_challenge(std::string_view authenticate_value) {
  auto params = parse_digest_params(authenticate_value);
  if (!params) return params.error();
  DigestChallenge challenge;
  for (auto& param : *params) {
    if (iequals(param.name, "realm")) {
      challenge.realm = std::move(param.value);
    } else if (iequals(param.name, "nonce")) {
      challenge.nonce = std::move(param.value);
    } else if (iequals(param.name, "opaque")) {
      challenge.opaque = std::move(param.value);
    } else if (iequals(param.name, "algorithm")) {
      challenge.algorithm = std::move(param.value);
    } else if (iequals(param.name, "qop")) {
      challenge.qop = std::move(param.value);
    } else if (iequals(param.name, "stale")) {
      challenge.stale = iequals(param.value, "true");
    }
  }
  if (challenge.realm.empty()) return bad("Digest challenge without realm");
  if (challenge.nonce.empty()) return bad("Digest challenge without nonce");
  return challenge;
}

Result<DigestCredentials> parse_digest_credentials(std::string_view authorization_value) {
  auto params = parse_digest_params(authorization_value);
  if (!params) return params.error();
  DigestCredentials c;
  std::pair<std::string_view, std::string*> fields[] = {
      {"username", &c.username}, {"realm", &c.realm},
      {"nonce", &c.nonce},       {"uri", &c.uri},
      {"response", &c.response}, {"algorithm", &c.algorithm},
      {"cnonce", &c.cnonce},     {"nc", &c.nc},
      {"qop", &c.qop},           {"opaque", &c.opaque},
      {"userhash", &c.userhash},
  };
  for (auto& param : *params) {
    for (auto& [name, target] : fields) {
      if (iequals(param.name, name)) *target = std::move(param.value);
    }
  }
  std::pair<std::string_view, const std::string*> required[] = {
      {"username", &c.username}, {"realm", &c.realm},       {"nonce", &c.nonce},
      {"uri", &c.uri},           {"response", &c.response},
  };
  for (const auto& [name, value] : required) {
    if (value->empty()) return bad("Digest credentials without " + std::string(name));
  }
  if (!c.qop.empty()) {
    if (c.cnonce.empty()) return bad("Digest credentials with qop but without cnonce");
    if (!parse_nonce_count(c.nc)) return bad("Digest nonce count is not 8 hex digits");
  }
  return c;
}

std::string to_authorization_value(const DigestCredentials& c) {
  std::string out = "Digest ";
  append_param(out, "username", c.username, true);
  append_param(out, "realm", c.realm, true);
  append_param(out, "nonce", c.nonce, true);
  append_param(out, "uri", c.uri, true);
  append_param(out, "response", c.response, true);
  if (!c.algorithm.empty()) append_param(out, "algorithm", c.algorithm, false);
  if (!c.qop.empty()) {
    append_param(out, "cnonce", c.cnonce, true);
    append_param(out, "nc", c.nc, false);
    append_param(out, "qop", c.qop, false);
  }
  if (!c.opaque.empty()) append_param(out, "opaque", c.opaque, true);
  return out;
}

std::string digest_ha1(DigestAlgorithm algorithm, std::string_view username, std::string_view realm,
                       std::string_view password) {
  return hash_joined(algorithm, {username, realm, password});
}

std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1,
                            const DigestCredentials& fields, std::string_view method) {
  auto ha2 = hash_joined(algorithm, {method, fields.uri});
  if (fields.qop.empty()) return hash_joined(algorithm, {ha1, fields.nonce, ha2});
  return hash_joined(algorithm, {ha1, fields.nonce, fields.nc, fields.cnonce, fields.qop, ha2});
}

std::string_view to_string(DigestVerdict verdict) {
  switch (verdict) {
    case DigestVerdict::ok:
      return "ok";
    case DigestVerdict::wrong_response:
      return "wrong response";
    case DigestVerdict::stale_nonce:
      return "stale nonce";
    case DigestVerdict::replayed_nonce:
      return "replayed nonce";
    case DigestVerdict::bad_nonce:
      return "bad nonce";
    case DigestVerdict::wrong_realm:
      return "wrong realm";
    case DigestVerdict::unsupported:
      return "unsupported";
  }
  return "unknown";
}

DigestVerdict verify_digest(const DigestCredentials& credentials, std::string_view method,
                            std::string_view expected_realm, std::string_view password,
                            const SipNonceSource& nonces, SipNonceReplayGuard& replay_guard,
                            TimeMs now) {
  if (credentials.realm != expected_realm) return DigestVerdict::wrong_realm;
  auto algorithm = parse_digest_algorithm(credentials.algorithm);
  if (!algorithm) return DigestVerdict::unsupported;
  if (!credentials.qop.empty() && !iequals(credentials.qop, "auth"))
    return DigestVerdict::unsupported;
  if (iequals(credentials.userhash, "true")) return DigestVerdict::unsupported;
  uint32_t nc = 0;  // the legacy form has no count: one use per nonce
  if (!credentials.qop.empty()) {
    auto parsed = parse_nonce_count(credentials.nc);
    if (!parsed || *parsed == 0) return DigestVerdict::unsupported;
    nc = *parsed;
  }

  auto freshness = nonces.check(credentials.nonce, now);
  if (freshness == SipNonceSource::Check::invalid) return DigestVerdict::bad_nonce;

  auto ha1 = digest_ha1(*algorithm, credentials.username, credentials.realm, password);
  auto expected = digest_response(*algorithm, ha1, credentials, method);
  if (!constant_time_equal_hex(expected, credentials.response))
    return DigestVerdict::wrong_response;
  if (freshness == SipNonceSource::Check::stale) return DigestVerdict::stale_nonce;

  auto issued = *SipNonceSource::issued_at(credentials.nonce);
  if (!replay_guard.accept(credentials.nonce, nc, issued, issued + nonces.lifetime(), now))
    return DigestVerdict::replayed_nonce;
  return DigestVerdict::ok;
}

Result<std::string> build_digest_authorization(const DigestChallenge& challenge,
                                               std::string_view username, std::string_view password,
                                               std::string_view method, std::string_view uri,
                                               std::string_view cnonce, uint32_t nc) {
  auto algorithm = parse_digest_algorithm(challenge.algorithm);
  if (!algorithm) return bad("Unsupported digest algorithm: " + challenge.algorithm);
  DigestCredentials c;
  c.username = username;
  c.realm = challenge.realm;
  c.nonce = challenge.nonce;
  c.uri = uri;
  c.algorithm = challenge.algorithm.empty() ? std::string() : std::string(to_string(*algorithm));
  c.opaque = challenge.opaque;
  if (!challenge.qop.empty()) {
    bool offers_auth = false;
    for (auto option : split_header_list(challenge.qop)) offers_auth |= iequals(option, "auth");
    if (!offers_auth) return bad("Digest challenge offers no qop=auth: " + challenge.qop);
    c.qop = "auth";
    c.cnonce = cnonce;
    c.nc = format_nonce_count(nc);
  }
  c.response =
      digest_response(*algorithm, digest_ha1(*algorithm, username, c.realm, password), c, method);
  return to_authorization_value(c);
}

}  // namespace callwerk::sip

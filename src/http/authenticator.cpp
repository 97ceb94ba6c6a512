#include "http/authenticator.hpp"

#include "store/credentials.hpp"

namespace callwerk::http {

namespace {

Error unauthorized(std::string message = "authentication required") {
  return make_error(ErrorKind::unauthorized, std::move(message));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The user behind a session or token, if still allowed to sign in.
Result<Caller> caller_for_user(store::StoreReader& reader, store::Id user_id) {
  auto user = reader.user_by_id(user_id);
  if (!user || !user->active) return unauthorized("the account is disabled");
  auto role = parse_role(user->role);
  if (!role) return unauthorized("the account has no valid role");
  Caller caller;
  caller.user_id = user->id;
  caller.tenant_id = user->tenant_id;
  caller.role = *role;
  caller.username = user->username;
  return caller;
}

Result<Caller> authenticate_token(std::string_view token, store::StoreReader& reader,
                                  AuthCache& cache) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix || token.size() > 200) {
    return unauthorized("invalid API token");
  }
  const std::string hash = store::sha256_hex(token);
  // Tokens and sessions share the cache: a token's key differs from every session's, so a
  // token sent as a cookie is never taken for a (CSRF-free) token caller, nor the reverse.
  const std::string key = token_cache_key(hash);
  const TimeMs now = now_ms();
  if (auto cached = cache.find(key, now)) return *cached;
  auto record = reader.api_token(hash);
  if (!record || record->revoked) return unauthorized("invalid API token");
  auto caller = caller_for_user(reader, record->user_id);
  if (!caller) return caller.error();
  if (caller->tenant_id != record->tenant_id) return unauthorized("invalid API token");
  caller->token_id = record->id;
  cache.put(key, *caller, 0, now);
  return caller;
}

Result<Caller> authenticate_session(const std::string& cookie, store::StoreReader& reader,
                                    AuthCache& cache) {
  if (cookie.empty() || cookie.size() > 200) return unauthorized("invalid session");
  const std::string hash = store::sha256_hex(cookie);
  const TimeMs now = now_ms();
  if (auto cached = cache.find(hash, now)) return *cached;
  auto session = reader.session(hash);
  if (!session || session->expires_at <= now) return unauthorized("the session has expired");
  auto caller = caller_for_user(reader, session->user_id);
  if (!caller) return caller.error();
  caller->via_cookie = true;
  caller->csrf_token = session->csrf_token;
  caller->session_hash = hash;
  cache.put(hash, *caller, session->expires_at, now);
  return caller;
}

}  // namespace

std::string token_cache_key(const std::string& token_hash) {
  return "t:" + token_hash;
}

std::optional<std::string> session_cookie_value(std::string_view cookie_header) {
  while (!cookie_header.empty()) {
    const auto semicolon = cookie_header.find(';');
    std::string_view pair = trim(cookie_header.substr(0, semicolon));
    cookie_header = semicolon == std::string_view::npos ? std::string_view{}
                                                        : cookie_header.substr(semicolon + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == kSessionCookie) {
      std::string_view value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

Result<Caller> authenticate(std::string_view cookie_header, std::string_view authorization,
                            store::StoreReader& reader, AuthCache& cache) {
  if (!authorization.empty()) {
    authorization = trim(authorization);
    constexpr std::string_view kBearer = "Bearer ";
    // The scheme name is case-insensitive (RFC 9110, 11.1).
    if (authorization.size() <= kBearer.size() ||
        !equal_ignoring_case(authorization.substr(0, kBearer.size()), kBearer)) {
      return unauthorized("only Bearer tokens are accepted");
    }
    return authenticate_token(trim(authorization.substr(kBearer.size())), reader, cache);
  }
  if (auto cookie = session_cookie_value(cookie_header)) {
    return authenticate_session(*cookie, reader, cache);
  }
  return unauthorized();
}

bool equal_secrets(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

Status check_csrf(const Caller& caller, Method method, std::string_view csrf_header) {
  if (!caller.via_cookie || method == Method::get) return ok_status();
  if (csrf_header.empty()) {
    return make_error(ErrorKind::forbidden, "missing X-CSRF-Token header");
  }
  if (!equal_secrets(csrf_header, caller.csrf_token)) {
    return make_error(ErrorKind::forbidden, "wrong X-CSRF-Token");
  }
  return ok_status();
}

}  // namespace callwerk::http

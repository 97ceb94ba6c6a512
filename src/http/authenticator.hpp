#pragma once
// Resolves who is calling from the session cookie (`cw_session`) or an API token
// (`Authorization: Bearer cwk_...`), through the AuthCache, falling back to the store.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/api_types.hpp"
#include "http/auth_cache.hpp"

namespace callwerk::http {

inline constexpr std::string_view kSessionCookie = "cw_session";
inline constexpr std::string_view kTokenPrefix = "cwk_";
inline constexpr TimeMs kSessionLifetimeMs = 12LL * 60 * 60 * 1000;

// The value of cw_session in a Cookie header, if present.
std::optional<std::string> session_cookie_value(std::string_view cookie_header);

// unauthorized when no or invalid credentials are given. A bearer token wins over a cookie.
Result<Caller> authenticate(std::string_view cookie_header, std::string_view authorization,
                            store::StoreReader& reader, AuthCache& cache);

// Cookie sessions must echo their CSRF token on unsafe methods; bearer callers need not.
Status check_csrf(const Caller& caller, Method method, std::string_view csrf_header);

// The AuthCache key of an API token (sessions are keyed by their plain sha256 hex).
std::string token_cache_key(const std::string& token_hash);

// Compares secrets in time independent of where they differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace callwerk::http

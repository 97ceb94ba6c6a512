#pragma once
// Password hashing (argon2id) and random tokens, via libsodium. Thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace callwerk::store {

// An argon2id hash string ("$argon2id$v=19$..."), with libsodium's interactive limits.
Result<std::string> hash_password(std::string_view plain);
// False for a wrong password and for anything that is not a valid hash.
bool verify_password(std::string_view hash, std::string_view plain);
// `bytes` random bytes as base64url without padding (URL- and cookie-safe).
std::string random_token(std::size_t bytes = 32);
// Lower-case hex SHA-256 of text: how session ids and API tokens are stored.
std::string sha256_hex(std::string_view text);

}  // namespace callwerk::store

#include "http/entity_input.hpp"

#include <fmt/format.h>

#include "store/credentials.hpp"

namespace callwerk::http {

namespace {

constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxPasswordLength = 1024;

Error field_problem(std::string_view field, std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message), std::string(field));
}

Status check_keys(const store::EntitySpec& entity, const store::Json& body) {
  for (const auto& [key, value] : body.items()) {
    if (entity.child(key) != nullptr) continue;
    if (entity.name == "users" && key == "password") continue;
    const store::FieldSpec* field = entity.field(key);
    if (field == nullptr) return field_problem(key, fmt::format("unknown field '{}'", key));
    if (!field->writable) return field_problem(key, fmt::format("'{}' is read-only", key));
    // A hash given by a client would bypass the password rules; SIP passwords are write-only
    // secrets that phones need in clear text for digest auth, so they may be set.
    if (key == "password_hash") {
      return field_problem(key, "password_hash cannot be set; send password instead");
    }
  }
  return ok_status();
}

}  // namespace

Result<store::Json> prepare_entity_input(const store::EntitySpec& entity, store::Json body) {
  if (!body.is_object()) {
    return make_error(ErrorKind::invalid_input, "the body must be a JSON object");
  }
  if (Status keys = check_keys(entity, body); !keys) return keys.error();
  if (entity.name != "users") return body;
  auto password = body.find("password");
  if (password == body.end()) return body;
  if (password->is_null()) {
    body.erase(password);
    return body;
  }
  if (!password->is_string()) return field_problem("password", "password must be a string");
  const auto& plain = password->get_ref<const std::string&>();
  if (plain.size() < kMinPasswordLength) {
    return field_problem(
        "password", fmt::format("password must have at least {} characters", kMinPasswordLength));
  }
  if (plain.size() > kMaxPasswordLength) return field_problem("password", "password too long");
  auto hash = store::hash_password(plain);
  if (!hash) return hash.error();
  body.erase(password);
  body["password_hash"] = std::move(*hash);
  return body;
}

}  // namespace callwerk::http

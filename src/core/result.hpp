#pragma once
// A value or an error, for every boundary where input can be bad (parse, config, API input,
// store). g++ 12 has no std::expected, so this is the project's small stand-in.

#include <string>
#include <utility>
#include <variant>

namespace callwerk {

enum class ErrorKind {
  invalid_input,  // HTTP 400, CLI exit 2
  not_found,      // HTTP 404 (also for another tenant's objects)
  conflict,       // HTTP 409 (unique key taken, version clash)
  unauthorized,   // HTTP 401
  forbidden,      // HTTP 403
  too_many,       // HTTP 429
  too_large,      // HTTP 413
  internal,       // HTTP 500, logged
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  // Where in an input the problem is ("contacts.csv:12:3", "name"); empty when not applicable.
  std::string location;

  std::string describe() const { return location.empty() ? message : location + ": " + message; }
};

inline Error make_error(ErrorKind kind, std::string message, std::string location = {}) {
  return Error{kind, std::move(message), std::move(location)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

// For operations that return nothing but can fail.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() {
  return Done{};
}

}  // namespace callwerk

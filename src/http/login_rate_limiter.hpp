#pragma once
// Limits password guessing: more than 5 failed logins per username or 20 per client address
// within 5 minutes lock further attempts until the oldest failure leaves the window.
// Thread-safe; all HTTP threads share one instance.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace callwerk::http {

struct LoginLimits {
  int per_username = 5;
  int per_address = 20;
  TimeMs window_ms = 5 * 60 * 1000;
};

class LoginRateLimiter {
 public:
  explicit LoginRateLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // 0 when a login attempt may proceed, else the seconds until one may (Retry-After).
  std::int64_t retry_after_seconds(const std::string& username, const std::string& address,
                                   TimeMs now);
  void record_failure(const std::string& username, const std::string& address, TimeMs now);
  // A successful login forgives the username's failures (not the address's: one address
  // guessing many accounts stays limited).
  void record_success(const std::string& username);

 private:
  using Failures = std::unordered_map<std::string, std::deque<TimeMs>>;
  std::int64_t wait_for(Failures& failures, const std::string& key, int limit, TimeMs now);
  void prune_if_large(Failures& failures, TimeMs now);

  LoginLimits limits_;
  std::mutex mutex_;
  Failures by_username_;
  Failures by_address_;
};

}  // namespace callwerk::http

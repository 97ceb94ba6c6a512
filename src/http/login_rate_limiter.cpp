#include "http/login_rate_limiter.hpp"

#include <algorithm>

namespace callwerk::http {

namespace {
// Bounds memory under a flood of distinct usernames: beyond this, expired entries are swept.
constexpr std::size_t kSweepThreshold = 10000;
}  // namespace

std::int64_t LoginRateLimiter::wait_for(Failures& failures, const std::string& key, int limit,
                                        TimeMs now) {
  auto it = failures.find(key);
  if (it == failures.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - limits_.window_ms) times.pop_front();
  if (times.empty()) {
    failures.erase(it);
    return 0;
  }
  if (static_cast<int>(times.size()) < limit) return 0;
  // Allowed again when enough old failures have left the window to drop below the limit.
  const TimeMs unlock_at =
      times[times.size() - static_cast<std::size_t>(limit)] + limits_.window_ms;
  return std::max<std::int64_t>(1, (unlock_at - now + 999) / 1000);
}

std::int64_t LoginRateLimiter::retry_after_seconds(const std::string& username,
                                                   const std::string& address, TimeMs now) {
  std::lock_guard lock(mutex_);
  return std::max(wait_for(by_username_, username, limits_.per_username, now),
                  wait_for(by_address_, address, limits_.per_address, now));
}

void LoginRateLimiter::prune_if_large(Failures& failures, TimeMs now) {
  if (failures.size() < kSweepThreshold) return;
  std::erase_if(failures, [&](const auto& entry) {
    return entry.second.empty() || entry.second.back() <= now - limits_.window_ms;
  });
}

void LoginRateLimiter::record_failure(const std::string& username, const std::string& address,
                                      TimeMs now) {
  std::lock_guard lock(mutex_);
  prune_if_large(by_username_, now);
  prune_if_large(by_address_, now);
  auto& user_times = by_username_[username];
  user_times.push_back(now);
  // Only the newest failures matter for the limit; keep the deques short.
  if (user_times.size() > 64) user_times.pop_front();
  auto& address_times = by_address_[address];
  address_times.push_back(now);
  if (address_times.size() > 64) address_times.pop_front();
}

void LoginRateLimiter::record_success(const std::string& username) {
  std::lock_guard lock(mutex_);
  by_username_.erase(username);
}

}  // namespace callwerk::http

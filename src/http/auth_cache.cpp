#include "http/auth_cache.hpp"

#include <mutex>

namespace callwerk::http {

namespace {
// A flood of distinct valid credentials cannot grow the cache without bound.
constexpr std::size_t kMaxEntries = 100000;
}  // namespace

std::optional<Caller> AuthCache::find(const std::string& secret_hash, TimeMs now) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(secret_hash);
  if (it == entries_.end() || it->second.valid_until <= now) return std::nullopt;
  return it->second.caller;
}

void AuthCache::put(const std::string& secret_hash, const Caller& caller, TimeMs expires_at,
                    TimeMs now) {
  TimeMs valid_until = now + revalidate_after_ms_;
  if (expires_at > 0 && expires_at < valid_until) valid_until = expires_at;
  std::unique_lock lock(mutex_);
  if (entries_.size() >= kMaxEntries) {
    std::erase_if(entries_, [&](const auto& e) { return e.second.valid_until <= now; });
    if (entries_.size() >= kMaxEntries) entries_.clear();
  }
  entries_[secret_hash] = Entry{caller, valid_until};
}

void AuthCache::evict(const std::string& secret_hash) {
  {
    std::unique_lock lock(mutex_);
    entries_.erase(secret_hash);
  }
  notify(Revocation{Revocation::Kind::session, secret_hash, 0});
}

void AuthCache::evict_token(store::Id token_id) {
  {
    std::unique_lock lock(mutex_);
    std::erase_if(entries_, [&](const auto& e) { return e.second.caller.token_id == token_id; });
  }
  notify(Revocation{Revocation::Kind::token, {}, token_id});
}

void AuthCache::evict_user(store::Id user_id) {
  {
    std::unique_lock lock(mutex_);
    std::erase_if(entries_, [&](const auto& e) { return e.second.caller.user_id == user_id; });
  }
  notify(Revocation{Revocation::Kind::user, {}, user_id});
}

}  // namespace callwerk::http

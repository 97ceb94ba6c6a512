#pragma once
// In-memory cache of resolved sessions and API tokens, so that an authenticated request does
// not query SQLite for authentication each time. Entries are re-validated against the store
// after a short time, so revocations by another process still take effect; changes made
// through this server (logout, token revocation, user changes) evict at once.
// Thread-safe; shared by all HTTP threads.

#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "http/api_types.hpp"

namespace callwerk::http {

class AuthCache {
 public:
  explicit AuthCache(TimeMs revalidate_after_ms = 30'000)
      : revalidate_after_ms_(revalidate_after_ms) {}

  // Keyed by the sha256 hex of the cookie or token, as stored in the database.
  std::optional<Caller> find(const std::string& secret_hash, TimeMs now) const;
  // `expires_at`: the session's hard expiry (tokens: none, pass 0).
  void put(const std::string& secret_hash, const Caller& caller, TimeMs expires_at, TimeMs now);

  // Each eviction also tells the listener, so that what else was opened with the credential
  // (WebSocket event streams) ends with it.
  void evict(const std::string& secret_hash);
  void evict_token(store::Id token_id);
  void evict_user(store::Id user_id);

  struct Revocation {
    enum class Kind { session, token, user } kind;
    std::string session_hash;  // kind session
    store::Id id = 0;          // kind token or user
  };
  // Set once before the server starts; called on the evicting thread, without the lock.
  void set_revocation_listener(std::function<void(const Revocation&)> listener) {
    listener_ = std::move(listener);
  }

 private:
  void notify(const Revocation& revocation) const {
    if (listener_) listener_(revocation);
  }

  struct Entry {
    Caller caller;
    TimeMs valid_until = 0;
  };
  TimeMs revalidate_after_ms_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::function<void(const Revocation&)> listener_;
};

}  // namespace callwerk::http

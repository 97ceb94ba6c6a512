#pragma once
// Who may open a chat. The chat is public, so every limit that protects the server is here:
// a cap on concurrent chats in total and per client address, and a rate of new chats per
// address. Thread-safe: every HTTP thread asks the same instance.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace callwerk::chat {

struct ChatLimits {
  int max_chats = 10000;           // open at once, all tenants
  int max_chats_per_address = 50;  // open at once from one client address (offices share one)
  int new_chats_per_address = 60;  // opened within `window_ms` from one address
  TimeMs window_ms = 60 * 1000;
};

class ChatAdmission {
 public:
  enum class Verdict { admitted, address_busy, address_rate, full };
  struct Decision {
    Verdict verdict = Verdict::admitted;
    std::int64_t retry_after_seconds = 0;  // for address_rate
    bool admitted() const { return verdict == Verdict::admitted; }
  };

  explicit ChatAdmission(ChatLimits limits = {}) : limits_(limits) {}

  // On admission the chat counts as open until release() with the same address.
  Decision admit(const std::string& address, TimeMs now);
  void release(const std::string& address);
  int open_chats() const;

 private:
  struct Address {
    int open = 0;
    std::deque<TimeMs> opened;  // within the window, oldest first
  };
  void forget_idle(TimeMs now);

  ChatLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Address> addresses_;
  int open_ = 0;
  TimeMs last_sweep_ = 0;
};

}  // namespace callwerk::chat

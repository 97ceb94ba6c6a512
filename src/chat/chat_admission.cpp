#include "chat/chat_admission.hpp"

#include <algorithm>

namespace callwerk::chat {

void ChatAdmission::forget_idle(TimeMs now) {
  // Bounds memory under a flood of distinct addresses: at most one sweep per window.
  if (now - last_sweep_ < limits_.window_ms) return;
  last_sweep_ = now;
  std::erase_if(addresses_, [&](const auto& entry) {
    const Address& address = entry.second;
    return address.open == 0 &&
           (address.opened.empty() || address.opened.back() <= now - limits_.window_ms);
  });
}

ChatAdmission::Decision ChatAdmission::admit(const std::string& address, TimeMs now) {
  std::lock_guard lock(mutex_);
  forget_idle(now);
  if (open_ >= limits_.max_chats) return {Verdict::full, 0};
  Address& entry = addresses_[address];
  while (!entry.opened.empty() && entry.opened.front() <= now - limits_.window_ms)
    entry.opened.pop_front();
  if (entry.open >= limits_.max_chats_per_address) return {Verdict::address_busy, 0};
  if (static_cast<int>(entry.opened.size()) >= limits_.new_chats_per_address) {
    const TimeMs free_at = entry.opened.front() + limits_.window_ms;
    return {Verdict::address_rate, std::max<std::int64_t>(1, (free_at - now + 999) / 1000)};
  }
  entry.opened.push_back(now);
  ++entry.open;
  ++open_;
  return {};
}

void ChatAdmission::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto it = addresses_.find(address);
  if (it == addresses_.end() || it->second.open == 0) return;
  --it->second.open;
  --open_;
}

int ChatAdmission::open_chats() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace callwerk::chat

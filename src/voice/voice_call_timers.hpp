#pragma once
// The timers of calls (ring-then-answer, maximum length, keypad input, agent ring timeout),
// kept in one hashed timing wheel instead of an asio timer object per call and kind: with
// hundreds of calls starting per second, per-call asio timers meant a timerfd update and a
// cancelled-handler dispatch for nearly every SIP message. The voice service advances this
// wheel and the SIP transaction wheel from a single 10 ms tick.
//
// Pure logic: the caller passes the time. Each call has at most one timer of each kind;
// starting one replaces the previous of that kind.

#include <array>
#include <cstdint>
#include <unordered_map>

#include "sip/timer_wheel.hpp"
#include "voice/voice_ports.hpp"

namespace callwerk::voice {

enum class CallTimer : std::uint8_t {
  answer,     // ringing: answer the call; answered: the maximum call length is reached
  input,      // the menu waited long enough for a key
  ring,       // the agent's phone rang long enough
  dial,       // a call back's customer did not answer in time
  voicemail,  // a caller's message reached its maximum length
};

struct DueCallTimer {
  CallKey call = 0;
  CallTimer kind = CallTimer::answer;
};

class CallTimers {
 public:
  void start(CallKey call, CallTimer kind, TimeMs deadline);
  void cancel(CallKey call, CallTimer kind);
  void cancel_all(CallKey call);
  bool running(CallKey call, CallTimer kind) const;

  // Visits every timer due at `now` in deadline order; `fire` may start and cancel timers.
  template <typename Fire>
  void advance(TimeMs now, Fire&& fire) {
    while (auto expired = wheel_.pop_expired(now)) {
      const DueCallTimer due = decode(expired->payload);
      auto it = ids_.find(due.call);
      if (it == ids_.end()) continue;
      sip::TimerId& id = it->second[static_cast<std::size_t>(due.kind)];
      if (id != expired->id) continue;
      id = 0;
      forget_if_idle(it);
      fire(due);
    }
  }

  bool empty() const { return wheel_.empty(); }
  std::size_t size() const { return wheel_.size(); }

 private:
  static constexpr std::size_t kKinds = 5;
  using Ids = std::array<sip::TimerId, kKinds>;
  static std::uint64_t encode(CallKey call, CallTimer kind) {
    return call * kKinds + static_cast<std::uint64_t>(kind);
  }
  static DueCallTimer decode(std::uint64_t payload) {
    return {payload / kKinds, static_cast<CallTimer>(payload % kKinds)};
  }
  void forget_if_idle(std::unordered_map<CallKey, Ids>::iterator it);

  sip::TimerWheel wheel_;
  std::unordered_map<CallKey, Ids> ids_;
};

}  // namespace callwerk::voice

#include "voice/voice_call_timers.hpp"

namespace callwerk::voice {

void CallTimers::start(CallKey call, CallTimer kind, TimeMs deadline) {
  sip::TimerId& id = ids_[call][static_cast<std::size_t>(kind)];
  if (id != 0) wheel_.cancel(id);
  id = wheel_.schedule(deadline, encode(call, kind));
}

void CallTimers::cancel(CallKey call, CallTimer kind) {
  auto it = ids_.find(call);
  if (it == ids_.end()) return;
  sip::TimerId& id = it->second[static_cast<std::size_t>(kind)];
  if (id != 0) wheel_.cancel(id);
  id = 0;
  forget_if_idle(it);
}

void CallTimers::cancel_all(CallKey call) {
  auto it = ids_.find(call);
  if (it == ids_.end()) return;
  for (sip::TimerId id : it->second)
    if (id != 0) wheel_.cancel(id);
  ids_.erase(it);
}

bool CallTimers::running(CallKey call, CallTimer kind) const {
  auto it = ids_.find(call);
  return it != ids_.end() && it->second[static_cast<std::size_t>(kind)] != 0;
}

void CallTimers::forget_if_idle(std::unordered_map<CallKey, Ids>::iterator it) {
  for (sip::TimerId id : it->second)
    if (id != 0) return;
  ids_.erase(it);
}

}  // namespace callwerk::voice

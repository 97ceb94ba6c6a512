#pragma once
// A hashed timing wheel (Varghese & Lauck) for the many short-lived SIP timers: each timer
// hangs in the slot of its deadline's tick, so scheduling and cancelling cost O(1) however
// many transactions are alive, and no clock object exists per message. A deadline further
// away than one turn of the wheel simply stays in its slot for more turns; the wheel
// compares exact deadlines, so a timer never fires before its millisecond.
//
// Pure logic: the caller passes the time. Timers fire in deadline order (ties in the order
// they were scheduled), also when `now` jumps far ahead, and a timer scheduled while
// expired ones are being visited fires in the same pass when it is already due.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.hpp"

namespace callwerk::sip {

using TimerId = std::uint64_t;  // 0: no timer

struct ExpiredTimer {
  TimerId id = 0;
  TimeMs deadline = 0;
  std::uint64_t payload = 0;  // what the owner gave to schedule()
};

class TimerWheel {
 public:
  // slot_count is rounded up to a power of two. 10 ms x 4096 slots is a turn of 41 s, so
  // every RFC 3261 timer (at most 64*T1 = 32 s) fires within its first turn.
  explicit TimerWheel(TimeMs resolution_ms = 10, std::size_t slot_count = 4096);

  TimerId schedule(TimeMs deadline, std::uint64_t payload);
  // False when the timer already fired, was cancelled, or never existed.
  bool cancel(TimerId id);

  // The earliest timer with deadline <= now, removed from the wheel; nullopt when none.
  std::optional<ExpiredTimer> pop_expired(TimeMs now);

  // Visits every timer due at `now` in deadline order; `visit` may schedule and cancel.
  template <typename Visit>
  std::size_t advance(TimeMs now, Visit&& visit) {
    std::size_t fired = 0;
    while (auto expired = pop_expired(now)) {
      ++fired;
      visit(*expired);
    }
    return fired;
  }
  std::vector<ExpiredTimer> advance(TimeMs now);

  std::optional<TimeMs> next_deadline() const;
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

 private:
  static constexpr std::uint32_t kNil = 0xffffffffU;
  enum class NodeState : std::uint8_t { free, in_slot, due, due_cancelled };
  struct Node {
    TimeMs deadline = 0;
    std::uint64_t payload = 0;
    std::uint64_t sequence = 0;  // orders timers with the same deadline
    std::uint32_t prev = kNil;
    std::uint32_t next = kNil;  // also links the free list
    std::uint32_t generation = 1;
    NodeState state = NodeState::free;
  };

  TimeMs tick_of(TimeMs time) const;
  std::size_t slot_of_tick(TimeMs tick) const {
    return static_cast<std::size_t>(tick) & (heads_.size() - 1);
  }
  Node* live_node(TimerId id);
  std::uint32_t allocate();
  void release(std::uint32_t index);
  void link(std::uint32_t index);
  void unlink(std::uint32_t index);
  bool due_later(std::uint32_t a, std::uint32_t b) const;  // heap order: the later is lower
  void push_due(std::uint32_t index);
  void drop_cancelled_due();
  void collect(TimeMs now);
  std::optional<TimeMs> compute_next_deadline() const;
  std::optional<TimeMs> min_deadline_in_slot(std::size_t slot, std::optional<TimeMs> tick) const;

  TimeMs resolution_;
  std::vector<Node> nodes_;
  std::uint32_t free_head_ = kNil;
  std::vector<std::uint32_t> heads_;     // one list per slot
  std::vector<std::uint64_t> occupied_;  // bit per slot, to skip empty slots quickly
  std::vector<std::uint32_t> due_;       // min-heap on (deadline, sequence)
  bool started_ = false;                 // collect() ran once: cursor_ and last_now_ are set
  TimeMs cursor_ = 0;                    // tick of last_now_
  TimeMs last_now_ = 0;                  // every timer in a slot has its deadline after this
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
  mutable bool next_valid_ = true;
  mutable std::optional<TimeMs> next_deadline_;
};

}  // namespace callwerk::sip

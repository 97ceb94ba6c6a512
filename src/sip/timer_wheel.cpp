#include "sip/timer_wheel.hpp"

#include <algorithm>
#include <bit>

namespace callwerk::sip {
namespace {

TimerId make_id(std::uint32_t index, std::uint32_t generation) {
  return (static_cast<TimerId>(generation) << 32) | index;
}

}  // namespace

TimerWheel::TimerWheel(TimeMs resolution_ms, std::size_t slot_count)
    : resolution_(std::max<TimeMs>(resolution_ms, 1)),
      heads_(std::bit_ceil(std::max<std::size_t>(slot_count, 64)), kNil),
      occupied_(heads_.size() / 64, 0) {}

TimeMs TimerWheel::tick_of(TimeMs time) const {
  // Floor division, so that times before the epoch (only tests use them) still sort.
  auto tick = time / resolution_;
  return (time % resolution_ != 0 && time < 0) ? tick - 1 : tick;
}

TimerWheel::Node* TimerWheel::live_node(TimerId id) {
  auto index = static_cast<std::uint32_t>(id & 0xffffffffU);
  auto generation = static_cast<std::uint32_t>(id >> 32);
  if (index >= nodes_.size()) return nullptr;
  auto& node = nodes_[index];
  if (node.generation != generation) return nullptr;
  if (node.state != NodeState::in_slot && node.state != NodeState::due) return nullptr;
  return &node;
}

std::uint32_t TimerWheel::allocate() {
  if (free_head_ != kNil) {
    auto index = free_head_;
    free_head_ = nodes_[index].next;
    return index;
  }
  nodes_.emplace_back();
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void TimerWheel::release(std::uint32_t index) {
  auto& node = nodes_[index];
  node.state = NodeState::free;
  // A new generation makes every id handed out for this node stale.
  if (++node.generation == 0) node.generation = 1;
  node.prev = kNil;
  node.next = free_head_;
  free_head_ = index;
}

void TimerWheel::link(std::uint32_t index) {
  auto& node = nodes_[index];
  auto slot = slot_of_tick(tick_of(node.deadline));
  node.state = NodeState::in_slot;
  node.prev = kNil;
  node.next = heads_[slot];
  if (node.next != kNil) nodes_[node.next].prev = index;
  heads_[slot] = index;
  occupied_[slot / 64] |= std::uint64_t{1} << (slot % 64);
}

void TimerWheel::unlink(std::uint32_t index) {
  auto& node = nodes_[index];
  if (node.prev != kNil) {
    nodes_[node.prev].next = node.next;
  } else {
    auto slot = slot_of_tick(tick_of(node.deadline));
    heads_[slot] = node.next;
    if (node.next == kNil) occupied_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
  }
  if (node.next != kNil) nodes_[node.next].prev = node.prev;
  node.prev = kNil;
  node.next = kNil;
}

bool TimerWheel::due_later(std::uint32_t a, std::uint32_t b) const {
  const auto& x = nodes_[a];
  const auto& y = nodes_[b];
  return x.deadline != y.deadline ? x.deadline > y.deadline : x.sequence > y.sequence;
}

void TimerWheel::push_due(std::uint32_t index) {
  auto later = [this](std::uint32_t a, std::uint32_t b) { return due_later(a, b); };
  nodes_[index].state = NodeState::due;
  due_.push_back(index);
  std::push_heap(due_.begin(), due_.end(), later);
}

void TimerWheel::drop_cancelled_due() {
  auto later = [this](std::uint32_t a, std::uint32_t b) { return due_later(a, b); };
  while (!due_.empty() && nodes_[due_.front()].state == NodeState::due_cancelled) {
    std::pop_heap(due_.begin(), due_.end(), later);
    release(due_.back());
    due_.pop_back();
  }
}

TimerId TimerWheel::schedule(TimeMs deadline, std::uint64_t payload) {
  auto index = allocate();
  auto& node = nodes_[index];
  node.deadline = deadline;
  node.payload = payload;
  node.sequence = next_sequence_++;
  auto id = make_id(index, node.generation);
  // Slots hold only deadlines after last_now_; an earlier one is due at once.
  if (started_ && deadline <= last_now_) {
    push_due(index);
  } else {
    link(index);
  }
  ++live_;
  if (next_valid_ && (!next_deadline_ || deadline < *next_deadline_)) next_deadline_ = deadline;
  return id;
}

bool TimerWheel::cancel(TimerId id) {
  auto* node = live_node(id);
  if (node == nullptr) return false;
  auto index = static_cast<std::uint32_t>(id & 0xffffffffU);
  auto deadline = node->deadline;
  if (node->state == NodeState::in_slot) {
    unlink(index);
    release(index);
  } else {
    // Removing from the middle of a heap is not O(1): mark it, drop it when it surfaces.
    node->state = NodeState::due_cancelled;
    drop_cancelled_due();
  }
  --live_;
  if (next_valid_ && next_deadline_ == deadline) next_valid_ = false;
  return true;
}

void TimerWheel::collect(TimeMs now) {
  if (started_ && now <= last_now_) return;
  auto to = tick_of(now);
  // A jump of a whole turn or more visits each slot once; that covers every timer.
  auto slots = static_cast<TimeMs>(heads_.size());
  auto count = started_ ? std::min(to - cursor_ + 1, slots) : slots;
  auto from = started_ ? cursor_ : to;
  for (TimeMs i = 0; i < count; ++i) {
    auto slot = slot_of_tick(from + i);
    for (auto index = heads_[slot]; index != kNil;) {
      auto next = nodes_[index].next;
      if (nodes_[index].deadline <= now) {
        unlink(index);
        push_due(index);
      }
      index = next;
    }
  }
  started_ = true;
  cursor_ = to;
  last_now_ = now;
}

std::optional<ExpiredTimer> TimerWheel::pop_expired(TimeMs now) {
  collect(now);
  drop_cancelled_due();
  auto later = [this](std::uint32_t a, std::uint32_t b) { return due_later(a, b); };
  if (due_.empty() || nodes_[due_.front()].deadline > now) return std::nullopt;
  std::pop_heap(due_.begin(), due_.end(), later);
  auto index = due_.back();
  due_.pop_back();
  const auto& node = nodes_[index];
  ExpiredTimer expired{make_id(index, node.generation), node.deadline, node.payload};
  release(index);
  --live_;
  next_valid_ = false;
  drop_cancelled_due();
  return expired;
}

std::vector<ExpiredTimer> TimerWheel::advance(TimeMs now) {
  std::vector<ExpiredTimer> expired;
  advance(now, [&](const ExpiredTimer& timer) { expired.push_back(timer); });
  return expired;
}

std::optional<TimeMs> TimerWheel::next_deadline() const {
  if (!next_valid_) {
    next_deadline_ = compute_next_deadline();
    next_valid_ = true;
  }
  return next_deadline_;
}

std::optional<TimeMs> TimerWheel::min_deadline_in_slot(std::size_t slot,
                                                       std::optional<TimeMs> tick) const {
  std::optional<TimeMs> best;
  for (auto index = heads_[slot]; index != kNil; index = nodes_[index].next) {
    const auto& node = nodes_[index];
    if (tick && tick_of(node.deadline) != *tick) continue;  // a later turn
    if (!best || node.deadline < *best) best = node.deadline;
  }
  return best;
}

std::optional<TimeMs> TimerWheel::compute_next_deadline() const {
  if (live_ == 0) return std::nullopt;
  // Due timers are all at or before last_now_, so before anything in a slot.
  if (!due_.empty()) return nodes_[due_.front()].deadline;
  auto slot_count = heads_.size();
  if (started_) {
    // The first slot ahead of the cursor holding a timer of this turn has the earliest one.
    for (std::size_t offset = 0; offset < slot_count;) {
      auto slot = slot_of_tick(cursor_ + static_cast<TimeMs>(offset));
      auto bits = occupied_[slot / 64] >> (slot % 64);
      if (bits == 0) {
        offset += 64 - slot % 64;
        continue;
      }
      offset += static_cast<std::size_t>(std::countr_zero(bits));
      if (offset >= slot_count) break;
      auto tick = cursor_ + static_cast<TimeMs>(offset);
      if (auto best = min_deadline_in_slot(slot_of_tick(tick), tick)) return best;
      ++offset;
    }
  }
  // Only timers of later turns (or none placed yet against a cursor): look at all of them.
  std::optional<TimeMs> best;
  for (std::size_t slot = 0; slot < slot_count; ++slot) {
    auto candidate = min_deadline_in_slot(slot, std::nullopt);
    if (candidate && (!best || *candidate < *best)) best = candidate;
  }
  return best;
}

}  // namespace callwerk::sip

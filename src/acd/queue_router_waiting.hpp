#pragma once
// The order of waiting calls. score(t) = base_score + priority * priority_step_seconds +
// (t - enqueued_at) / 1000 (FreeSWITCH mod_callcenter's "+1 per second waited", with the
// priority as a bonus of a configurable number of seconds). All calls age at the same rate,
// so comparing score(t) at any t is comparing score_ms = (base_score + priority * step) *
// 1000 - enqueued_at: a key fixed at enqueue time. Highest first; among equal keys the call
// enqueued earlier (lower sequence number) first, so equal priority is served FIFO.

#include <cstdint>
#include <set>

#include "acd/queue_router_types.hpp"

namespace callwerk::acd {

struct WaitingKey {
  std::int64_t score_ms = 0;
  std::uint64_t sequence = 0;  // the router's enqueue counter
  CallId call = 0;

  // "Served before": the same rule within a queue and across the queues of an agent.
  bool operator<(const WaitingKey& other) const {
    if (score_ms != other.score_ms) return score_ms > other.score_ms;
    return sequence < other.sequence;
  }
};

std::int64_t waiting_score_ms(const WaitingCallSpec& call, std::int64_t priority_step_seconds);

// score(now) in whole seconds, as the wallboard would show it.
std::int64_t waiting_score_at(const WaitingCallSpec& call, std::int64_t priority_step_seconds,
                              TimeMs now);

using WaitingLine = std::set<WaitingKey>;

}  // namespace callwerk::acd

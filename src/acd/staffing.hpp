#pragma once
// The staffing calculator: how many agents a queue needs on the phones for a service-level
// target, by Erlang C or Erlang A, and how many to schedule once shrinkage (breaks, training,
// absence: paid but not available) is added. Pure functions.

#include <optional>

#include "acd/erlang_a.hpp"
#include "acd/erlang_c.hpp"
#include "core/result.hpp"

namespace callwerk::acd {

struct StaffingTarget {
  double service_level = 0.8;  // share answered within the threshold, 0 < x < 1 (80/20)
  double threshold_seconds = 20;
  std::optional<double> max_occupancy;  // e.g. 0.85: more agents so nobody runs at 100 %
  double shrinkage = 0;                 // paid-but-unavailable / paid hours, 0 <= s < 1
  // Erlang A only: the highest acceptable share of callers that give up. Set it: with impatient
  // callers Erlang A can reach a service level with fewer agents than erlangs, the rest of the
  // callers simply giving up (e.g. 5000 erlangs, patience 60 s: 4004 agents for 80/20).
  std::optional<double> max_abandon_rate;
};

struct StaffingPlan {
  int agents = 0;           // on the phones (the base requirement)
  int scheduled_staff = 0;  // ceil(agents / (1 - shrinkage))
  double service_level = 1;
  double asa_seconds = 0;
  double occupancy = 0;
  double wait_probability = 0;
  double abandon_probability = 0;  // Erlang A only; 0 for Erlang C
};

// Staff to schedule for `agents` needed on the phones: ceil(agents / (1 - shrinkage)).
Result<int> scheduled_staff(int agents, double shrinkage);

// The smallest N > A whose Erlang C service level reaches the target (and whose occupancy
// A/N stays at or under max_occupancy). Zero traffic needs zero agents.
Result<StaffingPlan> staff_erlang_c(const Traffic& traffic, const StaffingTarget& target);

// The smallest N whose Erlang A service level (answered within the threshold, share of all
// arrivals) reaches the target, with the abandon rate and occupancy limits if given. Zero
// traffic needs zero agents. Relies on these figures being monotone in N (they are for
// M/M/N+M) to search by doubling and bisection.
Result<StaffingPlan> staff_erlang_a(const Traffic& traffic, double mean_patience_seconds,
                                    const StaffingTarget& target);

}  // namespace callwerk::acd

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "acd/erlang_a.hpp"
#include "acd/erlang_c.hpp"
#include "acd/staffing.hpp"

namespace callwerk::acd {
namespace {

// DOMAIN.md section 1: 400 calls/h, AHT 180 s -> A = 20 erlangs.
const Traffic kDomainTraffic{400.0 / 3600.0, 180.0};
// DOMAIN.md Erlang A: lambda = 48/min, AHT 1 min, mean patience 2 min (in seconds here).
const Traffic kDomainErlangATraffic{48.0 / 60.0, 60.0};
constexpr double kDomainPatience = 120.0;

// Erlang C straight from the DOMAIN.md formula with sums in log space, as an independent
// check of the recursion.
double erlang_c_by_formula(int n, double a) {
  long double sum = 0;
  for (int k = 0; k < n; ++k) sum += std::exp(k * std::log(a) - std::lgamma(k + 1.0L));
  const long double top = std::exp(n * std::log(a) - std::lgamma(n + 1.0L)) * n / (n - a);
  return static_cast<double>(top / (sum + top));
}

TEST(ErlangC, DomainCheckValues) {
  auto m = erlang_c_metrics(24, kDomainTraffic, 30);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_NEAR(m->erlangs, 20.0, 1e-12);
  EXPECT_NEAR(m->wait_probability, 0.298, 0.0005);
  EXPECT_NEAR(m->service_level, 0.847, 0.0005);
  EXPECT_NEAR(m->asa_seconds, 13.4, 0.05);
  EXPECT_NEAR(m->occupancy, 20.0 / 24.0, 1e-12);
}

TEST(ErlangC, ErlangBMatchesHandComputedRecursion) {
  // 1/B for A = 3: 1, 4/3, 17/9, 26/9, 131/27, 736/81; by the formula
  // B = (3^5/5!) / sum_{k<=5} 3^k/k! = 2.025 / 18.4, the same.
  auto b = erlang_b(5, 3.0);
  ASSERT_TRUE(b.ok());
  EXPECT_NEAR(*b, 81.0 / 736.0, 1e-15);
  EXPECT_NEAR(*b, 2.025 / 18.4, 1e-15);
  EXPECT_DOUBLE_EQ(*erlang_b(0, 3.0), 1.0);  // no agents: every call is blocked
}

TEST(ErlangC, RecursionMatchesTheFormulaForManyAgents) {
  for (auto [n, a] : std::vector<std::pair<int, double>>{{24, 20}, {150, 140}, {400, 380.5}}) {
    auto c = erlang_c(n, a);
    ASSERT_TRUE(c.ok());
    EXPECT_NEAR(*c, erlang_c_by_formula(n, a), 1e-9) << n << " agents, " << a << " erlangs";
  }
}

TEST(ErlangC, StaysFiniteForThousandsOfAgents) {
  auto busy = erlang_c(5000, 4950);
  ASSERT_TRUE(busy.ok());
  EXPECT_GT(*busy, 0.0);
  EXPECT_LT(*busy, 1.0);
  // Factorials would overflow here; the recursion just says "nobody waits".
  auto idle = erlang_c(2000, 3);
  ASSERT_TRUE(idle.ok());
  EXPECT_GE(*idle, 0.0);
  EXPECT_LT(*idle, 1e-300);
  auto m = erlang_c_metrics(2000, Traffic{3.0 / 180.0, 180.0}, 20);
  ASSERT_TRUE(m.ok());
  EXPECT_DOUBLE_EQ(m->service_level, 1.0);
}

TEST(ErlangC, MoreAgentsNeverServeWorse) {
  double previous_sl = 0;
  double previous_c = 1;
  for (int n = 21; n <= 40; ++n) {
    auto m = erlang_c_metrics(n, kDomainTraffic, 20);
    ASSERT_TRUE(m.ok());
    EXPECT_GT(m->service_level, previous_sl);
    EXPECT_LT(m->wait_probability, previous_c);
    previous_sl = m->service_level;
    previous_c = m->wait_probability;
  }
}

TEST(ErlangC, RejectsBadInput) {
  EXPECT_EQ(erlang_c(0, 5).error().location, "agents");
  EXPECT_EQ(erlang_c(-3, 5).error().location, "agents");
  EXPECT_EQ(erlang_c(5, 0).error().location, "erlangs");
  EXPECT_EQ(erlang_c(5, std::nan("")).error().location, "erlangs");
  auto overloaded = erlang_c(20, 20);  // N <= A: the queue never drains
  ASSERT_FALSE(overloaded.ok());
  EXPECT_EQ(overloaded.error().kind, ErrorKind::invalid_input);
  EXPECT_FALSE(erlang_c(19, 20).ok());
  EXPECT_EQ(erlang_c_metrics(24, kDomainTraffic, -1).error().location, "threshold_seconds");
  EXPECT_EQ(erlang_c_metrics(24, Traffic{0, 180}, 20).error().location, "arrivals_per_second");
  EXPECT_EQ(erlang_c_metrics(24, Traffic{0.1, 0}, 20).error().location, "aht_seconds");
  EXPECT_EQ(erlang_b(-1, 2).error().location, "agents");
}

TEST(ErlangC, ObservedTrafficFeedsTheCalculator) {
  auto traffic = observed_traffic(400, 3'600'000, 180);
  ASSERT_TRUE(traffic.ok());
  EXPECT_NEAR(traffic->erlangs(), 20.0, 1e-12);
  auto quarter = observed_traffic(100, 900'000, 180);  // same rate over 15 minutes
  ASSERT_TRUE(quarter.ok());
  EXPECT_NEAR(quarter->arrivals_per_second, traffic->arrivals_per_second, 1e-15);
  EXPECT_FALSE(observed_traffic(10, 0, 180).ok());
  EXPECT_FALSE(observed_traffic(-1, 1000, 180).ok());
}

TEST(ErlangA, DomainCheckValues) {
  auto m = erlang_a_metrics(50, kDomainErlangATraffic, kDomainPatience, 20);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_NEAR(m->wait_probability, 0.468, 0.0005);
  EXPECT_NEAR(m->abandon_probability, 0.031, 0.0005);
  EXPECT_NEAR(m->occupancy, 48.0 * (1 - m->abandon_probability) / 50.0, 1e-12);
  // Little's law: callers waiting = arrival rate * mean time in queue.
  EXPECT_NEAR(m->mean_queue_length, 0.8 * m->mean_wait_seconds, 1e-12);
}

TEST(ErlangA, ServiceLevelRunsFromNoWaitToAllAnswered) {
  auto at_zero = erlang_a_metrics(50, kDomainErlangATraffic, kDomainPatience, 0);
  ASSERT_TRUE(at_zero.ok());
  EXPECT_NEAR(at_zero->service_level, 1 - at_zero->wait_probability, 1e-12);
  // With an endless threshold everyone answered counts: 1 - P(abandon). This ties the
  // uniformization to the abandon probability computed from E[Q] by another route.
  auto at_hour = erlang_a_metrics(50, kDomainErlangATraffic, kDomainPatience, 3600);
  ASSERT_TRUE(at_hour.ok());
  EXPECT_NEAR(at_hour->service_level, 1 - at_hour->abandon_probability, 1e-9);
  EXPECT_NEAR(at_hour->service_level_of_answered, 1.0, 1e-9);
  double previous = 0;
  for (double t : {0.0, 5.0, 10.0, 20.0, 40.0, 80.0}) {
    auto m = erlang_a_metrics(50, kDomainErlangATraffic, kDomainPatience, t);
    ASSERT_TRUE(m.ok());
    EXPECT_GT(m->service_level, previous);
    previous = m->service_level;
  }
}

// P(answered within t) for the M/M/N+M queue by a direct transient computation of a tagged
// caller (position chain with its own abandonment in the state space, integrated with RK4):
// an independent check of the factored uniformization in erlang_a.cpp.
double answered_within_by_ode(int n, double lambda, double mu, double theta, double t) {
  // Stationary distribution of the number in system, truncated.
  const int max_queue = 400;
  std::vector<double> pi(n + max_queue + 1);
  pi[0] = 1;
  for (int j = 1; j <= n + max_queue; ++j) {
    const double out = j <= n ? j * mu : n * mu + (j - n) * theta;
    pi[j] = pi[j - 1] * lambda / out;
  }
  double total = 0;
  for (double p : pi) total += p;
  double no_wait = 0;
  for (int j = 0; j < n; ++j) no_wait += pi[j] / total;
  // p[k] = P(tagged caller at position k); answered accumulates.
  std::vector<double> p(max_queue + 1);
  for (int k = 0; k <= max_queue; ++k) p[k] = pi[n + k] / total;
  auto derivative = [&](const std::vector<double>& x, std::vector<double>& dx, double& served) {
    served = n * mu * x[0];
    for (int k = 0; k <= max_queue; ++k) {
      dx[k] = -(n * mu + k * theta + theta) * x[k];
      if (k < max_queue) dx[k] += (n * mu + (k + 1) * theta) * x[k + 1];
    }
  };
  const int steps = 20000;
  const double h = t / steps;
  double answered = 0;
  std::vector<double> k1(p.size()), k2(p.size()), k3(p.size()), k4(p.size()), tmp(p.size());
  for (int s = 0; s < steps; ++s) {
    double s1, s2, s3, s4;
    derivative(p, k1, s1);
    for (std::size_t i = 0; i < p.size(); ++i) tmp[i] = p[i] + h / 2 * k1[i];
    derivative(tmp, k2, s2);
    for (std::size_t i = 0; i < p.size(); ++i) tmp[i] = p[i] + h / 2 * k2[i];
    derivative(tmp, k3, s3);
    for (std::size_t i = 0; i < p.size(); ++i) tmp[i] = p[i] + h * k3[i];
    derivative(tmp, k4, s4);
    for (std::size_t i = 0; i < p.size(); ++i) {
      p[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
    answered += h / 6 * (s1 + 2 * s2 + 2 * s3 + s4);
  }
  return no_wait + answered;
}

TEST(ErlangA, ServiceLevelAgreesWithADirectTransientComputation) {
  // Small and overloaded: 3 agents, AHT 100 s, a call every 30 s, patience 60 s.
  const Traffic traffic{1.0 / 30.0, 100.0};
  auto m = erlang_a_metrics(3, traffic, 60, 20);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(m->service_level, answered_within_by_ode(3, 1.0 / 30, 1.0 / 100, 1.0 / 60, 20), 1e-7);
  // The DOMAIN.md queue (per second).
  auto d = erlang_a_metrics(50, kDomainErlangATraffic, kDomainPatience, 20);
  ASSERT_TRUE(d.ok());
  EXPECT_NEAR(d->service_level, answered_within_by_ode(50, 0.8, 1.0 / 60, 1.0 / 120, 20), 1e-7);
}

TEST(ErlangA, ApproachesErlangCWhenCallersNeverGiveUp) {
  auto c = erlang_c_metrics(24, kDomainTraffic, 30);
  auto a = erlang_a_metrics(24, kDomainTraffic, 1e9, 30);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(a.ok());
  EXPECT_NEAR(a->wait_probability, c->wait_probability, 1e-5);
  EXPECT_NEAR(a->service_level, c->service_level, 1e-5);
  // Erlang C's ASA averages over all callers; with no abandons that equals the answered ones.
  EXPECT_NEAR(a->asa_seconds, c->asa_seconds, 1e-3);
  EXPECT_NEAR(a->abandon_probability, 0.0, 1e-6);
}

TEST(ErlangA, StaysStableWhenOverloaded) {
  // 40 agents for 48 erlangs: Erlang C has no answer, Erlang A does.
  auto m = erlang_a_metrics(40, kDomainErlangATraffic, kDomainPatience, 20);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  // At most N mu calls per second can be answered, so at least 1 - 40/48 give up.
  EXPECT_GT(m->abandon_probability, 1 - 40.0 / 48.0);
  EXPECT_LT(m->abandon_probability, 1.0);
  EXPECT_GT(m->wait_probability, 0.9);
  EXPECT_LE(m->occupancy, 1.0);
  EXPECT_GT(m->asa_seconds, 0);
}

TEST(ErlangA, ManyAgentsAndFewAgents) {
  auto large = erlang_a_metrics(800, Traffic{780.0 / 180.0, 180.0}, 90, 20);
  ASSERT_TRUE(large.ok()) << large.error().describe();
  EXPECT_GT(large->wait_probability, 0);
  EXPECT_LT(large->wait_probability, 1);
  EXPECT_TRUE(std::isfinite(large->service_level));
  auto idle = erlang_a_metrics(2000, Traffic{1.0 / 180.0, 180.0}, 90, 20);
  ASSERT_TRUE(idle.ok());
  EXPECT_DOUBLE_EQ(idle->service_level, 1.0);
  EXPECT_DOUBLE_EQ(idle->abandon_probability, 0.0);
}

TEST(ErlangA, RejectsBadInput) {
  EXPECT_EQ(erlang_a_metrics(0, kDomainErlangATraffic, 120, 20).error().location, "agents");
  EXPECT_EQ(erlang_a_metrics(5, kDomainErlangATraffic, 0, 20).error().location,
            "mean_patience_seconds");
  EXPECT_EQ(erlang_a_metrics(5, Traffic{-1, 60}, 120, 20).error().location, "arrivals_per_second");
  EXPECT_EQ(erlang_a_metrics(5, kDomainErlangATraffic, 120, -5).error().location,
            "threshold_seconds");
}

TEST(Staffing, ErlangCFindsTheSmallestTeamForEightyTwenty) {
  StaffingTarget target;  // 80 % within 20 s
  auto plan = staff_erlang_c(kDomainTraffic, target);
  ASSERT_TRUE(plan.ok()) << plan.error().describe();
  // N = 23 gives 70.2 %, N = 24 gives 80.9 %.
  EXPECT_EQ(plan->agents, 24);
  EXPECT_EQ(plan->scheduled_staff, 24);
  EXPECT_NEAR(plan->service_level, 0.8089, 0.0001);
  EXPECT_NEAR(plan->occupancy, 20.0 / 24.0, 1e-12);
  EXPECT_DOUBLE_EQ(plan->abandon_probability, 0.0);
}

TEST(Staffing, OccupancyCapAndShrinkageAddAgents) {
  StaffingTarget target;
  target.max_occupancy = 0.8;  // 20 / 25
  target.shrinkage = 0.3;
  auto plan = staff_erlang_c(kDomainTraffic, target);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->agents, 25);
  EXPECT_EQ(plan->scheduled_staff, 36);  // 25 / 0.7 = 35.7
  EXPECT_EQ(*scheduled_staff(10, 0.5), 20);
  EXPECT_EQ(*scheduled_staff(24, 0.3), 35);  // 34.29
  EXPECT_EQ(*scheduled_staff(0, 0.3), 0);
  EXPECT_FALSE(scheduled_staff(10, 1.0).ok());
  EXPECT_FALSE(scheduled_staff(10, -0.1).ok());
}

TEST(Staffing, ErlangAPlanIsTheSmallestThatMeetsTheTarget) {
  StaffingTarget target;
  target.service_level = 0.9;
  target.max_abandon_rate = 0.02;
  auto plan = staff_erlang_a(kDomainErlangATraffic, kDomainPatience, target);
  ASSERT_TRUE(plan.ok()) << plan.error().describe();
  auto at = erlang_a_metrics(plan->agents, kDomainErlangATraffic, kDomainPatience, 20);
  auto below = erlang_a_metrics(plan->agents - 1, kDomainErlangATraffic, kDomainPatience, 20);
  ASSERT_TRUE(at.ok());
  ASSERT_TRUE(below.ok());
  EXPECT_GE(at->service_level, 0.9);
  EXPECT_LE(at->abandon_probability, 0.02);
  EXPECT_TRUE(below->service_level < 0.9 || below->abandon_probability > 0.02);
  EXPECT_DOUBLE_EQ(plan->service_level, at->service_level);
  // Abandons relieve the queue: Erlang A never asks for more agents than Erlang C here.
  auto c = staff_erlang_c(kDomainErlangATraffic, target);
  ASSERT_TRUE(c.ok());
  EXPECT_LE(plan->agents, c->agents);
}

TEST(Staffing, NoCallsNeedNobody) {
  auto c = staff_erlang_c(Traffic{0, 0}, StaffingTarget{});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->agents, 0);
  EXPECT_EQ(c->scheduled_staff, 0);
  auto a = staff_erlang_a(Traffic{0, 180}, 60, StaffingTarget{});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->agents, 0);
}

TEST(Staffing, RejectsBadTargets) {
  StaffingTarget target;
  target.service_level = 1.0;  // unreachable
  EXPECT_EQ(staff_erlang_c(kDomainTraffic, target).error().location, "service_level");
  target = StaffingTarget{};
  target.shrinkage = 1.0;
  EXPECT_EQ(staff_erlang_c(kDomainTraffic, target).error().location, "shrinkage");
  target = StaffingTarget{};
  target.max_occupancy = 0;
  EXPECT_EQ(staff_erlang_a(kDomainTraffic, 60, target).error().location, "max_occupancy");
  EXPECT_EQ(staff_erlang_c(Traffic{-1, 180}, StaffingTarget{}).error().location,
            "arrivals_per_second");
  EXPECT_EQ(staff_erlang_a(kDomainTraffic, 0, StaffingTarget{}).error().location,
            "mean_patience_seconds");
}

}  // namespace
}  // namespace callwerk::acd

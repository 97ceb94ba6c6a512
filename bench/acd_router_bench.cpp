// Routing decision latency of the ACD's QueueRouter at call-center scale: 10,000 agents,
// 500 queues, each agent 1-5 skills, each queue 1-2 required skills, a mix of strategies.
// An hour of simulated traffic (arrivals, ringing, answers, no-answers, call ends, resumes,
// abandons) runs through the agent state machine and the router as the AcdService would
// drive them; every router call is timed on its own and the percentiles are printed (the
// target is p99 < 50 us).
//
//   acd_router_bench [simulated seconds=3600] [seed=1]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "acd/agent_state.hpp"
#include "acd/queue_router.hpp"

using namespace callwerk;
using namespace callwerk::acd;

namespace {

constexpr int kAgents = 10'000;
constexpr int kQueues = 500;
constexpr int kSkills = 40;

using Clock = std::chrono::steady_clock;

struct Samples {
  std::vector<std::uint32_t> ns;
  void add(Clock::duration d) {
    ns.push_back(static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()));
  }
};

void print_percentiles(const char* name, Samples& s) {
  if (s.ns.empty()) return;
  std::sort(s.ns.begin(), s.ns.end());
  auto at = [&](double q) {
    return s.ns[std::min(s.ns.size() - 1, static_cast<std::size_t>(q * s.ns.size()))] / 1000.0;
  };
  double total = 0;
  for (auto v : s.ns) total += v;
  std::printf(
      "%-16s n=%8zu  mean %6.2f us  p50 %6.2f us  p90 %6.2f us  p99 %6.2f us  "
      "p99.9 %7.2f us  max %8.2f us  => %.0f decisions/s\n",
      name, s.ns.size(), total / s.ns.size() / 1000.0, at(0.50), at(0.90), at(0.99), at(0.999),
      s.ns.back() / 1000.0, s.ns.size() / (total / 1e9));
}

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "unexpected error: %s\n", r.error().describe().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

class Bench {
 public:
  explicit Bench(unsigned seed) : rng_(seed) {}

  void setup() {
    auto t0 = Clock::now();
    for (QueueId q = 1; q <= kQueues; ++q) {
      QueueSpec spec;
      spec.id = q;
      spec.tenant = 1;
      spec.required_skills.push_back({skill(), 1 + pick(5)});
      if (pick(2) == 0) {
        SkillLevel second{skill(), 1 + pick(5)};
        if (second.skill != spec.required_skills[0].skill) spec.required_skills.push_back(second);
      }
      // Ring-all only for small two-skill groups, as a real center would use it.
      static const RoutingStrategy kMix[] = {
          RoutingStrategy::longest_idle, RoutingStrategy::round_robin,
          RoutingStrategy::fewest_calls, RoutingStrategy::least_talk_time,
          RoutingStrategy::skill_tiers};
      spec.strategy = kMix[q % 5];
      if (spec.required_skills.size() == 2 && q % 10 == 0)
        spec.strategy = RoutingStrategy::ring_all;
      spec.priority_step_seconds = q % 2 == 0 ? kStrictPrioritySeconds : 60;
      must(router_.set_queue(spec, now_));
    }
    for (AgentId a = 1; a <= kAgents; ++a) {
      AgentSpec spec;
      spec.id = a;
      spec.tenant = 1;
      const int count = 1 + pick(5);
      while (static_cast<int>(spec.skills.size()) < count) {
        SkillLevel s{skill(), 1 + pick(10)};
        bool dup = false;
        for (const auto& have : spec.skills) dup |= have.skill == s.skill;
        if (!dup) spec.skills.push_back(s);
      }
      must(router_.set_agent(spec, now_));
      must(agents_.add(a, now_));
      if (a % 2000 == 0) std::printf("setup: %d agents\n", static_cast<int>(a));
    }
    std::size_t memberships = 0;
    for (AgentId a = 1; a <= kAgents; ++a) memberships += router_.eligible_queues(a).size();
    std::printf("setup: %d queues, %d agents, %.1f queues per agent, %.2f s\n", kQueues, kAgents,
                static_cast<double>(memberships) / kAgents,
                std::chrono::duration<double>(Clock::now() - t0).count());
    // Log everyone in (timed as agent_changed decisions too).
    for (AgentId a = 1; a <= kAgents; ++a) state_event(a, AgentEvent::log_in());
  }

  // Simulated time with Poisson arrivals sized for ~90 % occupancy; each queue gets calls in
  // proportion to its staff. Phones answer after 2-8 s (one in ten never does: ring timeout
  // 20 s, then the agent resumes 30 s later); talk time is exponential around 180 s; callers
  // abandon after an exponential patience of 90 s.
  void run(double seconds) {
    std::vector<double> weights;
    for (QueueId q = 1; q <= kQueues; ++q)
      weights.push_back(static_cast<double>(router_.available_agents(q).size()) + 1.0);
    std::discrete_distribution<int> queue_of(weights.begin(), weights.end());
    const double calls_per_s = 0.9 * kAgents / 180.0;
    std::exponential_distribution<double> gap(calls_per_s), talk(1.0 / 180), patience(1.0 / 90);
    const TimeMs start = now_;
    const TimeMs end = start + static_cast<TimeMs>(seconds * 1000);
    TimeMs next_arrival = now_;
    long next_progress = 600;
    while (now_ < end) {
      // The next thing to happen: an arrival or a scheduled event.
      if (!events_.empty() && events_.top().at <= next_arrival) {
        Event e = events_.top();
        events_.pop();
        now_ = e.at;
        handle(e, talk);
      } else {
        now_ = next_arrival;
        next_arrival += static_cast<TimeMs>(gap(rng_) * 1000) + 1;
        WaitingCallSpec call;
        call.call = next_call_++;
        call.queue = 1 + queue_of(rng_);
        call.priority = pick(10) == 0 ? 1 : 0;
        const bool ring_all = router_.find_queue(call.queue)->strategy == RoutingStrategy::ring_all;
        carry_out(timed(ring_all ? enqueue_ring_all_ : enqueue_,
                        [&] { return router_.enqueue(call, now_); }));
        schedule(now_ + static_cast<TimeMs>(patience(rng_) * 1000), Kind::abandon, call.call);
      }
      if ((now_ - start) / 1000 >= next_progress) {
        std::printf("simulated %ld s: %ld calls, %zu waiting\n", next_progress,
                    static_cast<long>(next_call_ - 1), waiting_now());
        next_progress += 600;
      }
    }
  }

  void report() {
    std::printf("calls: %ld offered, %ld answered, %ld abandoned, %zu waiting at the end\n",
                static_cast<long>(next_call_ - 1), answered_count_, abandoned_count_,
                waiting_now());
    print_percentiles("enqueue", enqueue_);
    print_percentiles("enqueue ring-all", enqueue_ring_all_);
    print_percentiles("agent_changed", agent_changed_);
    print_percentiles("offer_answered", answered_);
    print_percentiles("offer_failed", failed_);
    print_percentiles("remove_call", removed_);
    Samples all;
    for (auto* s :
         {&enqueue_, &enqueue_ring_all_, &agent_changed_, &answered_, &failed_, &removed_})
      all.ns.insert(all.ns.end(), s->ns.begin(), s->ns.end());
    print_percentiles("all decisions", all);
  }

 private:
  enum class Kind { answer, ring_timeout, hang_up, resume, abandon };
  struct Event {
    TimeMs at;
    Kind kind;
    std::int64_t id;  // agent or call
    CallId call;
    bool operator>(const Event& o) const { return at > o.at; }
  };

  void schedule(TimeMs at, Kind kind, std::int64_t id, CallId call = 0) {
    events_.push({at, kind, id, call});
  }

  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  SkillId skill() { return "skill" + std::to_string(pick(kSkills)); }

  std::size_t waiting_now() const {
    std::size_t n = 0;
    for (QueueId q = 1; q <= kQueues; ++q) n += router_.waiting_count(q);
    return n;
  }

  template <typename F>
  RoutingOutcome timed(Samples& into, F&& f) {
    auto t0 = Clock::now();
    RoutingOutcome out = must(f());
    into.add(Clock::now() - t0);
    return out;
  }

  void carry_out(const RoutingOutcome& out) {
    for (AgentId agent : out.released) state_event(agent, AgentEvent::reservation_lost());
    for (const Assignment& a : out.assignments)
      for (AgentId agent : a.agents) {
        state_event(agent, AgentEvent::reserve(a.call, now_ + 2'000));
        must(agents_.apply(agent, AgentEvent::ring(now_ + 20'000), now_));
        if (pick(10) == 0) {
          schedule(now_ + 20'000, Kind::ring_timeout, agent, a.call);
        } else {
          schedule(now_ + 2'000 + pick(6'000), Kind::answer, agent, a.call);
        }
      }
  }

  void state_event(AgentId agent, const AgentEvent& event) {
    must(agents_.apply(agent, event, now_));
    carry_out(
        timed(agent_changed_, [&] { return router_.agent_changed(*agents_.find(agent), now_); }));
  }

  // An event about an offer that has since ended (released, caller gone) is stale.
  bool still_offered(AgentId agent, CallId call) const {
    const AgentStatus& s = *agents_.find(agent);
    return s.state == AgentState::ringing && s.call == call;
  }

  void handle(const Event& e, std::exponential_distribution<double>& talk) {
    switch (e.kind) {
      case Kind::answer:
        if (!still_offered(e.id, e.call)) return;
        must(agents_.apply(e.id, AgentEvent::answer(), now_));
        carry_out(timed(answered_, [&] { return router_.offer_answered(e.call, e.id); }));
        carry_out(timed(agent_changed_,
                        [&] { return router_.agent_changed(*agents_.find(e.id), now_); }));
        ++answered_count_;
        schedule(now_ + static_cast<TimeMs>(talk(rng_) * 1000) + 1000, Kind::hang_up, e.id);
        return;
      case Kind::ring_timeout:
        if (!still_offered(e.id, e.call)) return;
        must(agents_.apply(e.id, AgentEvent::no_answer(), now_));
        carry_out(timed(failed_, [&] { return router_.offer_failed(e.call, e.id, now_); }));
        carry_out(timed(agent_changed_,
                        [&] { return router_.agent_changed(*agents_.find(e.id), now_); }));
        schedule(now_ + 30'000, Kind::resume, e.id);
        return;
      case Kind::hang_up:
        state_event(e.id, AgentEvent::call_ended(0));
        return;
      case Kind::resume:
        state_event(e.id, AgentEvent::resume());
        return;
      case Kind::abandon: {
        const RoutedCall* call = router_.find_call(e.id);
        if (call == nullptr || !call->offered_to.empty()) return;  // answered or ringing
        carry_out(timed(removed_, [&] { return router_.remove_call(e.id); }));
        ++abandoned_count_;
        return;
      }
    }
  }

  std::mt19937 rng_;
  TimeMs now_ = 1'700'000'000'000;
  QueueRouter router_;
  AgentStates agents_;
  CallId next_call_ = 1;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  long answered_count_ = 0;
  long abandoned_count_ = 0;
  Samples enqueue_, enqueue_ring_all_, agent_changed_, answered_, failed_, removed_;
};

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3600.0;
  const unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
  Bench bench(seed);
  bench.setup();
  bench.run(seconds);
  bench.report();
  return 0;
}

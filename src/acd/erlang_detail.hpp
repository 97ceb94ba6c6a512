#pragma once
// Shared pieces of the Erlang C, Erlang A and staffing code: input checks with field names
// for the error, and the numeric kernels the staffing search reuses step by step. Not part of
// the public API.

#include <optional>
#include <string_view>

#include "acd/erlang_c.hpp"
#include "core/result.hpp"

namespace callwerk::acd::detail {

std::optional<Error> check_agents(int agents);
std::optional<Error> check_positive(double value, std::string_view field);
std::optional<Error> check_traffic(const Traffic& traffic);
std::optional<Error> check_threshold(double threshold_seconds);

// 1/B(N, A) by the recursion 1/B(n) = 1 + n/A * 1/B(n-1), 1/B(0) = 1; may become infinite
// (B underflows), which the formulas below read as "no blocking".
double inverse_erlang_b(int agents, double erlangs);
// The next step of that recursion: 1/B(n) from 1/B(n-1).
double next_inverse_erlang_b(int n, double erlangs, double previous_inverse);

// C(N, A) from 1/B(N, A); needs N > A.
double erlang_c_from_inverse_b(int agents, double erlangs, double inverse_b);

// SL, ASA and occupancy from an already computed C(N, A); needs N > A.
ErlangCMetrics erlang_c_metrics_from(int agents, const Traffic& traffic, double wait_probability,
                                     double threshold_seconds);

}  // namespace callwerk::acd::detail

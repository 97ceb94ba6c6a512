#pragma once
// The query parameters of the report and staffing endpoints (docs/api.md, "Reports and
// staffing"): the time window, the interval, the output format and bounded numbers. Pure:
// every bad value is an invalid_input error naming its parameter.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "acd/queue_kpis.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/query_params.hpp"

namespace callwerk::http {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kMaxReportDays = 31;

// UTC midnight at or before t.
TimeMs utc_day_start(TimeMs t);

enum class ReportFormat { json, csv };

struct ReportRequest {
  acd::KpiWindow window;        // [from, to) and the bucket length
  std::string interval = "60";  // as given: "15", "30", "60" or "day"
  ReportFormat format = ReportFormat::json;
  std::optional<std::int64_t> id;  // queue_id or user_id, when given
};

// from/to (ISO 8601 or milliseconds; default: the UTC day of `now`; only one given: a day
// from or up to it), interval (15|30|60|day, default 60), format (json|csv, default json) and
// the one id filter `id_param` ("queue_id" or "user_id"). The window must be positive and at
// most 31 days; any other parameter is an error.
Result<ReportRequest> parse_report_request(const QueryParams& params, std::string_view id_param,
                                           TimeMs now);

// A decimal number within [min, max] (inclusive unless `exclusive_max`).
Result<double> parse_bounded_number(std::string_view name, const std::string& text, double min,
                                    double max, bool exclusive_max = false);
// A whole number within [min, max].
Result<std::int64_t> parse_bounded_integer(std::string_view name, const std::string& text,
                                           std::int64_t min, std::int64_t max);

}  // namespace callwerk::http

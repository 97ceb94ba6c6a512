#include "http/report_params.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace callwerk::http {

namespace {

Error bad_param(std::string_view name, std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message), std::string(name));
}

Result<TimeMs> parse_time(std::string_view name, const std::string& text) {
  auto t = parse_iso8601(text);
  if (!t) return bad_param(name, "expected an ISO 8601 time or milliseconds");
  return *t;
}

Result<std::int64_t> bucket_of(const std::string& interval) {
  if (interval == "15") return acd::kMinutes15;
  if (interval == "30") return acd::kMinutes30;
  if (interval == "60") return acd::kMinutes60;
  if (interval == "day") return kDayMs;
  return bad_param("interval", "expected 15, 30, 60 or day");
}

}  // namespace

TimeMs utc_day_start(TimeMs t) {
  // Floor division: times before 1970 still round down to their midnight.
  TimeMs day = t / kDayMs;
  if (t % kDayMs < 0) --day;
  return day * kDayMs;
}

Result<ReportRequest> parse_report_request(const QueryParams& params, std::string_view id_param,
                                           TimeMs now) {
  ReportRequest request;
  std::optional<TimeMs> from;
  std::optional<TimeMs> to;
  for (const auto& [name, value] : params) {
    if (name == "from" || name == "to") {
      auto t = parse_time(name, value);
      if (!t) return t.error();
      (name == "from" ? from : to) = *t;
    } else if (name == "interval") {
      request.interval = value;
    } else if (name == "format") {
      if (value == "json") {
        request.format = ReportFormat::json;
      } else if (value == "csv") {
        request.format = ReportFormat::csv;
      } else {
        return bad_param(name, "expected json or csv");
      }
    } else if (name == id_param) {
      auto id = parse_bounded_integer(name, value, 1, 999'999'999'999'999'999);
      if (!id) return id.error();
      request.id = *id;
    } else {
      return bad_param(name, fmt::format("unknown parameter '{}'", name));
    }
  }
  auto bucket = bucket_of(request.interval);
  if (!bucket) return bucket.error();

  if (!from && !to) {
    from = utc_day_start(now);
    to = *from + kDayMs;
  } else if (!to) {
    to = *from + kDayMs;
  } else if (!from) {
    from = *to - kDayMs;
  }
  if (*to <= *from) return bad_param("to", "must be after from");
  if (*to - *from > kMaxReportDays * kDayMs)
    return bad_param("to", fmt::format("the window is at most {} days", kMaxReportDays));
  request.window = acd::KpiWindow{*from, *to, *bucket};
  return request;
}

Result<double> parse_bounded_number(std::string_view name, const std::string& text, double min,
                                    double max, bool exclusive_max) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
    return bad_param(name, "expected a number");
  if (value < min || value > max || (exclusive_max && value >= max)) {
    return bad_param(name, fmt::format("must be at least {} and {} {}", min,
                                       exclusive_max ? "below" : "at most", max));
  }
  return value;
}

Result<std::int64_t> parse_bounded_integer(std::string_view name, const std::string& text,
                                           std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end)
    return bad_param(name, "expected an integer");
  if (value < min || value > max)
    return bad_param(name, fmt::format("must be between {} and {}", min, max));
  return value;
}

}  // namespace callwerk::http

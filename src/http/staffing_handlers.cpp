// The staffing calculator of a queue: its observed volume and handle time (queue_calls of the
// last days) through Erlang C and Erlang A (src/acd/staffing.hpp).
#include <map>

#include <fmt/format.h>

#include "acd/staffing.hpp"
#include "core/time_zone.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"
#include "http/kpi_records.hpp"
#include "http/report_params.hpp"

namespace callwerk::http {

namespace {

using store::Json;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDefaultDays = 7;
// Beyond this load Erlang A needs millions of terms; no single queue comes near it.
constexpr double kMaxErlangs = 10'000;

enum class VolumeBasis { busiest_hour, average };

struct StaffingRequest {
  std::int64_t days = kDefaultDays;
  acd::StaffingTarget target;
  VolumeBasis basis = VolumeBasis::busiest_hour;
  std::optional<double> patience_seconds;
  std::optional<double> calls_per_hour;  // overrides the observed volume
  std::optional<double> aht_seconds;     // overrides the observed handle time
};

Error bad_param(std::string_view name, std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message), std::string(name));
}

// Rates that must lie strictly between 0 and 1.
Result<double> parse_open_fraction(std::string_view name, const std::string& value) {
  auto x = parse_bounded_number(name, value, 0, 1, true);
  if (!x) return x.error();
  if (*x <= 0) return bad_param(name, "must be above 0 and below 1");
  return *x;
}

Result<double> parse_positive(std::string_view name, const std::string& value, double max) {
  auto x = parse_bounded_number(name, value, 0, max);
  if (!x) return x.error();
  if (*x <= 0) return bad_param(name, fmt::format("must be above 0 and at most {}", max));
  return *x;
}

// Defaults: the queue's own target and threshold (80/20 when it has none), no shrinkage, no
// occupancy or abandon limit, the busiest hour of the last 7 days.
Result<StaffingRequest> parse_staffing_request(const QueryParams& params, const Json& queue) {
  StaffingRequest r;
  if (const auto t = queue.find("service_level_target");
      t != queue.end() && t->is_number_integer() && *t > 0 && *t < 100)
    r.target.service_level = t->get<double>() / 100.0;
  if (const auto s = queue.find("service_level_seconds");
      s != queue.end() && s->is_number_integer() && *s >= 0)
    r.target.threshold_seconds = s->get<double>();
  for (const auto& [name, value] : params) {
    Result<double> number = 0.0;
    if (name == "days") {
      auto days = parse_bounded_integer(name, value, 1, kMaxReportDays);
      if (!days) return days.error();
      r.days = *days;
    } else if (name == "basis") {
      if (value == "busiest_hour") {
        r.basis = VolumeBasis::busiest_hour;
      } else if (value == "average") {
        r.basis = VolumeBasis::average;
      } else {
        return bad_param(name, "expected busiest_hour or average");
      }
    } else if (name == "service_level") {
      if (!(number = parse_open_fraction(name, value))) return number.error();
      r.target.service_level = *number;
    } else if (name == "threshold_seconds") {
      if (!(number = parse_bounded_number(name, value, 0, 3600))) return number.error();
      r.target.threshold_seconds = *number;
    } else if (name == "shrinkage") {
      if (!(number = parse_bounded_number(name, value, 0, 1, true))) return number.error();
      r.target.shrinkage = *number;
    } else if (name == "max_occupancy") {
      if (!(number = parse_positive(name, value, 1))) return number.error();
      r.target.max_occupancy = *number;
    } else if (name == "max_abandon_rate") {
      if (!(number = parse_open_fraction(name, value))) return number.error();
      r.target.max_abandon_rate = *number;
    } else if (name == "patience_seconds") {
      if (!(number = parse_positive(name, value, 86'400))) return number.error();
      r.patience_seconds = *number;
    } else if (name == "calls_per_hour") {
      if (!(number = parse_bounded_number(name, value, 0, 100'000))) return number.error();
      r.calls_per_hour = *number;
    } else if (name == "aht_seconds") {
      if (!(number = parse_positive(name, value, 86'400))) return number.error();
      r.aht_seconds = *number;
    } else {
      return bad_param(name, fmt::format("unknown parameter '{}'", name));
    }
  }
  return r;
}

// What the queue's records of the window show.
struct Observed {
  acd::QueueCallTotals totals;
  std::optional<double> aht_seconds;
  std::optional<TimeMs> busiest_hour;  // start of the clock hour with the most offered calls
  std::int64_t busiest_hour_offered = 0;
  std::int64_t active_hours = 0;  // clock hours with at least one offered call
  // Exponential patience, estimated as total waiting time / abandons (the maximum-likelihood
  // estimate with answered and otherwise ended waits as censored observations). Short
  // abandons (misdials) are left out entirely, as in the abandon rate.
  std::optional<double> mean_patience_seconds;
};

// The start of the local clock hour holding t, in the tenant's zone: the team lead's "10 to 11"
// (zones with half-hour offsets, such as India's, do not start hours at UTC hours).
TimeMs clock_hour(TimeMs t, const TimeZone& zone) {
  const TimeMs local = t + TimeMs{zone.offset_seconds_at(t)} * 1000;
  return t - ((local % kHourMs) + kHourMs) % kHourMs;
}

Observed observe(const std::vector<acd::QueuedCallRecord>& calls, const acd::KpiOptions& options,
                 const TimeZone& zone) {
  Observed o;
  std::map<TimeMs, std::int64_t> per_hour;
  std::int64_t waited_ms = 0;
  std::int64_t abandons = 0;
  for (const acd::QueuedCallRecord& call : calls) {
    acd::add_call(o.totals, call, options);
    ++per_hour[clock_hour(call.enqueued_at, zone)];
    const std::int64_t wait = std::max<std::int64_t>(0, call.left_queue_at - call.enqueued_at);
    if (call.exit == acd::QueueExit::abandoned && wait < options.short_abandon_threshold_ms)
      continue;
    waited_ms += wait;
    if (call.exit == acd::QueueExit::abandoned) ++abandons;
  }
  if (const auto kpis = acd::derive_queue_kpis(o.totals); kpis.aht_ms)
    o.aht_seconds = *kpis.aht_ms / 1000.0;
  for (const auto& [hour, offered] : per_hour) {
    if (offered > o.busiest_hour_offered) {  // ties: the earliest hour
      o.busiest_hour = hour;
      o.busiest_hour_offered = offered;
    }
  }
  o.active_hours = static_cast<std::int64_t>(per_hour.size());
  if (abandons > 0 && waited_ms > 0)
    o.mean_patience_seconds =
        static_cast<double>(waited_ms) / 1000.0 / static_cast<double>(abandons);
  return o;
}

Json optional_json(const std::optional<double>& x) {
  return x ? Json(*x) : Json();
}

Json observed_json(const Observed& o, TimeMs from, TimeMs to, std::int64_t days) {
  Json busiest = nullptr;
  if (o.busiest_hour) {
    busiest = Json{{"start", format_iso8601(*o.busiest_hour)},
                   {"end", format_iso8601(*o.busiest_hour + kHourMs)},
                   {"offered", o.busiest_hour_offered}};
  }
  return Json{
      {"from", format_iso8601(from)},
      {"to", format_iso8601(to)},
      {"days", days},
      {"offered", o.totals.offered},
      {"answered", o.totals.answered},
      {"abandoned", o.totals.abandoned},
      {"short_abandoned", o.totals.short_abandoned},
      {"handled", o.totals.handled},
      {"aht_seconds", optional_json(o.aht_seconds)},
      {"busiest_hour", std::move(busiest)},
      {"active_hours", o.active_hours},
      {"average_per_active_hour", o.active_hours > 0 ? Json(static_cast<double>(o.totals.offered) /
                                                            static_cast<double>(o.active_hours))
                                                     : Json()},
      {"mean_patience_seconds", optional_json(o.mean_patience_seconds)}};
}

Json plan_json(const acd::StaffingPlan& plan) {
  return Json{{"agents", plan.agents},
              {"scheduled_staff", plan.scheduled_staff},
              {"service_level", plan.service_level},
              {"asa_seconds", plan.asa_seconds},
              {"occupancy", plan.occupancy},
              {"wait_probability", plan.wait_probability},
              {"abandon_probability", plan.abandon_probability}};
}

Json target_json(const acd::StaffingTarget& t) {
  return Json{{"service_level", t.service_level},
              {"threshold_seconds", t.threshold_seconds},
              {"shrinkage", t.shrinkage},
              {"max_occupancy", optional_json(t.max_occupancy)},
              {"max_abandon_rate", optional_json(t.max_abandon_rate)}};
}

}  // namespace

void get_queue_staffing(RequestContext& ctx) {
  auto queue = ctx.reader.get(*store::find_entity("queues"), ctx.caller.tenant_id, *ctx.id);
  if (!queue) return ctx.reply.respond(error_response(queue.error()));
  auto request = parse_staffing_request(ctx.params, *queue);
  if (!request) return ctx.reply.respond(error_response(request.error()));

  const TimeMs to = now_ms();
  const TimeMs from = to - request->days * kDayMs;
  auto calls = read_queue_calls(ctx.reader, ctx.caller.tenant_id, from, to,
                                {{"queue_id", std::to_string(*ctx.id)}});
  if (!calls) return ctx.reply.respond(error_response(calls.error()));
  acd::KpiOptions options;
  options.service_level_threshold_ms =
      static_cast<std::int64_t>(request->target.threshold_seconds * 1000);
  auto tenant = ctx.reader.tenant(ctx.caller.tenant_id);
  const std::string zone_name =
      tenant && tenant->is_object() ? tenant->value("timezone", "") : std::string();
  const Observed observed = observe(*calls, options, *shared_time_zone(zone_name));

  Json out{{"queue",
            {{"id", *ctx.id},
             {"name", queue->value("name", Json())},
             {"service_level_seconds", queue->value("service_level_seconds", Json())},
             {"service_level_target", queue->value("service_level_target", Json())}}},
           {"observed", observed_json(observed, from, to, request->days)},
           {"staffing", nullptr},
           {"reason", nullptr}};

  // The volume: the busiest clock hour by default (staffing for the average hour would leave
  // the peak understaffed), or the average over the hours that had calls.
  std::optional<double> calls_per_hour = request->calls_per_hour;
  std::string basis = "given";
  if (!calls_per_hour && observed.totals.offered > 0) {
    if (request->basis == VolumeBasis::busiest_hour) {
      calls_per_hour = static_cast<double>(observed.busiest_hour_offered);
      basis = "busiest_hour";
    } else {
      calls_per_hour =
          static_cast<double>(observed.totals.offered) / static_cast<double>(observed.active_hours);
      basis = "average";
    }
  }
  const std::optional<double> aht =
      request->aht_seconds ? request->aht_seconds : observed.aht_seconds;
  if (!calls_per_hour) {
    out["reason"] =
        fmt::format("no calls were offered to this queue in the last {} days; pass calls_per_hour",
                    request->days);
    return ctx.reply.respond(json_response(200, out));
  }
  if (!aht) {
    out["reason"] = fmt::format(
        "no call of this queue was handled in the last {} days, so the handle time is "
        "unknown; pass aht_seconds",
        request->days);
    return ctx.reply.respond(json_response(200, out));
  }
  const acd::Traffic traffic{*calls_per_hour / 3600.0, *aht};
  if (traffic.erlangs() > kMaxErlangs)
    return ctx.reply.respond(
        error_response(bad_param(request->calls_per_hour ? "calls_per_hour" : "aht_seconds",
                                 fmt::format("the load is above {} erlangs", kMaxErlangs))));

  auto erlang_c = acd::staff_erlang_c(traffic, request->target);
  if (!erlang_c) return ctx.reply.respond(error_response(erlang_c.error()));
  Json staffing{{"basis", basis},
                {"calls_per_hour", *calls_per_hour},
                {"aht_seconds", *aht},
                {"erlangs", traffic.erlangs()},
                {"target", target_json(request->target)},
                {"erlang_c", plan_json(*erlang_c)},
                {"erlang_a", nullptr},
                {"erlang_a_reason", nullptr}};
  staffing["erlang_c"].erase("abandon_probability");

  const std::optional<double> patience =
      request->patience_seconds ? request->patience_seconds : observed.mean_patience_seconds;
  if (patience) {
    auto erlang_a = acd::staff_erlang_a(traffic, *patience, request->target);
    if (!erlang_a) return ctx.reply.respond(error_response(erlang_a.error()));
    Json a = plan_json(*erlang_a);
    a["mean_patience_seconds"] = *patience;
    a["patience_basis"] = request->patience_seconds ? "given" : "observed";
    staffing["erlang_a"] = std::move(a);
  } else {
    staffing["erlang_a_reason"] =
        "no abandoned calls observed (short abandons apart), so the callers' patience is "
        "unknown; pass patience_seconds";
  }
  out["staffing"] = std::move(staffing);
  ctx.reply.respond(json_response(200, out));
}

}  // namespace callwerk::http

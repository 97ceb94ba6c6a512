// KPI reports of queues and agents, computed on request from the raw ACD records
// (queue_calls, agent_states) with the pure functions of src/acd; JSON or CSV.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "acd/queue_kpis_csv.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"
#include "http/kpi_json.hpp"
#include "http/kpi_records.hpp"
#include "http/report_params.hpp"

namespace callwerk::http {

namespace {

using store::Id;
using store::Json;

// A queue without its own threshold uses the usual 20 s (80/20).
constexpr std::int64_t kDefaultThresholdSeconds = 20;

std::optional<std::int64_t> integer_of(const Json& row, const char* key) {
  const auto it = row.find(key);
  if (it == row.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// The tenant's rows of `entity` by id: all of them, or the one asked for (not_found naming
// `id_param` when it is not the tenant's).
Result<std::map<Id, Json>> rows_by_id(RequestContext& ctx, const char* entity,
                                      std::optional<Id> only, const char* id_param) {
  const store::EntitySpec& spec = *store::find_entity(entity);
  std::map<Id, Json> rows;
  if (only) {
    auto row = ctx.reader.get(spec, ctx.caller.tenant_id, *only);
    if (!row) {
      Error error = row.error();
      if (error.kind == ErrorKind::not_found) error.location = id_param;
      return error;
    }
    rows.emplace(*only, std::move(*row));
    return rows;
  }
  auto all =
      list_rows_in_window(ctx.reader, spec, ctx.caller.tenant_id, std::nullopt, std::nullopt, {});
  if (!all) return all.error();
  for (Json& row : *all)
    if (const auto id = integer_of(row, "id")) rows.emplace(*id, std::move(row));
  return rows;
}

std::int64_t threshold_seconds_of(const Json* queue) {
  if (queue == nullptr) return kDefaultThresholdSeconds;
  const auto seconds = integer_of(*queue, "service_level_seconds");
  return seconds && *seconds >= 0 ? *seconds : kDefaultThresholdSeconds;
}

// "20261127T0000Z": a time for file names (no colons).
std::string file_time(TimeMs t) {
  std::string text = format_iso8601(t).substr(0, 16);
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == '-' || c == ':'; }),
             text.end());
  return text + "Z";
}

ApiResponse csv_response(std::string body, std::string_view kind, const acd::KpiWindow& window) {
  ApiResponse response;
  response.status = 200;
  response.body = std::move(body);
  response.content_type = "text/csv; charset=utf-8";
  response.headers.emplace_back("Content-Disposition",
                                fmt::format("attachment; filename=\"{}_{}_{}.csv\"", kind,
                                            file_time(window.from), file_time(window.to)));
  return response;
}

Json window_json(const ReportRequest& request) {
  return Json{{"from", format_iso8601(request.window.from)},
              {"to", format_iso8601(request.window.to)},
              {"interval", request.interval}};
}

Json interval_json(TimeMs start, TimeMs end, Json kpis) {
  Json row{{"start", format_iso8601(start)}, {"end", format_iso8601(end)}};
  row.update(kpis);
  return row;
}

// Rows of empty intervals for an object without any record in the window.
template <typename Row, typename Kpis>
Result<std::vector<Row>> empty_rows(const acd::KpiWindow& window, const std::string& tenant,
                                    const std::string& key, Kpis kpis) {
  auto starts = acd::interval_starts(window);
  if (!starts) return starts.error();
  std::vector<Row> rows;
  for (std::size_t i = 0; i < starts->size(); ++i) {
    const TimeMs end = i + 1 < starts->size() ? (*starts)[i + 1] : window.to;
    rows.push_back(Row{tenant, key, (*starts)[i], end, kpis});
  }
  return rows;
}

Json nullable_field(const Json* row, const char* key) {
  if (row == nullptr) return nullptr;
  return row->value(key, Json());
}

}  // namespace

void get_queue_report(RequestContext& ctx) {
  auto request = parse_report_request(ctx.params, "queue_id", now_ms());
  if (!request) return ctx.reply.respond(error_response(request.error()));
  auto queues = rows_by_id(ctx, "queues", request->id, "queue_id");
  if (!queues) return ctx.reply.respond(error_response(queues.error()));
  FieldEquals equals;
  if (request->id) equals.emplace_back("queue_id", std::to_string(*request->id));
  auto calls = read_queue_calls(ctx.reader, ctx.caller.tenant_id, request->window.from,
                                request->window.to, equals);
  if (!calls) return ctx.reply.respond(error_response(calls.error()));

  // Each queue's calls with its own threshold; queues without calls only when asked for.
  std::map<Id, std::vector<acd::QueuedCallRecord>> by_queue;
  if (request->id) by_queue[*request->id];
  for (acd::QueuedCallRecord& call : *calls) by_queue[std::stoll(call.queue)].push_back(call);

  const std::string tenant = std::to_string(ctx.caller.tenant_id);
  std::vector<acd::QueueIntervalKpis> all_rows;
  Json out = window_json(*request);
  out["queues"] = Json::array();
  for (const auto& [queue_id, records] : by_queue) {
    const auto found = queues->find(queue_id);
    const Json* queue = found == queues->end() ? nullptr : &found->second;
    acd::KpiOptions options;
    options.service_level_threshold_ms = threshold_seconds_of(queue) * 1000;
    auto rows = records.empty() ? empty_rows<acd::QueueIntervalKpis>(request->window, tenant,
                                                                     std::to_string(queue_id),
                                                                     acd::derive_queue_kpis({}))
                                : acd::queue_kpis_by_interval(records, request->window, options);
    if (!rows) return ctx.reply.respond(error_response(rows.error()));
    acd::QueueCallTotals total;
    Json intervals = Json::array();
    for (const acd::QueueIntervalKpis& row : *rows) {
      total += row.kpis.totals;
      intervals.push_back(
          interval_json(row.interval_start, row.interval_end, queue_kpis_json(row.kpis)));
    }
    out["queues"].push_back(
        Json{{"queue_id", queue_id},
             {"name", nullable_field(queue, "name")},
             {"service_level_seconds", threshold_seconds_of(queue)},
             {"service_level_target", nullable_field(queue, "service_level_target")},
             {"total", queue_kpis_json(acd::derive_queue_kpis(total))},
             {"intervals", std::move(intervals)}});
    all_rows.insert(all_rows.end(), rows->begin(), rows->end());
  }
  if (request->format == ReportFormat::csv)
    return ctx.reply.respond(
        csv_response(acd::queue_kpis_csv(all_rows), "queue-kpis", request->window));
  ctx.reply.respond(json_response(200, out));
}

void get_agent_report(RequestContext& ctx) {
  const TimeMs now = now_ms();
  auto request = parse_report_request(ctx.params, "user_id", now);
  if (!request) return ctx.reply.respond(error_response(request.error()));
  auto users = rows_by_id(ctx, "users", request->id, "user_id");
  if (!users) return ctx.reply.respond(error_response(users.error()));
  FieldEquals equals{{"exit", "answered"}};
  if (request->id) equals.emplace_back("agent_id", std::to_string(*request->id));
  auto calls = read_queue_calls(ctx.reader, ctx.caller.tenant_id, request->window.from,
                                request->window.to, equals);
  if (!calls) return ctx.reply.respond(error_response(calls.error()));
  std::vector<Id> user_ids;
  for (const auto& [id, unused] : *users) user_ids.push_back(id);
  auto spans = read_agent_spans(ctx.reader, ctx.caller.tenant_id, user_ids, request->window.from,
                                request->window.to, now);
  if (!spans) return ctx.reply.respond(error_response(spans.error()));
  auto rows = acd::agent_kpis_by_interval(*calls, *spans, request->window, acd::KpiOptions{});
  if (!rows) return ctx.reply.respond(error_response(rows.error()));

  const std::string tenant = std::to_string(ctx.caller.tenant_id);
  if (request->id && rows->empty()) {
    auto empty = empty_rows<acd::AgentIntervalKpis>(
        request->window, tenant, std::to_string(*request->id), acd::derive_agent_kpis({}));
    if (!empty) return ctx.reply.respond(error_response(empty.error()));
    *rows = std::move(*empty);
  }
  if (request->format == ReportFormat::csv)
    return ctx.reply.respond(
        csv_response(acd::agent_kpis_csv(*rows), "agent-kpis", request->window));

  // Rows come sorted by agent, then time: one entry per agent.
  Json out = window_json(*request);
  out["agents"] = Json::array();
  for (std::size_t i = 0; i < rows->size();) {
    const std::string& agent = (*rows)[i].agent;
    const Id user_id = std::stoll(agent);
    const auto found = users->find(user_id);
    const Json* user = found == users->end() ? nullptr : &found->second;
    acd::AgentTotals total;
    Json intervals = Json::array();
    for (; i < rows->size() && (*rows)[i].agent == agent; ++i) {
      const acd::AgentIntervalKpis& row = (*rows)[i];
      add_agent_totals(total, row.kpis.totals);
      intervals.push_back(
          interval_json(row.interval_start, row.interval_end, agent_kpis_json(row.kpis)));
    }
    out["agents"].push_back(Json{{"user_id", user_id},
                                 {"username", nullable_field(user, "username")},
                                 {"display_name", nullable_field(user, "display_name")},
                                 {"total", agent_kpis_json(acd::derive_agent_kpis(total))},
                                 {"intervals", std::move(intervals)}});
  }
  ctx.reply.respond(json_response(200, out));
}

}  // namespace callwerk::http

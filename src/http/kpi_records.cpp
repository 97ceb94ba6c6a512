#include "http/kpi_records.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace callwerk::http {

namespace {

using store::Json;

constexpr int kPageSize = 500;

std::optional<std::int64_t> integer_of(const Json& row, const char* key) {
  const auto it = row.find(key);
  if (it == row.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// Times come back as ISO 8601 strings; plain milliseconds are accepted as well.
std::optional<TimeMs> time_of(const Json& row, const char* key) {
  const auto it = row.find(key);
  if (it == row.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<TimeMs>();
  if (!it->is_string()) return std::nullopt;
  return parse_iso8601(it->get_ref<const std::string&>());
}

std::string text_of(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<acd::QueueExit> exit_of(const std::string& name) {
  if (name == "answered") return acd::QueueExit::answered;
  if (name == "abandoned") return acd::QueueExit::abandoned;
  if (name == "callback") return acd::QueueExit::callback_chosen;
  if (name == "overflow") return acd::QueueExit::overflowed;
  if (name == "timeout") return acd::QueueExit::timed_out;
  return std::nullopt;
}

std::optional<acd::AgentActivity> activity_of(const std::string& state) {
  if (state == "offline") return acd::AgentActivity::offline;
  if (state == "available") return acd::AgentActivity::available;
  if (state == "reserved") return acd::AgentActivity::reserved;
  if (state == "ringing") return acd::AgentActivity::ringing;
  if (state == "on-call") return acd::AgentActivity::on_call;
  if (state == "wrap-up") return acd::AgentActivity::wrap_up;
  if (state == "paused") return acd::AgentActivity::paused;
  return std::nullopt;
}

Error bad_row(const Json& row, const std::string& what) {
  return make_error(ErrorKind::internal,
                    fmt::format("stored queue call {}: {}", row.value("id", Json()).dump(), what));
}

}  // namespace

Result<std::vector<Json>> list_rows_in_window(store::StoreReader& reader,
                                              const store::EntitySpec& entity, store::Id tenant_id,
                                              std::optional<TimeMs> from, std::optional<TimeMs> to,
                                              const FieldEquals& equals, std::int64_t max_rows) {
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = kPageSize;
  query.from = from;
  query.to = to;
  query.equals = equals;
  query.sort = std::string(entity.time_field);
  query.descending = false;
  std::vector<Json> rows;
  while (true) {
    auto page = reader.list(entity, query);
    if (!page) return page.error();
    if (page->total > max_rows) {
      return make_error(
          ErrorKind::invalid_input,
          fmt::format("more than {} {} in the window: choose a shorter one", max_rows, entity.name),
          "from");
    }
    const std::size_t got = page->items.size();
    for (Json& item : page->items) rows.push_back(std::move(item));
    // Rows stored while paging may shift a page; the count of the first page bounds the loop.
    if (got < static_cast<std::size_t>(kPageSize) ||
        static_cast<std::int64_t>(rows.size()) >= page->total)
      break;
    query.offset += kPageSize;
  }
  return rows;
}

Result<acd::QueuedCallRecord> queued_call_record(const Json& row, store::Id tenant_id) {
  acd::QueuedCallRecord record;
  record.tenant = std::to_string(tenant_id);
  const auto queue = integer_of(row, "queue_id");
  const auto exit = exit_of(text_of(row, "exit"));
  const auto enqueued = time_of(row, "enqueued_at");
  const auto left = time_of(row, "left_at");
  if (!queue) return bad_row(row, "no queue_id");
  if (!exit) return bad_row(row, "unknown exit");
  if (!enqueued || !left) return bad_row(row, "no enqueued_at or left_at");
  record.queue = std::to_string(*queue);
  record.exit = *exit;
  record.enqueued_at = *enqueued;
  record.left_queue_at = *left;
  if (const auto interaction = integer_of(row, "interaction_id"))
    record.interaction_id = std::to_string(*interaction);
  else if (const auto id = integer_of(row, "id"))
    record.interaction_id = "row-" + std::to_string(*id);
  record.entry_position = static_cast<int>(integer_of(row, "entry_position").value_or(0));
  if (record.exit == acd::QueueExit::answered) {
    if (const auto agent = integer_of(row, "agent_id")) record.agent = std::to_string(*agent);
    record.talk_ended_at = time_of(row, "talk_ended_at");
    record.wrap_up_ended_at = time_of(row, "wrap_up_ended_at");
    record.hold_ms = std::max<std::int64_t>(0, integer_of(row, "hold_ms").value_or(0));
  }
  return record;
}

Result<std::vector<acd::QueuedCallRecord>> read_queue_calls(store::StoreReader& reader,
                                                            store::Id tenant_id, TimeMs from,
                                                            TimeMs to, const FieldEquals& equals) {
  auto rows =
      list_rows_in_window(reader, *store::find_entity("queue_calls"), tenant_id, from, to, equals);
  if (!rows) return rows.error();
  std::vector<acd::QueuedCallRecord> records;
  records.reserve(rows->size());
  for (const Json& row : *rows) {
    auto record = queued_call_record(row, tenant_id);
    if (!record) return record.error();
    records.push_back(std::move(*record));
  }
  return records;
}

std::vector<acd::AgentStateSpan> agent_state_spans(std::span<const Json> rows, store::Id tenant_id,
                                                   TimeMs open_end) {
  struct Change {
    TimeMs at;
    std::int64_t row_id;
    acd::AgentActivity activity;
    std::string reason;
  };
  std::map<store::Id, std::vector<Change>> by_user;
  for (const Json& row : rows) {
    const auto user = integer_of(row, "user_id");
    const auto at = time_of(row, "at");
    const auto activity = activity_of(text_of(row, "state"));
    if (!user || !at || !activity) continue;
    std::string reason =
        *activity == acd::AgentActivity::paused ? text_of(row, "reason") : std::string();
    by_user[*user].push_back(
        Change{*at, integer_of(row, "id").value_or(0), *activity, std::move(reason)});
  }
  std::vector<acd::AgentStateSpan> spans;
  for (auto& [user, changes] : by_user) {
    std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
      return a.at != b.at ? a.at < b.at : a.row_id < b.row_id;
    });
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const Change& change = changes[i];
      const TimeMs end = i + 1 < changes.size() ? changes[i + 1].at : open_end;
      spans.push_back(acd::AgentStateSpan{std::to_string(tenant_id), std::to_string(user),
                                          change.activity, change.reason, change.at,
                                          std::max(end, change.at)});
    }
  }
  return spans;
}

Result<std::vector<acd::AgentStateSpan>> read_agent_spans(store::StoreReader& reader,
                                                          store::Id tenant_id,
                                                          std::span<const store::Id> user_ids,
                                                          TimeMs from, TimeMs to, TimeMs now) {
  const store::EntitySpec& entity = *store::find_entity("agent_states");
  FieldEquals equals;
  if (user_ids.size() == 1) equals.emplace_back("user_id", std::to_string(user_ids.front()));
  auto rows = list_rows_in_window(reader, entity, tenant_id, from, to, equals);
  if (!rows) return rows.error();
  const std::set<store::Id> wanted(user_ids.begin(), user_ids.end());
  std::vector<Json> relevant;
  for (Json& row : *rows) {
    const auto user = integer_of(row, "user_id");
    if (user && wanted.count(*user)) relevant.push_back(std::move(row));
  }
  // The state each agent was in when the window opened: its newest change before it.
  for (const store::Id user : user_ids) {
    store::ListQuery before;
    before.tenant_id = tenant_id;
    before.limit = 1;
    before.to = from;
    before.equals = {{"user_id", std::to_string(user)}};
    before.sort = "at";
    before.descending = true;
    auto page = reader.list(entity, before);
    if (!page) return page.error();
    if (page->items.empty() || text_of(page->items.front(), "state") == "offline") continue;
    relevant.push_back(std::move(page->items.front()));
  }
  return agent_state_spans(relevant, tenant_id, std::max(from, std::min(to, now)));
}

}  // namespace callwerk::http

// The agent desktop's own state and the team lead's wallboard (http::AgentDesk): asked from
// an HTTP thread, answered from the core loop, where the ACD lives.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <map>
#include <set>

#include "app/contact_center.hpp"
#include "core/time_zone.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

namespace asio = boost::asio;
using store::Json;

namespace {

Json optional_number(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json seconds(const std::optional<double>& ms) {
  return ms ? Json(*ms / 1000.0) : Json(nullptr);
}

// The start of today for "today" figures: midnight in the tenant's time zone (UTC when the
// tenant cannot be read or names no known zone).
TimeMs day_start(TimeMs now, store::StoreReader& reader, store::Id tenant_id) {
  auto tenant = reader.tenant(tenant_id);
  const std::string zone = tenant && tenant->is_object() ? tenant->value("timezone", "") : "";
  return local_day_start(now, *shared_time_zone(zone));
}

}  // namespace

const std::vector<std::string>& ContactCenter::pause_reasons() {
  static const std::vector<std::string> reasons{"Pause", "Schulung", "Backoffice",
                                                "Teambesprechung", "Nacharbeit"};
  return reasons;
}

Json ContactCenter::status_json(acd::AgentId agent) const {
  const AgentInfo* info = agent_info(agent);
  auto snapshot = acd_.agent_snapshot(agent);
  if (info == nullptr || !snapshot) return Json{{"agent", false}, {"user_id", agent}};
  Json status{
      {"at", format_iso8601(now_ms())},
      {"agent", true},
      {"user_id", agent},
      {"name", info->display_name},
      {"extension", info->extension},
      {"state", api_name(acd::agent_state_name(snapshot->state))},
      {"reason", snapshot->pause_reason.empty() ? Json(nullptr) : Json(snapshot->pause_reason)},
      {"since", format_iso8601(snapshot->state_since)},
      {"phone_registered", snapshot->phone_registered},
      {"calls_handled", snapshot->calls_handled},
      {"pause_reasons", pause_reasons()},
      {"call", nullptr}};
  Json queues = Json::array();
  for (acd::QueueId queue : snapshot->queues) {
    if (auto it = queues_.find(queue); it != queues_.end())
      queues.push_back(Json{{"id", queue}, {"name", it->second.name}});
  }
  status["queues"] = std::move(queues);
  if (snapshot->call) {
    Json call{{"queue_id", snapshot->queue ? Json(*snapshot->queue) : Json(nullptr)}};
    if (snapshot->queue) {
      if (auto it = queues_.find(*snapshot->queue); it != queues_.end())
        call["queue"] = it->second.name;
    }
    if (auto it = calls_.find(*snapshot->call); it != calls_.end() && it->second.interaction_id)
      call["interaction_id"] = *it->second.interaction_id;
    add_consult_json(agent, *snapshot->call, call);
    // A team lead on the call (listen, whisper, barge), for the wallboard's buttons.
    if (voice_ != nullptr) {
      if (const auto supervision = voice_->supervision(voice_key_of(*snapshot->call)))
        call["supervision"] = {{"user_id", supervision->user_id},
                               {"mode", voice::to_string(supervision->mode)},
                               {"connected", supervision->connected}};
    }
    status["call"] = std::move(call);
  }
  return status;
}

Json ContactCenter::wallboard_json(store::Id tenant_id) const {
  const TimeMs now = now_ms();
  const TimeMs today_start = day_start(now, *reader_, tenant_id);
  std::map<std::string, std::vector<acd::QueuedCallRecord>> records_by_queue;
  for (acd::QueuedCallRecord& record : acd_.records_since(today_start))
    records_by_queue[record.queue].push_back(std::move(record));
  Json queues = Json::array();
  for (const acd::QueueSnapshot& snapshot : acd_.queue_snapshots(now)) {
    if (snapshot.tenant != tenant_id) continue;
    const acd::QueueConfig* config = acd_.find_queue(snapshot.queue);
    acd::KpiOptions options;
    if (config != nullptr)
      options.service_level_threshold_ms = std::int64_t{config->service_level_seconds} * 1000;
    const auto live = acd::queue_live_snapshots(records_by_queue[std::to_string(snapshot.queue)],
                                                today_start, now, options);
    const acd::QueueKpis today = live.empty() ? acd::QueueKpis{} : live.front().today;
    queues.push_back(Json{{"id", snapshot.queue},
                          {"name", snapshot.name},
                          {"waiting", snapshot.waiting.size() + snapshot.offered.size()},
                          {"longest_wait_seconds", snapshot.longest_wait_ms / 1000},
                          {"agents_logged_in", snapshot.agents_logged_in},
                          {"agents_available", snapshot.agents_available},
                          {"agents_busy", snapshot.agents_busy},
                          {"agents_paused", snapshot.agents_paused},
                          {"service_level_seconds", config ? config->service_level_seconds : 0},
                          {"today",
                           {{"offered", today.totals.offered},
                            {"answered", today.totals.answered},
                            {"abandoned", today.totals.abandoned},
                            {"short_abandoned", today.totals.short_abandoned},
                            {"service_level", optional_number(today.service_level)},
                            {"abandon_rate", optional_number(today.abandon_rate)},
                            {"asa_seconds", seconds(today.asa_ms)},
                            {"aht_seconds", seconds(today.aht_ms)}}}});
  }
  Json agents = Json::array();
  for (const acd::AgentSnapshot& snapshot : acd_.agent_snapshots()) {
    if (snapshot.tenant != tenant_id) continue;
    agents.push_back(status_json(snapshot.agent));
  }
  return Json{
      {"at", format_iso8601(now)}, {"queues", std::move(queues)}, {"agents", std::move(agents)}};
}

Result<Json> ContactCenter::run_command(store::Id tenant_id, store::Id user_id,
                                        const std::string& action, const std::string& reason) {
  const AgentInfo* info = agent_info(user_id);
  if (info == nullptr || info->tenant_id != tenant_id)
    return make_error(ErrorKind::not_found, "you have no phone extension: no calls to take");
  const TimeMs now = now_ms();
  Status done = ok_status();
  if (action == "log-in") {
    done = acd_.log_in(user_id, now);
  } else if (action == "ready") {
    done = acd_.ready(user_id, now);
  } else if (action == "pause") {
    const auto& allowed = pause_reasons();
    if (std::find(allowed.begin(), allowed.end(), reason) == allowed.end())
      return make_error(ErrorKind::invalid_input, "unknown pause reason '" + reason + "'",
                        "reason");
    done = acd_.pause(user_id, reason, now);
  } else if (action == "log-out") {
    done = acd_.log_out(user_id, now);
  } else {
    return make_error(ErrorKind::invalid_input, "action must be log-in, ready, pause or log-out",
                      "action");
  }
  reschedule();
  if (!done) return done.error();
  return status_json(user_id);
}

void ContactCenter::agent_status(store::Id tenant_id, store::Id user_id, Done done) {
  asio::post(core_, [this, tenant_id, user_id, done = std::move(done), alive = alive_] {
    if (!*alive) return done(make_error(ErrorKind::internal, "the queues are stopping"));
    const AgentInfo* info = agent_info(user_id);
    if (info == nullptr || info->tenant_id != tenant_id)
      return done(Json{{"agent", false}, {"user_id", user_id}});
    done(status_json(user_id));
  });
}

void ContactCenter::agent_command(store::Id tenant_id, store::Id user_id, const std::string& action,
                                  const std::string& reason, Done done) {
  asio::post(core_,
             [this, tenant_id, user_id, action, reason, done = std::move(done), alive = alive_] {
               if (!*alive) return done(make_error(ErrorKind::internal, "the queues are stopping"));
               done(run_command(tenant_id, user_id, action, reason));
             });
}

Result<Json> ContactCenter::run_call_command(store::Id tenant_id, store::Id user_id,
                                             const CallCommand& command) {
  const std::string& action = command.action;
  const std::string& queue = command.queue;
  const AgentInfo* info = agent_info(user_id);
  if (info == nullptr || info->tenant_id != tenant_id)
    return make_error(ErrorKind::not_found, "you have no phone extension: no calls to take");
  static const std::set<std::string> actions{"hold",           "resume",     "hangup",
                                             "transfer",       "consult",    "complete",
                                             "cancel_consult", "conference", "leave"};
  if (actions.count(action) == 0)
    return make_error(ErrorKind::invalid_input,
                      "action must be hold, resume, hangup, transfer, consult, complete, "
                      "cancel_consult, conference or leave",
                      "action");
  auto snapshot = acd_.agent_snapshot(user_id);
  if (!snapshot || snapshot->state != acd::AgentState::on_call || !snapshot->call ||
      voice_ == nullptr)
    return make_error(ErrorKind::conflict, "you are on no connected call");
  const acd::CallId call = *snapshot->call;
  const auto key = voice_key_of(call);
  consult_failures_.erase(user_id);  // shown until the agent's next command
  if (const auto asked = consultations_.find(call);
      asked != consultations_.end() && !asked->second.completed)
    return make_error(ErrorKind::conflict,
                      "Während der Rückfrage entscheidet, wer Sie angerufen hat.");
  if (action == "hangup") {
    if (auto hung_up = voice_->hang_up(key); !hung_up) return hung_up.error();
    return status_json(user_id);
  }
  if ((action == "transfer" && command.agent_id) ||
      (action != "hold" && action != "resume" && action != "transfer"))
    return run_transfer_command(tenant_id, user_id, call, command);
  if (action != "transfer") {
    if (auto held = voice_->hold(key, action == "hold"); !held) return held.error();
    // The hold time is part of the talk in the queue record (AHT counts it, DOMAIN.md).
    if (auto noted = acd_.call_held(call, action == "hold", now_ms()); !noted)
      spdlog::warn("acd: hold of call {}: {}", call, noted.error().describe());
    Json status = status_json(user_id);
    status["call"]["held"] = action == "hold";
    return status;
  }
  if (queue_by_name_.count({tenant_id, queue}) == 0)
    return make_error(ErrorKind::invalid_input, "no queue '" + queue + "'", "queue");
  const auto current = calls_.find(call);
  const int priority = current != calls_.end() ? current->second.priority : 0;
  if (auto released = voice_->release_to_queue(key, queue); !released) return released.error();
  // The agent's talk ends here (wrap-up follows); the caller waits in the new queue.
  if (auto ended = acd_.call_ended(call, now_ms()); !ended)
    spdlog::warn("acd: transfer of call {}: {}", call, ended.error().describe());
  taken_over_.erase(key);  // the caller's next agent talks on the call's own id
  if (auto queued = enqueue(key, tenant_id, queue, priority); !queued) {
    voice_->queue_gave_up(key, "transfer refused");
    return queued.error();
  }
  return status_json(user_id);
}

void ContactCenter::call_command(store::Id tenant_id, store::Id user_id, const CallCommand& command,
                                 Done done) {
  asio::post(core_, [this, tenant_id, user_id, command, done = std::move(done), alive = alive_] {
    if (!*alive) return done(make_error(ErrorKind::internal, "the queues are stopping"));
    done(run_call_command(tenant_id, user_id, command));
  });
}

void ContactCenter::colleagues(store::Id tenant_id, store::Id user_id, Done done) {
  asio::post(core_, [this, tenant_id, user_id, done = std::move(done), alive = alive_] {
    if (!*alive) return done(make_error(ErrorKind::internal, "the queues are stopping"));
    done(colleagues_json(tenant_id, user_id));
  });
}

void ContactCenter::wallboard(store::Id tenant_id, Done done) {
  asio::post(core_, [this, tenant_id, done = std::move(done), alive = alive_] {
    if (!*alive) return done(make_error(ErrorKind::internal, "the queues are stopping"));
    done(wallboard_json(tenant_id));
  });
}

}  // namespace callwerk::app

// The ACD's configuration from the store: each tenant's queues (strategy, required skills,
// service level, maximum wait, wrap-up) and agents (active users with a SIP extension and
// their skills). Skills are matched by their store id.
#include <spdlog/spdlog.h>

#include <set>

#include "app/contact_center.hpp"
#include "app/import_fields.hpp"
#include "app/json_fields.hpp"

namespace callwerk::app {

using store::Json;

namespace {

constexpr int kPage = 500;  // the store's largest list page

Result<std::vector<Json>> list_all(store::StoreReader& reader, const char* entity,
                                   store::Id tenant_id) {
  std::vector<Json> rows;
  for (int offset = 0;; offset += kPage) {
    store::ListQuery query;
    query.tenant_id = tenant_id;
    query.limit = kPage;
    query.offset = offset;
    query.sort = "id";
    auto page = reader.list(entity_spec(entity), query);
    if (!page) return page.error();
    for (Json& row : page->items) rows.push_back(std::move(row));
    if (static_cast<int>(page->items.size()) < kPage) break;
  }
  return rows;
}

std::vector<acd::SkillLevel> skills_of(const Json& row, const char* level_key) {
  std::vector<acd::SkillLevel> skills;
  for (const Json& skill : row.value("skills", Json::array())) {
    const std::int64_t id = int_field(skill, "skill_id");
    if (id <= 0) continue;
    skills.push_back(
        acd::SkillLevel{std::to_string(id), static_cast<int>(int_field(skill, level_key, 1))});
  }
  return skills;
}

int seconds_field(const Json& row, const char* key, int fallback) {
  return static_cast<int>(int_field(row, key, fallback));
}

}  // namespace

Status ContactCenter::load_all() {
  auto tenants = reader_->tenants();
  if (!tenants) return tenants.error();
  for (const Json& tenant : *tenants) {
    const std::int64_t id = int_field(tenant, "id");
    if (id <= 0) continue;
    if (auto loaded = load_tenant(id); !loaded) return loaded;
  }
  spdlog::info("acd: {} queues, {} agents", queues_.size(), agents_.size());
  return ok_status();
}

Status ContactCenter::load_tenant(store::Id tenant_id) {
  auto queue_rows = list_all(*reader_, "queues", tenant_id);
  if (!queue_rows) return queue_rows.error();
  auto user_rows = list_all(*reader_, "users", tenant_id);
  if (!user_rows) return user_rows.error();
  const TimeMs now = now_ms();

  std::set<acd::QueueId> seen_queues;
  for (const Json& row : *queue_rows) {
    acd::QueueConfig queue;
    queue.id = int_field(row, "id");
    queue.tenant = tenant_id;
    queue.name = text_field(row, "name");
    queue.strategy = acd::parse_routing_strategy(text_field(row, "strategy"))
                         .value_or(acd::RoutingStrategy::longest_idle);
    queue.required_skills = skills_of(row, "min_level");
    queue.service_level_seconds = seconds_field(row, "service_level_seconds", 20);
    queue.max_wait_seconds = seconds_field(row, "max_wait_seconds", 0);
    queue.wrap_up_seconds = seconds_field(row, "wrap_up_seconds", 0);
    queue.ring_timeout_seconds = seconds_field(row, "ring_timeout_seconds", 20);
    if (auto set = acd_.set_queue(queue, now); !set) {
      spdlog::warn("acd: queue {} '{}' not routed: {}", queue.id, queue.name,
                   set.error().describe());
      continue;
    }
    if (const auto old = queues_.find(queue.id); old != queues_.end())
      queue_by_name_.erase({tenant_id, old->second.name});
    QueueInfo info;
    info.tenant_id = tenant_id;
    info.name = queue.name;
    info.overflow_action = text_field(row, "overflow_action");
    if (info.overflow_action.empty()) info.overflow_action = "none";
    info.overflow_queue = text_field(row, "overflow_queue");
    info.offer_callback = row.value("offer_callback", true);
    info.music_on_hold = row.value("music_on_hold", true);
    info.voicemail_max_seconds = seconds_field(row, "voicemail_max_seconds", 120);
    queues_[queue.id] = std::move(info);
    queue_by_name_[{tenant_id, queue.name}] = queue.id;
    seen_queues.insert(queue.id);
  }
  for (auto it = queues_.begin(); it != queues_.end();) {
    if (it->second.tenant_id != tenant_id || seen_queues.count(it->first) != 0) {
      ++it;
      continue;
    }
    (void)acd_.remove_queue(it->first, now);  // its waiting calls expire to the voice channel
    queue_by_name_.erase({tenant_id, it->second.name});
    it = queues_.erase(it);
  }

  // Every active user with an extension takes calls, whatever the role: a team lead with a
  // phone can help out in a queue.
  std::set<acd::AgentId> seen_agents;
  for (const Json& row : *user_rows) {
    const std::string extension = text_field(row, "sip_extension");
    if (extension.empty() || !row.value("active", true)) continue;
    acd::AgentConfig agent;
    agent.id = int_field(row, "id");
    agent.tenant = tenant_id;
    agent.extension = extension;
    agent.skills = skills_of(row, "level");
    const bool added = agents_.count(agent.id) == 0;
    if (auto set = acd_.set_agent(agent, now); !set) {
      spdlog::warn("acd: agent {} not routed: {}", agent.id, set.error().describe());
      continue;
    }
    AgentInfo info{tenant_id, text_field(row, "username"), text_field(row, "display_name"),
                   extension};
    if (const auto old = agents_.find(agent.id); old != agents_.end())
      agent_by_username_.erase(old->second.username);
    agent_by_username_[info.username] = agent.id;
    if (added && registered_)
      (void)acd_.registration_changed(agent.id, registered_(info.username), now);
    agents_[agent.id] = std::move(info);
    seen_agents.insert(agent.id);
  }
  for (auto it = agents_.begin(); it != agents_.end();) {
    if (it->second.tenant_id != tenant_id || seen_agents.count(it->first) != 0) {
      ++it;
      continue;
    }
    (void)acd_.remove_agent(it->first, now);
    agent_by_username_.erase(it->second.username);
    it = agents_.erase(it);
  }
  reschedule();
  return ok_status();
}

}  // namespace callwerk::app

#include "http/event_hub.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "http/json_responses.hpp"

namespace callwerk::http {

std::string_view event_resource(std::string_view event_type) {
  const std::string_view prefix = event_type.substr(0, event_type.find('.'));
  if (prefix == "timeline") return "timeline";
  if (prefix == "call") return "interactions";
  if (prefix == "agent") return "users";
  if (prefix == "token" || prefix == "api_token") return "tokens";
  if (prefix == "audit") return "audit";
  for (const store::EntitySpec& entity : store::catalog()) {
    if (entity.singular == prefix || entity.name == prefix) return entity.name;
  }
  // Events without an entity (queue statistics, system notices) are for every signed-in role
  // of the tenant.
  return "events";
}

std::string event_message(const store::StoredEvent& event, TimeMs at) {
  store::Json data = event.data;
  const std::string_view prefix = std::string_view(event.type).substr(0, event.type.find('.'));
  if (data.is_object()) {
    for (const store::EntitySpec& entity : store::catalog()) {
      if (entity.singular != prefix) continue;
      for (const store::FieldSpec& field : entity.fields) {
        if (field.secret) data.erase(std::string(field.name));
      }
    }
  }
  return dump_json(store::Json{{"type", event.type}, {"at", format_iso8601(at)}, {"data", data}});
}

void EventHub::publish(const store::StoredEvent& event) {
  std::lock_guard lock(mutex_);
  // Most events (every protocol line of every call) have nobody watching their tenant: they
  // cost no copy and no wake-up of the core thread then.
  if (closed_ || !by_tenant_.contains(event.tenant_id)) return;
  pending_.push_back(event);
  // One wake-up of the core thread carries everything committed until it runs.
  if (pending_.size() == 1)
    boost::asio::post(core_, [self = shared_from_this()] { self->fan_out_pending(); });
}

void EventHub::fan_out_pending() {
  std::vector<store::StoredEvent> events;
  {
    std::lock_guard lock(mutex_);
    events.swap(pending_);
  }
  for (const auto& event : events) fan_out(event);
}

void EventHub::fan_out(const store::StoredEvent& event) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  auto it = by_tenant_.find(event.tenant_id);
  if (it == by_tenant_.end()) return;
  const std::string_view resource = event_resource(event.type);
  // Serialised once, shared by every receiving connection.
  const auto message = std::make_shared<const std::string>(event_message(event, now_ms()));
  auto& subscribers = it->second;
  std::erase_if(subscribers, [](const auto& weak) { return weak.expired(); });
  for (const auto& weak : subscribers) {
    auto subscriber = weak.lock();
    if (subscriber && role_allows(subscriber->role(), resource, Access::read)) {
      subscriber->deliver(message);
    }
  }
  if (subscribers.empty()) by_tenant_.erase(it);
}

void EventHub::subscribe(const std::shared_ptr<EventSubscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  by_tenant_[subscriber->tenant_id()].push_back(subscriber);
}

void EventHub::unsubscribe(const EventSubscriber* subscriber) {
  std::lock_guard lock(mutex_);
  for (auto it = by_tenant_.begin(); it != by_tenant_.end();) {
    std::erase_if(it->second, [&](const auto& weak) {
      auto locked = weak.lock();
      return !locked || locked.get() == subscriber;
    });
    it = it->second.empty() ? by_tenant_.erase(it) : std::next(it);
  }
}

void EventHub::disconnect(const AuthCache::Revocation& revocation) {
  using Kind = AuthCache::Revocation::Kind;
  auto matches = [&](const Caller& caller) {
    switch (revocation.kind) {
      case Kind::session:
        return caller.via_cookie && caller.session_hash == revocation.session_hash;
      case Kind::token:
        return caller.token_id == revocation.id;
      case Kind::user:
        return caller.user_id == revocation.id;
    }
    return false;
  };
  std::lock_guard lock(mutex_);
  for (auto& [tenant, subscribers] : by_tenant_) {
    std::erase_if(subscribers, [&](const auto& weak) {
      auto subscriber = weak.lock();
      if (!subscriber) return true;
      if (!matches(subscriber->caller())) return false;
      subscriber->close_stream();
      return true;
    });
  }
}

void EventHub::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  by_tenant_.clear();
  pending_.clear();
}

std::size_t EventHub::subscriber_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [tenant, subscribers] : by_tenant_) n += subscribers.size();
  return n;
}

}  // namespace callwerk::http

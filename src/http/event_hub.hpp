#pragma once
// Fan-out of committed domain events to the WebSocket subscribers of /api/v1/events.
// publish() may be called from any thread (the store writer's event sink); the fan-out runs
// on the core io_context so that the writer thread never waits for slow clients, and each
// subscriber queues messages on its own connection thread.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/roles.hpp"
#include "http/api_types.hpp"
#include "http/auth_cache.hpp"
#include "store/store.hpp"

namespace callwerk::http {

class EventSubscriber {
 public:
  virtual ~EventSubscriber() = default;
  virtual store::Id tenant_id() const = 0;
  virtual Role role() const = 0;
  // Thread-safe and non-blocking (queues onto the subscriber's own thread). Called with the
  // hub's lock held: must not call back into the hub.
  virtual void deliver(std::shared_ptr<const std::string> message) = 0;
  // Who opened the stream: sessions, tokens and users whose credentials end close it.
  virtual const Caller& caller() const = 0;
  // Thread-safe and non-blocking: closes the stream on its own thread. Called with the hub's
  // lock held: must not call back into the hub.
  virtual void close_stream() = 0;
};

// The role resource an event type belongs to ("interaction.created" -> "interactions"), so a
// subscriber only receives what its role may read.
std::string_view event_resource(std::string_view event_type);

// The JSON text sent to clients: {"type","at","data"}, secret columns removed.
std::string event_message(const store::StoredEvent& event, TimeMs at);

class EventHub : public std::enable_shared_from_this<EventHub> {
 public:
  explicit EventHub(boost::asio::io_context& core) : core_(core) {}

  void publish(const store::StoredEvent& event);
  void subscribe(const std::shared_ptr<EventSubscriber>& subscriber);
  void unsubscribe(const EventSubscriber* subscriber);
  // Closes the streams opened with a credential that has just ended (logout, token revocation,
  // a user deactivated or given another role). Thread-safe.
  void disconnect(const AuthCache::Revocation& revocation);
  // Drops every subscriber and ignores later events: the server is stopping.
  void close();

  std::size_t subscriber_count() const;

 private:
  void fan_out_pending();
  void fan_out(const store::StoredEvent& event);

  boost::asio::io_context& core_;
  mutable std::mutex mutex_;
  bool closed_ = false;
  std::unordered_map<store::Id, std::vector<std::weak_ptr<EventSubscriber>>> by_tenant_;
  std::vector<store::StoredEvent> pending_;  // published, not yet fanned out (in order)
};

}  // namespace callwerk::http

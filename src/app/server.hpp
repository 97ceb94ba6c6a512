#pragma once
// The running server: the core loop (one io_context on its own thread, owner of the domain
// state; for now it hosts the WebSocket fan-out), the store writer thread and the HTTP
// threads, wired as in DESIGN.md. Committed store events go to the knowledge-base search
// (KbService::apply) and to HttpServer::publish.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdint>
#include <future>
#include <memory>
#include <thread>

#include "app/chat_flow_source.hpp"
#include "app/config.hpp"
#include "app/contact_center.hpp"
#include "app/kb_service.hpp"
#include "app/telephony.hpp"
#include "app/webhook_client.hpp"
#include "core/result.hpp"
#include "http/http_server.hpp"
#include "store/store.hpp"

namespace callwerk::app {

class Server {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Use start(); the key keeps the constructor for it alone.
  explicit Server(Key);

  // Opens the store (creating and migrating it), binds the HTTP port and starts all threads.
  // SIGINT and SIGTERM are caught from here on.
  static Result<std::unique_ptr<Server>> start(const AppConfig& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  std::uint16_t sip_port() const;  // 0 without telephony
  // Blocks until SIGINT or SIGTERM, then shuts down (see shutdown()).
  void wait_for_signal();
  // Stops accepting HTTP, lets the writer commit everything acknowledged, stops the core
  // loop. Idempotent.
  void shutdown();

 private:
  boost::asio::io_context core_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> core_work_;
  boost::asio::signal_set signals_;
  std::promise<int> signal_received_;
  std::thread core_thread_;
  std::unique_ptr<store::StoreWriter> writer_;
  std::unique_ptr<KbService> kb_;  // used by http_ and telephony_: destroyed after them
  std::unique_ptr<ChatFlowSource> chat_flows_;  // used by http_: destroyed after it
  std::unique_ptr<WebhookClient> webhooks_;     // used by telephony_: destroyed before it
  // The queues and agents; used by http_ and telephony_, lives on the core loop.
  std::unique_ptr<ContactCenter> contact_center_;
  std::unique_ptr<http::HttpServer> http_;
  std::unique_ptr<Telephony> telephony_;
  bool stopped_ = false;
};

}  // namespace callwerk::app

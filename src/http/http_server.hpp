#pragma once
// The HTTP + WebSocket front: JSON API under /api/v1, the event stream /api/v1/events and the
// embedded web UI. Runs its own threads; talks to the store through a per-thread StoreReader
// and the shared StoreWriter, and to the core loop only by posting.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "chat/chat_admission.hpp"
#include "store/store.hpp"

namespace callwerk::http {

class AgentDesk;
class ChatFlows;
class KbSearcher;

struct HttpOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  int threads = 2;
  std::size_t body_limit = 1024 * 1024;
  bool secure_cookies = false;  // set the Secure flag (behind TLS)
  // /api/v1/events: a client that answers no ping for this long is disconnected.
  int websocket_idle_seconds = 60;
  // Peers (IP addresses) whose X-Forwarded-For is believed: behind such a reverse proxy, the
  // client address (login rate limiting, audit) is the last address in X-Forwarded-For that is
  // not itself a trusted proxy. Empty: X-Forwarded-For is ignored.
  std::vector<std::string> trusted_proxies;
  // The public web chat (/api/v1/chat/<tenant>): concurrent chats and new chats per address.
  chat::ChatLimits chat_limits;
  // Where the voice channel records (telephony.recordings_dir, resolved): voicemail audio is
  // served from under it only. Empty: no voicemail audio is served.
  std::string recordings_dir;
};

class HttpServer {
 public:
  // `core` is the core event loop; WebSocket fan-out of domain events runs there. `kb` serves
  // GET /api/v1/kb/search and must outlive the server; null: that endpoint answers 503.
  // `chat` gives the web chat its flows and must outlive the server; null: no chat (404).
  HttpServer(boost::asio::io_context& core, store::StoreWriter& writer,
             store::StoreOptions store_options, HttpOptions options, KbSearcher* kb = nullptr,
             ChatFlows* chat = nullptr, AgentDesk* desk = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the HTTP threads. Error when the address cannot be bound.
  Status start();
  // Closes the listener and all connections, joins the threads.
  void stop();
  std::uint16_t port() const;

  // Thread-safe: hands a committed domain event to the WebSocket subscribers of its tenant.
  void publish(const store::StoredEvent& event);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace callwerk::http

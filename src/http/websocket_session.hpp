#pragma once
// A subscriber of /api/v1/events: sends the hello message, then every event the hub delivers.
// Messages queue on the connection's own thread; a client that cannot keep up is disconnected
// once its queue exceeds a limit, so it never holds up the hub or other clients.

#include <deque>
#include <memory>
#include <string>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "http/api_types.hpp"
#include "http/event_hub.hpp"
#include "http/server_state.hpp"

namespace callwerk::http {

class WebSocketSession : public EventSubscriber,
                         public std::enable_shared_from_this<WebSocketSession> {
 public:
  static constexpr std::size_t kMaxQueuedMessages = 1024;

  WebSocketSession(boost::beast::tcp_stream stream, ServerState& server, Caller caller,
                   std::string hello);

  // Completes the upgrade handshake for `request`, then starts sending.
  void accept(boost::beast::http::request<boost::beast::http::string_body> request);

  store::Id tenant_id() const override { return caller_.tenant_id; }
  Role role() const override { return caller_.role; }
  void deliver(std::shared_ptr<const std::string> message) override;

 private:
  void on_accept(boost::beast::error_code ec);
  void enqueue(std::shared_ptr<const std::string> message);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec);
  void shut_down();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer read_buffer_;
  ServerState& server_;
  Caller caller_;
  std::string hello_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace callwerk::http

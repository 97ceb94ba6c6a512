#pragma once
// A subscriber of /api/v1/events: sends the hello message, then every event the hub delivers.
// Messages queue on the connection's own thread; a client that cannot keep up is disconnected
// once its queue exceeds a limit, so it never holds up the hub or other clients.

#include <deque>
#include <memory>
#include <string>

#include <boost/asio/steady_timer.hpp>
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

  // `cookie` and `authorization` are the upgrade request's credentials: they are checked again
  // periodically, so that a stream ends with its session or token (expiry, changes made by
  // another process) even without an eviction here.
  WebSocketSession(boost::beast::tcp_stream stream, ServerState& server, store::StoreReader& reader,
                   Caller caller, std::string cookie, std::string authorization, std::string hello);

  // Completes the upgrade handshake for `request`, then starts sending.
  void accept(boost::beast::http::request<boost::beast::http::string_body> request);

  store::Id tenant_id() const override { return caller_.tenant_id; }
  Role role() const override { return caller_.role; }
  void deliver(std::shared_ptr<const std::string> message) override;
  const Caller& caller() const override { return caller_; }
  void close_stream() override;

 private:
  void begin_close();
  void start_close_handshake();
  void schedule_revalidation();
  void revalidate();
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
  store::StoreReader& reader_;  // the connection thread's own
  Caller caller_;
  std::string cookie_;
  std::string authorization_;
  std::string hello_;
  boost::asio::steady_timer revalidate_timer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool closed_ = false;
  bool close_after_write_ = false;  // a close handshake waits for the write in flight
};

}  // namespace callwerk::http

#include "http/websocket_session.hpp"

#include <boost/asio/post.hpp>

#include "http/authenticator.hpp"

namespace callwerk::http {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {
// Clients only listen; anything they send is read and dropped, but never much of it.
constexpr std::size_t kMaxClientMessage = 64 * 1024;
// How often an open stream checks that its session or token is still valid (the AuthCache
// re-validates against the store at the same pace).
constexpr int kRevalidateSeconds = 30;
}  // namespace

WebSocketSession::WebSocketSession(beast::tcp_stream stream, ServerState& server,
                                   store::StoreReader& reader, Caller caller, std::string cookie,
                                   std::string authorization, std::string hello)
    : ws_(std::move(stream)),
      server_(server),
      reader_(reader),
      caller_(std::move(caller)),
      cookie_(std::move(cookie)),
      authorization_(std::move(authorization)),
      hello_(std::move(hello)),
      revalidate_timer_(ws_.get_executor()) {}

void WebSocketSession::accept(beast::http::request<beast::http::string_body> request) {
  // The websocket stream has its own idle timeout with pings; the HTTP one must not apply.
  beast::get_lowest_layer(ws_).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  // Clients only listen, so they send nothing for long stretches: without pings a live client
  // would be dropped after the idle timeout, and a dead one kept until then. With pings, a peer
  // that does not answer within the idle timeout is gone.
  timeouts.idle_timeout = std::chrono::seconds(std::max(1, server_.options.websocket_idle_seconds));
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(kMaxClientMessage);
  ws_.async_accept(request,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) return shut_down();
  ws_.text(true);
  // Subscribed before the hello goes out: a client that has seen the hello sees every later
  // event.
  server_.hub->subscribe(shared_from_this());
  enqueue(std::make_shared<const std::string>(std::move(hello_)));
  read_next();
  schedule_revalidation();
}

void WebSocketSession::schedule_revalidation() {
  revalidate_timer_.expires_after(std::chrono::seconds(kRevalidateSeconds));
  revalidate_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->revalidate();
  });
}

void WebSocketSession::revalidate() {
  if (closed_) return;
  // Through the AuthCache: no store query unless the cached entry is due anyway.
  auto current = authenticate(cookie_, authorization_, reader_, server_.auth_cache);
  if (!current || current->user_id != caller_.user_id || current->tenant_id != caller_.tenant_id ||
      current->role != caller_.role) {
    return begin_close();
  }
  schedule_revalidation();
}

void WebSocketSession::close_stream() {
  boost::asio::post(ws_.get_executor(), [self = shared_from_this()] { self->begin_close(); });
}

void WebSocketSession::begin_close() {
  if (closed_) return;
  shut_down();
  if (writing_) {
    close_after_write_ = true;
    return;
  }
  start_close_handshake();
}

void WebSocketSession::start_close_handshake() {
  ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "signed out"),
                  [self = shared_from_this()](beast::error_code) {
                    beast::error_code ignored;
                    beast::get_lowest_layer(self->ws_).socket().close(ignored);
                  });
}

void WebSocketSession::deliver(std::shared_ptr<const std::string> message) {
  boost::asio::post(ws_.get_executor(),
                    [self = shared_from_this(), message = std::move(message)]() mutable {
                      self->enqueue(std::move(message));
                    });
}

void WebSocketSession::enqueue(std::shared_ptr<const std::string> message) {
  if (closed_) return;
  if (queue_.size() >= kMaxQueuedMessages) {
    // Too slow: dropping it is better than growing without bound or blocking others.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return shut_down();
  }
  queue_.push_back(std::move(message));
  if (!writing_) write_next();
}

void WebSocketSession::write_next() {
  if (closed_ || queue_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  // The handler owns the message: closing clears the queue while a write may be in flight.
  auto message = queue_.front();
  ws_.async_write(boost::asio::buffer(*message),
                  [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
                    self->on_write(ec);
                  });
}

void WebSocketSession::on_write(beast::error_code ec) {
  writing_ = false;
  if (ec) return shut_down();
  if (closed_) {
    // The queue was dropped while this write was in flight.
    if (close_after_write_) {
      close_after_write_ = false;
      start_close_handshake();
    }
    return;
  }
  queue_.pop_front();
  write_next();
}

void WebSocketSession::read_next() {
  ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_read(ec);
  });
}

void WebSocketSession::on_read(beast::error_code ec) {
  if (ec) return shut_down();
  read_buffer_.clear();
  read_next();
}

void WebSocketSession::shut_down() {
  if (closed_) return;
  closed_ = true;
  queue_.clear();
  revalidate_timer_.cancel();
  server_.hub->unsubscribe(this);
}

}  // namespace callwerk::http

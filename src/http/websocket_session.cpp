#include "http/websocket_session.hpp"

#include <boost/asio/post.hpp>

namespace callwerk::http {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {
// Clients only listen; anything they send is read and dropped, but never much of it.
constexpr std::size_t kMaxClientMessage = 64 * 1024;
}  // namespace

WebSocketSession::WebSocketSession(beast::tcp_stream stream, ServerState& server, Caller caller,
                                   std::string hello)
    : ws_(std::move(stream)),
      server_(server),
      caller_(std::move(caller)),
      hello_(std::move(hello)) {}

void WebSocketSession::accept(beast::http::request<beast::http::string_body> request) {
  // The websocket stream has its own idle timeout with pings; the HTTP one must not apply.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
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
  ws_.async_write(
      boost::asio::buffer(*queue_.front()),
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void WebSocketSession::on_write(beast::error_code ec) {
  if (ec) return shut_down();
  if (closed_) return;  // the queue was dropped while this write was in flight
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
  server_.hub->unsubscribe(this);
}

}  // namespace callwerk::http

#include "http/listener.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "http/http_session.hpp"

namespace callwerk::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(std::vector<std::unique_ptr<WorkerThread>>& workers, ServerState& server)
    : workers_(workers), server_(server), acceptor_(workers.front()->io) {}

Status Listener::bind(const std::string& address, std::uint16_t port) {
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) return make_error(ErrorKind::invalid_input, fmt::format("bad address '{}'", address));
  const tcp::endpoint endpoint(ip, port);
  auto fail = [&](std::string_view step) {
    return make_error(ErrorKind::internal,
                      fmt::format("cannot {} {}:{}: {}", step, address, port, ec.message()));
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) return fail("open");
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec) return fail("set up");
  if (acceptor_.bind(endpoint, ec); ec) return fail("bind");
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) return fail("listen");
  port_ = acceptor_.local_endpoint(ec).port();
  return ok_status();
}

void Listener::start() {
  accept_next();
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::accept_next() {
  WorkerThread& worker = *workers_[next_worker_];
  next_worker_ = (next_worker_ + 1) % workers_.size();
  acceptor_.async_accept(worker.io, [self = shared_from_this(), &worker](
                                        boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (!ec) {
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      // Started on the worker's own thread: from here on only that thread touches it.
      auto session = std::make_shared<HttpSession>(std::move(socket), self->server_, worker);
      asio::post(worker.io, [session] { session->start(); });
    } else {
      // Out of file descriptors and the like: keep accepting, the condition may pass.
      spdlog::warn("http accept failed: {}", ec.message());
    }
    self->accept_next();
  });
}

}  // namespace callwerk::http

#pragma once
// Accepts TCP connections and spreads them round-robin over the worker threads; each
// connection then stays on its worker's io_context.

#include <memory>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "core/result.hpp"
#include "http/server_state.hpp"
#include "http/worker_thread.hpp"

namespace callwerk::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<WorkerThread>>& workers, ServerState& server);

  Status bind(const std::string& address, std::uint16_t port);
  void start();
  // Thread-safe: closes the acceptor on its own thread.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  void accept_next();

  std::vector<std::unique_ptr<WorkerThread>>& workers_;
  ServerState& server_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::size_t next_worker_ = 0;
  std::uint16_t port_ = 0;
};

}  // namespace callwerk::http

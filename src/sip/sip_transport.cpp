#include "sip/sip_transport.hpp"

#include <linux/sock_diag.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <unordered_map>

#include "sip/sip_raw_response.hpp"

namespace callwerk::sip {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;
using boost::system::error_code;

namespace {

// Largest UDP payload; anything bigger than the configured limit is refused by the parser.
constexpr size_t kDatagramBuffer = 65535;
constexpr size_t kTcpReadChunk = 16 * 1024;

std::string address_text(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

}  // namespace

struct SipTransport::Impl : std::enable_shared_from_this<SipTransport::Impl> {
  struct UdpSocket {
    udp::socket socket;
    udp::endpoint sender;
    std::unique_ptr<std::array<char, kDatagramBuffer>> buffer =
        std::make_unique<std::array<char, kDatagramBuffer>>();
    bool wildcard = false;
    bool v6 = false;  // known at bind: asking the socket costs a system call per send
  };

  struct Connection : std::enable_shared_from_this<Connection> {
    explicit Connection(asio::io_context& io) : socket(io), idle(io) {}
    tcp::socket socket;
    asio::steady_timer idle;
    uint64_t id = 0;
    SipPeer peer;
    std::string inbox;
    std::deque<std::string> outbox;
    bool connected = false;
    bool closed = false;
  };

  asio::io_context& io;
  SipTransportConfig config;
  MessageHandler handler;
  SipTransportStats stats;
  std::vector<std::unique_ptr<UdpSocket>> udp_sockets;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> connections;
  std::unordered_map<std::string, uint64_t> connection_by_peer;  // "addr|port"
  std::unordered_map<std::string, std::string> local_address_cache;
  uint64_t next_connection_id = 1;
  uint16_t bound_port = 0;
  bool stopped = false;

  Impl(asio::io_context& io_context, SipTransportConfig c, MessageHandler h)
      : io(io_context), config(std::move(c)), handler(std::move(h)) {}

  Status start();
  Status bind_all();
  void stop();
  void send(const SipPeer& to, std::string bytes);
  std::string local_address_for(const std::string& remote);

  void receive_udp(UdpSocket* socket);
  void handle_datagram(UdpSocket* socket, size_t size);
  void accept(tcp::acceptor* acceptor);
  void adopt_connection(std::shared_ptr<Connection> connection);
  void read_connection(const std::shared_ptr<Connection>& connection);
  void drain_inbox(const std::shared_ptr<Connection>& connection);
  void write_connection(const std::shared_ptr<Connection>& connection);
  void close_connection(const std::shared_ptr<Connection>& connection);
  void touch(const std::shared_ptr<Connection>& connection);
  void send_tcp(const SipPeer& to, std::string bytes);
  void answer_malformed(std::string_view bytes, const SipParseError& error,
                        const std::function<void(std::string)>& reply);

  static std::string peer_key(const std::string& address, uint16_t port) {
    return address + "|" + std::to_string(port);
  }
};

Status SipTransport::Impl::start() {
  // Port 0: the first socket picks a free port and the others must get the same one; another
  // program may hold it for one protocol, so try again with a new port a few times.
  const int attempts = config.port == 0 ? 20 : 1;
  Status bound = ok_status();
  for (int attempt = 0; attempt < attempts; ++attempt) {
    bound = bind_all();
    if (bound) break;
    error_code ignored;
    for (auto& socket : udp_sockets) socket->socket.close(ignored);
    for (auto& acceptor : acceptors) acceptor->close(ignored);
    udp_sockets.clear();
    acceptors.clear();
  }
  if (!bound) return bound;
  for (auto& socket : udp_sockets) receive_udp(socket.get());
  for (auto& acceptor : acceptors) accept(acceptor.get());
  return ok_status();
}

Status SipTransport::Impl::bind_all() {
  uint16_t port = config.port;
  for (const std::string& text : config.addresses) {
    error_code ec;
    const auto address = asio::ip::make_address(text, ec);
    if (ec)
      return make_error(ErrorKind::invalid_input, "invalid SIP listen address '" + text + "'");
    if (config.udp) {
      auto socket = std::make_unique<UdpSocket>(UdpSocket{udp::socket(io), {}});
      socket->wildcard = address.is_unspecified();
      socket->v6 = address.is_v6();
      socket->socket.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
      if (!ec && address.is_v6()) socket->socket.set_option(asio::ip::v6_only(true), ec);
      if (!ec) socket->socket.set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) socket->socket.set_option(asio::socket_base::receive_buffer_size(4 << 20), ec);
      if (!ec) socket->socket.bind(udp::endpoint(address, port), ec);
      if (ec)
        return make_error(ErrorKind::internal, "cannot bind SIP UDP " + text + ":" +
                                                   std::to_string(port) + ": " + ec.message());
      port = socket->socket.local_endpoint().port();
      udp_sockets.push_back(std::move(socket));
    }
    if (config.tcp) {
      auto acceptor = std::make_unique<tcp::acceptor>(io);
      acceptor->open(address.is_v6() ? tcp::v6() : tcp::v4(), ec);
      if (!ec && address.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
      if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) acceptor->bind(tcp::endpoint(address, port), ec);
      if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
      if (ec)
        return make_error(ErrorKind::internal, "cannot bind SIP TCP " + text + ":" +
                                                   std::to_string(port) + ": " + ec.message());
      port = acceptor->local_endpoint().port();
      acceptors.push_back(std::move(acceptor));
    }
  }
  bound_port = port;
  return ok_status();
}

void SipTransport::Impl::stop() {
  if (stopped) return;
  stopped = true;
  error_code ec;
  for (auto& socket : udp_sockets) socket->socket.close(ec);
  for (auto& acceptor : acceptors) acceptor->close(ec);
  auto open = connections;
  for (auto& [id, connection] : open) close_connection(connection);
}

void SipTransport::Impl::answer_malformed(std::string_view bytes, const SipParseError& error,
                                          const std::function<void(std::string)>& reply) {
  ++stats.malformed;
  if (error.failure != SipParseFailure::bad_request) return;
  if (auto response = build_raw_error_response(bytes, error.status_code, error.reason)) {
    ++stats.answered_malformed;
    reply(std::move(*response));
  }
}

void SipTransport::Impl::receive_udp(UdpSocket* socket) {
  socket->socket.async_receive_from(
      asio::buffer(*socket->buffer), socket->sender,
      [self = shared_from_this(), socket](const error_code& ec, size_t size) {
        if (self->stopped || ec == asio::error::operation_aborted) return;
        if (!ec) self->handle_datagram(socket, size);
        self->receive_udp(socket);
      });
}

void SipTransport::Impl::handle_datagram(UdpSocket* socket, size_t size) {
  std::string_view bytes(socket->buffer->data(), size);
  // RFC 5626 keep-alives (CRLF) and stray whitespace are no messages.
  if (bytes.find_first_not_of(std::string_view("\r\n \t", 4)) == std::string_view::npos) return;
  ++stats.received;
  SipPeer source{.address = address_text(socket->sender.address()),
                 .port = socket->sender.port(),
                 .protocol = SipTransportProtocol::udp};
  auto parsed =
      parse_owned_sip_message(std::string(bytes), SipTransportKind::datagram, config.limits);
  if (auto* error = std::get_if<SipParseError>(&parsed)) {
    const udp::endpoint to = socket->sender;
    answer_malformed(bytes, *error, [&](std::string response) {
      error_code ec;
      socket->socket.send_to(asio::buffer(response), to, 0, ec);
      if (ec)
        ++stats.send_errors;
      else
        ++stats.sent;
    });
    return;
  }
  handler(std::move(std::get<SipMessage>(parsed)), source);
}

void SipTransport::Impl::accept(tcp::acceptor* acceptor) {
  auto connection = std::make_shared<Connection>(io);
  acceptor->async_accept(
      connection->socket, [self = shared_from_this(), acceptor, connection](const error_code& ec) {
        if (self->stopped || ec == asio::error::operation_aborted) return;
        if (!ec) {
          if (self->connections.size() >= self->config.max_tcp_connections) {
            error_code ignored;
            connection->socket.close(ignored);  // refuse rather than exhaust descriptors
          } else {
            error_code peer_ec;
            const auto remote = connection->socket.remote_endpoint(peer_ec);
            if (!peer_ec) {
              connection->peer = SipPeer{.address = address_text(remote.address()),
                                         .port = remote.port(),
                                         .protocol = SipTransportProtocol::tcp};
              connection->connected = true;
              self->adopt_connection(connection);
              self->read_connection(connection);
            }
          }
        }
        self->accept(acceptor);
      });
}

void SipTransport::Impl::adopt_connection(std::shared_ptr<Connection> connection) {
  connection->id = next_connection_id++;
  connection->peer.connection_id = connection->id;
  connection_by_peer[peer_key(connection->peer.address, connection->peer.port)] = connection->id;
  connections[connection->id] = connection;
  stats.tcp_connections = connections.size();
  touch(connection);
}

void SipTransport::Impl::touch(const std::shared_ptr<Connection>& connection) {
  connection->idle.expires_after(std::chrono::seconds(config.tcp_idle_seconds));
  connection->idle.async_wait([self = shared_from_this(),
                               weak = std::weak_ptr<Connection>(connection)](const error_code& ec) {
    if (ec) return;  // re-armed or cancelled
    if (auto c = weak.lock()) self->close_connection(c);
  });
}

void SipTransport::Impl::read_connection(const std::shared_ptr<Connection>& connection) {
  const size_t old_size = connection->inbox.size();
  connection->inbox.resize(old_size + kTcpReadChunk);
  connection->socket.async_read_some(
      asio::buffer(connection->inbox.data() + old_size, kTcpReadChunk),
      [self = shared_from_this(), connection, old_size](const error_code& ec, size_t size) {
        connection->inbox.resize(old_size + size);
        if (self->stopped || connection->closed) return;
        if (ec) {
          self->close_connection(connection);
          return;
        }
        self->touch(connection);
        self->drain_inbox(connection);
        if (!connection->closed) self->read_connection(connection);
      });
}

void SipTransport::Impl::drain_inbox(const std::shared_ptr<Connection>& connection) {
  size_t consumed = 0;
  std::string& inbox = connection->inbox;
  while (consumed < inbox.size()) {
    // Keep-alive CRLFs between messages (RFC 5626 §3.5.1).
    const size_t start = inbox.find_first_not_of("\r\n", consumed);
    if (start == std::string::npos) {
      consumed = inbox.size();
      break;
    }
    consumed = start;
    std::string_view pending(inbox.data() + consumed, inbox.size() - consumed);
    auto parsed = parse_sip_message(pending, SipTransportKind::stream, config.limits);
    if (auto* error = std::get_if<SipParseError>(&parsed)) {
      if (error->failure == SipParseFailure::incomplete) {
        if (pending.size() > config.limits.max_message_bytes) {
          SipParseError too_large{SipParseFailure::bad_request, 513, "Message Too Large"};
          answer_malformed(pending, too_large,
                           [&](std::string r) { send_tcp(connection->peer, std::move(r)); });
          close_connection(connection);
          return;
        }
        break;  // wait for the rest
      }
      // The stream has lost its framing: answer if possible, then hang up.
      answer_malformed(pending, *error,
                       [&](std::string r) { send_tcp(connection->peer, std::move(r)); });
      close_connection(connection);
      return;
    }
    const size_t size = std::get<SipMessage>(parsed).size();
    ++stats.received;
    // The handler may keep the message: give it its own copy of exactly its bytes.
    auto owned = parse_owned_sip_message(std::string(pending.substr(0, size)),
                                         SipTransportKind::stream, config.limits);
    consumed += size;
    if (auto* message = std::get_if<SipMessage>(&owned))
      handler(std::move(*message), connection->peer);
    if (connection->closed || stopped) return;
  }
  inbox.erase(0, consumed);
}

void SipTransport::Impl::write_connection(const std::shared_ptr<Connection>& connection) {
  if (connection->outbox.empty() || !connection->connected) return;
  asio::async_write(connection->socket, asio::buffer(connection->outbox.front()),
                    [self = shared_from_this(), connection](const error_code& ec, size_t) {
                      if (connection->closed) return;
                      if (ec) {
                        ++self->stats.send_errors;
                        self->close_connection(connection);
                        return;
                      }
                      ++self->stats.sent;
                      connection->outbox.pop_front();
                      self->write_connection(connection);
                    });
}

void SipTransport::Impl::close_connection(const std::shared_ptr<Connection>& connection) {
  if (connection->closed) return;
  connection->closed = true;
  error_code ec;
  connection->idle.cancel();
  connection->socket.close(ec);
  connections.erase(connection->id);
  const auto key = peer_key(connection->peer.address, connection->peer.port);
  if (auto it = connection_by_peer.find(key);
      it != connection_by_peer.end() && it->second == connection->id)
    connection_by_peer.erase(it);
  stats.tcp_connections = connections.size();
}

void SipTransport::Impl::send_tcp(const SipPeer& to, std::string bytes) {
  std::shared_ptr<Connection> connection;
  if (auto it = connections.find(to.connection_id);
      to.connection_id != 0 && it != connections.end())
    connection = it->second;
  if (!connection) {
    if (auto it = connection_by_peer.find(peer_key(to.address, to.port));
        it != connection_by_peer.end())
      connection = connections[it->second];
  }
  if (!connection) {
    error_code ec;
    const auto address = asio::ip::make_address(to.address, ec);
    if (ec || connections.size() >= config.max_tcp_connections) {
      ++stats.send_errors;
      return;
    }
    connection = std::make_shared<Connection>(io);
    connection->peer = to;
    adopt_connection(connection);
    connection->socket.async_connect(tcp::endpoint(address, to.port),
                                     [self = shared_from_this(), connection](const error_code& ec) {
                                       if (connection->closed) return;
                                       if (ec) {
                                         ++self->stats.send_errors;
                                         self->close_connection(connection);
                                         return;
                                       }
                                       connection->connected = true;
                                       self->read_connection(connection);
                                       self->write_connection(connection);
                                     });
  }
  size_t queued = bytes.size();
  for (const std::string& waiting : connection->outbox) queued += waiting.size();
  if (queued > config.max_tcp_outbox_bytes) {
    ++stats.send_errors;
    close_connection(connection);
    return;
  }
  connection->outbox.push_back(std::move(bytes));
  if (connection->outbox.size() == 1) write_connection(connection);
}

void SipTransport::Impl::send(const SipPeer& to, std::string bytes) {
  if (stopped) return;
  if (to.protocol == SipTransportProtocol::tcp) {
    send_tcp(to, std::move(bytes));
    return;
  }
  error_code ec;
  const auto address = asio::ip::make_address(to.address, ec);
  if (ec) {
    ++stats.send_errors;
    return;
  }
  for (auto& socket : udp_sockets) {
    if (socket->v6 != address.is_v6()) continue;
    socket->socket.send_to(asio::buffer(bytes), udp::endpoint(address, to.port), 0, ec);
    if (ec)
      ++stats.send_errors;
    else
      ++stats.sent;
    return;
  }
  ++stats.send_errors;  // no socket of that address family
}

std::string SipTransport::Impl::local_address_for(const std::string& remote) {
  error_code ec;
  const auto remote_address = asio::ip::make_address(remote, ec);
  if (ec) return config.addresses.empty() ? "127.0.0.1" : config.addresses.front();
  for (const std::string& text : config.addresses) {
    const auto bound = asio::ip::make_address(text, ec);
    if (!ec && !bound.is_unspecified() && bound.is_v6() == remote_address.is_v6()) return text;
  }
  if (auto it = local_address_cache.find(remote); it != local_address_cache.end())
    return it->second;
  // Wildcard bind: ask the kernel's routing table by connecting a throwaway UDP socket.
  udp::socket probe(io);
  probe.open(remote_address.is_v6() ? udp::v6() : udp::v4(), ec);
  if (!ec) probe.connect(udp::endpoint(remote_address, 9), ec);
  std::string local = remote_address.is_v6() ? "::1" : "127.0.0.1";
  if (!ec) {
    const auto endpoint = probe.local_endpoint(ec);
    if (!ec) local = address_text(endpoint.address());
  }
  if (local_address_cache.size() > 4096) local_address_cache.clear();
  local_address_cache[remote] = local;
  return local;
}

SipTransport::SipTransport(asio::io_context& io, SipTransportConfig config, MessageHandler handler)
    : impl_(std::make_shared<Impl>(io, std::move(config), std::move(handler))) {}

SipTransport::~SipTransport() {
  impl_->stop();
}

Status SipTransport::start() {
  return impl_->start();
}
void SipTransport::stop() {
  impl_->stop();
}
void SipTransport::send(const SipPeer& to, std::string bytes) {
  impl_->send(to, std::move(bytes));
}
uint16_t SipTransport::port() const {
  return impl_->bound_port;
}
std::string SipTransport::local_address_for(const std::string& remote_address) {
  return impl_->local_address_for(remote_address);
}
SipTransport::ReceiveQueue SipTransport::udp_receive_queue() const {
  ReceiveQueue total;
  for (const auto& socket : impl_->udp_sockets) {
    std::array<std::uint32_t, SK_MEMINFO_VARS> meminfo{};
    socklen_t length = sizeof(meminfo);
    if (getsockopt(socket->socket.native_handle(), SOL_SOCKET, SO_MEMINFO, meminfo.data(),
                   &length) != 0 ||
        length < sizeof(std::uint32_t) * (SK_MEMINFO_RCVBUF + 1))
      continue;
    total.queued_bytes += meminfo[SK_MEMINFO_RMEM_ALLOC];
    total.capacity_bytes += meminfo[SK_MEMINFO_RCVBUF];
  }
  return total;
}

const SipTransportStats& SipTransport::stats() const {
  return impl_->stats;
}

}  // namespace callwerk::sip

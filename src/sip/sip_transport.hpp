#pragma once
// SIP over UDP and TCP (RFC 3261 §18), IPv4 and IPv6, on the core thread's io_context. The
// transport only frames, parses and sends: it hands every parsed message with its source to
// the UA core and answers malformed requests itself, so a bad peer never reaches the logic.

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sip/sip_message.hpp"
#include "sip/sip_peer.hpp"

namespace callwerk::sip {

struct SipTransportConfig {
  std::vector<std::string> addresses{"0.0.0.0"};  // each is bound for UDP and TCP
  uint16_t port = 5060;                           // 0: any free port, same for all sockets
  bool udp = true;
  bool tcp = true;
  SipLimits limits;
  size_t max_tcp_connections = 2048;
  // A connection without traffic is closed. Longer than the longest registration (3600 s):
  // a phone registered over TCP is reached through its own connection.
  int tcp_idle_seconds = 3900;
  size_t max_tcp_outbox_bytes = 1 << 20;  // a peer that does not read is disconnected
};

struct SipTransportStats {
  uint64_t received = 0;
  uint64_t malformed = 0;           // refused by the parser
  uint64_t answered_malformed = 0;  // of those, answered with 400/505/513
  uint64_t sent = 0;
  uint64_t send_errors = 0;
  uint64_t tcp_connections = 0;  // open now
};

class SipTransport {
 public:
  using MessageHandler = std::function<void(SipMessage message, const SipPeer& source)>;

  SipTransport(boost::asio::io_context& io, SipTransportConfig config, MessageHandler handler);
  ~SipTransport();
  SipTransport(const SipTransport&) = delete;
  SipTransport& operator=(const SipTransport&) = delete;

  Status start();
  void stop();

  // Must be called on the io_context's thread. UDP goes out of the socket of the peer's
  // address family; TCP over the peer's connection, or a new one when it has none.
  void send(const SipPeer& to, std::string bytes);

  uint16_t port() const;
  // The address our packets toward `remote` leave from: for Via, Contact and SDP when the
  // sockets are bound to a wildcard address.
  std::string local_address_for(const std::string& remote_address);
  const SipTransportStats& stats() const;
  // The datagrams waiting in the UDP sockets' receive queues, in bytes with the kernel's
  // overhead (Linux SO_MEMINFO), and what the queues can hold before the kernel drops: how far
  // the core loop is behind the network. Both 0 where the kernel cannot tell.
  struct ReceiveQueue {
    std::size_t queued_bytes = 0;
    std::size_t capacity_bytes = 0;
  };
  ReceiveQueue udp_receive_queue() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with pending handlers so stop() is safe
};

}  // namespace callwerk::sip

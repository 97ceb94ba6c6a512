#pragma once
// Helpers for the media engine tests: a plain UDP socket on loopback that plays the peer, and a
// thread-safe log of the engine's events.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "media/media_engine.hpp"

namespace callwerk::media::test {

// An engine on 127.0.0.1 with its own port range, so that tests of one binary do not collide.
inline MediaEngineConfig loopback_config(std::uint16_t port_min, std::uint16_t port_max,
                                         RtpIo io = RtpIo::uring) {
  MediaEngineConfig config;
  config.bind_address = "127.0.0.1";
  config.port_min = port_min;
  config.port_max = port_max;
  config.io = io;
  return config;
}

class UdpPeer {
 public:
  // port 0: any free port.
  explicit UdpPeer(std::uint16_t port = 0) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~UdpPeer() { ::close(fd_); }
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;

  bool bound() const { return bound_; }
  std::uint16_t port() const { return port_; }

  void send_to(std::uint16_t port, std::span<const std::uint8_t> data) const {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }

  std::optional<std::vector<std::uint8_t>> receive(int timeout_ms) const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    std::vector<std::uint8_t> data(2048);
    const auto n = ::recv(fd_, data.data(), data.size(), 0);
    if (n < 0) return std::nullopt;
    data.resize(static_cast<std::size_t>(n));
    return data;
  }

 private:
  int fd_ = -1;
  bool bound_ = false;
  std::uint16_t port_ = 0;
};

// An even/odd pair of peers, as an SDP offer's RTP port and its RTCP port.
struct UdpPeerPair {
  std::optional<UdpPeer> rtp;
  std::optional<UdpPeer> rtcp;
  UdpPeerPair() {
    for (std::uint16_t port = 41000; port < 42000; port += 2) {
      rtp.emplace(port);
      rtcp.emplace(static_cast<std::uint16_t>(port + 1));
      if (rtp->bound() && rtcp->bound()) return;
    }
  }
};

class EventLog {
 public:
  std::function<void(MediaEvent)> sink() {
    return [this](MediaEvent event) {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(event));
      changed_.notify_all();
    };
  }

  template <typename T>
  std::vector<T> all() {
    std::lock_guard lock(mutex_);
    std::vector<T> found;
    for (const auto& e : events_)
      if (const auto* t = std::get_if<T>(&e)) found.push_back(*t);
    return found;
  }

  // Waits until at least count events of type T arrived; returns them.
  template <typename T>
  std::vector<T> wait_for(std::size_t count, int timeout_ms = 1500) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
      std::size_t n = 0;
      for (const auto& e : events_) n += std::holds_alternative<T>(e) ? 1 : 0;
      return n >= count;
    });
    std::vector<T> found;
    for (const auto& e : events_)
      if (const auto* t = std::get_if<T>(&e)) found.push_back(*t);
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<MediaEvent> events_;
};

}  // namespace callwerk::media::test

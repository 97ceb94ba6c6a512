// The io_uring RTP path against real loopback sockets: receives armed per socket, sends batched
// per submit, budgets that park receives until the next tick, and sockets forgotten and closed
// while receives are armed (their numbers reused at once).

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "media/rtp_ring.hpp"
#include "media_engine_test_support.hpp"

namespace callwerk::media {
namespace {

using test::UdpPeer;

struct Received {
  RtpRingOwner owner = 0;
  std::vector<std::uint8_t> data;
  std::uint16_t from_port = 0;
};

class RingRecorder final : public RtpRingHandler {
 public:
  std::vector<Received> received;
  std::vector<RtpRingOwner> send_failures;
  std::size_t budget = 1000;  // datagrams per owner before on_datagram says "no more"

  bool on_datagram(RtpRingOwner owner, std::span<const std::uint8_t> data, const sockaddr* from,
                   socklen_t) override {
    std::uint16_t port = 0;
    if (from->sa_family == AF_INET)
      port = ntohs(reinterpret_cast<const sockaddr_in*>(from)->sin_port);
    received.push_back({owner, {data.begin(), data.end()}, port});
    return count(owner) < budget;
  }
  void on_send_failed(RtpRingOwner owner) override { send_failures.push_back(owner); }

  std::size_t count(RtpRingOwner owner) const {
    std::size_t n = 0;
    for (const auto& r : received) n += r.owner == owner ? 1 : 0;
    return n;
  }
};

// A bound loopback socket the ring serves, as a media stream's RTP socket.
int ring_socket(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

sockaddr_in ring_loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

bool kernel_at_least(int major, int minor) {
  utsname name{};
  int have_major = 0;
  int have_minor = 0;
  if (::uname(&name) != 0 || std::sscanf(name.release, "%d.%d", &have_major, &have_minor) != 2)
    return false;
  return have_major > major || (have_major == major && have_minor >= minor);
}

struct RingFixture : ::testing::Test {
  std::unique_ptr<RtpRing> ring;
  RingRecorder recorder;

  void SetUp() override {
    std::string why_not;
    ring = RtpRing::open(why_not);
    if (!ring) GTEST_SKIP() << "no io_uring here: " << why_not;
  }

  // One pass as a media thread makes it.
  void pass() {
    ring->complete(recorder);
    ring->submit();
  }

  // As a stream's close: the ring lets go of the socket, then it is closed.
  void close_watched(int fd) {
    ring->forget(fd);
    ::close(fd);
  }

  // Passes until `done` or a second has gone by.
  bool pass_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (std::chrono::steady_clock::now() < deadline) {
      pass();
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
  }
};

std::vector<std::uint8_t> ring_bytes(std::initializer_list<std::uint8_t> list) {
  return std::vector<std::uint8_t>(list);
}

TEST_F(RingFixture, ReceivesWhatArrivesWithItsSenderAndSendsFromTheSocket) {
  std::uint16_t port = 0;
  const int fd = ring_socket(port);
  ring->watch(7, fd);
  ring->submit();
  UdpPeer peer;
  for (std::uint8_t i = 1; i <= 6; ++i) peer.send_to(port, ring_bytes({i, i, i}));
  ASSERT_TRUE(pass_until([&] { return recorder.count(7) == 6; }));
  for (std::uint8_t i = 1; i <= 6; ++i) {
    EXPECT_EQ(recorder.received[i - 1].data, ring_bytes({i, i, i}));
    EXPECT_EQ(recorder.received[i - 1].from_port, peer.port());
  }

  const auto to = ring_loopback(peer.port());
  const auto payload = ring_bytes({0x80, 8, 0, 1});
  ring->send(7, fd, payload, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  ring->submit();
  const auto got = peer.receive(1000);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, payload);
  EXPECT_TRUE(recorder.send_failures.empty());
  // Linux 6.1 and later take the destination with a plain send (no msghdr per packet).
  if (kernel_at_least(6, 1)) {
    EXPECT_TRUE(ring->sends_with_address());
    EXPECT_TRUE(ring->registered(fd));  // sparse registered files: Linux 5.19
  }

  close_watched(fd);
  EXPECT_FALSE(ring->registered(fd));
  EXPECT_TRUE(pass_until([&] { return ring->slots_in_flight() == 0; }));
}

TEST_F(RingFixture, OnePassTakesWhatArrivedOnEverySocket) {
  // The kernel runs deferred receives only when asked, 20 at a time unless asked for more: a
  // pass must take them all, or 1000 streams' packets queue up for about a second.
  constexpr int kSockets = 300;
  std::vector<int> fds;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < kSockets; ++i) {
    std::uint16_t port = 0;
    fds.push_back(ring_socket(port));
    ports.push_back(port);
    ring->watch(static_cast<RtpRingOwner>(1000 + i), fds.back());
  }
  ring->submit();
  UdpPeer peer;
  for (int i = 0; i < kSockets; ++i) peer.send_to(ports[i], ring_bytes({1}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ring->complete(recorder);
  EXPECT_EQ(recorder.received.size(), static_cast<std::size_t>(kSockets));
  for (const int fd : fds) close_watched(fd);
}

TEST_F(RingFixture, ASpentBudgetParksTheReceivesUntilResumed) {
  std::uint16_t port = 0;
  const int fd = ring_socket(port);
  ring->watch(3, fd);
  ring->submit();
  recorder.budget = 2;
  UdpPeer peer;
  for (std::uint8_t i = 0; i < 10; ++i) peer.send_to(port, ring_bytes({i}));
  ASSERT_TRUE(pass_until([&] { return recorder.count(3) >= 2; }));
  // Receives already armed when the budget ran out still deliver (their datagrams are taken);
  // then every receive is parked and more passes take nothing.
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pass();
  }
  const std::size_t taken = recorder.count(3);
  EXPECT_LE(taken, 2u + RtpRing::kReceivesPerSocket);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  pass();
  EXPECT_EQ(recorder.count(3), taken);
  EXPECT_LT(taken, 10u);

  recorder.budget = 1000;
  ring->resume_receiving();
  ring->submit();
  ASSERT_TRUE(pass_until([&] { return recorder.count(3) == 10; }));
  for (std::uint8_t i = 0; i < 10; ++i) EXPECT_EQ(recorder.received[i].data, ring_bytes({i}));
  close_watched(fd);
}

TEST_F(RingFixture, AForgottenSocketsNumberServesItsNewOwnerOnly) {
  std::uint16_t old_port = 0;
  const int old_fd = ring_socket(old_port);
  ring->watch(1, old_fd);
  ring->submit();
  close_watched(old_fd);

  std::uint16_t port = 0;
  const int fd = ring_socket(port);
  ASSERT_EQ(fd, old_fd);  // the number is reused at once
  ring->watch(2, fd);
  ring->submit();
  UdpPeer peer;
  peer.send_to(port, ring_bytes({42}));
  ASSERT_TRUE(pass_until([&] { return recorder.count(2) == 1; }));
  EXPECT_EQ(recorder.count(1), 0u);
  // Owner 1's receives came back cancelled; only owner 2's are armed.
  EXPECT_EQ(ring->slots_in_flight(), static_cast<std::size_t>(RtpRing::kReceivesPerSocket));
  close_watched(fd);
}

TEST_F(RingFixture, ARefusedSendIsReported) {
  std::uint16_t port = 0;
  const int fd = ring_socket(port);
  ring->watch(5, fd);
  // An IPv4 socket cannot send to an IPv6 address: the kernel refuses it.
  sockaddr_in6 to{};
  to.sin6_family = AF_INET6;
  to.sin6_port = htons(9);
  to.sin6_addr = in6addr_loopback;
  ring->send(5, fd, ring_bytes({1, 2, 3}), reinterpret_cast<const sockaddr*>(&to), sizeof to);
  ring->submit();
  ASSERT_TRUE(pass_until([&] { return !recorder.send_failures.empty(); }));
  EXPECT_EQ(recorder.send_failures.front(), 5u);
  close_watched(fd);
}

TEST_F(RingFixture, ClosingTheRingWithReceivesArmedReturnsThemFirst) {
  std::vector<int> fds;
  for (int i = 0; i < 50; ++i) {
    std::uint16_t port = 0;
    fds.push_back(ring_socket(port));
    ring->watch(static_cast<RtpRingOwner>(100 + i), fds.back());
  }
  ring->submit();
  EXPECT_EQ(ring->slots_in_flight(), 50u * RtpRing::kReceivesPerSocket);
  ring.reset();  // must not leave the kernel writing into freed slots (ASan would tell)
  for (const int fd : fds) ::close(fd);
}

}  // namespace
}  // namespace callwerk::media

// SipTransport over loopback: real sockets, the test plays the remote peer.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <thread>

#include "sip/sip_transport.hpp"

namespace callwerk::sip {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

std::string options_request(std::string_view branch) {
  return "OPTIONS sip:callwerk@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" +
         std::string(branch) +
         "\r\n"
         "From: <sip:probe@127.0.0.1>;tag=1\r\n"
         "To: <sip:callwerk@127.0.0.1>\r\n"
         "Call-ID: " +
         std::string(branch) +
         "@test\r\n"
         "CSeq: 1 OPTIONS\r\n"
         "Max-Forwards: 70\r\n"
         "Content-Length: 0\r\n\r\n";
}

class SipTransportTest : public ::testing::Test {
 protected:
  void start(SipTransportConfig config = {}) {
    if (config.addresses == SipTransportConfig{}.addresses) config.addresses = {"127.0.0.1"};
    config.port = 0;
    transport_ = std::make_unique<SipTransport>(
        io_, config, [this](SipMessage message, const SipPeer& source) {
          received_.push_back({std::string(message.call_id()), source});
          if (echo_) transport_->send(source, build_response(message, 200, "OK", "srv"));
        });
    ASSERT_TRUE(transport_->start());
  }
  // Runs the loop until `done` or a second has passed.
  template <typename Done>
  void run_until(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(std::chrono::milliseconds(10));
      io_.restart();
    }
  }
  std::string udp_exchange(udp::socket& socket, const std::string& request) {
    socket.send_to(asio::buffer(request),
                   udp::endpoint(asio::ip::make_address("127.0.0.1"), transport_->port()));
    std::array<char, 4096> buffer{};
    udp::endpoint from;
    size_t got = 0;
    socket.non_blocking(true);
    run_until([&] {
      boost::system::error_code ec;
      got = socket.receive_from(asio::buffer(buffer), from, 0, ec);
      return !ec;
    });
    return std::string(buffer.data(), got);
  }

  asio::io_context io_;
  std::unique_ptr<SipTransport> transport_;
  std::vector<std::pair<std::string, SipPeer>> received_;
  bool echo_ = true;
};

TEST_F(SipTransportTest, UdpRequestReachesHandlerAndResponseGoesBackToSource) {
  start();
  udp::socket peer(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::string reply = udp_exchange(peer, options_request("a1"));
  ASSERT_EQ(received_.size(), 1u);
  EXPECT_EQ(received_[0].first, "a1@test");
  EXPECT_EQ(received_[0].second.port, peer.local_endpoint().port());
  EXPECT_EQ(reply.substr(0, 15), "SIP/2.0 200 OK\r");
}

TEST_F(SipTransportTest, MalformedUdpRequestIsAnswered400AndTheNextOneStillWorks) {
  start();
  udp::socket peer(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::string broken = options_request("b1");
  broken.replace(broken.find("CSeq: 1 OPTIONS"), 15, "CSeq: x OPTIONS");
  const std::string reply = udp_exchange(peer, broken);
  EXPECT_EQ(reply.substr(0, 12), "SIP/2.0 400 ");
  EXPECT_NE(reply.find("Call-ID: b1@test"), std::string::npos);
  EXPECT_TRUE(received_.empty());
  EXPECT_EQ(transport_->stats().answered_malformed, 1u);
  EXPECT_EQ(udp_exchange(peer, options_request("b2")).substr(0, 12), "SIP/2.0 200 ");
}

TEST_F(SipTransportTest, GarbageAndKeepAlivesAreDroppedSilently) {
  echo_ = false;
  start();
  udp::socket peer(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const udp::endpoint server(asio::ip::make_address("127.0.0.1"), transport_->port());
  peer.send_to(asio::buffer(std::string("\r\n\r\n")), server);
  peer.send_to(asio::buffer(std::string("\x01\x02garbage")), server);
  peer.send_to(asio::buffer(std::string("SIP/2.0 200 OK\r\n\r\n")), server);
  run_until([&] { return transport_->stats().malformed >= 2; });
  EXPECT_EQ(transport_->stats().malformed, 2u);
  EXPECT_EQ(transport_->stats().answered_malformed, 0u);
  EXPECT_TRUE(received_.empty());
}

TEST_F(SipTransportTest, TcpFramesMessagesSplitAndCoalescedAndAnswersOnTheSameConnection) {
  start();
  tcp::socket peer(io_);
  peer.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), transport_->port()));
  auto with_tcp = [](std::string request) {
    request.replace(request.find("SIP/2.0/UDP"), 11, "SIP/2.0/TCP");
    return request;
  };
  const std::string first = with_tcp(options_request("t1"));
  const std::string both = first + with_tcp(options_request("t2"));
  asio::write(peer, asio::buffer(both.substr(0, 30)));
  io_.run_for(std::chrono::milliseconds(100));  // nothing complete yet: must wait, not fail
  io_.restart();
  EXPECT_TRUE(received_.empty());
  asio::write(peer, asio::buffer(both.substr(30)));
  run_until([&] { return received_.size() == 2; });
  ASSERT_EQ(received_.size(), 2u);
  EXPECT_EQ(received_[1].first, "t2@test");
  EXPECT_EQ(received_[0].second.protocol, SipTransportProtocol::tcp);
  EXPECT_NE(received_[0].second.connection_id, 0u);
  std::string replies;
  peer.non_blocking(true);
  run_until([&] {
    std::array<char, 4096> buffer{};
    boost::system::error_code ec;
    const size_t n = peer.read_some(asio::buffer(buffer), ec);
    if (!ec) replies.append(buffer.data(), n);
    return replies.find("t2@test") != std::string::npos;
  });
  EXPECT_NE(replies.find("Call-ID: t1@test"), std::string::npos);
  EXPECT_NE(replies.find("Call-ID: t2@test"), std::string::npos);
}

TEST_F(SipTransportTest, TcpStreamWithBrokenFramingIsAnsweredAndClosed) {
  start();
  tcp::socket peer(io_);
  peer.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), transport_->port()));
  std::string broken = options_request("x1");
  broken.replace(broken.find("SIP/2.0/UDP"), 11, "SIP/2.0/TCP");
  broken.replace(broken.find("Content-Length: 0"), 17, "Content-Length: -5");
  asio::write(peer, asio::buffer(broken));
  std::string reply;
  peer.non_blocking(true);
  bool closed = false;
  run_until([&] {
    std::array<char, 4096> buffer{};
    boost::system::error_code ec;
    const size_t n = peer.read_some(asio::buffer(buffer), ec);
    if (!ec) reply.append(buffer.data(), n);
    closed = ec == asio::error::eof;
    return closed;
  });
  EXPECT_EQ(reply.substr(0, 12), "SIP/2.0 400 ");
  EXPECT_TRUE(closed);
  EXPECT_EQ(transport_->stats().tcp_connections, 0u);
}

TEST_F(SipTransportTest, Ipv6UdpAndTcpOnTheSamePort) {
  SipTransportConfig config;
  config.addresses = {"::1", "127.0.0.1"};
  start(config);
  udp::socket peer(io_);
  boost::system::error_code ec;
  peer.open(udp::v6(), ec);
  if (!ec) peer.bind(udp::endpoint(asio::ip::make_address("::1"), 0), ec);
  if (ec) GTEST_SKIP() << "no IPv6 loopback here: " << ec.message();
  peer.send_to(asio::buffer(options_request("v6")),
               udp::endpoint(asio::ip::make_address("::1"), transport_->port()));
  std::array<char, 4096> buffer{};
  udp::endpoint from;
  size_t got = 0;
  peer.non_blocking(true);
  run_until([&] {
    got = peer.receive_from(asio::buffer(buffer), from, 0, ec);
    return !ec;
  });
  ASSERT_EQ(received_.size(), 1u);
  EXPECT_EQ(received_[0].second.address, "::1");
  EXPECT_TRUE(received_[0].second.ipv6());
  EXPECT_EQ(received_[0].second.host_port(),
            "[::1]:" + std::to_string(peer.local_endpoint().port()));
  EXPECT_EQ(std::string(buffer.data(), got).substr(0, 12), "SIP/2.0 200 ");
  EXPECT_EQ(transport_->local_address_for("::1"), "::1");
  // The same port serves IPv4 too.
  udp::socket v4(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  EXPECT_EQ(udp_exchange(v4, options_request("v4")).substr(0, 12), "SIP/2.0 200 ");
}

TEST_F(SipTransportTest, LocalAddressForLoopbackPeerIsLoopback) {
  start();
  EXPECT_EQ(transport_->local_address_for("127.0.0.1"), "127.0.0.1");
}

}  // namespace
}  // namespace callwerk::sip

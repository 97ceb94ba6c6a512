#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace callwerk::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

Json HttpResult::json() const {
  Json parsed = Json::parse(body, nullptr, false);
  return parsed.is_discarded() ? Json() : parsed;
}

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResult TestClient::request(const std::string& method, const std::string& target,
                               const std::string& body, const Headers& headers) const {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));

  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    req.set(name, value);
    has_content_type = has_content_type || lower(name) == "content-type";
  }
  if (!body.empty() && !has_content_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  req.keep_alive(false);

  HttpResult result;
  beast::error_code ec;
  bhttp::write(stream, req, ec);
  // A server that refuses a large body may answer before reading it all; the answer counts.
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(stream, buffer, parser, ec);
  if (ec && !parser.is_header_done()) return result;
  auto& res = parser.get();
  result.status = static_cast<int>(res.result_int());
  result.body = res.body();
  for (const auto& field : res) {
    result.headers.emplace(lower(std::string(field.name_string())), std::string(field.value()));
  }
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return result;
}

struct TestWebSocket::Impl {
  asio::io_context io;
  beast::websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
};

TestWebSocket::TestWebSocket() : impl_(std::make_unique<Impl>()) {}
TestWebSocket::~TestWebSocket() {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).socket().close(ec);
}

int TestWebSocket::connect(std::uint16_t port, const Headers& headers) {
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  lowest.expires_after(std::chrono::seconds(10));
  lowest.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  impl_->ws.set_option(
      beast::websocket::stream_base::decorator([headers](beast::websocket::request_type& req) {
        for (const auto& [name, value] : headers) req.set(name, value);
      }));
  beast::error_code ec;
  impl_->ws.handshake("127.0.0.1:" + std::to_string(port), "/api/v1/events", ec);
  lowest.expires_never();
  if (!ec) return 101;
  // Beast's synchronous handshake does not hand out a refused response; ask again with a plain
  // HTTP request carrying the same upgrade headers to learn the status.
  Headers upgrade = headers;
  upgrade.emplace_back("Connection", "Upgrade");
  upgrade.emplace_back("Upgrade", "websocket");
  upgrade.emplace_back("Sec-WebSocket-Version", "13");
  upgrade.emplace_back("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
  return TestClient(port).get("/api/v1/events", upgrade).status;
}

std::optional<std::string> TestWebSocket::read(std::chrono::milliseconds timeout) {
  // Beast's stream timeouts only apply to asynchronous operations.
  impl_->buffer.clear();
  std::optional<beast::error_code> result;
  impl_->ws.async_read(impl_->buffer,
                       [&result](beast::error_code ec, std::size_t) { result = ec; });
  impl_->io.restart();
  impl_->io.run_for(timeout);
  closed_by_server_ = result && *result;
  if (!result) {
    beast::error_code ignored;
    beast::get_lowest_layer(impl_->ws).socket().close(ignored);
    impl_->io.restart();
    impl_->io.run();
    return std::nullopt;
  }
  if (*result) return std::nullopt;
  return beast::buffers_to_string(impl_->buffer.data());
}

bool TestWebSocket::send(const std::string& text) {
  beast::error_code ec;
  impl_->ws.text(true);
  impl_->ws.write(asio::buffer(text), ec);
  return !ec;
}

}  // namespace callwerk::test

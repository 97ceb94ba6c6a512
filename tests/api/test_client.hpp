#pragma once
// A tiny synchronous HTTP and WebSocket client for the API tests (Beast, one connection per
// request, so every request is independent).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace callwerk::test {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  int status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // lower-case names

  Json json() const;  // null when the body is not JSON
  // The "items" array of a list response, by value: `for (x : r.json()["items"])` would
  // iterate a destroyed temporary.
  Json items() const { return json().value("items", Json::array()); }
  std::string header(const std::string& lower_case_name) const;
};

class TestClient {
 public:
  explicit TestClient(std::uint16_t port) : port_(port) {}

  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = {}, const Headers& headers = {}) const;
  HttpResult get(const std::string& target, const Headers& headers = {}) const {
    return request("GET", target, {}, headers);
  }

  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_;
};

// A WebSocket connection to /api/v1/events.
class TestWebSocket {
 public:
  TestWebSocket();
  ~TestWebSocket();
  TestWebSocket(const TestWebSocket&) = delete;
  TestWebSocket& operator=(const TestWebSocket&) = delete;

  // The HTTP status of a refused handshake, or 101 on success.
  int connect(std::uint16_t port, const Headers& headers);
  // The next text message, or nothing after `timeout`.
  std::optional<std::string> read(std::chrono::milliseconds timeout);
  // Whether the last read() ended because the server closed the connection (not a timeout).
  bool closed_by_server() const { return closed_by_server_; }
  // Sends a text message; false when the connection is gone.
  bool send(const std::string& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool closed_by_server_ = false;
};

}  // namespace callwerk::test

#pragma once
// The web chat's API tests: a real HttpServer with a real store and chat flows compiled from
// YAML per tenant (what app::ChatFlowSource does with the published flows), and a WebSocket
// client that speaks the chat protocol.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "flow/flow_interpreter.hpp"
#include "http/agent_desk.hpp"
#include "http/chat_flows.hpp"
#include "http/http_server.hpp"
#include "store/store.hpp"

namespace callwerk::test {

using Json = nlohmann::json;

class TestChatFlows final : public http::ChatFlows {
 public:
  std::shared_ptr<const flow::FlowInterpreter> interpreter(std::int64_t tenant_id) override;
  void set(std::int64_t tenant_id, const std::vector<std::string>& yaml_flows,
           flow::ProductCatalog catalog = {});

 private:
  std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<const flow::FlowInterpreter>> flows_;
};

// A world (server, store, users) shared by the tests of one binary, made by the first test
// and stopped after the last one: while the program's statics still exist, because its
// server and writer threads may still be writing what the last chat left behind.
template <typename World>
World& shared_world() {
  struct StopAfterLastTest final : ::testing::Environment {
    explicit StopAfterLastTest(World* made) : world(made) {}
    void TearDown() override { delete world; }
    World* world;
  };
  static World* const world = [] {
    auto* made = new World();
    ::testing::AddGlobalTestEnvironment(new StopAfterLastTest(made));
    return made;
  }();
  return *world;
}

class ChatTestServer {
 public:
  // `desk` (may be null: the desk answers 503) must outlive the server.
  explicit ChatTestServer(http::HttpOptions options = {}, http::AgentDesk* desk = nullptr);
  ~ChatTestServer();

  std::uint16_t port() const { return server_->port(); }
  store::StoreWriter& writer() { return *writer_; }
  TestChatFlows& flows() { return flows_; }
  std::unique_ptr<store::StoreReader> reader() const;

  store::Id create_tenant(const std::string& slug);
  Json create(const std::string& entity, store::Id tenant_id, const Json& input);
  // Stores a product and returns it as a flow's catalog holds it.
  flow::CatalogProduct create_product(store::Id tenant_id, const Json& input);

 private:
  std::filesystem::path dir_;
  store::StoreOptions store_options_;
  std::unique_ptr<store::StoreWriter> writer_;
  boost::asio::io_context core_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> core_guard_;
  std::thread core_thread_;
  TestChatFlows flows_;
  std::unique_ptr<http::HttpServer> server_;
};

// One chat connection. Reads skip nothing: each read is the next server message.
class ChatClient {
 public:
  ChatClient();
  ~ChatClient();
  // 101 when the chat opened, else the HTTP status of the refusal (and its body).
  int connect(std::uint16_t port, const std::string& slug, std::string* refusal_body = nullptr);
  std::optional<Json> read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until a message of `type` (returned) or nothing comes; every message read is kept.
  std::optional<Json> read_until(const std::string& type,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool send(const Json& message) { return send_raw(message.dump()); }
  bool send_raw(const std::string& text);
  bool closed_by_server() const { return closed_by_server_; }
  const std::vector<Json>& seen() const { return seen_; }
  std::string bot_texts() const;  // every bot text so far, one per line
  void close();

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{io_};
  boost::beast::flat_buffer buffer_;
  std::vector<Json> seen_;
  bool closed_by_server_ = false;
};

}  // namespace callwerk::test

// The flow editor's test chat (/api/v1/chat/<tenant>?try=<flow id>): a draft runs with the
// tenant's published flows and catalog, an order is simulated (TEST-1) and nothing at all is
// stored; only signed-in flow writers of the same tenant, from the same origin, may open it.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>

#include "chat_test_support.hpp"
#include "store/credentials.hpp"
#include "test_client.hpp"

namespace callwerk::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

constexpr const char* kPublishedChat = R"(name: chat
start: hallo
nodes:
  hallo:
    type: say
    text: "Hier ist der veröffentlichte Chat."
    next: ende
  ende:
    type: hangup
)";

constexpr const char* kDraft = R"(name: bestellung
start: hallo
nodes:
  hallo:
    type: say
    text: "Entwurf: Willkommen."
    next: menue
  menue:
    type: menu
    prompt: "Was möchten Sie tun?"
    options:
      "1": {goto: bestellen, label: Wein bestellen, keywords: [bestellen]}
      "2": {goto: weiter, label: Zum Chat, keywords: [chat]}
  bestellen:
    type: order
    next: menue
    cancelled: menue
  weiter:
    type: goto
    flow: chat
)";

// A WebSocket client that may send headers (cookie, Origin) and a query.
class TrialClient {
 public:
  ~TrialClient() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }
  int connect(std::uint16_t port, const std::string& target, const Headers& headers) {
    auto& lowest = beast::get_lowest_layer(ws_);
    lowest.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws_.set_option(beast::websocket::stream_base::decorator([headers](auto& request) {
      for (const auto& [name, value] : headers) request.set(name, value);
    }));
    beast::error_code ec;
    ws_.handshake("127.0.0.1:" + std::to_string(port), target, ec);
    if (!ec) return 101;
    Headers upgrade = headers;
    upgrade.insert(upgrade.end(), {{"Connection", "Upgrade"},
                                   {"Upgrade", "websocket"},
                                   {"Sec-WebSocket-Version", "13"},
                                   {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
    return TestClient(port).get(target, upgrade).status;
  }
  std::optional<Json> read() {
    buffer_.clear();
    std::optional<beast::error_code> result;
    ws_.async_read(buffer_, [&result](beast::error_code ec, std::size_t) { result = ec; });
    io_.restart();
    io_.run_for(std::chrono::seconds(5));
    if (!result) {
      beast::get_lowest_layer(ws_).cancel();
      io_.restart();
      io_.run();
      return std::nullopt;
    }
    if (*result) return std::nullopt;
    seen_.push_back(Json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false));
    return seen_.back();
  }
  std::optional<Json> read_until(const std::string& type) {
    for (;;) {
      auto message = read();
      if (!message || message->value("type", "") == type) return message;
    }
  }
  void send(const Json& message) {
    ws_.text(true);
    ws_.write(asio::buffer(message.dump()));
  }
  std::string bot_texts() const {
    std::string all;
    for (const Json& m : seen_)
      if (m.value("type", "") == "bot") all += m.value("text", "") + "\n";
    return all;
  }

 private:
  asio::io_context io_;
  beast::websocket::stream<beast::tcp_stream> ws_{io_};
  beast::flat_buffer buffer_;
  std::vector<Json> seen_;
};

struct TrialWorld {
  ChatTestServer server;
  store::Id a = 0;
  store::Id b = 0;
  store::Id draft_id = 0;
  store::Id broken_id = 0;
  store::Id b_flow_id = 0;
  std::string admin_cookie;
  std::string agent_cookie;
  std::string supervisor_cookie;

  TrialWorld() {
    a = server.create_tenant("probe-a");
    b = server.create_tenant("probe-b");
    const flow::CatalogProduct riesling =
        server.create_product(a, {{"sku", "RIES-23"},
                                  {"name", "Riesling trocken 2023"},
                                  {"unit", "Flasche 0,75 l"},
                                  {"unit_price_cents", 1290},
                                  {"active", true}});
    server.flows().set(a, {kPublishedChat}, {riesling});
    server.flows().set(b, {kPublishedChat});
    draft_id = server
                   .create("flows", a,
                           {{"name", "bestellung"},
                            {"version", 2},
                            {"source", kDraft},
                            {"published", false}})["id"]
                   .get<store::Id>();
    broken_id = server
                    .create("flows", a,
                            {{"name", "kaputt"},
                             {"version", 1},
                             {"source", "name: kaputt\nstart: nirgends\nnodes: {}\n"},
                             {"published", false}})["id"]
                    .get<store::Id>();
    b_flow_id = server
                    .create("flows", b,
                            {{"name", "chat"},
                             {"version", 1},
                             {"source", kPublishedChat},
                             {"published", true}})["id"]
                    .get<store::Id>();
    auto hash = store::hash_password("pw-probe-2026");
    if (!hash) throw std::runtime_error("hash_password failed");
    const std::pair<const char*, std::string*> users[] = {
        {"admin", &admin_cookie}, {"agent", &agent_cookie}, {"supervisor", &supervisor_cookie}};
    for (const auto& [role, cookie] : users) {
      const std::string name = std::string("probe-") + role;
      server.create(
          "users", a,
          {{"username", name}, {"display_name", name}, {"role", role}, {"password_hash", *hash}});
      const HttpResult login =
          TestClient(server.port())
              .request("POST", "/api/v1/auth/login",
                       Json{{"username", name}, {"password", "pw-probe-2026"}}.dump());
      if (login.status != 200) throw std::runtime_error("login: " + login.body);
      const std::string set_cookie = login.header("set-cookie");
      *cookie = set_cookie.substr(0, set_cookie.find(';'));
    }
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  Headers as(const std::string& cookie) const { return {{"Cookie", cookie}, {"Origin", origin()}}; }
  std::string path(store::Id flow_id, const std::string& slug = "probe-a") const {
    return "/api/v1/chat/" + slug + "?try=" + std::to_string(flow_id);
  }

  std::size_t count(const char* entity, store::Id tenant) {
    auto reader = server.reader();
    store::ListQuery query;
    query.tenant_id = tenant;
    query.limit = 500;
    auto page = reader->list(*store::find_entity(entity), query);
    EXPECT_TRUE(page.ok());
    return page ? page->items.size() : 0;
  }
};

TrialWorld& trial_world() {
  return test::shared_world<TrialWorld>();
}  // argon2id once per binary

TEST(ChatTry, ADraftRunsWithThePublishedFlowsAndStoresNothing) {
  TrialWorld& w = trial_world();
  const std::size_t interactions = w.count("interactions", w.a);
  const std::size_t orders = w.count("orders", w.a);
  const std::size_t audit_free_tickets = w.count("tickets", w.a);
  {
    TrialClient chat;
    ASSERT_EQ(chat.connect(w.server.port(), w.path(w.draft_id), w.as(w.admin_cookie)), 101);
    auto hello = chat.read();
    ASSERT_TRUE(hello);
    EXPECT_EQ((*hello)["type"], "hello");
    EXPECT_EQ((*hello)["flow"], "bestellung");
    EXPECT_EQ((*hello)["test"]["flow_id"], w.draft_id);
    EXPECT_EQ((*hello)["test"]["version"], 2);
    auto question = chat.read_until("input");
    ASSERT_TRUE(question);
    EXPECT_NE(chat.bot_texts().find("Entwurf: Willkommen."), std::string::npos);
    EXPECT_EQ((*question)["choices"][0]["label"], "Wein bestellen");

    // The order node offers the tenant's catalog; the order is simulated, not stored.
    chat.send({{"type", "choice"}, {"value", "1"}});
    question = chat.read_until("input");
    ASSERT_TRUE(question);
    ASSERT_EQ((*question)["choices"][0]["value"], "RIES-23");
    chat.send({{"type", "choice"}, {"value", "RIES-23"}});
    for (const char* text : {"3", "Rheinweg 5", "65343 Eltville"}) {
      ASSERT_TRUE(chat.read_until("input")) << chat.bot_texts();
      chat.send({{"type", "message"}, {"text", text}});
    }
    ASSERT_TRUE(chat.read_until("input"));
    chat.send({{"type", "choice"}, {"value", "ja"}});
    auto simulated = chat.read_until("simulated");
    ASSERT_TRUE(simulated) << chat.bot_texts();
    EXPECT_EQ((*simulated)["effect"], "order");
    EXPECT_EQ((*simulated)["number"], "TEST-1");
    ASSERT_TRUE(chat.read_until("input")) << chat.bot_texts();  // back at the menu
    EXPECT_NE(chat.bot_texts().find("TEST-1"), std::string::npos) << chat.bot_texts();

    // goto flow: chat reaches the tenant's published chat flow.
    chat.send({{"type", "choice"}, {"value", "2"}});
    ASSERT_TRUE(chat.read_until("ended"));
    EXPECT_NE(chat.bot_texts().find("Hier ist der veröffentlichte Chat."), std::string::npos);
  }
  // Anything the chat had written would be queued before this synchronous write.
  ASSERT_TRUE(w.server.writer().run([](store::WriteContext&) -> Result<Json> { return Json(); }));
  EXPECT_EQ(w.count("interactions", w.a), interactions);
  EXPECT_EQ(w.count("orders", w.a), orders);
  EXPECT_EQ(w.count("tickets", w.a), audit_free_tickets);
}

TEST(ChatTry, OnlySignedInFlowWritersOfTheSameTenantFromTheSameOriginMayTry) {
  TrialWorld& w = trial_world();
  const std::uint16_t port = w.server.port();
  // No credentials.
  EXPECT_EQ(TrialClient().connect(port, w.path(w.draft_id), {{"Origin", w.origin()}}), 401);
  // Roles that may not write flows.
  EXPECT_EQ(TrialClient().connect(port, w.path(w.draft_id), w.as(w.agent_cookie)), 403);
  EXPECT_EQ(TrialClient().connect(port, w.path(w.draft_id), w.as(w.supervisor_cookie)), 403);
  // A session cookie sent from another site.
  EXPECT_EQ(TrialClient().connect(port, w.path(w.draft_id),
                                  {{"Cookie", w.admin_cookie}, {"Origin", "http://evil.example"}}),
            403);
  // Another tenant's flow, another tenant's slug, no such flow.
  EXPECT_EQ(TrialClient().connect(port, w.path(w.b_flow_id), w.as(w.admin_cookie)), 404);
  EXPECT_EQ(TrialClient().connect(port, w.path(w.draft_id, "probe-b"), w.as(w.admin_cookie)), 404);
  EXPECT_EQ(TrialClient().connect(port, w.path(999999), w.as(w.admin_cookie)), 404);
  // Not a flow id; a stored version that does not run.
  EXPECT_EQ(TrialClient().connect(port, "/api/v1/chat/probe-a?try=abc", w.as(w.admin_cookie)), 400);
  EXPECT_EQ(TrialClient().connect(port, w.path(w.broken_id), w.as(w.admin_cookie)), 400);
  // The public chat of the same tenant is untouched by all this.
  TrialClient visitor;
  ASSERT_EQ(visitor.connect(port, "/api/v1/chat/probe-a", {}), 101);
  auto hello = visitor.read();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["flow"], "chat");
  EXPECT_FALSE(hello->contains("test"));
}

}  // namespace
}  // namespace callwerk::test

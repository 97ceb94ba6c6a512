// The webhook client against a real local HTTP server (the client system of a flow): what it
// sends, how it reads the reply, and that timeouts, refusals and bad URLs end as failures.

#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "app/webhook_client.hpp"
#include "app/webhook_url.hpp"

namespace callwerk::app {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A client system on 127.0.0.1: takes one request and answers with `status` and `body`, or
// keeps the connection open without answering when `silent`.
class ClientSystem {
 public:
  ClientSystem(int status, std::string body, bool silent = false)
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, status, body = std::move(body), silent] {
      tcp::socket socket(io_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) return;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      received_.set_value(request);
      if (silent) {
        release_.get_future().wait();
        return;
      }
      http::response<http::string_body> reply{static_cast<http::status>(status), 11};
      reply.set(http::field::content_type, "application/json");
      reply.body() = body;
      reply.prepare_payload();
      http::write(socket, reply, ec);
    });
  }
  ~ClientSystem() {
    release_.set_value();
    beast::error_code ignored;
    acceptor_.close(ignored);
    thread_.join();
  }
  std::string url(std::string_view path = "/api/zaehlerstaende") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) +
           std::string(path);
  }
  http::request<http::string_body> request() { return received_.get_future().get(); }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::promise<http::request<http::string_body>> received_;
  std::promise<void> release_;
  std::thread thread_;
};

flow::CallWebhook webhook(std::string url, int timeout_ms = 3000) {
  flow::CallWebhook request;
  request.request = 7;
  request.url = std::move(url);
  request.timeout_ms = timeout_ms;
  request.data = {{"zaehlerstand", std::int64_t{48213}},
                  {"kontakt.kundennummer", std::string("100109")}};
  return request;
}

flow::WebhookResult call(WebhookClient& client, const flow::CallWebhook& request) {
  std::promise<flow::WebhookResult> done;
  client.post(request, [&done](flow::WebhookResult r) { done.set_value(std::move(r)); });
  return done.get_future().get();
}

TEST(WebhookUrl, TakesHttpAndHttpsWithPortsPathsAndIpv6) {
  auto url = parse_webhook_url("https://abrechnung.example/api/zaehler?x=1#teil");
  ASSERT_TRUE(url.ok());
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "abrechnung.example");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/api/zaehler?x=1");
  url = parse_webhook_url("http://[::1]:8081");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 8081);
  EXPECT_EQ(url->target, "/");
  for (const char* bad :
       {"ftp://x/", "http://", "http://user:pw@host/", "http://host:0/", "http://host:99999/",
        "http://ho st/", "http://[::1/", "host/path", "http://host:/"})
    EXPECT_FALSE(parse_webhook_url(bad).ok()) << bad;
}

TEST(WebhookReply, TopLevelFieldsBecomeFlowValues) {
  const auto fields = reply_fields(R"({"ok":true,"n":3,"x":1.5,"t":"ja","o":{"a":1},"z":null})");
  EXPECT_EQ(fields.at("ok"), flow::FlowValue(true));
  EXPECT_EQ(fields.at("n"), flow::FlowValue(std::int64_t{3}));
  EXPECT_EQ(fields.at("x"), flow::FlowValue(1.5));
  EXPECT_EQ(fields.at("t"), flow::FlowValue(std::string("ja")));
  EXPECT_EQ(fields.at("o"), flow::FlowValue(std::string(R"({"a":1})")));
  EXPECT_EQ(fields.count("z"), 0u);
  EXPECT_TRUE(reply_fields("[1,2]").empty());
  EXPECT_TRUE(reply_fields("kein json").empty());
}

TEST(WebhookClient, PostsTheVariablesAsJsonAndReadsTheReply) {
  ClientSystem system(200, R"({"vorgang":"Z-2026-1","plausibel":true})");
  WebhookClient client;
  const flow::WebhookResult result = call(client, webhook(system.url()));
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.request, 7u);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.fields.at("vorgang"), flow::FlowValue(std::string("Z-2026-1")));
  const auto request = system.request();
  EXPECT_EQ(request.method(), http::verb::post);
  EXPECT_EQ(request.target(), "/api/zaehlerstaende");
  EXPECT_EQ(request[http::field::content_type], "application/json");
  EXPECT_EQ(nlohmann::json::parse(request.body()),
            (nlohmann::json{{"zaehlerstand", 48213}, {"kontakt.kundennummer", "100109"}}));
}

TEST(WebhookClient, AnErrorStatusIsAFailureWithTheStatus) {
  ClientSystem system(503, R"({"fehler":"Wartung"})");
  WebhookClient client;
  const flow::WebhookResult result = call(client, webhook(system.url()));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 503);
  EXPECT_TRUE(result.fields.empty());
  EXPECT_NE(result.error.find("503"), std::string::npos) << result.error;
}

TEST(WebhookClient, ASilentSystemTimesOutWithinTheFlowsTimeout) {
  ClientSystem system(200, "", /*silent=*/true);
  WebhookClient client;
  const auto started = std::chrono::steady_clock::now();
  const flow::WebhookResult result = call(client, webhook(system.url(), 300));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.error.find("300 ms"), std::string::npos) << result.error;
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(WebhookClient, RefusedConnectionsAndBadUrlsAreFailures) {
  std::uint16_t closed_port = 0;
  {
    asio::io_context io;
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed_port = probe.local_endpoint().port();
  }
  WebhookClient client;
  flow::WebhookResult result =
      call(client, webhook("http://127.0.0.1:" + std::to_string(closed_port) + "/"));
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("connect"), std::string::npos) << result.error;
  result = call(client, webhook("ftp://abrechnung.example/"));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.request, 7u);
  EXPECT_NE(result.error.find("http"), std::string::npos) << result.error;
}

TEST(WebhookClient, StoppingEndsCallsStillRunning) {
  ClientSystem system(200, "", /*silent=*/true);
  std::promise<flow::WebhookResult> done;
  {
    WebhookClient client;
    client.post(webhook(system.url(), 60000),
                [&done](flow::WebhookResult r) { done.set_value(std::move(r)); });
    system.request();  // the call is in flight
  }
  const flow::WebhookResult result = done.get_future().get();
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error.find("shutting down"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace callwerk::app

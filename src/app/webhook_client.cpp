#include "app/webhook_client.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include "app/webhook_url.hpp"

namespace callwerk::app {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

flow::FlowVariables reply_fields(std::string_view body) {
  flow::FlowVariables fields;
  const nlohmann::json reply = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object()) return fields;
  for (const auto& [key, value] : reply.items()) {
    if (value.is_string())
      fields[key] = value.get<std::string>();
    else if (value.is_boolean())
      fields[key] = value.get<bool>();
    else if (value.is_number_integer())
      fields[key] = value.get<std::int64_t>();
    else if (value.is_number())
      fields[key] = value.get<double>();
    else if (!value.is_null())
      fields[key] = value.dump();
  }
  return fields;
}

namespace {

// What the client keeps of a call in flight, so that stopping can end it.
class RunningCall {
 public:
  virtual ~RunningCall() = default;
  virtual void abandon() = 0;
};

// One webhook call. Plain TCP or TLS share the steps; `Stream` is the one to talk over.
template <typename Stream>
class Exchange : public RunningCall, public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  Exchange(asio::io_context& io, std::optional<asio::ssl::context*> tls, WebhookUrl url,
           const flow::CallWebhook& request, WebhookClient::Done done)
      : resolver_(io),
        stream_(make_stream(io, tls)),
        timer_(io),
        url_(std::move(url)),
        done_(std::move(done)) {
    result_.request = request.request;
    request_.method(http::verb::post);
    request_.target(url_.target);
    request_.version(11);
    const bool default_port = url_.port == (url_.tls ? 443 : 80);
    request_.set(http::field::host,
                 default_port ? url_.host : fmt::format("{}:{}", url_.host, url_.port));
    request_.set(http::field::user_agent, "callwerk-webhook");
    request_.set(http::field::content_type, "application/json");
    request_.set(http::field::accept, "application/json");
    request_.body() = flow::variables_to_json(request.data).dump();
    request_.prepare_payload();
    parser_.body_limit(WebhookClient::kMaxReplyBytes);
    timeout_ = std::chrono::milliseconds(request.timeout_ms > 0 ? request.timeout_ms : 3000);
  }

  void start() {
    auto self = this->shared_from_this();
    timer_.expires_after(timeout_);
    timer_.async_wait([self](beast::error_code ec) {
      if (ec) return;  // cancelled: the exchange is over
      self->timed_out_ = true;
      self->resolver_.cancel();
      beast::get_lowest_layer(self->stream_).cancel();
      beast::get_lowest_layer(self->stream_).close();
    });
    if constexpr (kTls) {
      // SNI: the name the server's certificate must carry.
      if (!SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str()))
        return fail("TLS setup failed");
      stream_.set_verify_callback(asio::ssl::host_name_verification(url_.host));
    }
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self](beast::error_code ec, tcp::resolver::results_type found) {
                              if (ec) return self->fail("cannot resolve " + self->url_.host, ec);
                              self->connect(found);
                            });
  }

  // The client is going away: the call ends now, as a failure.
  void abandon() override {
    if (finished_) return;
    resolver_.cancel();
    beast::get_lowest_layer(stream_).close();
    fail("the server is shutting down");
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  static Stream make_stream(asio::io_context& io, std::optional<asio::ssl::context*> tls) {
    if constexpr (kTls)
      return Stream(io, **tls);
    else
      return Stream(io);
  }

  void connect(const tcp::resolver::results_type& found) {
    auto self = this->shared_from_this();
    beast::get_lowest_layer(stream_).async_connect(
        found, [self](beast::error_code ec, const tcp::endpoint&) {
          if (ec) return self->fail("cannot connect", ec);
          if constexpr (kTls)
            self->stream_.async_handshake(asio::ssl::stream_base::client,
                                          [self](beast::error_code ec2) {
                                            if (ec2) return self->fail("TLS handshake failed", ec2);
                                            self->send();
                                          });
          else
            self->send();
        });
  }

  void send() {
    auto self = this->shared_from_this();
    http::async_write(stream_, request_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("sending failed", ec);
      http::async_read(self->stream_, self->buffer_, self->parser_,
                       [self](beast::error_code ec2, std::size_t) {
                         if (ec2) return self->fail("no valid reply", ec2);
                         self->replied();
                       });
    });
  }

  void replied() {
    const auto& reply = parser_.get();
    result_.status = static_cast<int>(reply.result_int());
    result_.ok = result_.status >= 200 && result_.status < 300;
    if (result_.ok)
      result_.fields = reply_fields(reply.body());
    else
      result_.error = fmt::format("the client system answered {}", result_.status);
    finish();
  }

  void fail(const std::string& what, beast::error_code ec = {}) {
    result_.ok = false;
    result_.status = 0;
    if (timed_out_)
      result_.error = fmt::format("no reply within {} ms", timeout_.count());
    else
      result_.error = ec ? fmt::format("{}: {}", what, ec.message()) : what;
    finish();
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    auto done = std::move(done_);
    done(std::move(result_));
  }

  tcp::resolver resolver_;
  Stream stream_;
  asio::steady_timer timer_;
  WebhookUrl url_;
  WebhookClient::Done done_;
  http::request<http::string_body> request_;
  http::response_parser<http::string_body> parser_;
  beast::flat_buffer buffer_;
  std::chrono::milliseconds timeout_{3000};
  flow::WebhookResult result_;
  bool timed_out_ = false;
  bool finished_ = false;
};

}  // namespace

struct WebhookClient::Impl {
  Impl() : tls(asio::ssl::context::tls_client), work(asio::make_work_guard(io)) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    thread = std::thread([this] { io.run(); });
  }

  asio::io_context io;
  asio::ssl::context tls;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::thread thread;
  std::vector<std::weak_ptr<RunningCall>> running;  // client thread only
};

WebhookClient::WebhookClient() : impl_(std::make_unique<Impl>()) {}

WebhookClient::~WebhookClient() {
  asio::post(impl_->io, [impl = impl_.get()] {
    for (const auto& call : impl->running)
      if (auto alive = call.lock()) alive->abandon();
    impl->running.clear();
    impl->work.reset();
  });
  impl_->thread.join();
}

void WebhookClient::post(const flow::CallWebhook& request, Done done) {
  auto url = parse_webhook_url(request.url);
  asio::post(impl_->io,
             [impl = impl_.get(), request, done = std::move(done), url = std::move(url)]() mutable {
               if (!url) {
                 flow::WebhookResult result;
                 result.request = request.request;
                 result.error = url.error().message;
                 done(std::move(result));
                 return;
               }
               // Forget finished calls before adding one, so the list is as long as what runs.
               std::erase_if(impl->running,
                             [](const std::weak_ptr<RunningCall>& call) { return call.expired(); });
               auto start = [&](auto exchange) {
                 impl->running.push_back(exchange);
                 exchange->start();
               };
               if (url->tls)
                 start(std::make_shared<Exchange<beast::ssl_stream<beast::tcp_stream>>>(
                     impl->io, &impl->tls, std::move(*url), request, std::move(done)));
               else
                 start(std::make_shared<Exchange<beast::tcp_stream>>(
                     impl->io, std::nullopt, std::move(*url), request, std::move(done)));
             });
}

}  // namespace callwerk::app

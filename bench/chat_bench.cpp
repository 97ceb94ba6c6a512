// Web chat load: N chat sessions open at once against a running server (`callwerk demo`), each
// walking a few steps of the tenant's flow by pressing the first button offered (or writing
// "ja" when there is none). Measures the reply latency: from a visitor's message to the next
// question ("input"), hand-over ("waiting") or end ("ended"); and the time from connect to the
// first question. One process, one thread, Beast asynchronous WebSocket clients.
//
//   chat_bench [--host 127.0.0.1] [--port 8080] [--slug weinversand-rheingau] [--sessions 2000]
//              [--steps 3] [--think-ms 1000] [--addresses 100] [--ramp-ms 0]
//
// The server limits chats per client address (50 open, 60 new per minute by default), so the
// sessions connect from --addresses loopback addresses 127.0.0.10, .11, ... (Linux routes all
// of 127/8 to lo).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string slug = "weinversand-rheingau";
  int sessions = 2000;
  int steps = 3;
  int think_ms = 1000;
  int addresses = 100;
  int ramp_ms = 0;  // sessions start spread over this long (0: all at once)
};

struct Results {
  std::vector<double> reply_ms;
  std::vector<double> first_ms;  // connect (TCP + upgrade) to the first question
  int completed = 0;
  int failed = 0;
  int connected = 0;
  std::string first_error;
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1));
  return values[index];
}

class ChatSession : public std::enable_shared_from_this<ChatSession> {
 public:
  ChatSession(asio::io_context& io, const Options& options, Results& results, int index,
              std::uint32_t seed)
      : ws_(io), timer_(io), options_(options), results_(results), index_(index), random_(seed) {}

  void start(tcp::endpoint server) {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    beast::error_code ec;
    socket.open(tcp::v4(), ec);
    const auto local = asio::ip::make_address_v4(static_cast<asio::ip::address_v4::uint_type>(
        (127u << 24) + 10u + static_cast<unsigned>(index_ % options_.addresses)));
    socket.bind(tcp::endpoint(local, 0), ec);
    if (ec) return fail("bind", ec);
    socket.set_option(tcp::no_delay(true), ec);
    started_ = Clock::now();
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(
        server, [self = shared_from_this()](beast::error_code ec) {
          if (ec) return self->fail("connect", ec);
          self->ws_.async_handshake(self->options_.host, "/api/v1/chat/" + self->options_.slug,
                                    [self](beast::error_code ec) {
                                      if (ec) return self->fail("handshake", ec);
                                      beast::get_lowest_layer(self->ws_).expires_never();
                                      ++self->results_.connected;
                                      self->read();
                                    });
        });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("read", ec);
      self->on_message();
    });
  }

  void on_message() {
    const Json message = Json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
    buffer_.consume(buffer_.size());
    const std::string type = message.is_object() ? message.value("type", "") : "";
    if (type == "input" || type == "waiting" || type == "ended") {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent_).count();
      if (step_ == 0) {
        results_.first_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - started_).count());
      } else {
        results_.reply_ms.push_back(ms);
      }
      if (type != "input" || step_ >= options_.steps) return finish();
      next_ = message["choices"].empty()
                  ? Json{{"type", "message"}, {"text", "ja"}}
                  : Json{{"type", "choice"}, {"value", message["choices"][0]["value"]}};
      think();
    } else if (type == "error") {
      return fail("server error " + message.value("code", ""), {});
    }
    read();
  }

  void think() {
    std::uniform_int_distribution<int> pause(0, std::max(0, options_.think_ms));
    timer_.expires_after(std::chrono::milliseconds(pause(random_)));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->out_ = self->next_.dump();
      self->sent_ = Clock::now();
      ++self->step_;
      self->ws_.text(true);
      self->ws_.async_write(asio::buffer(self->out_), [self](beast::error_code ec, std::size_t) {
        if (ec) self->fail("write", ec);
      });
    });
  }

  void finish() {
    if (done_) return;
    done_ = true;
    ++results_.completed;
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](beast::error_code) {});
  }

  void fail(const std::string& what, beast::error_code ec) {
    if (done_) return;
    done_ = true;
    ++results_.failed;
    if (results_.first_error.empty()) results_.first_error = what + ": " + ec.message();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    timer_.cancel();
  }

  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer timer_;
  const Options& options_;
  Results& results_;
  int index_;
  std::mt19937 random_;
  beast::flat_buffer buffer_;
  Json next_;
  std::string out_;
  Clock::time_point started_;
  Clock::time_point sent_;
  int step_ = 0;
  bool done_ = false;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--host")
      o.host = value;
    else if (key == "--port")
      o.port = static_cast<unsigned short>(std::atoi(value.c_str()));
    else if (key == "--slug")
      o.slug = value;
    else if (key == "--sessions")
      o.sessions = std::atoi(value.c_str());
    else if (key == "--steps")
      o.steps = std::atoi(value.c_str());
    else if (key == "--think-ms")
      o.think_ms = std::atoi(value.c_str());
    else if (key == "--addresses")
      o.addresses = std::max(1, std::atoi(value.c_str()));
    else if (key == "--ramp-ms")
      o.ramp_ms = std::max(0, std::atoi(value.c_str()));
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  asio::io_context io(1);
  Results results;
  const tcp::endpoint server(asio::ip::make_address(options.host), options.port);
  std::fprintf(stderr, "chat_bench: %d sessions, %d steps, think 0-%d ms, against %s:%u/%s\n",
               options.sessions, options.steps, options.think_ms, options.host.c_str(),
               options.port, options.slug.c_str());
  const auto begin = Clock::now();
  for (int i = 0; i < options.sessions; ++i) {
    std::make_shared<ChatSession>(io, options, results, i,
                                  static_cast<std::uint32_t>(i) * 7919u + 1)
        ->start(server);
  }
  // Progress once a second while the sessions run.
  asio::steady_timer progress(io);
  std::function<void()> report = [&] {
    progress.expires_after(std::chrono::seconds(1));
    progress.async_wait([&](beast::error_code ec) {
      if (ec) return;
      std::fprintf(stderr, "  %.0f s: %d connected, %d done, %d failed, %zu replies\n",
                   std::chrono::duration<double>(Clock::now() - begin).count(), results.connected,
                   results.completed, results.failed, results.reply_ms.size());
      if (results.completed + results.failed < options.sessions) report();
    });
  };
  report();
  io.run();
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  std::printf("sessions %d: completed %d, failed %d%s%s\n", options.sessions, results.completed,
              results.failed,
              results.first_error.empty() ? "" : "; first error: ", results.first_error.c_str());
  std::printf("first question after connect: p50 %.2f ms, p99 %.2f ms\n",
              percentile(results.first_ms, 50), percentile(results.first_ms, 99));
  std::printf("replies %zu: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", results.reply_ms.size(),
              percentile(results.reply_ms, 50), percentile(results.reply_ms, 99),
              percentile(results.reply_ms, 100));
  std::printf("%.1f s, %.0f sessions/s, %.0f replies/s\n", seconds,
              static_cast<double>(results.completed) / seconds,
              static_cast<double>(results.reply_ms.size()) / seconds);
  return results.failed == 0 ? 0 : 1;
}

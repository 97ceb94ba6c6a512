#pragma once
// One HTTP/1.1 connection: reads requests one at a time (keep-alive), hands API requests to the
// router and static paths to the embedded UI, writes the response, and upgrades
// /api/v1/events (and the public chat, /api/v1/chat/<tenant>) to a WebSocket. Lives on the thread
// of its WorkerThread.

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/api_types.hpp"
#include "http/server_state.hpp"
#include "http/worker_thread.hpp"

namespace callwerk::http {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, ServerState& server, WorkerThread& worker);
  void start();

  // Called on the session's thread (see SessionReply).
  void write_response(ApiResponse response);
  boost::asio::any_io_executor executor() { return stream_.get_executor(); }
  bool on_own_thread() const { return worker_.io.get_executor().running_in_this_thread(); }

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  void read_request();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_request(Request request);
  void upgrade_to_websocket(Request request);
  void upgrade_to_chat(Request request, std::string_view slug, std::string_view query);
  void serve_static(const Request& request);
  void write_error_and_close(int status, std::string_view message);
  void on_write(boost::beast::error_code ec, bool close);
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  ServerState& server_;
  WorkerThread& worker_;
  std::string client_address_;
  bool keep_alive_ = true;
  bool api_request_ = true;
};

}  // namespace callwerk::http

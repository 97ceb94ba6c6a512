#pragma once
// One public web chat over WebSocket (/api/v1/chat/<tenant-slug>): runs the tenant's flow with
// a chat::ChatFlowSession, sends its messages as JSON, executes its side effects and writes its
// protocol (ChatRecorder). A test chat (ChatTarget::trial) records nothing: what would be
// stored or sent is answered as a simulated success and shown as {type: "simulated"}. Lives on the
// thread of the HTTP connection it was upgraded from, so the session, its timers and the results of
// its side effects need no strand: everything is posted to that thread. The protocol is described
// in src/http/README.md.

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "chat/chat_flow_session.hpp"
#include "http/api_types.hpp"
#include "http/chat_recorder.hpp"
#include "http/server_state.hpp"

namespace callwerk::http {

// What an upgrade request to the chat path asks for, once the tenant and its flow are found.
struct ChatTarget {
  store::Id tenant_id = 0;
  std::string slug;
  std::string tenant_name;
  std::string flow;  // "chat" or "hotline"
  std::shared_ptr<const flow::FlowInterpreter> interpreter;
  // The editor's test chat (chat_trial.hpp): the flow version it runs. Nothing is recorded.
  std::optional<store::Id> trial_flow_id;
  std::int64_t trial_version = 0;
  bool trial() const { return trial_flow_id.has_value(); }
};

inline constexpr std::string_view kChatPathPrefix = "/api/v1/chat/";

// The tenant slug of a chat path, or empty when `path` is none.
std::string_view chat_slug_of(std::string_view path);

// Resolves the tenant and the flow a chat would run: 404 when either does not exist, 503
// when the server has no chat flows.
Result<ChatTarget> find_chat_target(std::string_view slug, store::StoreReader& reader,
                                    ChatFlows* flows);

class ChatWebSocketSession : public std::enable_shared_from_this<ChatWebSocketSession> {
 public:
  // A frame longer than this closes the connection (WebSocket close 1009).
  static constexpr std::size_t kMaxFrameBytes = 8 * 1024;
  // At most this many messages per kBurstWindowMs; more are answered with an error.
  static constexpr int kBurstMessages = 20;
  static constexpr int kBurstWindowMs = 10'000;
  // A chat nobody writes in for this long is closed (also while waiting for an agent).
  static constexpr int kIdleMinutes = 30;

  // The chat counts as admitted (ChatAdmission) for `client_address` until it closes.
  ChatWebSocketSession(boost::beast::tcp_stream stream, ServerState& server,
                       store::StoreReader& reader, ChatTarget target, std::string client_address);
  ~ChatWebSocketSession();

  void accept(boost::beast::http::request<boost::beast::http::string_body> request);

 private:
  void on_accept(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec);
  void handle_message(std::string_view text);
  void run(std::vector<chat::ChatOutput> outputs);
  void run_request(const flow::FlowAction& effect);
  // The test chat's stand-in for run_request's effects that write or reach out.
  bool simulate(const flow::FlowAction& effect);
  void deliver_later(flow::FlowEvent result);
  void hand_over(const chat::WaitForAgent& wait);
  void arm_input_timer(int timeout_ms);
  void arm_idle_timer();
  void send(nlohmann::json message);
  void send_error(std::string_view code, std::string_view message);
  void write_next();
  void finish(const std::string& reason);
  void close_after_writes();
  bool too_fast();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer read_buffer_;
  ServerState& server_;
  store::StoreReader& reader_;  // the connection thread's own
  ChatTarget target_;
  std::string client_address_;
  chat::ChatFlowSession flow_;
  ChatRecorder recorder_;
  boost::asio::steady_timer input_timer_;
  boost::asio::steady_timer idle_timer_;
  std::deque<std::string> outgoing_;
  std::deque<TimeMs> recent_messages_;
  bool writing_ = false;
  bool closing_ = false;  // no more reads; close once the queue is written
  bool closed_ = false;
  std::uint64_t input_timer_generation_ = 0;
  int simulated_ = 0;  // test chat: numbers TEST-1, TEST-2, ...
};

}  // namespace callwerk::http

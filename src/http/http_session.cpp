#include "http/http_session.hpp"

#include <atomic>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include "http/authenticator.hpp"
#include "http/chat_trial.hpp"
#include "http/chat_websocket_session.hpp"
#include "http/json_responses.hpp"
#include "http/query_params.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "http/websocket_session.hpp"

namespace callwerk::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::string_view kEventsPath = "/api/v1/events";

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

// The chat page may be framed by any site; it talks only to its own origin.
constexpr std::string_view kEmbeddableContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors *";

bool is_embeddable_page(const WebAsset& asset) {
  return asset.path == "/chat.html";
}

Method to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::get;
    case bhttp::verb::post:
      return Method::post;
    case bhttp::verb::patch:
      return Method::patch;
    case bhttp::verb::put:
      return Method::put;
    case bhttp::verb::delete_:
      return Method::del;
    default:
      return Method::other;
  }
}

bool is_api_path(std::string_view path) {
  return path == "/api" || path.substr(0, 5) == "/api/";
}

template <typename Name>
std::string header_value(const bhttp::request<bhttp::string_body>& request, Name field) {
  auto it = request.find(field);
  return it == request.end() ? std::string() : std::string(it->value());
}

// All X-Forwarded-For fields as one list: a proxy may add its own field instead of appending
// to the client's, and then the last field is the one to believe.
std::string forwarded_for(const bhttp::request<bhttp::string_body>& request) {
  std::string joined;
  for (auto [it, end] = request.equal_range("X-Forwarded-For"); it != end; ++it) {
    if (!joined.empty()) joined += ',';
    joined += it->value();
  }
  return joined;
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Browsers send Origin on WebSocket handshakes; a cookie-authenticated upgrade from another
// site (cross-site WebSocket hijacking) has an Origin that differs from our Host.
bool origin_matches_host(std::string_view origin, std::string_view host) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.substr(0, scheme.size()) == scheme) {
      return !host.empty() && iequals(origin.substr(scheme.size()), host);
    }
  }
  return false;
}

// The canonical text of an IP address ("::ffff:10.0.0.1" -> "10.0.0.1"), or empty.
std::string canonical_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .to_string();
  }
  return address.to_string();
}

bool is_trusted_proxy(const std::vector<std::string>& trusted, const std::string& address) {
  for (const std::string& proxy : trusted) {
    if (canonical_address(proxy) == address) return true;
  }
  return false;
}

// The client behind trusted reverse proxies: walking X-Forwarded-For from the right (the
// entries our proxies appended), the first address that is not a trusted proxy. Entries left
// of it were written by the client and prove nothing. Without a trusted peer the header is
// ignored, so that nobody can pick their own address to escape the login rate limit.
std::string client_address_of(const std::vector<std::string>& trusted, const std::string& peer,
                              std::string_view forwarded_for) {
  if (trusted.empty() || forwarded_for.empty() || !is_trusted_proxy(trusted, peer)) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    std::string_view entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
      entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    const std::string address = canonical_address(entry);
    if (address.empty()) return client;  // garbage: trust nothing further left
    client = address;
    if (!is_trusted_proxy(trusted, address)) return client;
  }
  return client;
}

// Answers one request exactly once, on the connection's thread, whichever thread the handler
// finishes on.
class SessionReply : public ReplySink {
 public:
  explicit SessionReply(std::shared_ptr<HttpSession> session) : session_(std::move(session)) {}

  void send(ApiResponse response) override {
    if (answered_.exchange(true)) return;
    if (session_->on_own_thread()) return session_->write_response(std::move(response));
    boost::asio::post(session_->executor(),
                      [session = session_, response = std::move(response)]() mutable {
                        session->write_response(std::move(response));
                      });
  }

  void post(std::function<void()> work) override {
    boost::asio::post(session_->executor(), std::move(work));
  }

 private:
  std::shared_ptr<HttpSession> session_;
  std::atomic<bool> answered_{false};
};

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, ServerState& server,
                         WorkerThread& worker)
    : stream_(std::move(socket)), server_(server), worker_(worker) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  client_address_ = ec ? std::string("unknown") : canonical_address(endpoint.address().to_string());
}

void HttpSession::start() {
  read_request();
}

void HttpSession::read_request() {
  parser_.emplace();
  parser_->body_limit(server_.options.body_limit);
  parser_->header_limit(kHeaderLimit);
  stream_.expires_after(kIdleTimeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == bhttp::error::body_limit) {
    return write_error_and_close(413, "the request body is too large");
  }
  if (ec == bhttp::error::header_limit) {
    return write_error_and_close(431, "the request headers are too large");
  }
  if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset ||
      ec == boost::asio::error::eof) {
    return close();
  }
  if (ec) {
    // Anything else from the parser is malformed HTTP.
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return write_error_and_close(400, "malformed HTTP request");
    }
    return close();
  }
  handle_request(parser_->release());
}

void HttpSession::handle_request(Request request) {
  keep_alive_ = request.keep_alive();
  const std::string_view target = request.target();
  const auto question = target.find('?');
  auto path = url_decode(target.substr(0, question), /*plus_as_space=*/false);
  api_request_ = !path || is_api_path(*path);
  if (!path || path->empty() || path->front() != '/') {
    return write_response(error_response(400, "malformed request target"));
  }
  if (*path == kEventsPath && beast::websocket::is_upgrade(request)) {
    return upgrade_to_websocket(std::move(request));
  }
  if (const auto slug = chat_slug_of(*path);
      !slug.empty() && beast::websocket::is_upgrade(request)) {
    // Copied first: the request (and its target) moves into the call.
    const std::string query = question == std::string_view::npos
                                  ? std::string()
                                  : std::string(target.substr(question + 1));
    return upgrade_to_chat(std::move(request), std::string(slug), query);
  }
  if (!api_request_) return serve_static(request);

  ApiRequest api;
  api.method = to_method(request.method());
  api.path = std::move(*path);
  if (question != std::string_view::npos) api.query = std::string(target.substr(question + 1));
  api.cookie = header_value(request, bhttp::field::cookie);
  api.authorization = header_value(request, bhttp::field::authorization);
  api.csrf_token = header_value(request, std::string_view("X-CSRF-Token"));
  api.content_type = header_value(request, bhttp::field::content_type);
  api.client_address =
      client_address_of(server_.options.trusted_proxies, client_address_, forwarded_for(request));
  api.body = std::move(request.body());
  Reply reply(std::make_shared<SessionReply>(shared_from_this()));
  dispatch_api(api, *worker_.reader, server_, reply);
}

void HttpSession::serve_static(const Request& request) {
  if (request.method() != bhttp::verb::get) {
    ApiResponse response = error_response(405, "method not allowed");
    response.headers.emplace_back("Allow", "GET");
    return write_response(std::move(response));
  }
  const std::string_view target = request.target();
  auto path = url_decode(target.substr(0, target.find('?')), false);
  const WebAsset* asset = path ? find_web_asset(*path) : nullptr;
  if (asset == nullptr) {
    ApiResponse response;
    response.status = 404;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "Not found\n";
    return write_response(std::move(response));
  }
  ApiResponse response;
  response.content_type = std::string(asset->content_type);
  response.body = std::string(asset->body);
  // Asset names are not content-hashed: browsers must revalidate, never use a stale UI.
  response.headers.emplace_back("Cache-Control", "no-cache");
  if (is_embeddable_page(*asset)) {
    // The chat page is meant to sit in an iframe on the tenant's own website.
    response.headers.emplace_back("Content-Security-Policy", kEmbeddableContentSecurityPolicy);
    response.headers.emplace_back("X-Frame-Options", "");
  }
  write_response(std::move(response));
}

void HttpSession::upgrade_to_chat(Request request, std::string_view slug, std::string_view query) {
  // Public: no credentials, any Origin (the page may be embedded anywhere); the limits of
  // ChatAdmission and of the session itself stand in for authentication. With ?try=<flow id>
  // the editor's test chat, for signed-in flow writers only (chat_trial.hpp).
  const ChatTrialRequest trial{query, header_value(request, bhttp::field::cookie),
                               header_value(request, bhttp::field::authorization),
                               origin_matches_host(header_value(request, bhttp::field::origin),
                                                   header_value(request, bhttp::field::host))};
  auto target = find_chat_target_for(slug, trial, *worker_.reader, server_);
  if (!target) return write_response(error_response(target.error()));
  const std::string client =
      client_address_of(server_.options.trusted_proxies, client_address_, forwarded_for(request));
  const auto admitted = server_.chat_admission.admit(client, now_ms());
  if (!admitted.admitted()) {
    const bool full = admitted.verdict == chat::ChatAdmission::Verdict::full;
    ApiResponse response =
        error_response(full ? 503 : 429, full ? "too many chats at the moment, please try later"
                                              : "too many chats from your address");
    if (admitted.retry_after_seconds > 0)
      response.headers.emplace_back("Retry-After", std::to_string(admitted.retry_after_seconds));
    return write_response(std::move(response));
  }
  std::make_shared<ChatWebSocketSession>(std::move(stream_), server_, *worker_.reader,
                                         std::move(*target), client)
      ->accept(std::move(request));
}

void HttpSession::upgrade_to_websocket(Request request) {
  std::string cookie = header_value(request, bhttp::field::cookie);
  std::string authorization = header_value(request, bhttp::field::authorization);
  auto caller = authenticate(cookie, authorization, *worker_.reader, server_.auth_cache);
  if (!caller) return write_response(error_response(caller.error()));
  if (caller->via_cookie && !origin_matches_host(header_value(request, bhttp::field::origin),
                                                 header_value(request, bhttp::field::host))) {
    return write_response(error_response(403, "the Origin does not match this server"));
  }
  if (!role_allows(caller->role, "events", Access::read)) {
    return write_response(error_response(403, "your role may not do this"));
  }
  store::Json user{{"id", caller->user_id},
                   {"username", caller->username},
                   {"role", role_name(caller->role)},
                   {"tenant_id", caller->tenant_id}};
  if (auto stored =
          worker_.reader->get(*store::find_entity("users"), caller->tenant_id, caller->user_id)) {
    user = std::move(*stored);
  }
  std::string hello = dump_json(
      store::Json{{"type", "hello"}, {"at", format_iso8601(now_ms())}, {"user", std::move(user)}});
  std::make_shared<WebSocketSession>(std::move(stream_), server_, *worker_.reader,
                                     std::move(*caller), std::move(cookie),
                                     std::move(authorization), std::move(hello))
      ->accept(std::move(request));
}

void HttpSession::write_error_and_close(int status, std::string_view message) {
  keep_alive_ = false;
  api_request_ = true;
  write_response(error_response(status, message));
}

void HttpSession::write_response(ApiResponse api) {
  response_ = {};
  response_.version(11);
  response_.result(static_cast<unsigned>(api.status));
  response_.set(bhttp::field::server, "callwerk");
  if (!api.body.empty() || api.status != 204) {
    response_.set(bhttp::field::content_type, api.content_type);
  }
  response_.set("Content-Security-Policy", kContentSecurityPolicy);
  response_.set("X-Content-Type-Options", "nosniff");
  response_.set("X-Frame-Options", "DENY");
  response_.set("Referrer-Policy", "no-referrer");
  if (api_request_) response_.set(bhttp::field::cache_control, "no-store");
  // An empty value removes a default header (X-Frame-Options of an embeddable page).
  for (auto& [name, value] : api.headers) {
    if (value.empty()) {
      response_.erase(name);
    } else {
      response_.set(name, value);
    }
  }
  response_.body() = std::move(api.body);
  response_.keep_alive(keep_alive_);
  response_.prepare_payload();

  const bool close_after = !keep_alive_;
  // A fresh deadline for the write: the read's may have been spent waiting for the store.
  stream_.expires_after(kIdleTimeout);
  bhttp::async_write(stream_, response_,
                     [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                       self->on_write(ec, close_after);
                     });
}

void HttpSession::on_write(beast::error_code ec, bool close_after) {
  if (ec || close_after) return close();
  read_request();
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace callwerk::http

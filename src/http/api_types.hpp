#pragma once
// The request/response model the API handlers work with. It is deliberately free of Beast so
// that handler files compile quickly; only the connection code converts to and from Beast.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/roles.hpp"
#include "store/store.hpp"

namespace callwerk::http {

enum class Method { get, post, patch, put, del, other };

std::string_view method_name(Method method);

struct ApiRequest {
  Method method = Method::other;
  std::string path;   // percent-decoded path without the query ("/api/v1/contacts/12")
  std::string query;  // raw query string after '?', not yet decoded
  std::string body;
  // The few headers the API looks at.
  std::string cookie;
  std::string authorization;
  std::string csrf_token;
  std::string content_type;
  std::string client_address;  // peer IP, for login rate limiting
};

struct ApiResponse {
  int status = 200;
  std::string body;  // empty for 204
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie, Retry-After, ...
};

// Who is calling, resolved from the session cookie or the bearer token.
struct Caller {
  store::Id user_id = 0;
  store::Id tenant_id = 0;
  Role role = Role::client_viewer;
  std::string username;
  bool via_cookie = false;            // cookie sessions must send the CSRF token on writes
  std::string csrf_token;             // only for cookie sessions
  std::string session_hash;           // sha256 of the session cookie (cookie sessions)
  std::optional<store::Id> token_id;  // bearer tokens

  store::Actor actor() const { return store::Actor{user_id, username}; }
};

// Where a handler sends its answer. The connection implements it; a handler may answer
// synchronously or later from another thread (store writer callbacks).
class ReplySink {
 public:
  virtual ~ReplySink() = default;
  // Thread-safe: sends the response on the connection's own thread.
  virtual void send(ApiResponse response) = 0;
  // Thread-safe: runs `work` on the connection's thread (where its StoreReader lives).
  virtual void post(std::function<void()> work) = 0;
};

class Reply {
 public:
  explicit Reply(std::shared_ptr<ReplySink> sink) : sink_(std::move(sink)) {}
  void respond(ApiResponse response) const { sink_->send(std::move(response)); }
  void post(std::function<void()> work) const { sink_->post(std::move(work)); }

 private:
  std::shared_ptr<ReplySink> sink_;
};

}  // namespace callwerk::http

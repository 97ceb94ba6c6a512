#pragma once
// The world the API tests run against: a real HttpServer on a free port with a real SQLite
// store in a temporary directory, two tenants with a user of every role each, and objects of
// every entity in tenant A.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/roles.hpp"
#include "http/http_server.hpp"
#include "store/store.hpp"
#include "test_client.hpp"
#include "test_kb_searcher.hpp"

namespace callwerk::test {

using store::Id;

// A server with its own store; several may run at once (e.g. for rate-limit tests).
class TestServer {
 public:
  // `kb` (may be null: the search answers 503) must outlive the server.
  explicit TestServer(http::HttpOptions options = {}, http::KbSearcher* kb = nullptr);
  ~TestServer();

  store::StoreWriter& writer() { return *writer_; }
  std::uint16_t port() const { return server_->port(); }
  TestClient client() const { return TestClient(port()); }
  // Where voicemail audio is served from (HttpOptions::recordings_dir, in the server's
  // temporary directory unless the options name one).
  const std::filesystem::path& recordings_dir() const { return recordings_dir_; }

  // Seeding helpers (through the writer, as the importer would). Fail the test on error.
  Id create_tenant(const std::string& slug);
  Json create(const std::string& entity, Id tenant_id, const Json& input);
  Id create_user(Id tenant_id, const std::string& username, Role role, const std::string& password);

 private:
  std::filesystem::path dir_;
  std::filesystem::path recordings_dir_;
  std::unique_ptr<store::StoreWriter> writer_;
  boost::asio::io_context core_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> core_guard_;
  std::thread core_thread_;
  std::unique_ptr<http::HttpServer> server_;
};

struct Session {
  std::string cookie;  // "cw_session=..."
  std::string csrf;
  // Headers for a request in this session; with the CSRF token unless told otherwise.
  Headers headers(bool with_csrf = true) const;
};

struct TenantFixture {
  Id id = 0;
  std::string slug;
  std::map<Role, std::string> usernames;
  std::map<Role, Id> user_ids;
  std::map<Role, Session> sessions;
  std::string admin_token;  // "cwk_..." of the admin
  Id admin_token_id = 0;
  std::map<std::string, Id> objects;  // entity name ("contacts", "tokens") -> one id
};

// A short 16-bit mono WAV (a square tone), its folders made.
void write_test_wav(const std::filesystem::path& path);

std::string password_for(Role role);
const std::vector<Role>& all_roles();

// Logs in through the API; fails the test when it does not succeed.
Session login(const TestClient& client, const std::string& username, const std::string& password);
Headers bearer(const std::string& token);

struct World {
  std::unique_ptr<TestKbSearcher> kb;  // before the server: destroyed after it
  std::unique_ptr<TestServer> server;
  TenantFixture a;
  TenantFixture b;
  TestClient client() const { return server->client(); }
};

// Built once for the whole test binary (argon2id hashing makes per-test setup slow).
World& world();

}  // namespace callwerk::test

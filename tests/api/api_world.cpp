#include "api_world.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "store/credentials.hpp"

namespace callwerk::test {

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "callwerk-api-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string cookie_from(const HttpResult& response) {
  for (auto [it, end] = response.headers.equal_range("set-cookie"); it != end; ++it) {
    const std::string& value = it->second;
    if (value.rfind("cw_session=", 0) == 0) return value.substr(0, value.find(';'));
  }
  return {};
}

}  // namespace

void write_test_wav(const std::filesystem::path& path) {
  std::filesystem::create_directories(path.parent_path());
  constexpr std::uint32_t kSamples = 800;  // 0.1 s of 8 kHz mono, 16 bit
  std::string wav = "RIFF";
  auto u32 = [&wav](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) wav.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto u16 = [&wav](std::uint16_t v) {
    wav.push_back(static_cast<char>(v & 0xff));
    wav.push_back(static_cast<char>(v >> 8));
  };
  u32(36 + kSamples * 2);
  wav += "WAVEfmt ";
  u32(16);
  u16(1);
  u16(1);
  u32(8000);
  u32(16000);
  u16(2);
  u16(16);
  wav += "data";
  u32(kSamples * 2);
  for (std::uint32_t i = 0; i < kSamples; ++i)
    u16(static_cast<std::uint16_t>(i % 2 ? 3000 : -3000));
  std::ofstream(path, std::ios::binary) << wav;
}

TestServer::TestServer(http::HttpOptions options, http::KbSearcher* kb)
    : dir_(make_temp_dir()), core_guard_(boost::asio::make_work_guard(core_)) {
  store::StoreOptions store_options;
  store_options.path = (dir_ / "callwerk.db").string();
  store_options.synchronous_full = false;  // tests need no fsync
  auto writer = store::open_writer(store_options);
  if (!writer) throw std::runtime_error("open_writer: " + writer.error().describe());
  writer_ = std::move(*writer);
  core_thread_ = std::thread([this] { core_.run(); });
  options.port = 0;
  if (options.recordings_dir.empty()) options.recordings_dir = (dir_ / "recordings").string();
  recordings_dir_ = options.recordings_dir;
  server_ = std::make_unique<http::HttpServer>(core_, *writer_, store_options, options, kb);
  // As the app wires it: committed events go to the WebSocket subscribers.
  writer_->set_event_sink(
      [server = server_.get()](const store::StoredEvent& event) { server->publish(event); });
  if (Status started = server_->start(); !started) {
    throw std::runtime_error("start: " + started.error().describe());
  }
}

TestServer::~TestServer() {
  server_->stop();
  writer_->set_event_sink({});
  writer_->stop();
  core_guard_.reset();
  core_.stop();
  core_thread_.join();
  server_.reset();
  writer_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

Id TestServer::create_tenant(const std::string& slug) {
  auto result = writer_->run([slug](store::WriteContext& w) -> Result<Json> {
    auto id = w.create_tenant(slug, "Tenant " + slug, "Europe/Berlin", "de");
    if (!id) return id.error();
    return Json(*id);
  });
  if (!result) throw std::runtime_error("create_tenant: " + result.error().describe());
  return result->get<Id>();
}

Json TestServer::create(const std::string& entity, Id tenant_id, const Json& input) {
  const store::EntitySpec* spec = store::find_entity(entity);
  if (spec == nullptr) throw std::runtime_error("no entity " + entity);
  auto result = writer_->run([spec, tenant_id, input](store::WriteContext& w) {
    return w.create(*spec, tenant_id, input, store::Actor{std::nullopt, "test"});
  });
  if (!result) throw std::runtime_error("create " + entity + ": " + result.error().describe());
  return *result;
}

Id TestServer::create_user(Id tenant_id, const std::string& username, Role role,
                           const std::string& password) {
  // argon2id is slow by design; users sharing a password share one hash, so the fixture of
  // every test does not pay for it once per user.
  static std::map<std::string, std::string> hashes;
  auto known = hashes.find(password);
  if (known == hashes.end()) {
    auto hash = store::hash_password(password);
    if (!hash) throw std::runtime_error("hash_password failed");
    known = hashes.emplace(password, std::move(*hash)).first;
  }
  const std::string* hash = &known->second;
  Json user = create("users", tenant_id,
                     Json{{"username", username},
                          {"display_name", "User " + username},
                          {"role", std::string(role_name(role))},
                          {"password_hash", *hash}});
  return user.at("id").get<Id>();
}

Headers Session::headers(bool with_csrf) const {
  Headers h{{"Cookie", cookie}};
  if (with_csrf) h.emplace_back("X-CSRF-Token", csrf);
  return h;
}

std::string password_for(Role role) {
  return "pw-" + std::string(role_name(role)) + "-2026";
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles{Role::admin, Role::supervisor, Role::agent,
                                       Role::client_viewer};
  return roles;
}

Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

Session login(const TestClient& client, const std::string& username, const std::string& password) {
  HttpResult response = client.request("POST", "/api/v1/auth/login",
                                       Json{{"username", username}, {"password", password}}.dump());
  if (response.status != 200) {
    throw std::runtime_error("login " + username + ": " + std::to_string(response.status) + " " +
                             response.body);
  }
  return Session{cookie_from(response), response.json().value("csrf_token", "")};
}

namespace {

void seed_tenant(TestServer& server, TenantFixture& tenant, const std::string& slug,
                 bool with_objects) {
  tenant.slug = slug;
  tenant.id = server.create_tenant(slug);
  for (Role role : all_roles()) {
    const std::string username = slug + "-" + std::string(role_name(role));
    tenant.usernames[role] = username;
    tenant.user_ids[role] = server.create_user(tenant.id, username, role, password_for(role));
  }
  TestClient client = server.client();
  for (Role role : all_roles()) {
    tenant.sessions[role] = login(client, tenant.usernames[role], password_for(role));
  }
  HttpResult token = client.request("POST", "/api/v1/tokens", Json{{"name", "ci"}}.dump(),
                                    tenant.sessions[Role::admin].headers());
  if (token.status != 201) throw std::runtime_error("token: " + token.body);
  tenant.admin_token = token.json().at("token").get<std::string>();
  tenant.admin_token_id = token.json().at("id").get<Id>();
  tenant.objects["tokens"] = tenant.admin_token_id;
  tenant.objects["users"] = tenant.user_ids[Role::agent];
  if (!with_objects) return;

  auto id_of = [](const Json& j) { return j.at("id").get<Id>(); };
  tenant.objects["skills"] = id_of(server.create("skills", tenant.id, {{"name", "Billing"}}));
  tenant.objects["queues"] = id_of(
      server.create("queues", tenant.id,
                    {{"name", "Hotline"}, {"skills", {{{"skill_id", tenant.objects["skills"]}}}}}));
  tenant.objects["contacts"] =
      id_of(server.create("contacts", tenant.id,
                          {{"first_name", "Anna"},
                           {"last_name", "Alpha"},
                           {"city", "Musterstadt"},
                           {"phones", {{{"kind", "mobile"}, {"number", "+49 170 1234567"}}}}}));
  tenant.objects["interactions"] = id_of(server.create("interactions", tenant.id,
                                                       {{"channel", "voice"},
                                                        {"direction", "inbound"},
                                                        {"started_at", "2026-01-05T10:00:00Z"},
                                                        {"contact_id", tenant.objects["contacts"]},
                                                        {"queue_id", tenant.objects["queues"]}}));
  tenant.objects["products"] = id_of(server.create(
      "products", tenant.id, {{"sku", "P-1"}, {"name", "Tarif"}, {"unit_price_cents", 1999}}));
  tenant.objects["orders"] = id_of(
      server.create("orders", tenant.id,
                    {{"contact_id", tenant.objects["contacts"]},
                     {"lines", {{{"product_id", tenant.objects["products"]}, {"quantity", 2}}}}}));
  tenant.objects["tickets"] = id_of(server.create(
      "tickets", tenant.id,
      {{"category", "complaint"}, {"subject", "Rechnung falsch"}, {"priority", "high"}}));
  tenant.objects["callbacks"] = id_of(server.create(
      "callbacks", tenant.id,
      {{"number", "0611 98765"}, {"queue_id", tenant.objects["queues"]}, {"summary", "Rückruf"}}));
  tenant.objects["agent_states"] = id_of(server.create("agent_states", tenant.id,
                                                       {{"user_id", tenant.user_ids[Role::agent]},
                                                        {"state", "available"},
                                                        {"at", "2026-01-05T08:00:00Z"}}));
  tenant.objects["queue_calls"] =
      id_of(server.create("queue_calls", tenant.id,
                          {{"queue_id", tenant.objects["queues"]},
                           {"interaction_id", tenant.objects["interactions"]},
                           {"exit", "abandoned"},
                           {"enqueued_at", "2026-01-05T10:00:00Z"},
                           {"left_at", "2026-01-05T10:00:40Z"}}));
  // A message a caller left, with its audio under the recordings directory (a WAV of 0.1 s).
  const std::string voicemail_file = tenant.slug + "/2026-01-05/voicemail-1.wav";
  write_test_wav(server.recordings_dir() / voicemail_file);
  tenant.objects["voicemails"] =
      id_of(server.create("voicemails", tenant.id,
                          {{"queue_id", tenant.objects["queues"]},
                           {"interaction_id", tenant.objects["interactions"]},
                           {"contact_id", tenant.objects["contacts"]},
                           {"caller_number", "+491701234567"},
                           {"file", voicemail_file},
                           {"duration_ms", 100}}));
  tenant.objects["kb"] = id_of(
      server.create("kb", tenant.id, {{"slug", "faq"}, {"title", "FAQ"}, {"body", "Antworten"}}));
  tenant.objects["kb_synonyms"] =
      id_of(server.create("kb_synonyms", tenant.id, {{"words", {"Antwort", "Auskunft"}}}));
  tenant.objects["flows"] = id_of(server.create(
      "flows", tenant.id,
      {{"name", "hotline"},
       {"source", "name: hotline\nnodes:\n  ende:\n    type: hangup\n    text: Tschüss\n"}}));
  auto note = server.writer().run([&](store::WriteContext& w) {
    return w.append_timeline(tenant.id, tenant.objects["interactions"], "note",
                             Json{{"text", "Kunde ruft an"}}, store::Actor{std::nullopt, "test"});
  });
  if (!note) throw std::runtime_error("timeline: " + note.error().describe());
}

std::unique_ptr<World> g_world;

// Stops the server after the last test, before static destruction (threads still joinable).
class WorldEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { g_world.reset(); }
};

// gtest takes ownership of the environment.
[[maybe_unused]] const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(std::make_unique<WorldEnvironment>().release());

}  // namespace

World& world() {
  if (!g_world) {
    auto created = std::make_unique<World>();
    created->kb = std::make_unique<TestKbSearcher>();
    created->server = std::make_unique<TestServer>(http::HttpOptions{}, created->kb.get());
    seed_tenant(*created->server, created->a, "alpha", true);
    seed_tenant(*created->server, created->b, "beta", false);
    g_world = std::move(created);
  }
  return *g_world;
}

}  // namespace callwerk::test

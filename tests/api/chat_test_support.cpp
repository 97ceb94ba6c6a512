#include "chat_test_support.hpp"

#include <cstdlib>
#include <stdexcept>

#include <boost/beast/http.hpp>

#include "flow/flow_loader.hpp"
#include "test_client.hpp"

namespace callwerk::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

std::shared_ptr<const flow::FlowInterpreter> TestChatFlows::interpreter(std::int64_t tenant_id) {
  std::lock_guard lock(mutex_);
  const auto it = flows_.find(tenant_id);
  return it == flows_.end() ? nullptr : it->second;
}

void TestChatFlows::set(std::int64_t tenant_id, const std::vector<std::string>& yaml_flows,
                        flow::ProductCatalog catalog) {
  flow::FlowLibrary library;
  for (const std::string& yaml : yaml_flows) {
    auto loaded = flow::load_flow(yaml, "flow.yaml");
    if (!loaded) throw std::runtime_error("flow: " + loaded.error().describe());
    library.add(std::move(*loaded));
  }
  library.set_catalog(std::make_shared<const flow::ProductCatalog>(std::move(catalog)));
  auto compiled = std::make_shared<const flow::FlowInterpreter>(std::move(library));
  std::lock_guard lock(mutex_);
  flows_[tenant_id] = std::move(compiled);
}

ChatTestServer::ChatTestServer(http::HttpOptions options, http::AgentDesk* desk)
    : core_guard_(asio::make_work_guard(core_)) {
  std::string pattern = (std::filesystem::temp_directory_path() / "callwerk-chat-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  store_options_.path = (dir_ / "callwerk.db").string();
  store_options_.synchronous_full = false;
  auto writer = store::open_writer(store_options_);
  if (!writer) throw std::runtime_error("open_writer: " + writer.error().describe());
  writer_ = std::move(*writer);
  core_thread_ = std::thread([this] { core_.run(); });
  options.port = 0;
  server_ = std::make_unique<http::HttpServer>(core_, *writer_, store_options_, options, nullptr,
                                               &flows_, desk);
  if (Status started = server_->start(); !started)
    throw std::runtime_error("start: " + started.error().describe());
}

ChatTestServer::~ChatTestServer() {
  server_->stop();
  writer_->stop();
  core_guard_.reset();
  core_.stop();
  core_thread_.join();
  server_.reset();
  writer_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

flow::CatalogProduct ChatTestServer::create_product(store::Id tenant_id, const Json& input) {
  const Json stored = create("products", tenant_id, input);
  flow::CatalogProduct product;
  product.id = stored["id"].get<store::Id>();
  const auto text = [&stored](const char* key) {
    return stored[key].is_string() ? stored[key].get<std::string>() : std::string();
  };
  product.sku = text("sku");
  product.name = text("name");
  product.unit = text("unit");
  product.category = text("category");
  product.price_cents = stored.value("unit_price_cents", std::int64_t{0});
  return product;
}

std::unique_ptr<store::StoreReader> ChatTestServer::reader() const {
  auto reader = store::open_reader(store_options_);
  if (!reader) throw std::runtime_error("open_reader: " + reader.error().describe());
  return std::move(*reader);
}

store::Id ChatTestServer::create_tenant(const std::string& slug) {
  auto result = writer_->run([slug](store::WriteContext& w) -> Result<Json> {
    auto id = w.create_tenant(slug, "Shop " + slug, "Europe/Berlin", "de");
    if (!id) return id.error();
    return Json(*id);
  });
  if (!result) throw std::runtime_error("create_tenant: " + result.error().describe());
  return result->get<store::Id>();
}

Json ChatTestServer::create(const std::string& entity, store::Id tenant_id, const Json& input) {
  auto result = writer_->run([&](store::WriteContext& w) {
    return w.create(*store::find_entity(entity), tenant_id, input,
                    store::Actor{std::nullopt, "test"});
  });
  if (!result) throw std::runtime_error("create " + entity + ": " + result.error().describe());
  return *result;
}

ChatClient::ChatClient() = default;

ChatClient::~ChatClient() {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

int ChatClient::connect(std::uint16_t port, const std::string& slug, std::string* refusal_body) {
  auto& lowest = beast::get_lowest_layer(ws_);
  lowest.expires_after(std::chrono::seconds(10));
  lowest.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::websocket::response_type response;
  beast::error_code ec;
  ws_.handshake(response, "127.0.0.1:" + std::to_string(port), "/api/v1/chat/" + slug, ec);
  lowest.expires_never();
  if (!ec) return 101;
  // Beast's synchronous handshake does not hand out a refused response; ask again with a plain
  // HTTP request carrying the upgrade headers to learn the status and the body.
  const HttpResult refused = TestClient(port).get(
      "/api/v1/chat/" + slug, {{"Connection", "Upgrade"},
                               {"Upgrade", "websocket"},
                               {"Sec-WebSocket-Version", "13"},
                               {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
  if (refusal_body != nullptr) *refusal_body = refused.body;
  return refused.status;
}

std::optional<Json> ChatClient::read(std::chrono::milliseconds timeout) {
  buffer_.clear();
  std::optional<beast::error_code> result;
  ws_.async_read(buffer_, [&result](beast::error_code ec, std::size_t) { result = ec; });
  io_.restart();
  io_.run_for(timeout);
  if (!result) {
    beast::get_lowest_layer(ws_).cancel();
    io_.restart();
    io_.run();
    return std::nullopt;
  }
  if (*result) {
    closed_by_server_ = true;
    return std::nullopt;
  }
  Json message = Json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
  seen_.push_back(message);
  return message;
}

std::optional<Json> ChatClient::read_until(const std::string& type,
                                           std::chrono::milliseconds timeout) {
  for (;;) {
    auto message = read(timeout);
    if (!message) return std::nullopt;
    if (message->value("type", "") == type) return message;
  }
}

bool ChatClient::send_raw(const std::string& text) {
  beast::error_code ec;
  ws_.text(true);
  ws_.write(asio::buffer(text), ec);
  return !ec;
}

std::string ChatClient::bot_texts() const {
  std::string all;
  for (const Json& m : seen_)
    if (m.value("type", "") == "bot") all += m.value("text", "") + "\n";
  return all;
}

void ChatClient::close() {
  beast::error_code ec;
  ws_.close(beast::websocket::close_code::normal, ec);
  // After a read that timed out the stream cannot close cleanly: the socket goes anyway.
  beast::get_lowest_layer(ws_).socket().close(ec);
}

}  // namespace callwerk::test

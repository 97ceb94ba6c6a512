#include "app/config.hpp"

#include "app/config_telephony.hpp"

#include <fmt/core.h>

#include <array>

#include <boost/asio/ip/address.hpp>

#include "core/yaml_helpers.hpp"

namespace callwerk::app {

namespace {

constexpr const char* kDefaultDatabase = "callwerk.db";
constexpr std::array<std::string_view, 7> kLogLevels = {"trace", "debug",    "info", "warn",
                                                        "error", "critical", "off"};

Status parse_http(const YamlSource& source, const YAML::Node& node, http::HttpOptions& http) {
  if (auto s = expect_map(source, node, "'http'"); !s) return s;
  if (auto s = check_known_keys(source, node,
                                {"address", "port", "threads", "secure_cookies", "trusted_proxies",
                                 "websocket_idle_seconds"});
      !s)
    return s;
  if (const auto address = node["address"]) {
    auto value = yaml_string(source, address, "http.address");
    if (!value) return value.error();
    if (value->empty()) return yaml_error(source, address, "'http.address' must not be empty");
    http.address = *value;
  }
  if (const auto port = node["port"]) {
    auto value = yaml_integer(source, port, "http.port");
    if (!value) return value.error();
    if (*value < 0 || *value > 65535)
      return yaml_error(source, port, "'http.port' must be between 0 and 65535");
    http.port = static_cast<std::uint16_t>(*value);
  }
  if (const auto threads = node["threads"]) {
    auto value = yaml_integer(source, threads, "http.threads");
    if (!value) return value.error();
    if (*value < 1 || *value > 256)
      return yaml_error(source, threads, "'http.threads' must be between 1 and 256");
    http.threads = static_cast<int>(*value);
  }
  if (const auto secure = node["secure_cookies"]) {
    auto value = yaml_bool(source, secure, "http.secure_cookies");
    if (!value) return value.error();
    http.secure_cookies = *value;
  }
  if (const auto idle = node["websocket_idle_seconds"]) {
    auto value = yaml_integer(source, idle, "http.websocket_idle_seconds");
    if (!value) return value.error();
    if (*value < 5 || *value > 3600)
      return yaml_error(source, idle, "'http.websocket_idle_seconds' must be between 5 and 3600");
    http.websocket_idle_seconds = static_cast<int>(*value);
  }
  // Only behind a reverse proxy: its address makes X-Forwarded-For count for rate limiting.
  if (const auto proxies = node["trusted_proxies"]) {
    if (auto s = expect_sequence(source, proxies, "'http.trusted_proxies'"); !s) return s;
    http.trusted_proxies.clear();
    for (const auto& proxy : proxies) {
      auto value = yaml_string(source, proxy, "http.trusted_proxies");
      if (!value) return value.error();
      boost::system::error_code bad;
      boost::asio::ip::make_address(*value, bad);
      if (bad)
        return yaml_error(source, proxy, "'http.trusted_proxies' entries must be IP addresses");
      http.trusted_proxies.push_back(*value);
    }
  }
  return ok_status();
}

Status parse_store(const YamlSource& source, const YAML::Node& node, std::string& path,
                   store::StoreOptions& store) {
  if (auto s = expect_map(source, node, "'store'"); !s) return s;
  if (auto s = check_known_keys(source, node, {"path", "synchronous", "group_commit_ms"}); !s)
    return s;
  if (const auto path_node = node["path"]) {
    auto value = yaml_string(source, path_node, "store.path");
    if (!value) return value.error();
    if (value->empty()) return yaml_error(source, path_node, "'store.path' must not be empty");
    path = *value;
  }
  if (const auto sync = node["synchronous"]) {
    auto value = yaml_string(source, sync, "store.synchronous");
    if (!value) return value.error();
    if (*value != "full" && *value != "normal")
      return yaml_error(source, sync, "'store.synchronous' must be full or normal");
    store.synchronous_full = *value == "full";
  }
  if (const auto group = node["group_commit_ms"]) {
    auto value = yaml_integer(source, group, "store.group_commit_ms");
    if (!value) return value.error();
    if (*value < 0 || *value > 1000)
      return yaml_error(source, group, "'store.group_commit_ms' must be between 0 and 1000");
    store.group_commit_ms = static_cast<int>(*value);
  }
  return ok_status();
}

Status parse_log(const YamlSource& source, const YAML::Node& node, std::string& level) {
  if (auto s = expect_map(source, node, "'log'"); !s) return s;
  if (auto s = check_known_keys(source, node, {"level"}); !s) return s;
  if (const auto level_node = node["level"]) {
    auto value = yaml_string(source, level_node, "log.level");
    if (!value) return value.error();
    bool known = false;
    for (std::string_view l : kLogLevels) known = known || l == *value;
    if (!known)
      return yaml_error(
          source, level_node,
          "'log.level' must be one of trace, debug, info, warn, error, critical, off");
    level = *value;
  }
  return ok_status();
}

}  // namespace

AppConfig config_for_data_dir(const std::filesystem::path& data_dir) {
  AppConfig config;
  config.data_dir = data_dir;
  config.store.path = (data_dir / kDefaultDatabase).string();
  return config;
}

Result<AppConfig> parse_config(const std::string& text, const std::string& file_name) {
  const YamlSource source{file_name};
  auto root = parse_yaml(text, source);
  if (!root) return root.error();
  if (!root->IsMap())
    return make_error(ErrorKind::invalid_input, "the configuration must be a mapping",
                      yaml_location(source, root->Mark()));
  if (auto s = check_known_keys(source, *root, {"data_dir", "http", "store", "log", "telephony"});
      !s)
    return s.error();

  AppConfig config;
  const auto data_dir = (*root)["data_dir"];
  if (!data_dir)
    return make_error(ErrorKind::invalid_input, "missing required key 'data_dir'",
                      yaml_location(source, root->Mark()));
  auto data_dir_text = yaml_string(source, data_dir, "data_dir");
  if (!data_dir_text) return data_dir_text.error();
  if (data_dir_text->empty()) return yaml_error(source, data_dir, "'data_dir' must not be empty");
  std::filesystem::path dir = *data_dir_text;
  if (dir.is_relative()) dir = std::filesystem::path(file_name).parent_path() / dir;
  config.data_dir = dir.lexically_normal();

  if (const auto http = (*root)["http"]) {
    if (auto s = parse_http(source, http, config.http); !s) return s.error();
  }
  std::string store_path = kDefaultDatabase;
  if (const auto store = (*root)["store"]) {
    if (auto s = parse_store(source, store, store_path, config.store); !s) return s.error();
  }
  config.store.path = (config.data_dir / store_path).string();
  if (const auto log = (*root)["log"]) {
    if (auto s = parse_log(source, log, config.log_level); !s) return s.error();
  }
  if (const auto telephony = (*root)["telephony"]) {
    if (auto s = parse_telephony(source, telephony, config.telephony); !s) return s.error();
  }
  return config;
}

Result<AppConfig> load_config(const std::filesystem::path& file) {
  auto text = read_text_file(file, file.string());
  if (!text) return text.error();
  return parse_config(*text, file.string());
}

}  // namespace callwerk::app

#include <gtest/gtest.h>

#include "app/config.hpp"
#include "app_test_support.hpp"

namespace callwerk::app {
namespace {

std::string error_of(const std::string& text) {
  auto config = parse_config(text, "/etc/callwerk.yaml");
  EXPECT_FALSE(config.ok()) << text;
  return config ? std::string() : config.error().describe();
}

TEST(ConfigParse, GoodFileWithEverySection) {
  auto config = parse_config(R"(data_dir: /var/lib/callwerk
http:
  address: 0.0.0.0
  port: 8443
  threads: 4
  secure_cookies: true
  trusted_proxies: [127.0.0.1, "::1"]
  websocket_idle_seconds: 120
store:
  path: main.db
  synchronous: normal
  group_commit_ms: 0
log:
  level: debug
)",
                             "/etc/callwerk.yaml");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->data_dir, "/var/lib/callwerk");
  EXPECT_EQ(config->http.address, "0.0.0.0");
  EXPECT_EQ(config->http.port, 8443);
  EXPECT_EQ(config->http.threads, 4);
  EXPECT_TRUE(config->http.secure_cookies);
  EXPECT_EQ(config->http.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(config->http.websocket_idle_seconds, 120);
  EXPECT_EQ(config->store.path, "/var/lib/callwerk/main.db");
  EXPECT_FALSE(config->store.synchronous_full);
  EXPECT_EQ(config->store.group_commit_ms, 0);
  EXPECT_EQ(config->log_level, "debug");
}

TEST(ConfigParse, DefaultsAndRelativeDataDir) {
  auto config = parse_config("data_dir: data\n", "/etc/callwerk/server.yaml");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  EXPECT_EQ(config->data_dir, "/etc/callwerk/data");
  EXPECT_EQ(config->store.path, "/etc/callwerk/data/callwerk.db");
  EXPECT_TRUE(config->store.synchronous_full);
  EXPECT_EQ(config->store.group_commit_ms, 20);
  EXPECT_EQ(config->http.port, 8080);
  EXPECT_EQ(config->log_level, "info");
}

TEST(ConfigParse, UnknownKeyNamesItsPosition) {
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  prot: 80\n"),
            "/etc/callwerk.yaml:3:3: unknown key 'prot' (expected one of: address, port, "
            "threads, secure_cookies, trusted_proxies, websocket_idle_seconds)");
  EXPECT_EQ(error_of("data_dir: /x\nlisten: 80\n").substr(0, 40),
            "/etc/callwerk.yaml:2:1: unknown key 'lis");
}

TEST(ConfigParse, WrongTypesNameTheValue) {
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  port: eighty\n"),
            "/etc/callwerk.yaml:3:9: 'http.port' must be a whole number");
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  port: 70000\n"),
            "/etc/callwerk.yaml:3:9: 'http.port' must be between 0 and 65535");
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  secure_cookies: maybe\n"),
            "/etc/callwerk.yaml:3:19: 'http.secure_cookies' must be true or false");
  EXPECT_EQ(error_of("data_dir: [a, b]\n"),
            "/etc/callwerk.yaml:1:11: 'data_dir' must be text, not a list");
  EXPECT_EQ(error_of("data_dir: /x\nhttp: 8080\n"),
            "/etc/callwerk.yaml:2:7: 'http' must be a mapping, not a scalar");
}

TEST(ConfigParse, TrustedProxiesMustBeAddresses) {
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  trusted_proxies: [10.0.0.1, proxy.local]\n"),
            "/etc/callwerk.yaml:3:31: 'http.trusted_proxies' entries must be IP addresses");
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  websocket_idle_seconds: 1\n"),
            "/etc/callwerk.yaml:3:27: 'http.websocket_idle_seconds' must be between 5 and 3600");
}

TEST(ConfigParse, BadEnumValues) {
  EXPECT_EQ(error_of("data_dir: /x\nstore:\n  synchronous: sometimes\n"),
            "/etc/callwerk.yaml:3:16: 'store.synchronous' must be full or normal");
  EXPECT_EQ(error_of("data_dir: /x\nstore:\n  group_commit_ms: 5000\n"),
            "/etc/callwerk.yaml:3:20: 'store.group_commit_ms' must be between 0 and 1000");
  EXPECT_EQ(error_of("data_dir: /x\nlog:\n  level: loud\n"),
            "/etc/callwerk.yaml:3:10: 'log.level' must be one of trace, debug, info, warn, "
            "error, critical, off");
}

TEST(ConfigParse, DuplicateKey) {
  EXPECT_EQ(error_of("data_dir: /x\nhttp:\n  port: 80\n  port: 81\n"),
            "/etc/callwerk.yaml:4:3: duplicate key 'port'");
}

TEST(ConfigParse, MissingRequiredKey) {
  EXPECT_EQ(error_of("http:\n  port: 80\n"),
            "/etc/callwerk.yaml:1:1: missing required key 'data_dir'");
}

TEST(ConfigParse, SyntaxErrorHasLineAndColumn) {
  const std::string error = error_of("data_dir: /x\nhttp:\n  port: [80\n");
  EXPECT_EQ(error.rfind("/etc/callwerk.yaml:", 0), 0u) << error;
  EXPECT_NE(error.find(":4:"), std::string::npos) << error;
}

TEST(ConfigParse, MissingFile) {
  auto config = load_config("/nonexistent/callwerk.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().describe(), "/nonexistent/callwerk.yaml:1:1: cannot read file");
}

}  // namespace
}  // namespace callwerk::app

// The telephony section of the server config: values land where they belong, mistakes are
// refused with their position.
#include <gtest/gtest.h>

#include <tuple>

#include "app/config.hpp"

namespace callwerk::app {
namespace {

const char* kValid = R"(data_dir: data
telephony:
  sip:
    addresses: ["127.0.0.1", "::1"]
    port: 5080
    transports: [udp]
    realm: musterstadt
  rtp: {address: 127.0.0.1, port_min: 30000, port_max: 30100, timeout_seconds: 20, io: poll, realtime_priority: 20}
  prompt_cache_dir: prompts
  max_calls_per_second: 50
  trunks:
    - {name: carrier, addresses: [192.0.2.10]}
  menus:
    hotline:
      greeting: Willkommen.
      prompt: Drücken Sie die 1 oder die 2.
      record: true
      options:
        - {digit: "1", key: info, say: Infos., action: return}
        - {digit: 2, key: mensch, label: Kundenservice, action: transfer, extension: "200"}
  numbers:
    - {number: "+49567801100", tenant: stadtwerke-musterstadt, menu: hotline}
)";

TEST(ConfigTelephony, ValidSectionIsRead) {
  auto config = parse_config(kValid, "cw.yaml");
  ASSERT_TRUE(config) << config.error().describe();
  const auto& t = config->telephony;
  EXPECT_TRUE(t.enabled);
  EXPECT_EQ(t.sip_addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(t.sip_port, 5080);
  EXPECT_TRUE(t.sip_udp);
  EXPECT_FALSE(t.sip_tcp);
  EXPECT_EQ(t.realm, "musterstadt");
  EXPECT_EQ(t.rtp_port_min, 30000);
  EXPECT_EQ(t.rtp_timeout_ms, 20000);
  EXPECT_FALSE(t.rtp_io_uring);
  EXPECT_EQ(t.rtp_realtime_priority, 20);
  EXPECT_EQ(t.max_calls_per_second, 50);
  ASSERT_EQ(t.trunks.size(), 1u);
  const auto& menu = t.menus.at("hotline");
  EXPECT_TRUE(menu.record);
  ASSERT_EQ(menu.options.size(), 2u);
  EXPECT_EQ(menu.options[1].digit, '2');
  EXPECT_EQ(menu.options[1].action, voice::MenuOptionAction::transfer);
  EXPECT_EQ(menu.options[1].extension, "200");
  EXPECT_EQ(menu.options[0].label, "info");
  ASSERT_EQ(t.numbers.size(), 1u);
  EXPECT_EQ(t.numbers[0].tenant, "stadtwerke-musterstadt");
}

TEST(ConfigTelephony, WithoutSectionTelephonyIsOff) {
  auto config = parse_config("data_dir: d\n", "cw.yaml");
  ASSERT_TRUE(config);
  EXPECT_FALSE(config->telephony.enabled);
  EXPECT_TRUE(config->telephony.rtp_io_uring);  // the default
  EXPECT_EQ(config->telephony.rtp_realtime_priority, 10);
}

struct BadCase {
  std::string from;
  std::string to;
  std::string message_part;
  std::string location;
};

TEST(ConfigTelephony, MistakesAreRefusedWithTheirPosition) {
  const std::vector<BadCase> cases = {
      {"port: 5080", "port: 70000", "between 0 and 65535", "cw.yaml:5:11"},
      {"transports: [udp]", "transports: [sctp]", "udp or tcp", "cw.yaml:6:18"},
      {"addresses: [192.0.2.10]", "addresses: [carrier.example]", "IP addresses", "cw.yaml:12:35"},
      {"menu: hotline}", "menu: hotlne}", "no menu named 'hotlne'", "cw.yaml:22:70"},
      {"digit: 2,", "digit: \"1\",", "used twice", "cw.yaml:20:19"},
      {"digit: 2,", "digit: 22,", "0-9, * or #", "cw.yaml:20:19"},
      {"action: return}", "action: jump}", "hangup, return or transfer", "cw.yaml:19:56"},
      {"realm: musterstadt", "relm: musterstadt", "relm", "cw.yaml:7:5"},
      {"record: true", "record: ja", "true or false", "cw.yaml:17:15"},
      {"io: poll,", "io: epoll,", "uring or poll", "cw.yaml:8:88"},
      {"realtime_priority: 20}", "realtime_priority: 100}", "between 0 and 99", "cw.yaml:8:113"},
      {"max_calls_per_second: 50", "max_calls_per_second: -1", "max_calls_per_second",
       "cw.yaml:10:25"},
  };
  for (const BadCase& c : cases) {
    std::string text = kValid;
    const size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    auto config = parse_config(text, "cw.yaml");
    ASSERT_FALSE(config) << c.to;
    EXPECT_NE(config.error().message.find(c.message_part), std::string::npos)
        << c.to << ": " << config.error().describe();
    EXPECT_EQ(config.error().location, c.location) << c.to << ": " << config.error().describe();
  }
}

// Call backs leave only through a trunk's outbound route, and only when it is complete.
TEST(ConfigTelephony, OutboundRouteIsReadAndIncompleteOnesAreRefused) {
  const std::string trunk = "    - {name: carrier, addresses: [192.0.2.10]}\n";
  std::string text = kValid;
  text.replace(text.find(trunk), trunk.size(),
               "    - name: carrier\n"
               "      addresses: [192.0.2.10]\n"
               "      outbound:\n"
               "        host: 192.0.2.11\n"
               "        port: 5080\n"
               "        transport: tcp\n"
               "        tenants: [stadtwerke-musterstadt]\n"
               "        prefixes: [\"+49\", \"+43\"]\n"
               "        ring_timeout_seconds: 30\n"
               "        username: cw-out\n"
               "        password: s3cret\n");
  auto config = parse_config(text, "cw.yaml");
  ASSERT_TRUE(config) << config.error().describe();
  const voice::OutboundRoute& route = config->telephony.trunks.at(0).outbound;
  EXPECT_TRUE(route.enabled);
  EXPECT_EQ(route.host, "192.0.2.11");
  EXPECT_EQ(route.port, 5080);
  EXPECT_TRUE(route.tcp);
  EXPECT_EQ(route.tenants, (std::vector<std::string>{"stadtwerke-musterstadt"}));
  EXPECT_EQ(route.prefixes, (std::vector<std::string>{"+49", "+43"}));
  EXPECT_EQ(route.ring_timeout_seconds, 30);
  EXPECT_FALSE(config->telephony.trunks.at(0).outbound.caller_id.size());
  EXPECT_EQ(route.username, "cw-out");
  EXPECT_EQ(route.password, "s3cret");

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"        prefixes: [\"+49\", \"+43\"]\n", "needs 'tenants' and 'prefixes'"},
      {"        host: 192.0.2.11\n", "needs a 'host'"},
      {"        password: s3cret\n", "'username' and 'password' go together"},
  };
  for (const auto& [line, message] : bad) {
    std::string broken = text;
    broken.erase(broken.find(line), line.size());
    auto refused = parse_config(broken, "cw.yaml");
    ASSERT_FALSE(refused) << line;
    EXPECT_NE(refused.error().message.find(message), std::string::npos)
        << refused.error().describe();
  }
  for (const auto& [from, to, message] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"[\"+49\", \"+43\"]", "[\"0049\"]", "E.164 prefixes"},
           {"host: 192.0.2.11", "host: carrier.example", "IP address"},
           {"transport: tcp", "transport: tls", "udp or tcp"},
           {"ring_timeout_seconds: 30", "caller_id: \"0567 8\"", "E.164 number"}}) {
    std::string broken = text;
    broken.replace(broken.find(from), from.size(), to);
    auto refused = parse_config(broken, "cw.yaml");
    ASSERT_FALSE(refused) << to;
    EXPECT_NE(refused.error().message.find(message), std::string::npos)
        << refused.error().describe();
    EXPECT_TRUE(refused.error().location.starts_with("cw.yaml:")) << refused.error().describe();
  }
}

TEST(ConfigTelephony, MenuWithoutOptionsIsRefused) {
  std::string text =
      "data_dir: d\ntelephony:\n  menus:\n    m:\n      greeting: a\n      prompt: b\n      "
      "options: []\n";
  auto config = parse_config(text, "cw.yaml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("at least one option"), std::string::npos);
}

}  // namespace
}  // namespace callwerk::app

namespace callwerk::app {
namespace {

TEST(ConfigTelephony, PromptsMayBeWavFilesRelativeToTheConfig) {
  const std::string text =
      "data_dir: d\ntelephony:\n  menus:\n    m:\n      greeting: {file: prompts/hallo.wav}\n"
      "      prompt: Bitte wählen.\n      options:\n"
      "        - {digit: \"1\", key: a, say: {file: /srv/a.wav}}\n";
  auto config = parse_config(text, "/etc/callwerk/cw.yaml");
  ASSERT_TRUE(config) << config.error().describe();
  const auto& menu = config->telephony.menus.at("m");
  EXPECT_EQ(menu.greeting, "wav:/etc/callwerk/prompts/hallo.wav");
  EXPECT_EQ(menu.prompt, "Bitte wählen.");
  EXPECT_EQ(menu.options[0].say, "wav:/srv/a.wav");
  auto bad = parse_config(
      "data_dir: d\ntelephony:\n  menus:\n    m:\n      greeting: {path: x.wav}\n      prompt: p\n"
      "      options: [{digit: \"1\", key: a}]\n",
      "cw.yaml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().location, "cw.yaml:5:18");
}

}  // namespace
}  // namespace callwerk::app

#include "app/config_telephony.hpp"

#include <fmt/core.h>

#include <boost/asio/ip/address.hpp>

#include "voice/outbound_route.hpp"

namespace callwerk::app {

namespace {

using voice::MenuOption;
using voice::MenuOptionAction;
using voice::TelephonyConfig;
using voice::VoiceMenu;

// Reads an optional integer key within [min, max] into `target`.
template <typename T>
Status read_int(const YamlSource& source, const YAML::Node& map, const char* key,
                std::string_view path, std::int64_t min, std::int64_t max, T& target) {
  const YAML::Node node = map[key];
  if (!node) return ok_status();
  auto value = yaml_integer(source, node, path);
  if (!value) return value.error();
  if (*value < min || *value > max)
    return yaml_error(source, node, fmt::format("'{}' must be between {} and {}", path, min, max));
  target = static_cast<T>(*value);
  return ok_status();
}

Status read_text(const YamlSource& source, const YAML::Node& map, const char* key,
                 std::string_view path, std::string& target, bool allow_empty = false) {
  const YAML::Node node = map[key];
  if (!node) return ok_status();
  auto value = yaml_string(source, node, path);
  if (!value) return value.error();
  if (value->empty() && !allow_empty)
    return yaml_error(source, node, fmt::format("'{}' must not be empty", path));
  target = *value;
  return ok_status();
}

// A spoken text, or `{file: prompts/greeting.wav}` for a recorded prompt (relative paths
// count from the config file's folder).
Status read_prompt(const YamlSource& source, const YAML::Node& map, const char* key,
                   std::string& target, bool allow_empty = false) {
  const YAML::Node node = map[key];
  if (!node || !node.IsMap()) return read_text(source, map, key, key, target, allow_empty);
  if (auto s = check_known_keys(source, node, {"file"}); !s) return s;
  std::string file;
  if (!node["file"]) return yaml_error(source, node, fmt::format("'{}' needs 'file'", key));
  if (auto s = read_text(source, node, "file", "file", file); !s) return s;
  std::filesystem::path path = file;
  if (path.is_relative()) path = std::filesystem::path(source.file).parent_path() / path;
  target = std::string(voice::kPromptFilePrefix) + path.lexically_normal().string();
  return ok_status();
}

Status read_addresses(const YamlSource& source, const YAML::Node& node, std::string_view path,
                      std::vector<std::string>& target) {
  if (auto s = expect_sequence(source, node, path); !s) return s;
  target.clear();
  for (const YAML::Node& entry : node) {
    auto value = yaml_string(source, entry, path);
    if (!value) return value.error();
    boost::system::error_code ec;
    boost::asio::ip::make_address(*value, ec);
    if (ec)
      return yaml_error(source, entry, fmt::format("'{}' entries must be IP addresses", path));
    target.push_back(*value);
  }
  if (target.empty()) return yaml_error(source, node, fmt::format("'{}' must not be empty", path));
  return ok_status();
}

Status parse_sip(const YamlSource& source, const YAML::Node& node, TelephonyConfig& t) {
  if (auto s = expect_map(source, node, "'telephony.sip'"); !s) return s;
  if (auto s = check_known_keys(source, node,
                                {"addresses", "port", "transports", "realm", "digest_algorithms"});
      !s)
    return s;
  if (node["addresses"])
    if (auto s =
            read_addresses(source, node["addresses"], "telephony.sip.addresses", t.sip_addresses);
        !s)
      return s;
  if (auto s = read_int(source, node, "port", "telephony.sip.port", 0, 65535, t.sip_port); !s)
    return s;
  if (const YAML::Node transports = node["transports"]) {
    if (auto s = expect_sequence(source, transports, "'telephony.sip.transports'"); !s) return s;
    t.sip_udp = t.sip_tcp = false;
    for (const YAML::Node& entry : transports) {
      auto value = yaml_string(source, entry, "telephony.sip.transports");
      if (!value) return value.error();
      if (*value == "udp")
        t.sip_udp = true;
      else if (*value == "tcp")
        t.sip_tcp = true;
      else
        return yaml_error(source, entry, "'telephony.sip.transports' entries must be udp or tcp");
    }
    if (!t.sip_udp && !t.sip_tcp)
      return yaml_error(source, transports, "'telephony.sip.transports' must not be empty");
  }
  if (const YAML::Node algorithms = node["digest_algorithms"]) {
    if (auto s = expect_sequence(source, algorithms, "'telephony.sip.digest_algorithms'"); !s)
      return s;
    t.digest_algorithms.clear();
    for (const YAML::Node& entry : algorithms) {
      auto value = yaml_string(source, entry, "telephony.sip.digest_algorithms");
      if (!value) return value.error();
      if (*value != "md5" && *value != "sha256")
        return yaml_error(source, entry,
                          "'telephony.sip.digest_algorithms' entries must be md5 or sha256");
      t.digest_algorithms.push_back(*value);
    }
    if (t.digest_algorithms.empty())
      return yaml_error(source, algorithms, "'telephony.sip.digest_algorithms' must not be empty");
  }
  return read_text(source, node, "realm", "telephony.sip.realm", t.realm);
}

Status parse_rtp(const YamlSource& source, const YAML::Node& node, TelephonyConfig& t) {
  if (auto s = expect_map(source, node, "'telephony.rtp'"); !s) return s;
  if (auto s = check_known_keys(source, node,
                                {"address", "port_min", "port_max", "threads", "timeout_seconds",
                                 "io", "realtime_priority"});
      !s)
    return s;
  if (const YAML::Node address = node["address"]) {
    std::vector<std::string> one;
    YAML::Node list(YAML::NodeType::Sequence);
    list.push_back(address);
    if (auto s = read_addresses(source, list, "telephony.rtp.address", one); !s) return s;
    t.rtp_address = one.front();
  }
  if (auto s =
          read_int(source, node, "port_min", "telephony.rtp.port_min", 1024, 65534, t.rtp_port_min);
      !s)
    return s;
  if (auto s =
          read_int(source, node, "port_max", "telephony.rtp.port_max", 1025, 65535, t.rtp_port_max);
      !s)
    return s;
  if (t.rtp_port_max < t.rtp_port_min + 3)
    return yaml_error(source, node,
                      "'telephony.rtp' needs port_max above port_min (at least 4 ports)");
  if (auto s = read_int(source, node, "threads", "telephony.rtp.threads", 1, 64, t.media_threads);
      !s)
    return s;
  int timeout_seconds = t.rtp_timeout_ms / 1000;
  if (auto s = read_int(source, node, "timeout_seconds", "telephony.rtp.timeout_seconds", 2, 3600,
                        timeout_seconds);
      !s)
    return s;
  t.rtp_timeout_ms = timeout_seconds * 1000;
  if (const YAML::Node io = node["io"]) {
    auto value = yaml_string(source, io, "telephony.rtp.io");
    if (!value) return value.error();
    if (*value != "uring" && *value != "poll")
      return yaml_error(source, io, "'telephony.rtp.io' must be uring or poll");
    t.rtp_io_uring = *value == "uring";
  }
  return read_int(source, node, "realtime_priority", "telephony.rtp.realtime_priority", 0, 99,
                  t.rtp_realtime_priority);
}

Status read_text_list(const YamlSource& source, const YAML::Node& node, const char* what,
                      std::vector<std::string>& out) {
  if (auto s = expect_sequence(source, node, what); !s) return s;
  for (const YAML::Node& entry : node) {
    auto value = yaml_string(source, entry, what);
    if (!value) return value.error();
    out.push_back(*value);
  }
  return ok_status();
}

// Where call backs leave: every field that decides who may call whom is required, so that an
// incomplete rule never opens the trunk wider than meant.
Status parse_outbound(const YamlSource& source, const YAML::Node& node, voice::OutboundRoute& r) {
  if (auto s = expect_map(source, node, "'telephony.trunks.outbound'"); !s) return s;
  if (auto s = check_known_keys(source, node,
                                {"host", "port", "transport", "tenants", "prefixes", "caller_id",
                                 "ring_timeout_seconds", "username", "password"});
      !s)
    return s;
  r.enabled = true;
  if (!node["host"]) return yaml_error(source, node, "an outbound route needs a 'host'");
  if (auto s = read_text(source, node, "host", "telephony.trunks.outbound.host", r.host); !s)
    return s;
  boost::system::error_code bad_address;
  boost::asio::ip::make_address(r.host, bad_address);
  if (bad_address)
    return yaml_error(source, node["host"],
                      "'telephony.trunks.outbound.host' must be an IP address (no DNS lookups)");
  if (auto s = read_int(source, node, "port", "telephony.trunks.outbound.port", 1, 65535, r.port);
      !s)
    return s;
  std::string transport = "udp";
  if (auto s =
          read_text(source, node, "transport", "telephony.trunks.outbound.transport", transport);
      !s)
    return s;
  if (transport != "udp" && transport != "tcp")
    return yaml_error(source, node["transport"],
                      "'telephony.trunks.outbound.transport' must be udp or tcp");
  r.tcp = transport == "tcp";
  if (!node["tenants"] || !node["prefixes"])
    return yaml_error(source, node,
                      "an outbound route needs 'tenants' and 'prefixes' (who may call where)");
  if (auto s =
          read_text_list(source, node["tenants"], "'telephony.trunks.outbound.tenants'", r.tenants);
      !s)
    return s;
  if (auto s = read_text_list(source, node["prefixes"], "'telephony.trunks.outbound.prefixes'",
                              r.prefixes);
      !s)
    return s;
  for (const std::string& prefix : r.prefixes) {
    const bool digits = prefix.size() >= 2 && prefix[0] == '+' &&
                        prefix.find_first_not_of("0123456789", 1) == std::string::npos;
    if (!digits)
      return yaml_error(source, node["prefixes"],
                        "'telephony.trunks.outbound.prefixes' are E.164 prefixes such as \"+49\"");
  }
  if (r.tenants.empty() || r.prefixes.empty())
    return yaml_error(source, node,
                      "an outbound route's 'tenants' and 'prefixes' must not be empty");
  if (auto s =
          read_text(source, node, "caller_id", "telephony.trunks.outbound.caller_id", r.caller_id);
      !s)
    return s;
  if (!r.caller_id.empty() && !voice::is_e164(r.caller_id))
    return yaml_error(source, node["caller_id"],
                      "'telephony.trunks.outbound.caller_id' must be an E.164 number");
  if (auto s =
          read_text(source, node, "username", "telephony.trunks.outbound.username", r.username);
      !s)
    return s;
  if (auto s =
          read_text(source, node, "password", "telephony.trunks.outbound.password", r.password);
      !s)
    return s;
  if (r.username.empty() != r.password.empty())
    return yaml_error(source, node,
                      "an outbound route's 'username' and 'password' go together (the carrier's "
                      "account for digest authentication)");
  return read_int(source, node, "ring_timeout_seconds",
                  "telephony.trunks.outbound.ring_timeout_seconds", 5, 300, r.ring_timeout_seconds);
}

Status parse_trunks(const YamlSource& source, const YAML::Node& node, TelephonyConfig& t) {
  if (auto s = expect_sequence(source, node, "'telephony.trunks'"); !s) return s;
  for (const YAML::Node& entry : node) {
    if (auto s = expect_map(source, entry, "a trunk"); !s) return s;
    if (auto s = check_known_keys(source, entry,
                                  {"name", "addresses", "username", "password", "outbound"});
        !s)
      return s;
    voice::TrunkConfig trunk;
    if (!entry["name"]) return yaml_error(source, entry, "a trunk needs a 'name'");
    if (auto s = read_text(source, entry, "name", "telephony.trunks.name", trunk.name); !s)
      return s;
    if (entry["addresses"])
      if (auto s = read_addresses(source, entry["addresses"], "telephony.trunks.addresses",
                                  trunk.addresses);
          !s)
        return s;
    if (auto s = read_text(source, entry, "username", "telephony.trunks.username", trunk.username);
        !s)
      return s;
    if (auto s = read_text(source, entry, "password", "telephony.trunks.password", trunk.password);
        !s)
      return s;
    if (entry["outbound"])
      if (auto s = parse_outbound(source, entry["outbound"], trunk.outbound); !s) return s;
    if (trunk.addresses.empty() && (trunk.username.empty() || trunk.password.empty()))
      return yaml_error(source, entry,
                        "a trunk needs 'addresses' or 'username' and 'password' to be recognised");
    t.trunks.push_back(std::move(trunk));
  }
  return ok_status();
}

Result<MenuOption> parse_option(const YamlSource& source, const YAML::Node& entry) {
  if (auto s = expect_map(source, entry, "a menu option"); !s) return s.error();
  if (auto s =
          check_known_keys(source, entry, {"digit", "key", "label", "say", "action", "extension"});
      !s)
    return s.error();
  MenuOption option;
  std::string digit;
  if (!entry["digit"]) return yaml_error(source, entry, "a menu option needs a 'digit'");
  if (auto s = read_text(source, entry, "digit", "digit", digit); !s) return s.error();
  if (digit.size() != 1 ||
      std::string_view("0123456789*#").find(digit[0]) == std::string_view::npos)
    return yaml_error(source, entry["digit"], "'digit' must be one of 0-9, * or #");
  option.digit = digit[0];
  if (!entry["key"]) return yaml_error(source, entry, "a menu option needs a 'key'");
  if (auto s = read_text(source, entry, "key", "key", option.key); !s) return s.error();
  option.label = option.key;
  if (auto s = read_text(source, entry, "label", "label", option.label); !s) return s.error();
  if (auto s = read_prompt(source, entry, "say", option.say, true); !s) return s.error();
  std::string action = "hangup";
  if (auto s = read_text(source, entry, "action", "action", action); !s) return s.error();
  if (action == "hangup")
    option.action = MenuOptionAction::say_and_hang_up;
  else if (action == "return")
    option.action = MenuOptionAction::say_and_return;
  else if (action == "transfer")
    option.action = MenuOptionAction::transfer;
  else
    return yaml_error(source, entry["action"], "'action' must be hangup, return or transfer");
  if (auto s = read_text(source, entry, "extension", "extension", option.extension); !s)
    return s.error();
  if ((option.action == MenuOptionAction::transfer) != !option.extension.empty())
    return yaml_error(source, entry,
                      "'extension' belongs to options with action: transfer, and only there");
  return option;
}

Status parse_menu(const YamlSource& source, const std::string& name, const YAML::Node& node,
                  VoiceMenu& menu) {
  if (auto s = expect_map(source, node, "a menu"); !s) return s;
  if (auto s =
          check_known_keys(source, node,
                           {"language", "greeting", "prompt", "options", "input_timeout_seconds",
                            "max_attempts", "record", "recording_notice", "no_input_text",
                            "invalid_text", "goodbye_text", "transfer_failed_text"});
      !s)
    return s;
  menu.name = name;
  for (const char* required : {"greeting", "prompt", "options"})
    if (!node[required])
      return yaml_error(source, node, fmt::format("menu '{}' needs '{}'", name, required));
  if (auto s = read_text(source, node, "language", "language", menu.language); !s) return s;
  if (menu.language != "de" && menu.language != "en")
    return yaml_error(source, node["language"], "'language' must be de or en");
  const voice::MenuDefaultTexts defaults = voice::menu_default_texts(menu.language);
  menu.no_input_text = defaults.no_input;
  menu.invalid_text = defaults.invalid;
  menu.goodbye_text = defaults.goodbye;
  menu.transfer_failed_text = defaults.transfer_failed;
  menu.recording_notice = defaults.recording_notice;
  if (auto s = read_prompt(source, node, "greeting", menu.greeting); !s) return s;
  if (auto s = read_prompt(source, node, "prompt", menu.prompt); !s) return s;
  for (auto [key, target] : {std::pair{"recording_notice", &menu.recording_notice},
                             std::pair{"no_input_text", &menu.no_input_text},
                             std::pair{"invalid_text", &menu.invalid_text},
                             std::pair{"goodbye_text", &menu.goodbye_text},
                             std::pair{"transfer_failed_text", &menu.transfer_failed_text}})
    if (auto s = read_prompt(source, node, key, *target); !s) return s;
  int timeout_seconds = menu.input_timeout_ms / 1000;
  if (auto s = read_int(source, node, "input_timeout_seconds", "input_timeout_seconds", 1, 120,
                        timeout_seconds);
      !s)
    return s;
  menu.input_timeout_ms = timeout_seconds * 1000;
  if (auto s = read_int(source, node, "max_attempts", "max_attempts", 1, 10, menu.max_attempts); !s)
    return s;
  if (const YAML::Node record = node["record"]) {
    auto value = yaml_bool(source, record, "record");
    if (!value) return value.error();
    menu.record = *value;
  }
  const YAML::Node options = node["options"];
  if (auto s = expect_sequence(source, options, "'options'"); !s) return s;
  for (const YAML::Node& entry : options) {
    auto option = parse_option(source, entry);
    if (!option) return option.error();
    for (const MenuOption& other : menu.options)
      if (other.digit == option->digit)
        return yaml_error(source, entry["digit"],
                          fmt::format("digit '{}' is used twice", option->digit));
    menu.options.push_back(std::move(*option));
  }
  if (menu.options.empty()) return yaml_error(source, options, "a menu needs at least one option");
  return ok_status();
}

}  // namespace

Status parse_telephony(const YamlSource& source, const YAML::Node& node, TelephonyConfig& t) {
  if (auto s = expect_map(source, node, "'telephony'"); !s) return s;
  if (auto s = check_known_keys(
          source, node,
          {"enabled", "sip", "rtp", "prompt_cache_dir", "recordings_dir", "trunks", "numbers",
           "menus", "max_call_seconds", "max_calls", "max_calls_per_second"});
      !s)
    return s;
  t.enabled = true;
  if (const YAML::Node enabled = node["enabled"]) {
    auto value = yaml_bool(source, enabled, "telephony.enabled");
    if (!value) return value.error();
    t.enabled = *value;
  }
  if (node["sip"])
    if (auto s = parse_sip(source, node["sip"], t); !s) return s;
  if (auto s = read_int(source, node, "max_call_seconds", "telephony.max_call_seconds", 60,
                        7 * 24 * 3600, t.max_call_seconds);
      !s)
    return s;
  if (auto s = read_int(source, node, "max_calls", "telephony.max_calls", 1, 1000000, t.max_calls);
      !s)
    return s;
  if (auto s = read_int(source, node, "max_calls_per_second", "telephony.max_calls_per_second", 0,
                        1000000, t.max_calls_per_second);
      !s)
    return s;
  if (node["rtp"])
    if (auto s = parse_rtp(source, node["rtp"], t); !s) return s;
  if (auto s = read_text(source, node, "prompt_cache_dir", "telephony.prompt_cache_dir",
                         t.prompt_cache_dir);
      !s)
    return s;
  if (auto s =
          read_text(source, node, "recordings_dir", "telephony.recordings_dir", t.recordings_dir);
      !s)
    return s;
  if (node["trunks"])
    if (auto s = parse_trunks(source, node["trunks"], t); !s) return s;
  if (const YAML::Node menus = node["menus"]) {
    if (auto s = expect_map(source, menus, "'telephony.menus'"); !s) return s;
    if (auto s = check_unique_keys(source, menus); !s) return s;
    for (const auto& entry : menus) {
      const std::string name = entry.first.as<std::string>("");
      if (name.empty()) return yaml_error(source, entry.first, "a menu needs a name");
      if (auto s = parse_menu(source, name, entry.second, t.menus[name]); !s) return s;
    }
  }
  if (const YAML::Node numbers = node["numbers"]) {
    if (auto s = expect_sequence(source, numbers, "'telephony.numbers'"); !s) return s;
    for (const YAML::Node& entry : numbers) {
      if (auto s = expect_map(source, entry, "a number"); !s) return s;
      if (auto s = check_known_keys(
              source, entry, {"number", "tenant", "menu", "flow", "queues", "answer_after_ms"});
          !s)
        return s;
      voice::DialledNumber number;
      for (const char* required : {"number", "tenant"})
        if (!entry[required])
          return yaml_error(source, entry, fmt::format("a number needs '{}'", required));
      if (static_cast<bool>(entry["menu"]) == static_cast<bool>(entry["flow"]))
        return yaml_error(source, entry, "a number needs either a 'menu' or a 'flow'");
      if (auto s = read_text(source, entry, "number", "number", number.number); !s) return s;
      if (auto s = read_text(source, entry, "tenant", "tenant", number.tenant); !s) return s;
      if (auto s = read_text(source, entry, "menu", "menu", number.menu); !s) return s;
      if (auto s = read_text(source, entry, "flow", "flow", number.flow); !s) return s;
      if (auto s = read_int(source, entry, "answer_after_ms", "answer_after_ms", 0, 60000,
                            number.answer_after_ms);
          !s)
        return s;
      if (!number.menu.empty() && !t.menus.contains(number.menu))
        return yaml_error(source, entry["menu"], fmt::format("no menu named '{}'", number.menu));
      // The flow itself lives in the tenant's store: whether it is published is known only
      // when a call comes (and may change while the server runs).
      if (const YAML::Node queues = entry["queues"]) {
        if (auto s = expect_map(source, queues, "'queues' (queue name: extension)"); !s) return s;
        if (auto s = check_unique_keys(source, queues); !s) return s;
        for (const auto& route : queues) {
          if (!route.second.IsScalar() || route.second.Scalar().empty())
            return yaml_error(source, route.second, "an extension must be a number like \"201\"");
          number.queue_extensions[route.first.Scalar()] = route.second.Scalar();
        }
      }
      for (const auto& other : t.numbers)
        if (other.number == number.number)
          return yaml_error(source, entry["number"], "this number is configured twice");
      t.numbers.push_back(std::move(number));
    }
  }
  return ok_status();
}

Result<voice::TelephonyConfig> load_telephony_file(const std::filesystem::path& file) {
  auto root = load_yaml_file(file, file.string());
  if (!root) return root.error();
  voice::TelephonyConfig telephony;
  if (auto s = parse_telephony(YamlSource{file.string()}, *root, telephony); !s) return s.error();
  return telephony;
}

}  // namespace callwerk::app

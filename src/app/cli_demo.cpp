// callwerk demo: a data folder with the demo tenants imported, served right away.
#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "app/cli_common.hpp"
#include "app/config_telephony.hpp"
#include "app/importer.hpp"
#include "app/server.hpp"
#include "store/store.hpp"

#ifndef CALLWERK_SOURCE_DIR
#define CALLWERK_SOURCE_DIR ""
#endif

namespace callwerk::app {

namespace fs = std::filesystem;

namespace {

struct DemoOptions {
  std::string data_dir = "./demo-data";
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string examples;
  int sip_port = 5060;    // -1: no telephony
  std::string rtp_ports;  // "MIN-MAX" in place of telephony.yaml's range; empty: the file's
};

// "MIN-MAX" with 1024 <= MIN, MIN + 3 <= MAX <= 65535 (telephony.yaml's rules for the range).
std::optional<std::pair<std::uint16_t, std::uint16_t>> parse_port_range(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view digits) -> std::optional<int> {
    int value = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (digits.empty() || ec != std::errc() || ptr != end) return std::nullopt;
    return value;
  };
  const auto low = number(text.substr(0, dash));
  const auto high = number(text.substr(dash + 1));
  if (!low || !high || *low < 1024 || *high > 65535 || *high < *low + 3) return std::nullopt;
  return std::pair{static_cast<std::uint16_t>(*low), static_cast<std::uint16_t>(*high)};
}

std::string default_examples_dir() {
  const fs::path in_source = fs::path(CALLWERK_SOURCE_DIR) / "examples" / "demo";
  std::error_code ec;
  if (!std::string_view(CALLWERK_SOURCE_DIR).empty() && fs::is_directory(in_source / "tenants", ec))
    return in_source.string();
  return "/usr/share/callwerk/examples/demo";
}

// The plain demo passwords, read straight from users.yaml (the database only has hashes).
// Best effort: the import has already checked these files.
std::vector<DemoLogin> read_demo_logins(const fs::path& examples) {
  std::vector<DemoLogin> logins;
  std::error_code ec;
  std::vector<fs::path> tenants;
  for (const auto& entry : fs::directory_iterator(examples / "tenants", ec))
    if (entry.is_directory()) tenants.push_back(entry.path());
  std::sort(tenants.begin(), tenants.end());
  for (const fs::path& tenant : tenants) {
    try {
      const YAML::Node users = YAML::LoadFile((tenant / "users.yaml").string());
      for (const YAML::Node& user : users) {
        if (!user["password"]) continue;
        logins.push_back(DemoLogin{.username = user["username"].as<std::string>(""),
                                   .password = user["password"].as<std::string>(""),
                                   .role = user["role"].as<std::string>(""),
                                   .tenant = tenant.filename().string()});
      }
    } catch (const YAML::Exception&) {
      continue;  // no users.yaml: nothing to show for this tenant
    }
  }
  return logins;
}

void print_welcome(const DemoOptions& options, std::uint16_t port, std::uint16_t sip_port,
                   const voice::TelephonyConfig& telephony, const std::vector<DemoLogin>& logins) {
  const std::string url = fmt::format("http://{}:{}/", options.address, port);
  fmt::print("callwerk-Demo läuft / callwerk demo is running\n");
  fmt::print("URL: {}\n", url);
  fmt::print("Daten / data: {}\n\n", options.data_dir);
  fmt::print("Anmeldungen (Benutzer / Passwort / Rolle / Mandant)\n");
  fmt::print("Logins (username / password / role / tenant):\n");
  for (const DemoLogin& login : logins)
    fmt::print("  {:<20} {:<20} {:<14} {}\n", login.username, login.password, login.role,
               login.tenant);
  if (sip_port != 0) {
    const std::string host =
        telephony.sip_addresses.empty() ? "127.0.0.1" : telephony.sip_addresses.front();
    fmt::print("\nTelefonie / telephony: SIP {}:{} (UDP/TCP)\n", host, sip_port);
    for (const auto& number : telephony.numbers)
      fmt::print("  sip:{}@{}:{}  ({}, Menü {})\n", number.number, host, sip_port, number.tenant,
                 number.menu);
    fmt::print(
        "Telefone registrieren sich als Benutzername mit SIP-Passwort demo-sip-<Nebenstelle>\n");
    fmt::print("Phones register as the username with SIP password demo-sip-<extension>\n");
  }
  fmt::print("\nBeenden mit Strg+C / stop with Ctrl+C\n");
  std::fflush(stdout);
}

int run_demo(DemoOptions options) {
  setup_logging("info");
  const auto rtp_ports =
      options.rtp_ports.empty() ? std::nullopt : parse_port_range(options.rtp_ports);
  if (!options.rtp_ports.empty() && !rtp_ports)
    return report_error(make_error(ErrorKind::invalid_input,
                                   "--rtp-ports must be MIN-MAX with 1024 <= MIN and MIN + 3 <= "
                                   "MAX <= 65535",
                                   options.rtp_ports));
  if (options.examples.empty()) options.examples = default_examples_dir();
  AppConfig config = config_for_data_dir(options.data_dir);
  config.http.address = options.address;
  config.http.port = options.port;
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec)
    return report_error(make_error(ErrorKind::invalid_input,
                                   "cannot create the data folder: " + ec.message(),
                                   options.data_dir));

  // "New" means no tenants yet, so that a failed first import is retried on the next start.
  bool is_new = true;
  if (fs::exists(config.store.path)) {
    // A folder from an older version is migrated first (serve would do it anyway), so that
    // the reader can open it.
    if (auto migrated = store::migrate(config.store.path); !migrated)
      return report_error(migrated.error());
    auto reader = store::open_reader(config.store);
    if (!reader) return report_error(reader.error());
    auto tenants = (*reader)->tenants();
    if (!tenants) return report_error(tenants.error());
    is_new = tenants->empty();
  }
  if (is_new) {
    if (!fs::is_directory(fs::path(options.examples) / "tenants"))
      return report_error(make_error(ErrorKind::invalid_input,
                                     "no demo data here (give --examples DIR)", options.examples));
    fmt::print(stderr, "Importiere Demodaten / importing demo data from {}\n", options.examples);
    auto progress = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
    auto imported = import_folder(options.examples, config.store, progress);
    if (!imported) return report_error(imported.error());
  }

  const fs::path telephony_file = fs::path(options.examples) / "telephony.yaml";
  if (options.sip_port >= 0 && fs::exists(telephony_file)) {
    auto telephony = load_telephony_file(telephony_file);
    if (!telephony) return report_error(telephony.error());
    config.telephony = std::move(*telephony);
    config.telephony.sip_port = static_cast<std::uint16_t>(options.sip_port);
    if (rtp_ports)
      std::tie(config.telephony.rtp_port_min, config.telephony.rtp_port_max) = *rtp_ports;
  }
  auto server = Server::start(config);
  if (!server && config.telephony.enabled) {
    // The demo must come up even where another program holds the SIP port: web UI first.
    fmt::print(stderr, "Telefonie nicht verfügbar / telephony unavailable: {}\n",
               server.error().describe());
    config.telephony.enabled = false;
    server = Server::start(config);
  }
  if (!server) return report_error(server.error());
  print_welcome(options, (*server)->port(), (*server)->sip_port(), config.telephony,
                read_demo_logins(options.examples));
  (*server)->wait_for_signal();
  return kExitOk;
}

}  // namespace

void add_demo_command(CLI::App& app, CommandAction& action) {
  auto* command = app.add_subcommand(
      "demo", "create a data folder with the demo tenants (first start) and serve it");
  auto options = std::make_shared<DemoOptions>();
  command->add_option("--data-dir", options->data_dir, "data folder")->capture_default_str();
  command->add_option("--address", options->address, "HTTP address")->capture_default_str();
  command->add_option("--port", options->port, "HTTP port (0: any free port)")
      ->capture_default_str();
  command
      ->add_option("--sip-port", options->sip_port,
                   "SIP port of the demo numbers (-1: no telephony)")
      ->capture_default_str();
  // Demos side by side (the test suite runs many at once) each need RTP ports of their own: a
  // port one demo just closed must not reach the next call of another while its peer still
  // sends there.
  command->add_option("--rtp-ports", options->rtp_ports,
                      "RTP port range MIN-MAX (default: the range in telephony.yaml)");
  command->add_option("--examples", options->examples,
                      "demo data folder (default: examples/demo of the source tree, else "
                      "/usr/share/callwerk/examples/demo)");
  command->callback([options, &action] { action = [options] { return run_demo(*options); }; });
}

}  // namespace callwerk::app

// callwerk serve --config FILE
#include <filesystem>

#include "app/cli_common.hpp"
#include "app/server.hpp"

namespace callwerk::app {

namespace {

int run_serve(const std::string& config_file) {
  auto config = load_config(config_file);
  if (!config) return report_error(config.error());
  setup_logging(config->log_level);
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  if (ec)
    return report_error(make_error(ErrorKind::invalid_input,
                                   "cannot create the data folder: " + ec.message(),
                                   config->data_dir.string()));
  auto server = Server::start(*config);
  if (!server) return report_error(server.error());
  (*server)->wait_for_signal();
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, CommandAction& action) {
  auto* command = app.add_subcommand("serve", "run the server (API, events, web UI)");
  auto config_file = std::make_shared<std::string>();
  command->add_option("--config", *config_file, "configuration file (YAML)")->required();
  command->callback(
      [config_file, &action] { action = [config_file] { return run_serve(*config_file); }; });
}

}  // namespace callwerk::app

#include "app/cli_common.hpp"

#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace callwerk::app {

void add_store_selection(CLI::App& command, StoreSelection& selection) {
  auto* config = command.add_option("--config", selection.config_file,
                                    "configuration file (YAML) naming the data folder");
  auto* data_dir =
      command.add_option("--data-dir", selection.data_dir, "data folder holding callwerk.db");
  config->excludes(data_dir);
  data_dir->excludes(config);
}

Result<AppConfig> resolve_store_selection(const StoreSelection& selection) {
  if (!selection.config_file.empty()) return load_config(selection.config_file);
  if (!selection.data_dir.empty()) return config_for_data_dir(selection.data_dir);
  return make_error(ErrorKind::invalid_input, "give --config FILE or --data-dir DIR");
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::get("callwerk");
  if (!logger) logger = spdlog::stderr_color_mt("callwerk");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

int report_error(const Error& error) {
  std::string line = error.location.empty() ? "callwerk: " + error.message : error.describe();
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
  switch (error.kind) {
    case ErrorKind::invalid_input:
    case ErrorKind::not_found:
    case ErrorKind::conflict:
      return kExitBadInput;
    default:
      return kExitFailure;
  }
}

}  // namespace callwerk::app

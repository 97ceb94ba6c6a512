// callwerk export DIR [--config FILE | --data-dir DIR]
#include <fmt/core.h>

#include "app/cli_common.hpp"
#include "app/exporter.hpp"

namespace callwerk::app {

namespace {

struct ExportOptions {
  std::string dir;
  StoreSelection store;
};

int run_export(const ExportOptions& options) {
  auto config = resolve_store_selection(options.store);
  if (!config) return report_error(config.error());
  setup_logging("warn");
  auto progress = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
  if (auto s = export_folder(options.dir, config->store, progress); !s)
    return report_error(s.error());
  fmt::print("exported to {}\n", options.dir);
  return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, CommandAction& action) {
  auto* command =
      app.add_subcommand("export", "export all tenants to a new folder (the import format)");
  auto options = std::make_shared<ExportOptions>();
  command->add_option("DIR", options->dir, "target folder (must not exist or be empty)")
      ->required();
  add_store_selection(*command, options->store);
  command->callback([options, &action] { action = [options] { return run_export(*options); }; });
}

}  // namespace callwerk::app

// callwerk migrate [--config FILE | --data-dir DIR]
#include <fmt/core.h>

#include "app/cli_common.hpp"

namespace callwerk::app {

namespace {

int run_migrate(const StoreSelection& selection) {
  auto config = resolve_store_selection(selection);
  if (!config) return report_error(config.error());
  setup_logging("warn");
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  auto report = store::migrate(config->store.path);
  if (!report) return report_error(report.error());
  fmt::print("schema version {} -> {}{}\n", report->from_version, report->to_version,
             report->from_version == report->to_version ? " (already current)" : "");
  return kExitOk;
}

}  // namespace

void add_migrate_command(CLI::App& app, CommandAction& action) {
  auto* command = app.add_subcommand("migrate", "bring the database schema up to date");
  auto selection = std::make_shared<StoreSelection>();
  add_store_selection(*command, *selection);
  command->callback(
      [selection, &action] { action = [selection] { return run_migrate(*selection); }; });
}

}  // namespace callwerk::app

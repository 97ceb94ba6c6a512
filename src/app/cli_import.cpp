// callwerk import DIR [--config FILE | --data-dir DIR]
#include <fmt/core.h>

#include <filesystem>

#include "app/cli_common.hpp"
#include "app/importer.hpp"

namespace callwerk::app {

namespace {

struct ImportOptions {
  std::string dir;
  StoreSelection store;
};

int run_import(const ImportOptions& options) {
  auto config = resolve_store_selection(options.store);
  if (!config) return report_error(config.error());
  setup_logging("warn");
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  auto progress = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
  auto outcome = import_folder(options.dir, config->store, progress);
  if (!outcome) return report_error(outcome.error());
  for (const Json& tenant : outcome->summary.at("tenants"))
    fmt::print("imported tenant {} (id {})\n", tenant.at("slug").get<std::string>(),
               tenant.at("id").get<std::int64_t>());
  return kExitOk;
}

}  // namespace

void add_import_command(CLI::App& app, CommandAction& action) {
  auto* command = app.add_subcommand(
      "import", "import tenants from a folder (docs/import-format.md); all or nothing");
  auto options = std::make_shared<ImportOptions>();
  command->add_option("DIR", options->dir, "folder with tenants/<slug>/...")->required();
  add_store_selection(*command, options->store);
  command->callback([options, &action] { action = [options] { return run_import(*options); }; });
}

}  // namespace callwerk::app

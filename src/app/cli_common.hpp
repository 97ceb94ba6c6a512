#pragma once
// What the subcommands share: how a subcommand is registered, how the database is chosen
// (--config or --data-dir) and how errors are reported (one line; exit 2 for bad input).

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "core/result.hpp"

namespace callwerk::app {

// The chosen subcommand sets this while parsing; run_cli runs it after a successful parse.
using CommandAction = std::function<int()>;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

struct StoreSelection {
  std::string config_file;
  std::string data_dir;
};

void add_store_selection(CLI::App& command, StoreSelection& selection);
// The configuration for the chosen database; an error when neither option is given.
Result<AppConfig> resolve_store_selection(const StoreSelection& selection);

// Logs to stderr, so that stdout stays for results (the demo's URL, export counts).
void setup_logging(const std::string& level);

// Prints `location: message` (or `callwerk: message`) on stderr; returns the exit code.
int report_error(const Error& error);

void add_serve_command(CLI::App& app, CommandAction& action);
void add_demo_command(CLI::App& app, CommandAction& action);
void add_import_command(CLI::App& app, CommandAction& action);
void add_export_command(CLI::App& app, CommandAction& action);
void add_user_command(CLI::App& app, CommandAction& action);
void add_migrate_command(CLI::App& app, CommandAction& action);

}  // namespace callwerk::app

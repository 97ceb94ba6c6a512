#include "app/cli.hpp"

#include <fmt/core.h>

#include "app/cli_common.hpp"

namespace callwerk::app {

namespace {

// CLI11 messages can span lines; a usage error must be one line.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"callwerk - contact-center server", "callwerk"};
  app.set_version_flag("--version", "callwerk 0.1.0");
  app.require_subcommand(1);

  CommandAction action;
  add_serve_command(app, action);
  add_demo_command(app, action);
  add_import_command(app, action);
  add_export_command(app, action);
  add_user_command(app, action);
  add_migrate_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "callwerk: {} (see callwerk --help)\n", one_line(e.what()));
    return kExitBadInput;
  }
  if (!action) {
    fmt::print(stderr, "callwerk: no command given (see callwerk --help)\n");
    return kExitBadInput;
  }
  return action();
}

}  // namespace callwerk::app

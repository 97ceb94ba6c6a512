#include "app/cli.hpp"

#include <fmt/core.h>
#include <CLI/CLI.hpp>

namespace callwerk::app {

int run_cli(int argc, char** argv) {
  CLI::App app{"callwerk - contact-center server", "callwerk"};
  app.set_version_flag("--version", "callwerk 0.1.0");
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "callwerk: {}\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace callwerk::app

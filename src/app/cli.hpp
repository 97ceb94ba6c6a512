#pragma once

namespace callwerk::app {

// Parses the command line and runs the chosen subcommand. Exit codes: 0 success, 1 runtime
// failure, 2 bad usage, bad configuration or bad input.
int run_cli(int argc, char** argv);

}  // namespace callwerk::app

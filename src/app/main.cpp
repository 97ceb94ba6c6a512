// callwerk: the contact-center server. The subcommands live in src/app/cli*.cpp.
#include "app/cli.hpp"

int main(int argc, char** argv) {
  return callwerk::app::run_cli(argc, argv);
}

// callwerk user add --tenant SLUG --username U --role R --display-name N [--password-stdin]
#include <fmt/core.h>

#include <iostream>

#include "app/cli_common.hpp"
#include "core/roles.hpp"
#include "store/credentials.hpp"

namespace callwerk::app {

namespace {

struct UserAddOptions {
  std::string tenant;
  std::string username;
  std::string role;
  std::string display_name;
  std::string email;
  std::string password;
  bool password_stdin = false;
  StoreSelection store;
};

Result<std::string> password_of(const UserAddOptions& options) {
  if (options.password_stdin) {
    std::string line;
    if (!std::getline(std::cin, line))
      return make_error(ErrorKind::invalid_input, "no password on standard input");
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    return line;
  }
  if (!options.password.empty()) {
    fmt::print(stderr,
               "callwerk: warning: --password is visible in the process list; prefer "
               "--password-stdin\n");
    return options.password;
  }
  return make_error(ErrorKind::invalid_input, "give --password-stdin (or --password)");
}

int run_user_add(const UserAddOptions& options) {
  if (!parse_role(options.role))
    return report_error(make_error(
        ErrorKind::invalid_input,
        fmt::format("unknown role '{}' (admin, supervisor, agent, client-viewer)", options.role)));
  auto config = resolve_store_selection(options.store);
  if (!config) return report_error(config.error());
  auto password = password_of(options);
  if (!password) return report_error(password.error());
  if (password->size() < 8)
    return report_error(
        make_error(ErrorKind::invalid_input, "the password must have at least 8 characters"));
  setup_logging("warn");
  if (!std::filesystem::exists(config->store.path))
    return report_error(
        make_error(ErrorKind::invalid_input, "no database here", config->store.path));
  auto reader = store::open_reader(config->store);
  if (!reader) return report_error(reader.error());
  const auto tenant_id = (*reader)->tenant_id_by_slug(options.tenant);
  if (!tenant_id)
    return report_error(
        make_error(ErrorKind::invalid_input, fmt::format("unknown tenant '{}'", options.tenant)));
  auto hash = store::hash_password(*password);
  if (!hash) return report_error(hash.error());

  store::Json input = {{"username", options.username},
                       {"display_name", options.display_name},
                       {"role", options.role},
                       {"password_hash", *hash}};
  if (!options.email.empty()) input["email"] = options.email;
  auto writer = store::open_writer(config->store);
  if (!writer) return report_error(writer.error());
  const store::Actor actor{std::nullopt, "cli"};
  auto created = (*writer)->run([&](store::WriteContext& context) {
    return context.create(*store::find_entity("users"), *tenant_id, input, actor);
  });
  (*writer)->stop();
  if (!created) return report_error(created.error());
  fmt::print("user {} created (id {}) in tenant {}\n", options.username,
             created->value("id", std::int64_t{0}), options.tenant);
  return kExitOk;
}

}  // namespace

void add_user_command(CLI::App& app, CommandAction& action) {
  auto* user = app.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "add a user to a tenant");
  auto options = std::make_shared<UserAddOptions>();
  add->add_option("--tenant", options->tenant, "tenant slug")->required();
  add->add_option("--username", options->username, "login name (unique)")->required();
  add->add_option("--role", options->role, "admin | supervisor | agent | client-viewer")
      ->required();
  add->add_option("--display-name", options->display_name, "name shown in the UI")->required();
  add->add_option("--email", options->email, "e-mail address");
  auto* from_stdin =
      add->add_flag("--password-stdin", options->password_stdin, "read the password from stdin");
  auto* inline_password = add->add_option("--password", options->password,
                                          "the password (visible in the process list!)");
  from_stdin->excludes(inline_password);
  add_store_selection(*add, options->store);
  add->callback([options, &action] { action = [options] { return run_user_add(*options); }; });
}

}  // namespace callwerk::app

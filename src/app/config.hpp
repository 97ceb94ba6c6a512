#pragma once
// The server configuration file (YAML). Strict: an unknown key, a wrong type or a missing
// required key is an error with its position, because a silently ignored typo in a server
// config ("prot: 443") is worse than a refusal to start.

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "http/http_server.hpp"
#include "store/store.hpp"
#include "voice/telephony_config.hpp"

namespace callwerk::app {

struct AppConfig {
  std::filesystem::path data_dir;
  http::HttpOptions http;
  store::StoreOptions store;  // path already resolved against data_dir
  std::string log_level = "info";
  voice::TelephonyConfig telephony;  // enabled only when the config has a telephony section
};

// `file_name` is used in error locations. A relative data_dir is taken relative to the
// folder of the configuration file, so that a config works from any working directory.
Result<AppConfig> parse_config(const std::string& text, const std::string& file_name);
Result<AppConfig> load_config(const std::filesystem::path& file);

// The configuration `import`, `export`, `user add` and `migrate` use with --data-dir.
AppConfig config_for_data_dir(const std::filesystem::path& data_dir);

}  // namespace callwerk::app

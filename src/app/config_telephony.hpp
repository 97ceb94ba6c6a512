#pragma once
// The `telephony:` section of the server config (also the demo's examples/demo/telephony.yaml):
// SIP and RTP listeners, trunks, dialled numbers and keypad menus. Strict like the rest of the
// config: unknown keys, wrong types, menus without options, numbers pointing at missing menus
// are errors with their file:line:column.

#include <filesystem>

#include "core/yaml_helpers.hpp"
#include "voice/telephony_config.hpp"

namespace callwerk::app {

Status parse_telephony(const YamlSource& source, const YAML::Node& node,
                       voice::TelephonyConfig& telephony);
Result<voice::TelephonyConfig> load_telephony_file(const std::filesystem::path& file);

}  // namespace callwerk::app

#pragma once
// Where a stored voicemail's audio lies: its `file` (relative to the recordings directory, or
// absolute) resolved under the configured recordings directory. Pure path logic, so that the
// audio endpoint can never be talked into serving a file outside that directory.

#include <filesystem>
#include <optional>
#include <string>

namespace callwerk::http {

// The WAV file to serve, or none when there is no recordings directory, the name is empty,
// not a .wav file, or resolves (.., absolute elsewhere) outside the directory.
std::optional<std::filesystem::path> voicemail_file_path(const std::string& recordings_dir,
                                                         const std::string& file);

}  // namespace callwerk::http

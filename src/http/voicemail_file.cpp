#include "http/voicemail_file.hpp"

namespace callwerk::http {

std::optional<std::filesystem::path> voicemail_file_path(const std::string& recordings_dir,
                                                         const std::string& file) {
  namespace fs = std::filesystem;
  if (recordings_dir.empty() || file.empty()) return std::nullopt;
  const fs::path dir = fs::path(recordings_dir).lexically_normal();
  const fs::path given(file);
  const fs::path full = (given.is_absolute() ? given : dir / given).lexically_normal();
  if (full.extension() != ".wav") return std::nullopt;
  // Inside: the path relative to the directory neither climbs out nor is the directory itself.
  const fs::path inside = full.lexically_relative(dir);
  if (inside.empty() || inside == "." || *inside.begin() == "..") return std::nullopt;
  return full;
}

}  // namespace callwerk::http

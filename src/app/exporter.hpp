#pragma once
// `callwerk export`: writes every tenant in the format of docs/import-format.md, so that an
// export imported into an empty database gives the same data back (users carry their
// password_hash instead of a password).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::app {

using ExportProgress = std::function<void(const std::string&)>;

// Refuses a target folder that exists and is not empty (invalid_input).
Status export_folder(const std::filesystem::path& dir, const store::StoreOptions& options,
                     const ExportProgress& progress);

}  // namespace callwerk::app

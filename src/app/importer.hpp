#pragma once
// `callwerk import`: reads a folder in the format of docs/import-format.md, checks all of it,
// then writes all of it in one store command (one savepoint: all or nothing).

#include <filesystem>
#include <functional>
#include <string>

#include "app/import_model.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::app {

// Progress lines for the user ("tenants/x/contacts.csv: 1200 contacts"); stderr in the CLI.
using ImportProgress = std::function<void(const std::string&)>;

// Reads and checks every file; nothing is written. Errors are `file:line:column: message`.
Result<ImportBundle> read_import_folder(const std::filesystem::path& dir,
                                        const ImportProgress& progress);

// References between records and uniqueness, inside the bundle and against the database
// (existing tenant slugs and usernames).
Status check_import(const ImportBundle& bundle, store::StoreReader& reader);

// Writes the bundle in one work item. Returns {"tenants": [{"slug", "id", "counts"}]}.
Result<Json> write_import(const ImportBundle& bundle, store::StoreWriter& writer,
                          const ImportProgress& progress);

// All three, against the database in `options` (created when missing).
struct ImportOutcome {
  ImportBundle bundle;
  Json summary;
};
Result<ImportOutcome> import_folder(const std::filesystem::path& dir,
                                    const store::StoreOptions& options,
                                    const ImportProgress& progress);

}  // namespace callwerk::app

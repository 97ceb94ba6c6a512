// export -> import into an empty database -> export gives the same files.
#include <gtest/gtest.h>

#include "app/exporter.hpp"
#include "app/importer.hpp"
#include "app_test_support.hpp"

namespace callwerk::app {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

// All files below `dir`, relative path -> content (created_at included: imports keep it).
std::map<std::string, std::string> folder_contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    files[fs::relative(entry.path(), dir).string()] = test::read_file(entry.path());
  }
  return files;
}

TEST(ImportRoundTrip, ExportThenImportReproducesTheData) {
  TempDir first_db, second_db, exports;
  auto first =
      import_folder(test::fixtures_dir() / "small", test::store_options(first_db.path()), nullptr);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  const fs::path export_one = exports.path() / "one";
  ASSERT_TRUE(export_folder(export_one, test::store_options(first_db.path()), nullptr).ok());

  auto second = import_folder(export_one, test::store_options(second_db.path()), nullptr);
  ASSERT_TRUE(second.ok()) << second.error().describe();
  const fs::path export_two = exports.path() / "two";
  ASSERT_TRUE(export_folder(export_two, test::store_options(second_db.path()), nullptr).ok());

  const auto one = folder_contents(export_one);
  const auto two = folder_contents(export_two);
  EXPECT_EQ(one, two);
  // Every kind of file is there.
  for (const char* name :
       {"tenants/acme/tenant.yaml", "tenants/acme/skills.yaml", "tenants/acme/users.yaml",
        "tenants/acme/queues.yaml", "tenants/acme/products.csv", "tenants/acme/contacts.csv",
        "tenants/acme/kb/ruecksendung.md", "tenants/acme/kb-synonyms.yaml",
        "tenants/acme/flows/hotline.yaml", "tenants/acme/interactions.yaml",
        "tenants/acme/orders.yaml", "tenants/acme/tickets.yaml", "tenants/acme/callbacks.yaml"})
    EXPECT_TRUE(one.contains(name)) << name;
  // Historical times survive both imports (the comparison above would also catch a drift).
  EXPECT_NE(one.at("tenants/acme/orders.yaml").find("created_at: 2026-11-02T08:20:00.000Z"),
            std::string::npos)
      << one.at("tenants/acme/orders.yaml");
  EXPECT_NE(one.at("tenants/acme/tickets.yaml").find("created_at: 2026-11-03T10:00:00.000Z"),
            std::string::npos)
      << one.at("tenants/acme/tickets.yaml");
  // A call back without a time was due when it was made (its created_at), not at the import.
  const std::string& callbacks = one.at("tenants/acme/callbacks.yaml");
  EXPECT_NE(callbacks.find("due_at: \"2026-11-01T15:00:00.000Z\""), std::string::npos) << callbacks;
  EXPECT_NE(callbacks.find("language: en"), std::string::npos) << callbacks;
  // Users keep their hash, so the demo passwords still work after a round trip.
  EXPECT_NE(one.at("tenants/acme/users.yaml").find("password_hash: $argon2id$"), std::string::npos);
  EXPECT_EQ(test::table_counts(test::store_options(first_db.path()).path).at("timeline_events"),
            test::table_counts(test::store_options(second_db.path()).path).at("timeline_events"));
}

TEST(ImportRoundTrip, ExportRefusesANonEmptyFolder) {
  TempDir db, target;
  auto imported =
      import_folder(test::fixtures_dir() / "small", test::store_options(db.path()), nullptr);
  ASSERT_TRUE(imported.ok());
  test::write_file(target.path() / "keep.txt", "x");
  auto s = export_folder(target.path(), test::store_options(db.path()), nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::invalid_input);
}

}  // namespace
}  // namespace callwerk::app

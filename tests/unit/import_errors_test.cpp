// Every bad import names file:line:column and leaves the database exactly as it was.
#include <gtest/gtest.h>

#include "app/importer.hpp"
#include "app_test_support.hpp"

namespace callwerk::app {
namespace {

using test::TempDir;

class ImportErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = test::store_options(data_.path());
    // Something already in the database, so that "unchanged" means more than "empty".
    const auto base = test::copy_fixture("small", work_.path() / "base");
    auto first = import_folder(base, options_, nullptr);
    ASSERT_TRUE(first.ok()) << first.error().describe();
    before_ = test::table_counts(options_.path);
    ASSERT_GT(before_.at("contacts"), 0);

    // The folder the tests break: the same fixture as another tenant.
    folder_ = work_.path() / "bad";
    test::copy_fixture("small", folder_);
    std::filesystem::rename(folder_ / "tenants/acme", folder_ / "tenants/beta");
    replace_in("tenant.yaml", "slug: acme", "slug: beta");
    replace_in("users.yaml", "acme.admin", "beta.admin");
    replace_in("users.yaml", "acme.agent", "beta.agent");
    replace_in("interactions.yaml", "acme.agent", "beta.agent");
    replace_in("tickets.yaml", "acme.agent", "beta.agent");
    replace_in("callbacks.yaml", "acme.agent", "beta.agent");
  }

  void replace_in(const std::string& file, const std::string& from, const std::string& to) {
    const auto path = folder_ / "tenants/beta" / file;
    std::string text = test::read_file(path);
    size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
      text.replace(pos, from.size(), to);
      pos += to.size();
    }
    test::write_file(path, text);
  }

  std::string file(const std::string& name) const {
    return (folder_ / "tenants/beta" / name).string();
  }

  // Runs the import, which must fail, and checks the database is untouched.
  std::string failing_import() {
    auto outcome = import_folder(folder_, options_, nullptr);
    EXPECT_FALSE(outcome.ok());
    EXPECT_EQ(test::table_counts(options_.path), before_);
    return outcome ? std::string() : outcome.error().describe();
  }

  TempDir data_;
  TempDir work_;
  store::StoreOptions options_;
  std::filesystem::path folder_;
  std::map<std::string, std::int64_t> before_;
};

TEST_F(ImportErrors, TheUnbrokenCopyImports) {
  auto outcome = import_folder(folder_, options_, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(test::table_counts(options_.path).at("contacts"), 2 * before_.at("contacts"));
}

TEST_F(ImportErrors, BadYamlSyntax) {
  replace_in("users.yaml", "  role: admin", "  role: [admin");
  EXPECT_EQ(failing_import(), file("users.yaml") + ":4:11: end of sequence flow not found");
}

TEST_F(ImportErrors, UnknownQueue) {
  replace_in("interactions.yaml", "queue: Bestellannahme", "queue: Vertrieb");
  EXPECT_EQ(failing_import(),
            file("interactions.yaml") + ":5:10: unknown queue 'Vertrieb' in tenant 'beta'");
}

TEST_F(ImportErrors, CallBacksNameTheirLine) {
  replace_in("callbacks.yaml", "  language: en\n", "  language: fr\n");
  EXPECT_EQ(failing_import(),
            file("callbacks.yaml") + ":8:13: 'language' must be one of de, en, not 'fr'");
  replace_in("callbacks.yaml", "  language: fr\n", "  language: en\n");
  replace_in("callbacks.yaml", "agent: beta.agent", "agent: niemand");
  EXPECT_EQ(failing_import(),
            file("callbacks.yaml") + ":16:10: unknown user 'niemand' in tenant 'beta'");
  replace_in("callbacks.yaml", "  number: \"0612 3987654\"\n", "");
  EXPECT_EQ(failing_import(), file("callbacks.yaml") + ":12:3: missing required key 'number'");
}

TEST_F(ImportErrors, UnknownSkill) {
  replace_in("users.yaml", "{skill: Reklamation}", "{skill: Tarife}");
  EXPECT_EQ(failing_import(),
            file("users.yaml") + ":12:51: unknown skill 'Tarife' in tenant 'beta'");
}

TEST_F(ImportErrors, UnknownContact) {
  replace_in("orders.yaml", "contact: \"100234\"", "contact: \"999999\"");
  EXPECT_EQ(
      failing_import(),
      file("orders.yaml") + ":2:12: unknown contact (customer_number) '999999' in tenant 'beta'");
}

TEST_F(ImportErrors, ReferenceToAnotherTenantIsUnknown) {
  // acme.agent exists (in tenant acme) but is not a user of beta.
  replace_in("tickets.yaml", "owner: beta.agent", "owner: acme.agent");
  EXPECT_EQ(failing_import(),
            file("tickets.yaml") + ":8:10: unknown user 'acme.agent' in tenant 'beta'");
}

TEST_F(ImportErrors, BadEnum) {
  replace_in("tickets.yaml", "priority: high", "priority: sofort");
  EXPECT_EQ(failing_import(), file("tickets.yaml") +
                                  ":6:13: 'priority' must be one of low, normal, high, urgent, "
                                  "not 'sofort'");
}

TEST_F(ImportErrors, BadCsvRow) {
  replace_in("products.csv", "A-100,Kaffeebecher,", "A-100,Kaffeebecher,extra,");
  EXPECT_EQ(failing_import(), file("products.csv") + ":2:73: row has 10 fields, the header has 9");
}

TEST_F(ImportErrors, BadCsvValue) {
  replace_in("products.csv", "24.50", "24.5O");
  EXPECT_EQ(failing_import(), file("products.csv") +
                                  ":4:25: 'unit_price_cents' must be an amount like 12.90, not "
                                  "'24.5O'");
  replace_in("products.csv", "24.5O", "24.50");
  replace_in("contacts.csv", "mobile:+49 170", "handy:+49 170");
  EXPECT_EQ(failing_import(), file("contacts.csv") +
                                  ":2:78: phone kind must be mobile, landline, work, fax or "
                                  "other, not 'handy'");
}

TEST_F(ImportErrors, DuplicateTenant) {
  replace_in("tenant.yaml", "slug: beta", "slug: acme");
  std::filesystem::rename(folder_ / "tenants/beta", folder_ / "tenants/acme");
  EXPECT_EQ(failing_import(),
            (folder_ / "tenants/acme/tenant.yaml").string() + ":1:1: tenant 'acme' already exists");
}

TEST_F(ImportErrors, DuplicateUsernameAcrossTheInstallation) {
  replace_in("users.yaml", "beta.admin", "acme.admin");
  EXPECT_EQ(failing_import(), file("users.yaml") + ":1:3: username 'acme.admin' already exists");
}

TEST_F(ImportErrors, DuplicateKeyInsideTheImport) {
  test::write_file(folder_ / "tenants/beta/skills.yaml",
                   "- name: Bestellung\n- name: Reklamation\n- name: Bestellung\n");
  const std::string error = failing_import();
  EXPECT_EQ(error.rfind(file("skills.yaml") + ":3:3: duplicate skill 'Bestellung'", 0), 0u)
      << error;
}

TEST_F(ImportErrors, UnknownKeyAndMissingRequiredKey) {
  replace_in("queues.yaml", "  strategy:", "  stratgy:");
  const std::string unknown_key = failing_import();
  EXPECT_EQ(unknown_key.rfind(file("queues.yaml") + ":3:3: unknown key 'stratgy' (expected", 0), 0u)
      << unknown_key;
  replace_in("queues.yaml", "  stratgy:", "  strategy:");
  replace_in("tickets.yaml", "  subject: Becher bei Lieferung zerbrochen\n", "");
  EXPECT_EQ(failing_import(), file("tickets.yaml") + ":1:3: missing required key 'subject'");
}

TEST_F(ImportErrors, BadTimeInTimeline) {
  replace_in("interactions.yaml", "at: 2026-11-02T08:15:13Z", "at: gestern");
  EXPECT_EQ(failing_import(),
            file("interactions.yaml") + ":17:23: 'at' must be a time like 2026-11-02T08:15:12Z");
}

TEST_F(ImportErrors, StoreRejectionLateInTheWriteRollsBackEverything) {
  // Only the store knows the upper limit of a quantity: this fails while writing orders,
  // after contacts, interactions and timelines of the tenant were already written.
  replace_in("orders.yaml", "quantity: 6", "quantity: 2000000");
  const std::string error = failing_import();
  EXPECT_EQ(error.rfind(file("orders.yaml") + ":1:3: ", 0), 0u) << error;
  EXPECT_NE(error.find("quantity"), std::string::npos) << error;
}

TEST_F(ImportErrors, SynonymThatIsNotOneWordNamesItsLine) {
  test::write_file(folder_ / "tenants/beta/kb-synonyms.yaml",
                   "synonyms:\n  - [Paket, Sendung]\n  - [Strom-Zähler, Zähler]\n");
  const std::string error = failing_import();
  EXPECT_EQ(error.rfind(file("kb-synonyms.yaml") + ":3:6: ", 0), 0u) << error;
  EXPECT_NE(error.find("Strom-Zähler"), std::string::npos) << error;
}

TEST_F(ImportErrors, SynonymThatIsAStopwordNamesItsLine) {
  // "nicht" is dropped by the search: it can mean nothing as a synonym.
  test::write_file(folder_ / "tenants/beta/kb-synonyms.yaml",
                   "synonyms:\n  - [Paket, Sendung]\n  - [kaputt, nicht]\n");
  const std::string error = failing_import();
  EXPECT_EQ(error.rfind(file("kb-synonyms.yaml") + ":3:14: ", 0), 0u) << error;
  EXPECT_NE(error.find("stopword"), std::string::npos) << error;
}

TEST_F(ImportErrors, FlowMustBeValidYaml) {
  test::write_file(folder_ / "tenants/beta/flows/broken.yaml", "name: x\nnodes: {a: [1, 2}\n");
  const std::string error = failing_import();
  EXPECT_EQ(error.rfind(file("flows/broken.yaml") + ":2:", 0), 0u) << error;
}

TEST_F(ImportErrors, FlowThatDoesNotValidateNamesItsLine) {
  // A target naming no node, and a transfer to a queue the tenant does not have.
  test::write_file(folder_ / "tenants/beta/flows/hotline.yaml",
                   "name: hotline\nnodes:\n  a:\n    type: say\n    text: Hallo\n    next: b\n");
  std::string error = failing_import();
  EXPECT_EQ(error.rfind(file("flows/hotline.yaml") + ":6:", 0), 0u) << error;
  EXPECT_NE(error.find("'b'"), std::string::npos) << error;

  test::write_file(folder_ / "tenants/beta/flows/hotline.yaml",
                   "name: hotline\nnodes:\n  a:\n    type: transfer\n    queue: Nirgendwo\n");
  error = failing_import();
  EXPECT_EQ(error.rfind(file("flows/hotline.yaml") + ":5:", 0), 0u) << error;
  EXPECT_NE(error.find("Nirgendwo"), std::string::npos) << error;
}

}  // namespace
}  // namespace callwerk::app

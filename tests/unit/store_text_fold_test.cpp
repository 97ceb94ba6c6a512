// ?q= search is case-insensitive beyond ASCII: fold_case() and cw_fold() on real SQLite.
#include "store/text_fold.hpp"

#include "store/entity_query.hpp"
#include "store/sqlite_connection.hpp"
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

TEST(FoldCase, LowerCasesLatinGreekAndCyrillicCapitals) {
  EXPECT_EQ(fold_case("Müller"), "müller");
  EXPECT_EQ(fold_case("ÄNDERUNG ÖL ÜBER"), "änderung öl über");
  EXPECT_EQ(fold_case("ÀÉÎÕÇÑØÅÆÞ"), "àéîõçñøåæþ");
  EXPECT_EQ(fold_case("ŁÓDŹ ŻÓŁĆ ČEŠKÝ ŠŤASTNÝ ŐRÜLT ĞÜŞ"), "łódź żółć češký šťastný őrült ğüş");
  EXPECT_EQ(fold_case("ĹĽŇ ŸŽ"), "ĺľň ÿž");
  EXPECT_EQ(fold_case("İSTANBUL"), "istanbul");
  EXPECT_EQ(fold_case("ΑΘΉΝΑ ΣΟΦΊΑ"), "αθήνα σοφία");
  EXPECT_EQ(fold_case("МОСКВА ЁЖ"), "москва ёж");
}

TEST(FoldCase, LeavesEverythingElseAlone) {
  EXPECT_EQ(fold_case("straße"), "straße");  // no ß -> ss
  EXPECT_EQ(fold_case("×÷ıĸſ 12,90 €"), "×÷ıĸſ 12,90 €");
  EXPECT_EQ(fold_case("already lower äöü"), "already lower äöü");
  EXPECT_EQ(fold_case("日本 🙂"), "日本 🙂");
  EXPECT_EQ(fold_case(""), "");
  // Bytes that are not UTF-8 are copied, never dropped or "repaired".
  const std::string broken = "A\xC3\x28Z\xFF\xC3";
  EXPECT_EQ(fold_case(broken), "a\xC3\x28z\xFF\xC3");
}

TEST(FoldCase, TheSqlFunctionMatchesTheCppOneAndKeepsNull) {
  const auto dir = make_temp_dir();
  auto db = SqliteConnection::open((dir / "fold.db").string(), {});
  ASSERT_TRUE(db.ok()) << db.error().describe();
  auto stmt = (*db)->prepare("SELECT cw_fold(?), cw_fold(NULL) IS NULL");
  ASSERT_TRUE(stmt.ok());
  const std::string text = "Jürgen ÖZTÜRK";
  stmt->bind(1, std::string_view(text));
  ASSERT_TRUE(stmt->step().value());
  EXPECT_EQ(stmt->text(0), fold_case(text));
  EXPECT_EQ(stmt->int64(1), 1);
  std::filesystem::remove_all(dir);
}

class StoreFoldedSearchTest : public StoreTest {
 protected:
  std::vector<std::string> search(std::string_view name, const std::string& text,
                                  const char* field) {
    ListQuery q;
    q.tenant_id = tenant_;
    q.text = text;
    auto page = reader_->list(entity(name), q);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    std::vector<std::string> found;
    if (page.ok())
      for (const Json& item : page->items) found.push_back(item.at(field).get<std::string>());
    std::sort(found.begin(), found.end());
    return found;
  }
};

TEST_F(StoreFoldedSearchTest, UmlautsMatchInEitherCase) {
  create_ok("contacts", {{"first_name", "Erika"}, {"last_name", "Müller"}});
  create_ok("contacts", {{"first_name", "Hans"}, {"last_name", "MÜLLER-LÜDENSCHEIDT"}});
  create_ok("contacts", {{"first_name", "Otto"}, {"last_name", "Mueller"}});
  create_ok("contacts", {{"first_name", "Ödön"}, {"last_name", "Straße"}});
  create_ok("tickets", {{"category", "Vertrag"}, {"subject", "Änderung des Abschlags"}});
  create_ok("tickets", {{"category", "Vertrag"}, {"subject", "Kündigung"}});

  using V = std::vector<std::string>;
  EXPECT_EQ(search("contacts", "müller", "first_name"), (V{"Erika", "Hans"}));
  EXPECT_EQ(search("contacts", "MÜLLER", "first_name"), (V{"Erika", "Hans"}));
  EXPECT_EQ(search("contacts", "lüdenscheidt", "first_name"), (V{"Hans"}));
  EXPECT_EQ(search("contacts", "ödön", "first_name"), (V{"Ödön"}));
  EXPECT_EQ(search("contacts", "mueller", "first_name"), (V{"Otto"}));  // no ü <-> ue
  EXPECT_EQ(search("contacts", "strasse", "first_name"), V{});          // no ß <-> ss
  EXPECT_EQ(search("tickets", "ÄNDERUNG", "subject"), (V{"Änderung des Abschlags"}));
  EXPECT_EQ(search("tickets", "kündigung", "subject"), (V{"Kündigung"}));
  EXPECT_EQ(search("tickets", "ABSCHLAG", "subject"), (V{"Änderung des Abschlags"}));
}

TEST_F(StoreFoldedSearchTest, WildcardsStayLiteralAfterFolding) {
  create_ok("products", {{"sku", "A_1"}, {"name", "Rabatt 10% ÖKO"}, {"unit_price_cents", 100}});
  create_ok("products", {{"sku", "AB1"}, {"name", "Rabatt 100 Öko"}, {"unit_price_cents", 100}});
  using V = std::vector<std::string>;
  EXPECT_EQ(search("products", "10% ö", "sku"), (V{"A_1"}));
  EXPECT_EQ(search("products", "a_1", "sku"), (V{"A_1"}));
  EXPECT_EQ(search("products", "öko", "sku"), (V{"AB1", "A_1"}));
}

TEST_F(StoreFoldedSearchTest, AuditSearchFoldsTheActor) {
  actor_ = Actor{std::nullopt, "jürgen.özdemir"};
  create_ok("skills", {{"name", "Abrechnung"}});
  ListQuery q;
  q.tenant_id = tenant_;
  q.text = "JÜRGEN";
  auto page = reader_->audit(q);
  ASSERT_TRUE(page.ok()) << page.error().describe();
  EXPECT_EQ(page->total, 1);
}

}  // namespace
}  // namespace callwerk::store::testing

// GET /api/v1/kb/search: ranked answers for the agent desktop, every role of the tenant,
// nothing of another tenant, and a clear 400 for every bad parameter.

#include <gtest/gtest.h>

#include "api_world.hpp"

namespace callwerk::test {
namespace {

// Ids far above the store's: these articles live only in the test's index.
constexpr Id kMeterReading = 900001;
constexpr Id kOutage = 900002;
constexpr Id kBudget = 900003;
constexpr Id kWineShipping = 900101;
constexpr Id kWineMeter = 900102;

std::string encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class KbSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    World& w = world();
    w.kb->put(
        w.a.id,
        test_article(kMeterReading, "zaehlerstand", "Zählerstand melden", "Abrechnung",
                     "Den Zählerstand melden Sie online oder am Telefon.", {"Zähler", "Ablesung"}));
    w.kb->put(w.a.id, test_article(kOutage, "stromausfall", "Stromausfall melden", "Störung",
                                   "Bei einem Stromausfall rufen Sie die Störungsnummer an."));
    w.kb->put(w.a.id, test_article(kBudget, "abschlag", "Abschlag ändern", "Abrechnung",
                                   "Ihren monatlichen Abschlag ändern Sie im Kundenportal."));
    w.kb->put(w.b.id, test_article(kWineShipping, "versand", "Versandkosten", "Versand",
                                   "Ab sechs Flaschen liefern wir versandkostenfrei."));
    w.kb->put(w.b.id, test_article(kWineMeter, "zaehlerstand-keller", "Zählerstand im Weinkeller",
                                   "", "Den Zählerstand unseres Kellers melden wir selbst."));
  }

  static HttpResult search(const std::string& query_string, const Headers& headers) {
    return world().client().get("/api/v1/kb/search" + query_string, headers);
  }
  static HttpResult search_as_a(const std::string& query_string, Role role = Role::agent) {
    return search(query_string, world().a.sessions.at(role).headers());
  }

  static void expect_bad(const std::string& query_string, const std::string& field) {
    SCOPED_TRACE(query_string);
    HttpResult r = search_as_a(query_string);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["status"], 400);
    EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
    EXPECT_FALSE(r.json()["error"]["message"].get<std::string>().empty());
  }
};

TEST_F(KbSearch, RanksTheTenantsArticlesWithEveryField) {
  HttpResult r = search_as_a("?q=" + encode("Wie gebe ich meinen Zählerstand durch?"));
  ASSERT_EQ(r.status, 200) << r.body;
  const Json items = r.items();
  ASSERT_FALSE(items.empty()) << r.body;
  const Json& best = items[0];
  EXPECT_EQ(best["id"], kMeterReading);
  EXPECT_EQ(best["slug"], "zaehlerstand");
  EXPECT_EQ(best["title"], "Zählerstand melden");
  EXPECT_EQ(best["category"], "Abrechnung");
  EXPECT_TRUE(best["score"].is_number());
  EXPECT_GT(best["score"].get<double>(), 0);
  EXPECT_TRUE(best["percent"].is_number_integer());
  EXPECT_GT(best["percent"].get<int>(), 0);
  EXPECT_LE(best["percent"].get<int>(), 100);
  EXPECT_EQ(best["summary"], "Den Zählerstand melden Sie online oder am Telefon.");
  EXPECT_EQ(best.size(), 7u) << best.dump();
  // Scores descend.
  for (std::size_t i = 1; i < items.size(); ++i)
    EXPECT_GE(items[i - 1]["score"].get<double>(), items[i]["score"].get<double>());

  // German stemming: another form of the words finds the same article.
  HttpResult stemmed = search_as_a("?q=" + encode("Zählerstände"));
  ASSERT_EQ(stemmed.status, 200);
  ASSERT_FALSE(stemmed.items().empty());
  EXPECT_EQ(stemmed.items()[0]["id"], kMeterReading);
}

TEST_F(KbSearch, EveryRoleOfTheTenantMaySearch) {
  for (Role role : all_roles()) {
    SCOPED_TRACE(std::string(role_name(role)));
    HttpResult r = search_as_a("?q=Stromausfall", role);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_FALSE(r.items().empty());
    EXPECT_EQ(r.items()[0]["id"], kOutage);
  }
  HttpResult token = search("?q=Stromausfall", bearer(world().a.admin_token));
  EXPECT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(search("?q=Stromausfall", {}).status, 401);
}

TEST_F(KbSearch, AnotherTenantsArticlesNeverAppear) {
  World& w = world();
  // Both tenants have an article on "Zählerstand": each sees its own only.
  HttpResult a = search_as_a("?q=" + encode("Zählerstand Weinkeller") + "&limit=20");
  ASSERT_EQ(a.status, 200);
  for (const Json& item : a.items()) EXPECT_NE(item["id"], kWineMeter);
  HttpResult b =
      search("?q=" + encode("Zählerstand melden") + "&limit=20", bearer(w.b.admin_token));
  ASSERT_EQ(b.status, 200);
  ASSERT_FALSE(b.items().empty());
  for (const Json& item : b.items()) {
    EXPECT_NE(item["id"], kMeterReading);
    EXPECT_NE(item["id"], kOutage);
  }
  EXPECT_TRUE(search_as_a("?q=versandkostenfrei").items().empty());
  EXPECT_EQ(search("?q=versandkostenfrei", bearer(w.b.admin_token)).items()[0]["id"],
            kWineShipping);
  // No parameter chooses the tenant.
  expect_bad("?q=Versand&tenant_id=" + std::to_string(w.b.id), "tenant_id");
}

TEST_F(KbSearch, LimitCutsTheListAndDefaultsToFive) {
  // Every article of A mentions "melden", "Abschlag" or "Strom"; ask for all words at once.
  const std::string q = "?q=" + encode("Zählerstand Stromausfall Abschlag melden ändern");
  HttpResult all = search_as_a(q);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.items().size(), 3u) << all.body;
  HttpResult one = search_as_a(q + "&limit=1");
  ASSERT_EQ(one.status, 200);
  ASSERT_EQ(one.items().size(), 1u);
  EXPECT_EQ(one.items()[0], all.items()[0]);
  EXPECT_EQ(search_as_a(q + "&limit=20").items().size(), 3u);
  // Nothing matches: an empty list, not an error.
  HttpResult none = search_as_a("?q=" + encode("Quantenphysik Raumfahrt"));
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.items().empty());
  // Query syntax is just text.
  HttpResult syntax = search_as_a("?q=" + encode("title:Stromausfall AND \"*\" (="));
  EXPECT_EQ(syntax.status, 200) << syntax.body;
}

TEST_F(KbSearch, BadParametersAre400WithTheField) {
  expect_bad("", "q");
  expect_bad("?limit=3", "q");
  expect_bad("?q=", "q");
  expect_bad("?q=%20%20%09", "q");
  expect_bad("?q=" + std::string(1001, 'a'), "q");
  expect_bad("?q=Strom&limit=0", "limit");
  expect_bad("?q=Strom&limit=21", "limit");
  expect_bad("?q=Strom&limit=-1", "limit");
  expect_bad("?q=Strom&limit=drei", "limit");
  expect_bad("?q=Strom&limit=", "limit");
  expect_bad("?q=Strom&limit=5x", "limit");
  expect_bad("?q=Strom&sort=title", "sort");
  // The longest allowed question is fine.
  EXPECT_EQ(search_as_a("?q=" + std::string(1000, 'a')).status, 200);
  // Only GET.
  HttpResult post = world().client().request("POST", "/api/v1/kb/search?q=Strom", "{}",
                                             world().a.sessions.at(Role::admin).headers());
  EXPECT_EQ(post.status, 405);
}

TEST(KbSearchWithoutIndex, AnswersServiceUnavailable) {
  TestServer server;  // no KbSearcher
  const Id tenant = server.create_tenant("no-kb");
  server.create_user(tenant, "no-kb-agent", Role::agent, password_for(Role::agent));
  TestClient client = server.client();
  Session session = login(client, "no-kb-agent", password_for(Role::agent));
  HttpResult r = client.get("/api/v1/kb/search?q=Strom", session.headers());
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.json()["error"]["status"], 503);
  // Input errors still come first.
  EXPECT_EQ(client.get("/api/v1/kb/search", session.headers()).status, 400);
}

}  // namespace
}  // namespace callwerk::test

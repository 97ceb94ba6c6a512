// Entity-specific rules: E.164 phones, order lines and totals, generated numbers, joined names,
// children replaced as a whole.

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreRulesTest : public StoreTest {};

TEST_F(StoreRulesTest, ContactPhonesGetE164AndChildrenAreReplacedAsAWhole) {
  Json contact = create_ok("contacts", {{"last_name", "Muster"},
                                        {"phones",
                                         {{{"kind", "mobile"}, {"number", "0170/1234567"}},
                                          {{"kind", "work"}, {"number", "0049 6131 12"}}}},
                                        {"consents",
                                         {{{"kind", "phone"},
                                           {"granted", true},
                                           {"source", "Vertrag"},
                                           {"recorded_at", "2024-03-01"}}}}});
  ASSERT_EQ(contact["phones"].size(), 2u);
  EXPECT_EQ(contact["phones"][0]["number_e164"], "+491701234567");
  EXPECT_EQ(contact["phones"][1]["number_e164"], "+49613112");
  EXPECT_EQ(contact["consents"][0]["recorded_at"], "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(contact["consents"][0]["granted"], true);
  const Id id = contact["id"].get<Id>();

  auto updated = update("contacts", id, {{"phones", {{{"number", "+43 1 234567"}}}}});
  ASSERT_TRUE(updated.ok()) << updated.error().describe();
  ASSERT_EQ((*updated)["phones"].size(), 1u);
  EXPECT_EQ((*updated)["phones"][0]["kind"], "mobile");  // column default
  EXPECT_EQ((*updated)["consents"].size(), 1u);          // untouched: not in the patch
  updated = update("contacts", id, {{"city", "Mainz"}});
  EXPECT_EQ((*updated)["phones"].size(), 1u);
  updated = update("contacts", id, {{"phones", Json::array()}});
  EXPECT_EQ((*updated)["phones"].size(), 0u);
}

TEST_F(StoreRulesTest, OrdersArePricedFromProductsAndTotalled) {
  Json wine = create_ok(
      "products",
      {{"sku", "RG-RIES-2022-075"}, {"name", "Riesling 2022"}, {"unit_price_cents", 1290}});
  Json user =
      create_ok("users", {{"username", "jonas"}, {"display_name", "Jonas"}, {"role", "agent"}});
  actor_ = Actor{user["id"].get<Id>(), "jonas"};
  Json order = create_ok(
      "orders", {{"lines",
                  {{{"product_id", wine["id"]}, {"quantity", 6}},
                   {{"description", "Versand"}, {"quantity", 1}, {"unit_price_cents", 590}}}}});
  ASSERT_EQ(order["lines"].size(), 2u);
  EXPECT_EQ(order["lines"][0]["description"], "Riesling 2022");
  EXPECT_EQ(order["lines"][0]["unit_price_cents"], 1290);
  EXPECT_EQ(order["lines"][0]["line_total_cents"], 7740);
  EXPECT_EQ(order["total_cents"], 7740 + 590);
  EXPECT_EQ(order["created_by"], user["id"]);
  EXPECT_EQ(order["status"], "new");
  const std::string year = format_iso8601(now_ms()).substr(0, 4);
  EXPECT_EQ(order["order_number"], "B-" + year + "-000001");

  auto updated = update(
      "orders", order["id"].get<Id>(),
      {{"lines", {{{"product_id", wine["id"]}, {"quantity", 2}, {"unit_price_cents", 1000}}}}});
  ASSERT_TRUE(updated.ok()) << updated.error().describe();
  EXPECT_EQ((*updated)["total_cents"], 2000);

  auto bad = create("orders", {{"lines", {{{"quantity", 1}}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().location, "lines[0].description");
  bad = create("orders", {{"lines", {{{"product_id", wine["id"]}, {"quantity", 0}}}}});
  EXPECT_EQ(bad.error().location, "lines[0].quantity");
  bad = create("orders", {{"total_cents", 5}});
  EXPECT_EQ(bad.error().location, "total_cents");

  // Numbers continue; an explicit (imported) number moves the counter past it.
  Json second = create_ok("orders", Json::object());
  EXPECT_EQ(second["order_number"], "B-" + year + "-000002");
  create_ok("orders", {{"order_number", "B-" + year + "-000100"}});
  Json next = create_ok("orders", Json::object());
  EXPECT_EQ(next["order_number"], "B-" + year + "-000101");
  auto duplicate = create("orders", {{"order_number", "B-" + year + "-000100"}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);
  EXPECT_EQ(duplicate.error().location, "order_number");
  // Each tenant counts for itself.
  Json foreign =
      create_ok("tickets", {{"category", "Lieferung"}, {"subject", "Bruch"}}, other_tenant_);
  EXPECT_EQ(foreign["ticket_number"], "T-" + year + "-000001");
}

TEST_F(StoreRulesTest, InteractionsCarryJoinedNames) {
  Json contact = create_ok("contacts", {{"first_name", "Erika"}, {"last_name", "Muster"}});
  Json company = create_ok("contacts", {{"company", "Weingut Adler"}});
  Json agent = create_ok(
      "users", {{"username", "anna"}, {"display_name", "Anna Schmidt"}, {"role", "agent"}});
  Json queue = create_ok("queues", {{"name", "Kundenservice"}});
  Json input = interaction_input();
  input["contact_id"] = contact["id"];
  input["agent_id"] = agent["id"];
  input["queue_id"] = queue["id"];
  Json interaction = create_ok("interactions", input);
  EXPECT_EQ(interaction["contact_name"], "Erika Muster");
  EXPECT_EQ(interaction["agent_name"], "Anna Schmidt");
  EXPECT_EQ(interaction["queue_name"], "Kundenservice");
  input = interaction_input();
  input["contact_id"] = company["id"];
  Json second = create_ok("interactions", input);
  EXPECT_EQ(second["contact_name"], "Weingut Adler");
  EXPECT_TRUE(second["agent_name"].is_null());
  ListQuery q;
  q.tenant_id = tenant_;
  q.equals = {{"agent_id", std::to_string(agent["id"].get<Id>())}};
  auto page = reader_->list(entity("interactions"), q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0]["queue_name"], "Kundenservice");
}

TEST_F(StoreRulesTest, CredentialChangesEndTheUsersSessions) {
  Json user =
      create_ok("users", {{"username", "agent7"}, {"display_name", "A"}, {"role", "agent"}});
  const Id user_id = user["id"].get<Id>();
  auto put = [&](const std::string& hash) {
    auto r = writer_->run([&](WriteContext& ctx) -> Result<Json> {
      Status s = ctx.put_session({hash, user_id, "csrf", 1, now_ms() + 3600000});
      if (!s) return s.error();
      return Json();
    });
    ASSERT_TRUE(r.ok()) << r.error().describe();
  };

  put("s1");
  ASSERT_TRUE(update("users", user_id, {{"display_name", "Agentin Sieben"}}).ok());
  EXPECT_TRUE(reader_->session("s1").has_value()) << "a new display name keeps the login";
  ASSERT_TRUE(update("users", user_id, {{"role", "agent"}, {"active", true}}).ok());
  EXPECT_TRUE(reader_->session("s1").has_value()) << "unchanged values change nothing";

  for (const Json& patch :
       {Json{{"password", "ein-neues-Passwort-2026"}}, Json{{"role", "supervisor"}},
        Json{{"active", false}}, Json{{"username", "agent7b"}}}) {
    put("s1");
    ASSERT_TRUE(update("users", user_id, patch).ok()) << patch.dump();
    EXPECT_FALSE(reader_->session("s1").has_value()) << patch.dump();
  }
}

TEST_F(StoreRulesTest, OrderAmountsAreBoundedSoTotalsCannotOverflow) {
  auto huge = create(
      "orders",
      {{"lines",
        {{{"description", "Gold"}, {"quantity", 1000000}, {"unit_price_cents", INT64_MAX / 2}}}}});
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().location, "lines[0].unit_price_cents");

  Json many = Json::array();
  for (int i = 0; i < 1001; ++i)
    many.push_back({{"description", "Flasche"}, {"quantity", 1}, {"unit_price_cents", 1}});
  auto too_many = create("orders", {{"lines", many}});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().location, "lines");
}

TEST_F(StoreRulesTest, SynonymGroupsAreListsOfSingleWords) {
  Json group = create_ok("kb_synonyms", {{"words", {"Zähler", "Stromzähler", "Messgerät"}}});
  EXPECT_EQ(group["words"], Json({"Zähler", "Stromzähler", "Messgerät"}));
  const Id id = group["id"].get<Id>();

  struct Bad {
    Json words;
    std::string location;
  };
  for (const Bad& bad :
       {Bad{Json{"Zähler"}, "words"}, Bad{Json::array(), "words"}, Bad{Json{{"a", "b"}}, "words"},
        Bad{Json{"Zähler", 3}, "words[1]"}, Bad{Json{"Zähler", ""}, "words[1]"},
        Bad{Json{"Strom zähler", "Zähler"}, "words[0]"},
        Bad{Json{"Zähler", "Strom-Zähler"}, "words[1]"},
        Bad{Json{"Zähler", std::string(65, 'x')}, "words[1]"}}) {
    SCOPED_TRACE(bad.words.dump());
    auto created = create("kb_synonyms", {{"words", bad.words}});
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(created.error().location, bad.location);
    // An update is held to the same rule.
    auto updated = update("kb_synonyms", id, {{"words", bad.words}});
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().location, bad.location);
  }
  Json thirty = Json::array();
  for (int i = 0; i < 31; ++i) thirty.push_back("w" + std::to_string(i));
  EXPECT_FALSE(create("kb_synonyms", {{"words", thirty}}).ok());
  thirty.erase(thirty.size() - 1);
  EXPECT_TRUE(create("kb_synonyms", {{"words", thirty}}).ok());
}

}  // namespace
}  // namespace callwerk::store::testing

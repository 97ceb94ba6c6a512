// Read-only joined names on orders and tickets (like interactions): lists need no look-ups.
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreJoinedNamesTest : public StoreTest {
 protected:
  Json list_items(std::string_view name) {
    ListQuery q;
    q.tenant_id = tenant_;
    auto page = reader_->list(entity(name), q);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    return page.ok() ? page->items : Json::array();
  }
  Json get(std::string_view name, const Json& object) {
    auto got = reader_->get(entity(name), tenant_, object.at("id").get<Id>());
    EXPECT_TRUE(got.ok()) << got.error().describe();
    return got.ok() ? *got : Json();
  }
};

TEST_F(StoreJoinedNamesTest, OrdersAndTicketsCarryTheNamesTheyPointAt) {
  Json erika = create_ok("contacts", {{"first_name", "Erika"}, {"last_name", "Müller"}});
  Json jonas = create_ok(
      "users", {{"username", "jonas"}, {"display_name", "Jonas Weber"}, {"role", "agent"}});
  Json order = create_ok("orders", {{"contact_id", erika["id"]}});
  Json ticket = create_ok("tickets", {{"category", "Lieferung"},
                                      {"subject", "Bruch"},
                                      {"contact_id", erika["id"]},
                                      {"owner_id", jonas["id"]},
                                      {"order_id", order["id"]}});

  EXPECT_EQ(order["contact_name"], "Erika Müller");
  EXPECT_EQ(ticket["contact_name"], "Erika Müller");
  EXPECT_EQ(ticket["owner_name"], "Jonas Weber");
  EXPECT_EQ(ticket["order_number"], order["order_number"]);
  EXPECT_EQ(get("orders", order), order);
  EXPECT_EQ(get("tickets", ticket), ticket);
  EXPECT_EQ(list_items("orders")[0]["contact_name"], "Erika Müller");
  const Json listed = list_items("tickets")[0];
  EXPECT_EQ(listed["contact_name"], "Erika Müller");
  EXPECT_EQ(listed["owner_name"], "Jonas Weber");
  EXPECT_EQ(listed["order_number"], order["order_number"]);

  // The names are joined when read, so a renamed contact shows everywhere at once.
  ASSERT_TRUE(update("contacts", erika["id"].get<Id>(), {{"last_name", "Schmidt"}}).ok());
  EXPECT_EQ(get("orders", order)["contact_name"], "Erika Schmidt");
  EXPECT_EQ(get("tickets", ticket)["contact_name"], "Erika Schmidt");
}

TEST_F(StoreJoinedNamesTest, CompanyWithoutPersonAndMissingReferencesAreNull) {
  Json company = create_ok("contacts", {{"company", "Weingut Sonnenhang"}});
  Json order = create_ok("orders", {{"contact_id", company["id"]}});
  EXPECT_EQ(order["contact_name"], "Weingut Sonnenhang");

  Json bare = create_ok("tickets", {{"category", "Lieferung"}, {"subject", "Bruch"}});
  for (const char* key : {"contact_name", "owner_name", "order_number"}) {
    ASSERT_TRUE(bare.contains(key)) << key;
    EXPECT_TRUE(bare[key].is_null()) << key;
  }
  EXPECT_TRUE(create_ok("orders", Json::object())["contact_name"].is_null());
}

TEST_F(StoreJoinedNamesTest, JoinedNamesAreNotWritable) {
  auto order = create("orders", {{"contact_name", "Mallory"}});
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().location, "contact_name");
  Json ticket = create_ok("tickets", {{"category", "Lieferung"}, {"subject", "Bruch"}});
  for (const char* key : {"contact_name", "owner_name", "order_number"}) {
    auto patched = update("tickets", ticket["id"].get<Id>(), {{key, "x"}});
    ASSERT_FALSE(patched.ok()) << key;
    EXPECT_EQ(patched.error().kind, ErrorKind::invalid_input) << key;
  }
}

}  // namespace
}  // namespace callwerk::store::testing

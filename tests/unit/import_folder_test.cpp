#include <gtest/gtest.h>

#include "app/importer.hpp"
#include "app_test_support.hpp"
#include "store/credentials.hpp"

namespace callwerk::app {
namespace {

using test::TempDir;

class ImportFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = test::store_options(data_.path());
    auto outcome = import_folder(test::fixtures_dir() / "small", options_, nullptr);
    ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
    outcome_ = std::move(*outcome);
    auto reader = store::open_reader(options_);
    ASSERT_TRUE(reader.ok());
    reader_ = std::move(*reader);
    auto id = reader_->tenant_id_by_slug("acme");
    ASSERT_TRUE(id);
    tenant_ = *id;
  }

  Json list(const char* entity) {
    store::ListQuery query;
    query.tenant_id = tenant_;
    query.limit = 500;
    query.sort = "id";
    query.descending = false;
    auto page = reader_->list(*store::find_entity(entity), query);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    return page ? page->items : Json::array();
  }

  TempDir data_;
  store::StoreOptions options_;
  ImportOutcome outcome_;
  std::unique_ptr<store::StoreReader> reader_;
  store::Id tenant_ = 0;
};

TEST_F(ImportFixture, TenantAndSetUp) {
  auto tenant = reader_->tenant(tenant_);
  ASSERT_TRUE(tenant.ok());
  EXPECT_EQ(tenant->at("name"), "Acme Versand GmbH");
  EXPECT_EQ(list("skills").size(), 2u);

  auto agent = reader_->user_by_username("acme.agent");
  ASSERT_TRUE(agent);
  EXPECT_TRUE(store::verify_password(agent->password_hash, "acme-agent-pw"));
  // The users' passwords are hashed side by side: each hash lands with its own user.
  auto admin = reader_->user_by_username("acme.admin");
  ASSERT_TRUE(admin);
  EXPECT_TRUE(store::verify_password(admin->password_hash, "acme-admin-pw"));
  EXPECT_FALSE(store::verify_password(admin->password_hash, "acme-agent-pw"));
  const Json users = list("users");
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[1].at("sip_extension"), "301");
  ASSERT_EQ(users[1].at("skills").size(), 2u);
  EXPECT_EQ(users[1].at("skills")[0].at("level"), 3);

  const Json queues = list("queues");
  ASSERT_EQ(queues.size(), 1u);
  EXPECT_EQ(queues[0].at("dispositions"), Json::parse(R"(["bestellt", "Rückruf vereinbart"])"));
  EXPECT_EQ(queues[0].at("skills").size(), 1u);

  ASSERT_EQ(outcome_.bundle.tenants.size(), 1u);
  ASSERT_EQ(outcome_.bundle.tenants[0].logins.size(), 2u);
  EXPECT_EQ(outcome_.bundle.tenants[0].logins[1].password, "acme-agent-pw");
}

TEST_F(ImportFixture, ProductsAndContacts) {
  const Json products = list("products");
  ASSERT_EQ(products.size(), 2u);
  EXPECT_EQ(products[0].at("unit_price_cents"), 1290);
  EXPECT_EQ(products[0].at("description"), "Becher, weiß");
  EXPECT_EQ(products[1].at("unit_price_cents"), 2450);
  EXPECT_EQ(products[1].at("description"), "Kanne mit\nDeckel");
  EXPECT_EQ(products[1].at("active"), false);

  const Json contacts = list("contacts");
  ASSERT_EQ(contacts.size(), 2u);
  const Json& erika = contacts[0];
  EXPECT_EQ(erika.at("notes"), "Stammkundin, \"VIP\"");
  ASSERT_EQ(erika.at("phones").size(), 2u);
  EXPECT_EQ(erika.at("phones")[1].at("number_e164"), "+496131987654");
  ASSERT_EQ(erika.at("consents").size(), 1u);
  EXPECT_EQ(erika.at("consents")[0].at("granted"), true);
  EXPECT_EQ(erika.at("consents")[0].at("source"), "Vertragsabschluss");
  EXPECT_EQ(contacts[1].at("do_not_call"), true);
}

TEST_F(ImportFixture, KnowledgeAndFlows) {
  const Json kb = list("kb");
  ASSERT_EQ(kb.size(), 1u);
  EXPECT_EQ(kb[0].at("slug"), "ruecksendung");
  EXPECT_EQ(kb[0].at("tags"), "Rücksendung, Retoure");
  EXPECT_EQ(kb[0].at("body"),
            "Rücksendungen nehmen wir **30 Tage** lang an.\n\nBitte das Retourenlabel verwenden.");
  // kb-synonyms.yaml: one stored group per line, in file order.
  const Json synonyms = list("kb_synonyms");
  ASSERT_EQ(synonyms.size(), 2u);
  EXPECT_EQ(synonyms[0].at("words"), Json({"Rücksendung", "Retoure", "zurückschicken"}));
  EXPECT_EQ(synonyms[1].at("words"), Json({"Paket", "Sendung"}));
  const Json flows = list("flows");
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0].at("name"), "hotline");
  EXPECT_EQ(flows[0].at("version"), 1);
  EXPECT_EQ(flows[0].at("source"),
            test::read_file(test::fixtures_dir() / "small/tenants/acme/flows/hotline.yaml"));
}

TEST_F(ImportFixture, HistoryWithReferencesAndTimeline) {
  const Json interactions = list("interactions");
  ASSERT_EQ(interactions.size(), 2u);
  const Json& call = interactions[0];
  EXPECT_EQ(call.at("contact_id"), list("contacts")[0].at("id"));
  EXPECT_EQ(call.at("queue_id"), list("queues")[0].at("id"));
  EXPECT_EQ(call.at("agent_id"), list("users")[1].at("id"));
  EXPECT_EQ(call.at("started_at"), "2026-11-02T08:15:12.000Z");

  auto timeline = reader_->timeline(tenant_, call.at("id").get<store::Id>());
  ASSERT_TRUE(timeline.ok());
  const Json events = timeline->is_array() ? *timeline : timeline->at("items");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].at("type"), "call.started");
  EXPECT_EQ(events[1].at("actor"), "virtual-agent");
  EXPECT_EQ(events[2].at("at"), "2026-11-02T08:15:20.000Z");
  EXPECT_EQ(events[2].at("payload"), Json::parse(R"({"digit": "1", "count": 2})"));

  const Json orders = list("orders");
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0].at("order_number"), "B-2026-000101");
  EXPECT_EQ(orders[0].at("interaction_id"), call.at("id"));
  EXPECT_EQ(orders[0].at("total_cents"), 6 * 1290);
  EXPECT_EQ(orders[0].at("delivery_city"), "Eltville");
  // History keeps the time it was taken, not the time of the import.
  EXPECT_EQ(orders[0].at("created_at"), "2026-11-02T08:20:00.000Z");
  EXPECT_EQ(orders[0].at("updated_at"), "2026-11-02T08:20:00.000Z");

  const Json tickets = list("tickets");
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].at("order_id"), orders[0].at("id"));
  EXPECT_EQ(tickets[0].at("owner_id"), list("users")[1].at("id"));
  EXPECT_EQ(tickets[0].at("priority"), "high");
  EXPECT_EQ(tickets[0].at("created_at"), "2026-11-03T10:00:00.000Z");
  EXPECT_EQ(tickets[0].at("updated_at"), "2026-11-03T10:00:00.000Z");
}

TEST_F(ImportFixture, AuditEntryForTheImport) {
  store::ListQuery query;
  query.tenant_id = tenant_;
  query.limit = 500;
  query.equals = {{"action", "import"}};
  auto audit = reader_->audit(query);
  ASSERT_TRUE(audit.ok()) << audit.error().describe();
  ASSERT_EQ(audit->total, 1);
  EXPECT_EQ(audit->items[0].at("actor").get<std::string>(), "import");
  EXPECT_EQ(audit->items[0].at("entity").get<std::string>(), "tenant");
}

}  // namespace
}  // namespace callwerk::app

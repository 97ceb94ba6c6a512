// What the virtual agent creates on the phone lands in the real store: orders and tickets
// linked to the call's interaction and contact (StoreCallLog), the catalog and the published
// flows the interpreter gets (TenantFlowCache), and the contact's address for the delivery.

#include <future>

#include <gtest/gtest.h>

#include "app/tenant_flows.hpp"
#include "app/voice_store_adapters.hpp"
#include "flow/flow_entity_input.hpp"
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

const char* const kTariffFlow = R"(name: hotline
nodes:
  tarif:
    type: order
    category: Strom
    next: ende
    cancelled: ende
  ende: {type: hangup}
)";

class AppFlowRecordsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    tariff_ = create_ok("products", {{"sku", "SW-OEKO"},
                                     {"name", "Strom Öko Regional"},
                                     {"category", "Strom"},
                                     {"unit", "Monat"},
                                     {"unit_price_cents", 1390},
                                     {"max_quantity", 1},
                                     {"active", true}});
    create_ok("products", {{"sku", "SW-ALT"},
                           {"name", "Strom Fix 2024"},
                           {"category", "Strom"},
                           {"unit_price_cents", 1190},
                           {"active", false}});
    contact_ = create_ok("contacts", {{"first_name", "Eva"},
                                      {"last_name", "Berger"},
                                      {"street", "Lindenweg 4"},
                                      {"postcode", "12345"},
                                      {"city", "Musterstadt"},
                                      {"phones", Json::array({{{"number", "+4930123456"}}})}});
    log_ = std::make_unique<app::StoreCallLog>(*writer_);
    voice::CallStart start;
    start.tenant_id = tenant_;
    start.remote_address = "+4930123456";
    start.local_address = "+49567801101";
    start.started_at = now_ms();
    log_->call_started(7, start);
    writer_->flush();
  }

  flow::OrderResult order(const flow::CreateOrder& request) {
    std::promise<flow::OrderResult> done;
    log_->create_order(7, request, [&done](flow::OrderResult r) { done.set_value(r); });
    return done.get_future().get();
  }

  flow::TicketResult ticket(const flow::CreateTicket& request, std::optional<Id> order_id,
                            voice::CallKey call = 7) {
    std::promise<flow::TicketResult> done;
    log_->create_ticket(call, request, order_id,
                        [&done](flow::TicketResult r) { done.set_value(r); });
    return done.get_future().get();
  }

  Json only(std::string_view entity_name) {
    ListQuery q;
    q.tenant_id = tenant_;
    auto page = reader_->list(entity(entity_name), q);
    EXPECT_TRUE(page.ok() && page->items.size() == 1);
    return page.ok() && !page->items.empty() ? page->items[0] : Json();
  }

  Json tariff_;
  Json contact_;
  std::unique_ptr<app::StoreCallLog> log_;
};

TEST_F(AppFlowRecordsTest, TheOrderIsStoredWithTheCallsInteractionContactAndConfirmedPrice) {
  flow::CreateOrder request;
  request.order = {{"product_id", tariff_["id"].get<std::int64_t>()},
                   {"sku", std::string("SW-OEKO")},
                   {"product", std::string("Strom Öko Regional")},
                   {"quantity", std::int64_t{1}},
                   {"unit_price_cents", std::int64_t{1290}},  // what the caller agreed to
                   {"street", std::string("Lindenweg 4")},
                   {"postcode", std::string("12345")},
                   {"city", std::string("Musterstadt")}};
  request.contact = {{"id", contact_["id"].get<std::int64_t>()},
                     {"name", std::string("Eva Berger")}};
  const flow::OrderResult result = order(request);
  ASSERT_TRUE(result.ok) << result.error;
  const Json stored = only("orders");
  EXPECT_EQ(stored["order_number"], result.number);
  EXPECT_EQ(stored["contact_id"], contact_["id"]);
  EXPECT_EQ(stored["interaction_id"], only("interactions")["id"]);
  EXPECT_EQ(stored["delivery_street"], "Lindenweg 4");
  EXPECT_EQ(stored["delivery_name"], "Eva Berger");
  EXPECT_EQ(stored["total_cents"], 1290);
  ASSERT_EQ(stored["lines"].size(), 1u);
  EXPECT_EQ(stored["lines"][0]["product_id"], tariff_["id"]);
  EXPECT_EQ(stored["lines"][0]["unit_price_cents"], 1290);
}

TEST_F(AppFlowRecordsTest, AnOrderTheStoreRefusesIsAFailureWithItsReason) {
  flow::CreateOrder request;
  request.order = {{"product_id", std::int64_t{999999}}, {"quantity", std::int64_t{1}}};
  const flow::OrderResult result = order(request);
  EXPECT_FALSE(result.ok);
  EXPECT_FALSE(result.error.empty());
  ListQuery q;
  q.tenant_id = tenant_;
  EXPECT_EQ(reader_->list(entity("orders"), q)->items.size(), 0u);
}

TEST_F(AppFlowRecordsTest, TheTicketIsDueAfterItsSlaAndNamesTheOrder) {
  const Json existing = create_ok("orders", {{"status", "new"}});
  auto reader = open_reader(options_);
  ASSERT_TRUE(reader.ok());
  app::StoreVoiceDirectory directory(std::move(*reader));
  const auto order_id =
      directory.order_by_number(tenant_, existing["order_number"].get<std::string>());
  ASSERT_EQ(order_id, existing["id"].get<Id>());
  EXPECT_EQ(directory.order_by_number(other_tenant_, existing["order_number"].get<std::string>()),
            std::nullopt);

  flow::CreateTicket request;
  request.category = "strom";
  request.order_number = existing["order_number"].get<std::string>();
  request.sla_hours = 4;
  request.contact = {{"id", contact_["id"].get<std::int64_t>()}};
  const TimeMs before = now_ms();
  const flow::TicketResult result = ticket(request, order_id);
  ASSERT_TRUE(result.ok) << result.error;
  const Json stored = only("tickets");
  EXPECT_EQ(stored["ticket_number"], result.number);
  EXPECT_EQ(stored["order_id"], existing["id"]);
  EXPECT_EQ(stored["status"], "open");
  EXPECT_EQ(stored["interaction_id"], only("interactions")["id"]);
  const auto due = parse_iso8601(stored["due_at"].get<std::string>());
  ASSERT_TRUE(due.has_value());
  EXPECT_GE(*due, before + 4 * 3'600'000 - 1000);
  EXPECT_LE(*due, now_ms() + 4 * 3'600'000);
}

TEST_F(AppFlowRecordsTest, ATicketForACallWithoutInteractionIsNotStored) {
  flow::CreateTicket request;
  request.category = "gas";
  const flow::TicketResult result = ticket(request, std::nullopt, 8);
  EXPECT_FALSE(result.ok);
  ListQuery q;
  q.tenant_id = tenant_;
  EXPECT_EQ(reader_->list(entity("tickets"), q)->items.size(), 0u);
}

TEST_F(AppFlowRecordsTest, TheCatalogHasTheActiveProductsWithIdsAndLimits) {
  auto catalog = app::load_product_catalog(*reader_, tenant_);
  ASSERT_TRUE(catalog.ok()) << catalog.error().describe();
  ASSERT_EQ(catalog->size(), 1u);  // the inactive tariff is not offered
  EXPECT_EQ(catalog->front().id, tariff_["id"].get<std::int64_t>());
  EXPECT_EQ(catalog->front().max_quantity, 1);
  EXPECT_EQ(catalog->front().price_cents, 1390);
  EXPECT_TRUE(app::load_product_catalog(*reader_, other_tenant_)->empty());
}

TEST_F(AppFlowRecordsTest, APublishedFlowRunsWithTheCatalogAndDraftsDoNot) {
  app::TenantFlowCache cache(flow::Channel::voice);
  EXPECT_EQ(cache.get(*reader_, tenant_), nullptr);  // nothing published yet
  create_ok("flows",
            {{"name", "hotline"}, {"version", 1}, {"source", kTariffFlow}, {"published", false}});
  app::TenantFlowCache fresh(flow::Channel::voice);
  EXPECT_EQ(fresh.get(*reader_, tenant_), nullptr);
  create_ok("flows",
            {{"name", "hotline"}, {"version", 2}, {"source", kTariffFlow}, {"published", true}});
  app::TenantFlowCache published(flow::Channel::voice);
  auto interpreter = published.get(*reader_, tenant_);
  ASSERT_NE(interpreter, nullptr);
  ASSERT_NE(interpreter->library().find("hotline"), nullptr);
  ASSERT_EQ(interpreter->library().catalog().size(), 1u);
  EXPECT_EQ(published.get(*reader_, tenant_), interpreter);  // within the recheck time

  // A price change rebuilds; a running call keeps what it had.
  ASSERT_TRUE(update("products", tariff_["id"].get<Id>(), {{"unit_price_cents", 1490}}).ok());
  app::TenantFlowCache later(flow::Channel::voice);
  auto rebuilt = later.get(*reader_, tenant_);
  ASSERT_NE(rebuilt, nullptr);
  EXPECT_EQ(rebuilt->library().catalog().front().price_cents, 1490);
  EXPECT_EQ(interpreter->library().catalog().front().price_cents, 1390);
}

TEST_F(AppFlowRecordsTest, TheCallersContactCarriesItsAddress) {
  auto reader = open_reader(options_);
  ASSERT_TRUE(reader.ok());
  app::StoreVoiceDirectory directory(std::move(*reader));
  const auto contact = directory.contact_by_phone(tenant_, "+4930123456");
  ASSERT_TRUE(contact.has_value());
  EXPECT_EQ(contact->street, "Lindenweg 4");
  EXPECT_EQ(contact->postcode, "12345");
  EXPECT_EQ(contact->city, "Musterstadt");
}

TEST_F(AppFlowRecordsTest, AProductLimitOutsideOneToAMillionIsRefused) {
  auto refused = create(
      "products", {{"sku", "X"}, {"name", "X"}, {"unit_price_cents", 1}, {"max_quantity", 0}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("max_quantity"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace callwerk::store::testing

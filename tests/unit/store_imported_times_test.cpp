// create_imported(): history from another system keeps its created_at / updated_at, while
// create() (the API's path) keeps refusing both.
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreImportedTimesTest : public StoreTest {
 protected:
  Result<Json> create_imported(std::string_view name, const Json& input,
                               const HistoricalTimes& times) {
    return writer_->run([&](WriteContext& ctx) {
      return ctx.create_imported(entity(name), tenant_, input, actor_, times);
    });
  }

  static TimeMs at(const char* iso) { return parse_iso8601(iso).value(); }

  Json ticket_input() const { return Json{{"category", "Lieferung"}, {"subject", "Bruch"}}; }
};

TEST_F(StoreImportedTimesTest, KeepsCreatedAtAndDefaultsUpdatedAtToIt) {
  auto ticket =
      create_imported("tickets", ticket_input(), {.created_at = at("2024-03-01T09:30:00Z")});
  ASSERT_TRUE(ticket.ok()) << ticket.error().describe();
  EXPECT_EQ((*ticket)["created_at"], "2024-03-01T09:30:00.000Z");
  EXPECT_EQ((*ticket)["updated_at"], "2024-03-01T09:30:00.000Z");

  // What the reader sees is what was returned, and from/to filters use the historical time.
  auto got = reader_->get(entity("tickets"), tenant_, (*ticket)["id"].get<Id>());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *ticket);
  ListQuery in_2024;
  in_2024.tenant_id = tenant_;
  in_2024.from = at("2024-01-01T00:00:00Z");
  in_2024.to = at("2025-01-01T00:00:00Z");
  auto page = reader_->list(entity("tickets"), in_2024);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

TEST_F(StoreImportedTimesTest, TakesAnExplicitUpdatedAt) {
  auto order = create_imported(
      "orders", Json{{"order_number", "B-2023-000007"}},
      {.created_at = at("2023-05-02T08:00:00Z"), .updated_at = at("2023-05-04T12:00:00Z")});
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ((*order)["created_at"], "2023-05-02T08:00:00.000Z");
  EXPECT_EQ((*order)["updated_at"], "2023-05-04T12:00:00.000Z");
}

TEST_F(StoreImportedTimesTest, AGeneratedNumberTakesTheHistoricalYear) {
  auto order =
      create_imported("orders", Json::object(), {.created_at = at("2019-12-31T23:00:00Z")});
  ASSERT_TRUE(order.ok()) << order.error().describe();
  EXPECT_EQ((*order)["order_number"], "B-2019-000001");
}

TEST_F(StoreImportedTimesTest, UpdatedBeforeCreatedIsRejectedAndNothingIsWritten) {
  auto ticket = create_imported(
      "tickets", ticket_input(),
      {.created_at = at("2024-03-01T09:30:00Z"), .updated_at = at("2024-02-01T09:30:00Z")});
  ASSERT_FALSE(ticket.ok());
  EXPECT_EQ(ticket.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(ticket.error().location, "updated_at");
  ListQuery all;
  all.tenant_id = tenant_;
  EXPECT_EQ(reader_->list(entity("tickets"), all)->total, 0);
}

TEST_F(StoreImportedTimesTest, TimesNeverComeFromTheInputObject) {
  // create() is what the API calls: created_at and updated_at stay read-only there.
  for (const char* key : {"created_at", "updated_at"}) {
    Json input = ticket_input();
    input[key] = "2024-03-01T09:30:00Z";
    auto refused = create("tickets", input);
    ASSERT_FALSE(refused.ok()) << key;
    EXPECT_EQ(refused.error().location, key);
    EXPECT_NE(refused.error().message.find("read-only"), std::string::npos);
    // The import path takes times only through HistoricalTimes, never from the object.
    auto also_refused =
        create_imported("tickets", input, {.created_at = at("2024-01-01T00:00:00Z")});
    ASSERT_FALSE(also_refused.ok()) << key;
    EXPECT_EQ(also_refused.error().location, key);
  }
}

TEST_F(StoreImportedTimesTest, CreateStillUsesTheCurrentTime) {
  const TimeMs before = now_ms();
  Json ticket = create_ok("tickets", ticket_input());
  const TimeMs created = parse_iso8601(ticket["created_at"].get<std::string>()).value();
  EXPECT_GE(created, before - 1);
  EXPECT_EQ(ticket["updated_at"], ticket["created_at"]);
}

}  // namespace
}  // namespace callwerk::store::testing

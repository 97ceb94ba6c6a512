#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

TEST_F(StoreTest, CreatesGetsAndListsContacts) {
  Json contact =
      create_ok("contacts", {{"first_name", "Erika"},
                             {"last_name", "Muster"},
                             {"phones", {{{"kind", "landline"}, {"number", "06131 98 76-54"}}}}});
  ASSERT_TRUE(contact.is_object());
  EXPECT_EQ(contact["phones"][0]["number_e164"], "+496131987654");
  auto got = reader_->get(entity("contacts"), tenant_, contact["id"].get<Id>());
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ((*got)["first_name"], "Erika");
  ListQuery q;
  q.tenant_id = tenant_;
  auto page = reader_->list(entity("contacts"), q);
  ASSERT_TRUE(page.ok()) << page.error().describe();
  EXPECT_EQ(page->total, 1);
}

TEST_F(StoreTest, AppendsTimelineEvents) {
  Json interaction = create_ok("interactions", interaction_input());
  const Id id = interaction["id"].get<Id>();
  for (int i = 0; i < 3; ++i) {
    auto e = writer_->run([&](WriteContext& ctx) {
      return ctx.append_timeline(tenant_, id, "note", {{"i", i}}, actor_);
    });
    ASSERT_TRUE(e.ok()) << e.error().describe();
    EXPECT_EQ((*e)["seq"], i + 1);
  }
  auto items = reader_->timeline(tenant_, id);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(items->size(), 3u);
}

}  // namespace
}  // namespace callwerk::store::testing

// StoreReader::tenants() (export, CLI) and the tenant-bound API token list.
#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreReaderListingTest : public StoreTest {
 protected:
  Id token(Id tenant, Id user, const std::string& name, const std::string& hash) {
    auto r = writer_->run(
        [&](WriteContext& ctx) { return ctx.create_api_token(tenant, user, name, hash, actor_); });
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? (*r)["id"].get<Id>() : 0;
  }
  Id user(Id tenant, const std::string& username) {
    return create_ok("users",
                     {{"username", username}, {"display_name", username}, {"role", "admin"}},
                     tenant)["id"]
        .get<Id>();
  }
  ListPage tokens(ListQuery q) {
    auto page = reader_->api_tokens(q);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    return page.ok() ? *page : ListPage{};
  }
};

TEST_F(StoreReaderListingTest, TenantsListsEveryTenantInIdOrder) {
  auto all = reader_->tenants();
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0]["id"], tenant_);
  EXPECT_EQ((*all)[0]["slug"], "acme");
  EXPECT_EQ((*all)[1]["slug"], "other");
  // The same shape as tenant(id).
  EXPECT_EQ((*all)[1], *reader_->tenant(other_tenant_));
}

TEST_F(StoreReaderListingTest, ApiTokensAreTenantBoundAndNeverCarryTheHash) {
  const Id anna = user(tenant_, "anna");
  const Id mallory = user(other_tenant_, "mallory");
  const Id ci = token(tenant_, anna, "ci", "hash-ci");
  const Id crm = token(tenant_, anna, "crm", "hash-crm");
  token(other_tenant_, mallory, "theirs", "hash-theirs");
  ASSERT_TRUE(writer_
                  ->run([&](WriteContext& ctx) -> Result<Json> {
                    if (Status s = ctx.revoke_api_token(tenant_, crm, actor_); !s) return s.error();
                    return Json();
                  })
                  .ok());

  ListQuery q;
  q.tenant_id = tenant_;
  ListPage page = tokens(q);
  EXPECT_EQ(page.total, 2);
  for (const Json& item : page.items) {
    EXPECT_EQ(item["tenant_id"], tenant_);
    EXPECT_EQ(item["user_id"], anna);
    EXPECT_FALSE(item.contains("token_hash")) << item.dump();
    EXPECT_FALSE(item.dump().find("hash-") != std::string::npos) << item.dump();
  }

  q.equals = {{"revoked", "false"}};
  page = tokens(q);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0]["id"], ci);
  EXPECT_EQ(page.items[0]["name"], "ci");
  EXPECT_EQ(page.items[0]["revoked"], false);

  q.equals.clear();
  q.text = "CRM";
  page = tokens(q);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0]["revoked"], true);

  // Neither a filter nor a sort can reach the hash.
  q.text.clear();
  q.equals = {{"token_hash", "hash-ci"}};
  EXPECT_FALSE(reader_->api_tokens(q).ok());
  q.equals.clear();
  q.sort = "token_hash";
  EXPECT_FALSE(reader_->api_tokens(q).ok());
  EXPECT_EQ(api_token_spec().field("token_hash"), nullptr);
  // Tokens are no catalog entity: no generic route reaches them.
  EXPECT_EQ(find_entity("tokens"), nullptr);
}

}  // namespace
}  // namespace callwerk::store::testing

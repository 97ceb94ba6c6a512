#include "core/roles.hpp"

#include <gtest/gtest.h>

namespace callwerk {
namespace {

TEST(Roles, ParsesEveryRoleName) {
  for (Role r : {Role::admin, Role::supervisor, Role::agent, Role::client_viewer}) {
    EXPECT_EQ(parse_role(role_name(r)), r);
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_FALSE(parse_role("Admin").has_value());
}

TEST(Roles, ClientViewerReadsButNeverWrites) {
  for (const char* resource : {"contacts", "interactions", "orders", "tickets", "kb", "timeline"}) {
    EXPECT_TRUE(role_allows(Role::client_viewer, resource, Access::read)) << resource;
    EXPECT_FALSE(role_allows(Role::client_viewer, resource, Access::write)) << resource;
  }
  EXPECT_FALSE(role_allows(Role::client_viewer, "users", Access::read));
  EXPECT_FALSE(role_allows(Role::client_viewer, "audit", Access::read));
}

TEST(Roles, OnlyAdminsManageUsersAndTokens) {
  EXPECT_TRUE(role_allows(Role::admin, "users", Access::write));
  EXPECT_TRUE(role_allows(Role::admin, "tokens", Access::write));
  for (Role r : {Role::supervisor, Role::agent, Role::client_viewer}) {
    EXPECT_FALSE(role_allows(r, "users", Access::write));
    EXPECT_FALSE(role_allows(r, "tokens", Access::read));
  }
}

TEST(Roles, OnlyAdminsAndTeamLeadsJoinAgentsCalls) {
  EXPECT_TRUE(role_allows(Role::admin, "supervision", Access::write));
  EXPECT_TRUE(role_allows(Role::supervisor, "supervision", Access::write));
  EXPECT_FALSE(role_allows(Role::agent, "supervision", Access::read));
  EXPECT_FALSE(role_allows(Role::client_viewer, "supervision", Access::read));
}

TEST(Roles, AgentsWorkCasesButNotReferenceData) {
  EXPECT_TRUE(role_allows(Role::agent, "orders", Access::write));
  EXPECT_TRUE(role_allows(Role::agent, "timeline", Access::write));
  EXPECT_FALSE(role_allows(Role::agent, "products", Access::write));
  EXPECT_FALSE(role_allows(Role::agent, "queues", Access::write));
  EXPECT_FALSE(role_allows(Role::agent, "audit", Access::read));
}

TEST(Roles, UnknownResourcesAreClosed) {
  EXPECT_FALSE(role_allows(Role::admin, "secrets", Access::read));
}

}  // namespace
}  // namespace callwerk

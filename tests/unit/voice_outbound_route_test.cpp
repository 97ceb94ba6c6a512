// Which trunk may carry a call back out: only a route naming the tenant and a prefix of the
// number, with a caller id the customer recognises.
#include <gtest/gtest.h>

#include "voice/outbound_route.hpp"

namespace callwerk::voice {
namespace {

TelephonyConfig config_with_routes() {
  TelephonyConfig config;
  DialledNumber hotline;
  hotline.number = "+49567801101";
  hotline.tenant = "stadtwerke";
  config.numbers.push_back(hotline);
  TrunkConfig inbound_only;
  inbound_only.name = "inbound-only";
  inbound_only.addresses = {"192.0.2.1"};
  config.trunks.push_back(inbound_only);
  TrunkConfig carrier;
  carrier.name = "carrier";
  carrier.outbound.enabled = true;
  carrier.outbound.host = "192.0.2.2";
  carrier.outbound.tenants = {"stadtwerke", "weinversand"};
  carrier.outbound.prefixes = {"+49"};
  config.trunks.push_back(carrier);
  TrunkConfig abroad;
  abroad.name = "abroad";
  abroad.outbound.enabled = true;
  abroad.outbound.host = "192.0.2.3";
  abroad.outbound.tenants = {"stadtwerke"};
  abroad.outbound.prefixes = {"+43", "+41"};
  abroad.outbound.caller_id = "+4315550100";
  config.trunks.push_back(abroad);
  return config;
}

TEST(OutboundRoute, E164IsAPlusAndSixToFifteenDigits) {
  EXPECT_TRUE(is_e164("+491701234567"));
  EXPECT_TRUE(is_e164("+123456"));
  EXPECT_FALSE(is_e164("+12345"));
  EXPECT_FALSE(is_e164("+1234567890123456"));
  EXPECT_FALSE(is_e164("0491701234567"));
  EXPECT_FALSE(is_e164("+49 170 1234567"));
  EXPECT_FALSE(is_e164("anonymous"));
  EXPECT_FALSE(is_e164(""));
}

TEST(OutboundRoute, TheFirstRouteForTenantAndPrefixWins) {
  const TelephonyConfig config = config_with_routes();
  const auto german = find_outbound_route(config, "stadtwerke", "+491701234567");
  ASSERT_TRUE(german);
  EXPECT_EQ(german->trunk->name, "carrier");
  EXPECT_EQ(german->caller_id, "+49567801101") << "the tenant's own number";
  const auto austrian = find_outbound_route(config, "stadtwerke", "+436641234567");
  ASSERT_TRUE(austrian);
  EXPECT_EQ(austrian->trunk->name, "abroad");
  EXPECT_EQ(austrian->caller_id, "+4315550100") << "the route's caller id";
}

TEST(OutboundRoute, NothingLeavesWithoutARule) {
  const TelephonyConfig config = config_with_routes();
  EXPECT_FALSE(find_outbound_route(config, "stadtwerke", "+19005550100")) << "no prefix";
  EXPECT_FALSE(find_outbound_route(config, "fremd", "+491701234567")) << "another tenant";
  EXPECT_FALSE(find_outbound_route(config, "stadtwerke", "01701234567")) << "not E.164";
  EXPECT_FALSE(find_outbound_route(config, "stadtwerke", "+49170123456;x")) << "not E.164";
  // Allowed, but the tenant has no number of its own and the route gives none.
  EXPECT_FALSE(find_outbound_route(config, "weinversand", "+491701234567"));
  TelephonyConfig off = config_with_routes();
  for (TrunkConfig& trunk : off.trunks) trunk.outbound.enabled = false;
  EXPECT_FALSE(find_outbound_route(off, "stadtwerke", "+491701234567"));
}

}  // namespace
}  // namespace callwerk::voice

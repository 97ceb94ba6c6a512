// The pure parts of the HTTP layer, without sockets.

#include <gtest/gtest.h>

#include "http/auth_cache.hpp"
#include "http/authenticator.hpp"
#include "http/event_hub.hpp"
#include "http/login_rate_limiter.hpp"
#include "http/query_params.hpp"

namespace callwerk::http {
namespace {

TEST(HttpParts, UrlDecoding) {
  EXPECT_EQ(url_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(url_decode("a%20b+c", false), "a b+c");
  EXPECT_EQ(url_decode("M%C3%BCller", true), "Müller");
  EXPECT_FALSE(url_decode("%", true));
  EXPECT_FALSE(url_decode("%4", true));
  EXPECT_FALSE(url_decode("%zz", true));
}

TEST(HttpParts, QueryParsing) {
  auto params = parse_query("q=Hans+M%C3%BCller&limit=5&&flag");
  ASSERT_TRUE(params);
  ASSERT_EQ(params->size(), 3u);
  EXPECT_EQ((*params)[0], std::make_pair(std::string("q"), std::string("Hans Müller")));
  EXPECT_EQ((*params)[2].second, "");
  EXPECT_FALSE(parse_query("a=1&a=2"));
}

TEST(HttpParts, EntityListQuery) {
  const store::EntitySpec& interactions = *store::find_entity("interactions");
  auto params = parse_query("channel=voice&from=2026-01-01&to=1767225600000&sort=-started_at");
  auto query = entity_list_query(interactions, 7, *params);
  ASSERT_TRUE(query);
  EXPECT_EQ(query->tenant_id, 7);
  EXPECT_EQ(query->sort, "started_at");
  EXPECT_TRUE(query->descending);
  ASSERT_TRUE(query->from && query->to);
  EXPECT_EQ(*query->to, 1767225600000);
  auto boolean =
      entity_list_query(*store::find_entity("contacts"), 1, *parse_query("do_not_call=true"));
  ASSERT_TRUE(boolean);
  EXPECT_EQ(boolean->equals.front().second, "1");
  auto unknown = entity_list_query(interactions, 1, *parse_query("password_hash=x"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().location, "password_hash");
}

TEST(HttpParts, EventTypesMapToRoleResources) {
  EXPECT_EQ(event_resource("interaction.created"), "interactions");
  EXPECT_EQ(event_resource("timeline.appended"), "timeline");
  EXPECT_EQ(event_resource("order.updated"), "orders");
  EXPECT_EQ(event_resource("ticket.created"), "tickets");
  EXPECT_EQ(event_resource("contact.deleted"), "contacts");
  EXPECT_EQ(event_resource("kb_article.updated"), "kb");
  EXPECT_EQ(event_resource("user.updated"), "users");
  EXPECT_EQ(event_resource("call.started"), "interactions");
  EXPECT_EQ(event_resource("agent.state"), "users");
}

TEST(HttpParts, EventMessagesNeverCarrySecrets) {
  store::StoredEvent event{
      1, "user.updated", {{"id", 3}, {"password_hash", "$argon2id$..."}, {"sip_password", "x"}}};
  const auto message = store::Json::parse(event_message(event, 0));
  EXPECT_EQ(message["type"], "user.updated");
  EXPECT_EQ(message["at"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(message["data"]["id"], 3);
  EXPECT_FALSE(message["data"].contains("password_hash"));
  EXPECT_FALSE(message["data"].contains("sip_password"));
}

TEST(HttpParts, LoginLimiterWindow) {
  LoginRateLimiter limiter;
  const TimeMs t0 = 1'000'000;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(limiter.retry_after_seconds("u", "1.2.3.4", t0 + i), 0);
    limiter.record_failure("u", "1.2.3.4", t0 + i);
  }
  EXPECT_EQ(limiter.retry_after_seconds("u", "1.2.3.4", t0 + 10), 300);
  EXPECT_EQ(limiter.retry_after_seconds("u", "1.2.3.4", t0 + 5 * 60 * 1000 + 1), 0);
  limiter.record_success("u");
  EXPECT_EQ(limiter.retry_after_seconds("u", "1.2.3.4", t0 + 10), 0);
}

TEST(HttpParts, AuthCacheExpiresAndEvicts) {
  AuthCache cache(1000);
  Caller caller;
  caller.user_id = 4;
  caller.token_id = 9;
  cache.put("h1", caller, 0, 0);
  EXPECT_TRUE(cache.find("h1", 999));
  EXPECT_FALSE(cache.find("h1", 1000));  // re-validated against the store after a while
  cache.put("h1", caller, 500, 0);       // a session expiring earlier ends earlier
  EXPECT_FALSE(cache.find("h1", 500));
  cache.put("h1", caller, 0, 0);
  cache.evict_token(9);
  EXPECT_FALSE(cache.find("h1", 1));
  cache.put("h2", caller, 0, 0);
  cache.evict_user(4);
  EXPECT_FALSE(cache.find("h2", 1));
}

TEST(HttpParts, SessionCookieParsing) {
  EXPECT_EQ(session_cookie_value("a=1; cw_session=abc; b=2"), "abc");
  EXPECT_EQ(session_cookie_value("cw_session=\"q\""), "q");
  EXPECT_FALSE(session_cookie_value("cw_sessionx=1; other=2"));
  EXPECT_TRUE(equal_secrets("abc", "abc"));
  EXPECT_FALSE(equal_secrets("abc", "abd"));
  EXPECT_FALSE(equal_secrets("abc", "ab"));
}

TEST(HttpParts, CsrfOnlyForCookieWrites) {
  Caller cookie;
  cookie.via_cookie = true;
  cookie.csrf_token = "t";
  EXPECT_TRUE(check_csrf(cookie, Method::get, ""));
  EXPECT_FALSE(check_csrf(cookie, Method::post, ""));
  EXPECT_FALSE(check_csrf(cookie, Method::del, "x"));
  EXPECT_TRUE(check_csrf(cookie, Method::patch, "t"));
  Caller token;
  EXPECT_TRUE(check_csrf(token, Method::post, ""));
}

}  // namespace
}  // namespace callwerk::http

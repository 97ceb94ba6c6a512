// WriteContext::start_call / update_call (telephony's hot path) and StoreCallLog on top of
// them: what they store, audit and announce must be exactly what the generic create(),
// append_timeline() and update() of an interaction store, also when other writes or a
// rollback come between the steps of a call.

#include <mutex>

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

constexpr TimeMs kStarted = 1'793'600'112'345;  // 2026-11-02T06:15:12.345Z
const Actor kTelephony{std::nullopt, "telephony"};

class StoreCallInteractionsTest : public StoreEventsTest {
 protected:
  // The audit entries of one interaction, oldest first.
  Json audit_of(Id interaction_id) {
    ListQuery q;
    q.tenant_id = tenant_;
    q.limit = 500;
    q.sort = "id";
    q.descending = false;
    q.equals = {{"entity", "interactions"}, {"entity_id", std::to_string(interaction_id)}};
    auto page = reader_->audit(q);
    EXPECT_TRUE(page.ok()) << page.error().describe();
    return page.ok() ? page->items : Json::array();
  }

  Id start_fast(const CallInteractionStart& start, const Json& payload) {
    auto id = writer_->run([&](WriteContext& ctx) -> Result<Json> {
      auto r = ctx.start_call(tenant_, start, "call.started", payload, kTelephony);
      if (!r) return r.error();
      return Json(*r);
    });
    EXPECT_TRUE(id.ok()) << id.error().describe();
    return id.ok() ? id->get<Id>() : 0;
  }

  Result<Json> update_fast(Id id, const CallInteractionPatch& patch, bool last = false,
                           Id tenant = 0) {
    const Id t = tenant ? tenant : tenant_;
    return writer_->run([&](WriteContext& ctx) -> Result<Json> {
      auto r = ctx.update_call(t, id, patch, kTelephony, last);
      if (!r) return r.error();
      return Json(*r);
    });
  }
};

// Times and ids differ between two calls by nature; everything else must not.
Json without_times_and_ids(Json j) {
  if (j.is_object()) {
    for (const char* key : {"id", "created_at", "updated_at", "at", "interaction_id", "entity_id"})
      if (j.contains(key)) j[key] = "-";
    for (auto& [key, value] : j.items()) value = without_times_and_ids(value);
  } else if (j.is_array()) {
    for (auto& value : j) value = without_times_and_ids(value);
  }
  return j;
}

TEST_F(StoreCallInteractionsTest, StoresAuditsAndAnnouncesExactlyWhatTheGenericPathDoes) {
  const Id contact =
      create_ok("contacts", {{"first_name", "Erika"}, {"last_name", "Muster"}}).at("id").get<Id>();
  take_events();
  const Json payload{{"from", "+4930123"}, {"to", "+4930555"}, {"transport", "UDP"}};
  const TimeMs answered = kStarted + 2'000;
  const TimeMs ended = kStarted + 61'250;

  // The generic path, as StoreCallLog used it before start_call existed.
  auto generic = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto created = ctx.create(entity("interactions"), tenant_,
                              Json{{"channel", "voice"},
                                   {"direction", "inbound"},
                                   {"remote_address", "+4930123"},
                                   {"local_address", "+4930555"},
                                   {"started_at", format_iso8601(kStarted)},
                                   {"contact_id", contact}},
                              kTelephony);
    if (!created) return created;
    auto entry = ctx.append_timeline(tenant_, (*created)["id"].get<Id>(), "call.started", payload,
                                     kTelephony, kStarted);
    if (!entry) return entry.error();
    return created;
  });
  ASSERT_TRUE(generic.ok()) << generic.error().describe();
  const Id generic_id = (*generic)["id"].get<Id>();
  for (const Json& patch :
       {Json{{"answered_at", format_iso8601(answered)}},
        Json{{"ended_at", format_iso8601(ended)}, {"end_reason", "caller_hangup"}}}) {
    auto updated = writer_->run([&](WriteContext& ctx) {
      return ctx.update(entity("interactions"), tenant_, generic_id, patch, kTelephony);
    });
    ASSERT_TRUE(updated.ok()) << updated.error().describe();
  }
  const auto generic_events = take_events();

  const Id fast_id = start_fast({.direction = "inbound",
                                 .remote_address = "+4930123",
                                 .local_address = "+4930555",
                                 .contact_id = contact,
                                 .started_at = kStarted},
                                payload);
  ASSERT_TRUE(update_fast(fast_id, {.answered_at = answered}).ok());
  ASSERT_TRUE(update_fast(fast_id, {.ended_at = ended, .end_reason = "caller_hangup"}, true).ok());
  const auto fast_events = take_events();

  auto generic_row = reader_->get(entity("interactions"), tenant_, generic_id);
  auto fast_row = reader_->get(entity("interactions"), tenant_, fast_id);
  ASSERT_TRUE(generic_row.ok() && fast_row.ok());
  EXPECT_EQ((*fast_row)["contact_name"], "Erika Muster");
  EXPECT_EQ((*fast_row)["answered_at"], format_iso8601(answered));
  EXPECT_EQ(without_times_and_ids(*fast_row), without_times_and_ids(*generic_row));

  auto generic_timeline = reader_->timeline(tenant_, generic_id);
  auto fast_timeline = reader_->timeline(tenant_, fast_id);
  ASSERT_TRUE(generic_timeline.ok() && fast_timeline.ok());
  ASSERT_EQ(fast_timeline->size(), 1u);
  EXPECT_EQ((*fast_timeline)[0]["seq"], 1);
  EXPECT_EQ(without_times_and_ids(*fast_timeline), without_times_and_ids(*generic_timeline));

  const Json generic_audit = audit_of(generic_id);
  const Json fast_audit = audit_of(fast_id);
  ASSERT_EQ(fast_audit.size(), 3u);
  EXPECT_EQ(fast_audit[0]["action"], "create");
  EXPECT_EQ(fast_audit[2]["changes"]["after"]["end_reason"], "caller_hangup");
  // The "before" of each update is the "after" of the step before it, times included.
  EXPECT_EQ(fast_audit[1]["changes"]["before"], fast_audit[0]["changes"]["after"]);
  EXPECT_EQ(fast_audit[2]["changes"]["before"], fast_audit[1]["changes"]["after"]);
  EXPECT_EQ(fast_audit[2]["changes"]["after"], *fast_row);
  EXPECT_EQ(without_times_and_ids(fast_audit), without_times_and_ids(generic_audit));

  ASSERT_EQ(fast_events.size(), generic_events.size());
  for (std::size_t i = 0; i < fast_events.size(); ++i) {
    EXPECT_EQ(fast_events[i].type, generic_events[i].type) << i;
    EXPECT_EQ(without_times_and_ids(fast_events[i].data),
              without_times_and_ids(generic_events[i].data))
        << i;
  }
  ASSERT_EQ(fast_events.size(), 4u);
  EXPECT_EQ(fast_events[0].type, "interaction.created");
  EXPECT_EQ(fast_events[1].type, "timeline.appended");
  EXPECT_EQ(fast_events[3].data, *fast_row);
}

TEST_F(StoreCallInteractionsTest, SeesWhatOtherWritesChangedInBetween) {
  const Id contact = create_ok("contacts", {{"last_name", "Muster"}}).at("id").get<Id>();
  const Id id = start_fast({.remote_address = "+4930123", .contact_id = contact, .started_at = 1},
                           Json::object());
  ASSERT_TRUE(update_fast(id, {.answered_at = kStarted}).ok());
  // An agent writes notes on the running call, and the contact gets a first name.
  ASSERT_TRUE(update("interactions", id, {{"notes", "wants a callback"}}).ok());
  ASSERT_TRUE(update("contacts", contact, {{"first_name", "Erika"}}).ok());
  ASSERT_TRUE(update_fast(id, {.ended_at = kStarted + 1000, .end_reason = "agent_hangup"}).ok());

  auto row = reader_->get(entity("interactions"), tenant_, id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)["notes"], "wants a callback");
  EXPECT_EQ((*row)["contact_name"], "Erika Muster");
  const Json audit = audit_of(id);
  ASSERT_EQ(audit.size(), 4u);
  const Json& before = audit[3]["changes"]["before"];
  EXPECT_EQ(before["notes"], "wants a callback");
  EXPECT_EQ(before["contact_name"], "Erika Muster");
  Json expected = audit[2]["changes"]["after"];  // the notes; the rename is not audited there
  expected["contact_name"] = "Erika Muster";
  EXPECT_EQ(before, expected);
  EXPECT_EQ(audit[3]["changes"]["after"], *row);
}

TEST_F(StoreCallInteractionsTest, ARolledBackUpdateIsNotRemembered) {
  const Id id = start_fast({.started_at = kStarted}, Json::object());
  auto rolled_back = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto r = ctx.update_call(tenant_, id, {.answered_at = kStarted + 5}, kTelephony, false);
    if (!r) return r.error();
    return make_error(ErrorKind::internal, "the rest of the command failed");
  });
  ASSERT_FALSE(rolled_back.ok());
  ASSERT_TRUE(update_fast(id, {.ended_at = kStarted + 9, .end_reason = "timeout"}, true).ok());
  auto row = reader_->get(entity("interactions"), tenant_, id);
  ASSERT_TRUE(row.ok());
  EXPECT_TRUE((*row)["answered_at"].is_null());
  const Json audit = audit_of(id);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_TRUE(audit[1]["changes"]["before"]["answered_at"].is_null());
  EXPECT_EQ(audit[1]["changes"]["after"], *row);
}

TEST_F(StoreCallInteractionsTest, AnUpdateAfterTheWriterForgotTheCallReadsTheRow) {
  const Id id = start_fast({.started_at = kStarted}, Json::object());
  ASSERT_TRUE(update_fast(id, {.answered_at = kStarted + 5}, true).ok());  // forgotten
  ASSERT_TRUE(update_fast(id, {.ended_at = kStarted + 9, .end_reason = "late"}, true).ok());
  auto row = reader_->get(entity("interactions"), tenant_, id);
  ASSERT_TRUE(row.ok());
  const Json audit = audit_of(id);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[2]["changes"]["before"], audit[1]["changes"]["after"]);
  EXPECT_EQ(audit[2]["changes"]["after"], *row);
}

TEST_F(StoreCallInteractionsTest, ValidatesLikeTheCatalogAndStaysInItsTenant) {
  auto bad_direction = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto r = ctx.start_call(tenant_, {.direction = "sideways", .started_at = 1}, "call.started",
                            Json::object(), kTelephony);
    if (!r) return r.error();
    return Json(*r);
  });
  ASSERT_FALSE(bad_direction.ok());
  EXPECT_EQ(bad_direction.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(bad_direction.error().location, "direction");

  const Id foreign_contact =
      create_ok("contacts", {{"last_name", "Other"}}, other_tenant_).at("id").get<Id>();
  auto foreign = writer_->run([&](WriteContext& ctx) -> Result<Json> {
    auto r = ctx.start_call(tenant_, {.contact_id = foreign_contact, .started_at = 1},
                            "call.started", Json::object(), kTelephony);
    if (!r) return r.error();
    return Json(*r);
  });
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().location, "contact_id");

  const Id id = start_fast({.started_at = kStarted}, Json::object());
  auto too_long = update_fast(id, {.ended_at = kStarted + 1, .end_reason = std::string(65, 'x')});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().location, "end_reason");
  auto other_tenant = update_fast(id, {.answered_at = kStarted + 1}, false, other_tenant_);
  ASSERT_FALSE(other_tenant.ok());
  EXPECT_EQ(other_tenant.error().kind, ErrorKind::not_found);

  auto row = reader_->get(entity("interactions"), tenant_, id);
  ASSERT_TRUE(row.ok());
  EXPECT_TRUE((*row)["answered_at"].is_null());
  EXPECT_TRUE((*row)["end_reason"].is_null());
  EXPECT_EQ(audit_of(id).size(), 1u);
}

TEST_F(StoreCallInteractionsTest, AnAgentGoesThroughTheGenericUpdateAndIsKept) {
  const Id agent =
      create_ok("users", {{"username", "anna"}, {"display_name", "Anna"}, {"role", "agent"}})
          .at("id")
          .get<Id>();
  const Id id = start_fast({.started_at = kStarted}, Json::object());
  ASSERT_TRUE(update_fast(id, {.agent_id = agent}).ok());
  ASSERT_TRUE(update_fast(id, {.ended_at = kStarted + 1, .end_reason = "done"}, true).ok());
  auto row = reader_->get(entity("interactions"), tenant_, id);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ((*row)["agent_name"], "Anna");
  const Json audit = audit_of(id);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[2]["changes"]["before"], audit[1]["changes"]["after"]);
  EXPECT_EQ(audit[2]["changes"]["after"], *row);
  EXPECT_FALSE(update_fast(id, {.agent_id = 999999}).ok());
}

}  // namespace
}  // namespace callwerk::store::testing

// CRUD over every entity of the catalog, validation errors, tenant separation and lists.

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace callwerk::store::testing {
namespace {

class StoreEntityTest : public StoreTest {
 protected:
  // A minimal valid object: every required field, references created on the way.
  Json sample(const EntitySpec& spec, Id tenant = 0) {
    static int counter = 0;
    ++counter;
    Json input = Json::object();
    for (const FieldSpec& f : spec.fields) {
      if (!f.required || !f.writable) continue;
      const std::string name(f.name);
      switch (f.type) {
        case FieldType::text:
          input[name] = f.allowed.empty() ? fmt_unique(name, counter) : std::string(f.allowed[0]);
          // A call back's number must be a diallable phone number (entity_rules).
          if (name == "number") input[name] = "+49301234" + std::to_string(counter);
          break;
        case FieldType::integer:
          input[name] = 1;
          break;
        case FieldType::money:
          input[name] = 250;
          break;
        case FieldType::boolean:
          input[name] = true;
          break;
        case FieldType::time:
          input[name] = "2026-11-02T08:15:12Z";
          break;
        case FieldType::json:
          // A synonym group needs two words (entity_rules); other JSON fields take any array.
          input[name] = spec.name == "kb_synonyms" ? Json{"Zähler", "Messgerät"} : Json::array();
          break;
        case FieldType::reference: {
          Json target = create_ok(f.references, sample(entity(f.references), tenant), tenant);
          input[name] = target["id"];
          break;
        }
      }
    }
    return input;
  }
  static std::string fmt_unique(const std::string& name, int n) {
    return name + "-" + std::to_string(n);
  }
  // A writable, optional, free text field to patch.
  static const FieldSpec* patchable_text(const EntitySpec& spec) {
    for (const FieldSpec& f : spec.fields)
      if (f.type == FieldType::text && f.writable && !f.secret && f.allowed.empty() &&
          !f.required && f.name != spec.number_field && (f.max_length == 0 || f.max_length >= 10))
        return &f;
    return nullptr;
  }
};

TEST_F(StoreEntityTest, CrudForEveryCatalogEntity) {
  for (const EntitySpec& spec : catalog()) {
    SCOPED_TRACE(std::string(spec.name));
    Json created = create_ok(spec.name, sample(spec));
    ASSERT_TRUE(created.contains("id"));
    const Id id = created["id"].get<Id>();
    EXPECT_EQ(created["tenant_id"], tenant_);
    EXPECT_TRUE(created["created_at"].is_string());
    for (const FieldSpec& f : spec.fields)
      EXPECT_EQ(created.contains(std::string(f.name)), !f.secret);
    for (const ChildSpec& c : spec.children) EXPECT_TRUE(created[std::string(c.name)].is_array());

    auto got = reader_->get(spec, tenant_, id);
    ASSERT_TRUE(got.ok()) << got.error().describe();
    EXPECT_EQ(*got, created);

    ListQuery q;
    q.tenant_id = tenant_;
    q.equals.clear();
    auto page = reader_->list(spec, q);
    ASSERT_TRUE(page.ok()) << page.error().describe();
    EXPECT_GE(page->total, 1);

    if (const FieldSpec* f = patchable_text(spec)) {
      auto updated = update(spec.name, id, {{std::string(f->name), "geändert"}});
      ASSERT_TRUE(updated.ok()) << updated.error().describe();
      EXPECT_EQ((*updated)[std::string(f->name)], "geändert");
    }

    // Another tenant sees nothing and can change nothing.
    EXPECT_EQ(reader_->get(spec, other_tenant_, id).error().kind, ErrorKind::not_found);
    auto foreign_update = update(spec.name, id, Json::object(), other_tenant_);
    ASSERT_FALSE(foreign_update.ok());
    EXPECT_EQ(foreign_update.error().kind, ErrorKind::not_found);
    auto foreign_remove = remove(spec.name, id, other_tenant_);
    ASSERT_FALSE(foreign_remove.ok());
    EXPECT_EQ(foreign_remove.error().kind, ErrorKind::not_found);

    // Entities others depend on are removed in reverse order below; skip those here.
    auto removed = remove(spec.name, id);
    ASSERT_TRUE(removed.ok()) << removed.error().describe();
    EXPECT_EQ(reader_->get(spec, tenant_, id).error().kind, ErrorKind::not_found);
  }
}

void expect_invalid(const Result<Json>& r, const std::string& field) {
  ASSERT_FALSE(r.ok()) << "expected an error on " << field;
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << r.error().describe();
  EXPECT_EQ(r.error().location, field) << r.error().describe();
}

TEST_F(StoreEntityTest, ValidationErrorsNameTheField) {
  expect_invalid(create("contacts", {{"shoe_size", 44}}), "shoe_size");
  expect_invalid(create("contacts", {{"id", 44}}), "id");
  expect_invalid(create("contacts", {{"first_name", 44}}), "first_name");
  expect_invalid(create("contacts", {{"do_not_call", "yes"}}), "do_not_call");
  expect_invalid(create("contacts", {{"country", "DEU"}}), "country");
  expect_invalid(create("contacts", {{"phones", {{{"number", "call me"}}}}}), "phones[0].number");
  expect_invalid(
      create("contacts", {{"phones", {{{"kind", "pager"}, {"number", "0170 1234567"}}}}}),
      "phones[0].kind");
  expect_invalid(create("contacts", {{"phones", "0170 1234567"}}), "phones");
  expect_invalid(create("users", {{"username", "u"}, {"display_name", "U"}, {"role", "boss"}}),
                 "role");
  expect_invalid(create("users", {{"username", "u"}, {"display_name", "U"}}), "role");
  expect_invalid(
      create("interactions",
             {{"channel", "voice"}, {"direction", "inbound"}, {"started_at", "yesterday"}}),
      "started_at");
  expect_invalid(create("interactions", {{"channel", "voice"}, {"direction", "inbound"}}),
                 "started_at");
  expect_invalid(create("queues", {{"name", "Q"}, {"dispositions", "a,b"}}), "dispositions");
  expect_invalid(create("products", {{"sku", "S"}, {"name", "N"}, {"unit_price_cents", -1}}),
                 "unit_price_cents");
  expect_invalid(create("skills", {{"name", std::string(101, 'x')}}), "name");
  expect_invalid(create("skills", Json::array()), "");
  // A required text of blanks is refused as well, on create and on update.
  expect_invalid(create("queues", {{"name", ""}}), "name");
  expect_invalid(create("skills", {{"name", " \t "}}), "name");
  Json queue = create_ok("queues", {{"name", "Beschwerden"}});
  expect_invalid(update("queues", queue["id"].get<Id>(), {{"name", "  "}}), "name");
  EXPECT_EQ(create("queues", {{"name", ""}}).error().message, "name must not be empty");
  // Queue times the ACD could not route with are refused, not stored.
  expect_invalid(create("queues", {{"name", "Q2"}, {"ring_timeout_seconds", 2}}),
                 "ring_timeout_seconds");
  expect_invalid(create("queues", {{"name", "Q3"}, {"max_wait_seconds", -1}}), "max_wait_seconds");
  expect_invalid(update("queues", queue["id"].get<Id>(), {{"service_level_target", 101}}),
                 "service_level_target");
  EXPECT_TRUE(update("queues", queue["id"].get<Id>(), {{"ring_timeout_seconds", 15}}).ok());
  expect_invalid(update("queues", queue["id"].get<Id>(), {{"voicemail_max_seconds", 4}}),
                 "voicemail_max_seconds");
  expect_invalid(update("queues", queue["id"].get<Id>(), {{"voicemail_max_seconds", 601}}),
                 "voicemail_max_seconds");
  EXPECT_EQ(queue["voicemail_max_seconds"], 120);  // the default
  EXPECT_EQ((*update("queues", queue["id"].get<Id>(),
                     {{"voicemail_max_seconds", 600}}))["voicemail_max_seconds"],
            600);
  Json interaction = create_ok("interactions", interaction_input());
  expect_invalid(update("interactions", interaction["id"].get<Id>(), {{"channel", nullptr}}),
                 "channel");
  expect_invalid(update("interactions", interaction["id"].get<Id>(), {{"contact_name", "x"}}),
                 "contact_name");
}

TEST_F(StoreEntityTest, ReferencesMustBeOfTheSameTenant) {
  Json foreign_contact = create_ok("contacts", {{"last_name", "Fremd"}}, other_tenant_);
  Json input = interaction_input();
  input["contact_id"] = foreign_contact["id"];
  expect_invalid(create("interactions", input), "contact_id");
  input["contact_id"] = 999999;
  expect_invalid(create("interactions", input), "contact_id");
  Json foreign_skill = create_ok("skills", {{"name", "Fremd"}}, other_tenant_);
  expect_invalid(
      create("queues", {{"name", "Q"}, {"skills", {{{"skill_id", foreign_skill["id"]}}}}}),
      "skills[0].skill_id");
}

TEST_F(StoreEntityTest, UniqueViolationsAndReferencedDeletesAreConflicts) {
  create_ok("skills", {{"name", "Abrechnung"}});
  auto duplicate = create("skills", {{"name", "Abrechnung"}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().kind, ErrorKind::conflict);
  EXPECT_EQ(duplicate.error().location, "name");
  create_ok("skills", {{"name", "Abrechnung"}}, other_tenant_);  // per tenant

  Json contact = create_ok("contacts", {{"last_name", "Muster"}});
  Json input = interaction_input();
  input["contact_id"] = contact["id"];
  create_ok("interactions", input);
  auto removed = remove("contacts", contact["id"].get<Id>());
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().kind, ErrorKind::conflict);
  EXPECT_NE(removed.error().message.find("interactions"), std::string::npos)
      << removed.error().message;
}

TEST_F(StoreEntityTest, ListsFilterSearchSortAndPaginate) {
  for (int i = 0; i < 12; ++i) {
    create_ok("contacts", {{"first_name", "Person" + std::to_string(i)},
                           {"last_name", i % 3 == 0 ? "Müller_%" : "Schmidt"},
                           {"city", i % 2 ? "Mainz" : "Eltville"},
                           {"customer_number", std::to_string(1000 + i)}});
  }
  const EntitySpec& contacts = entity("contacts");
  ListQuery q;
  q.tenant_id = tenant_;
  q.limit = 5;
  auto page = reader_->list(contacts, q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 12);
  EXPECT_EQ(page->items.size(), 5u);

  q.offset = 10;
  page = reader_->list(contacts, q);
  EXPECT_EQ(page->items.size(), 2u);

  q = ListQuery{};
  q.tenant_id = tenant_;
  q.equals = {{"city", "Mainz"}};
  page = reader_->list(contacts, q);
  EXPECT_EQ(page->total, 6);

  q.equals.clear();
  q.text = "_%";  // escaped: matches the literal characters only
  page = reader_->list(contacts, q);
  EXPECT_EQ(page->total, 4);
  q.text = "SCHMIDT";  // case-insensitive
  page = reader_->list(contacts, q);
  EXPECT_EQ(page->total, 8);

  q.text.clear();
  q.sort = "customer_number";
  q.descending = false;
  page = reader_->list(contacts, q);
  EXPECT_EQ(page->items[0]["customer_number"], "1000");
  q.descending = true;
  page = reader_->list(contacts, q);
  EXPECT_EQ(page->items[0]["customer_number"], "1011");

  q.sort = "password_hash";
  EXPECT_EQ(reader_->list(entity("users"), q).error().location, "sort");
  q.sort = "nope";
  EXPECT_EQ(reader_->list(contacts, q).error().location, "sort");
  q.sort.clear();
  q.equals = {{"notes", "x"}};
  EXPECT_EQ(reader_->list(contacts, q).error().location, "notes");
  q.equals = {{"do_not_call", "maybe"}};
  EXPECT_EQ(reader_->list(contacts, q).error().location, "do_not_call");
  q.equals.clear();
  q.limit = 501;
  EXPECT_EQ(reader_->list(contacts, q).error().location, "limit");

  // Time window on the entity's time field (started_at for interactions).
  Json early = interaction_input();
  early["started_at"] = "2026-01-01T00:00:00Z";
  create_ok("interactions", early);
  create_ok("interactions", interaction_input());
  ListQuery window;
  window.tenant_id = tenant_;
  window.from = parse_iso8601("2026-11-01");
  window.to = parse_iso8601("2026-11-03");
  page = reader_->list(entity("interactions"), window);
  EXPECT_EQ(page->total, 1);
  // Another tenant lists nothing of ours.
  window = ListQuery{};
  window.tenant_id = other_tenant_;
  EXPECT_EQ(reader_->list(entity("interactions"), window)->total, 0);
}

TEST_F(StoreEntityTest, UsersNeverShowSecretsAndTakeAPassword) {
  Json user = create_ok("users", {{"username", "anna.schmidt"},
                                  {"display_name", "Anna Schmidt"},
                                  {"role", "agent"},
                                  {"password", "Demo-Agent-2026"},
                                  {"sip_password", "geheim"}});
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_FALSE(user.contains("sip_password"));
  EXPECT_FALSE(user.contains("password"));
  auto record = reader_->user_by_username("anna.schmidt");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(record->tenant_id, tenant_);
  EXPECT_FALSE(reader_->user_by_username("nobody").has_value());
  auto duplicate =
      create("users", {{"username", "anna.schmidt"}, {"display_name", "A"}, {"role", "agent"}},
             other_tenant_);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().location, "username");
}

}  // namespace
}  // namespace callwerk::store::testing

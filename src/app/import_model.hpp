#pragma once
// What the importer reads before it writes anything: every record as API JSON for the store
// catalog, plus the references by name ("queue: Kundenservice") that can only become ids
// while writing. Keeping the two apart lets the whole folder be checked first, so that a bad
// file leaves the database untouched.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace callwerk::app {

using Json = nlohmann::json;

// The kinds of records other records refer to, with the key they are referred to by.
enum class RefTarget { skill, user, queue, product, contact, interaction, order };

const char* ref_target_label(RefTarget target);  // "skill", "user", ... for messages

// "queue: Kundenservice" in an interaction: sets fields["queue_id"] once resolved. For a child
// collection ("lines", "skills") `child`/`child_index` say which element gets the id.
struct Reference {
  RefTarget target = RefTarget::skill;
  std::string key;    // name, username, sku, customer_number, ref or order_number
  std::string field;  // "queue_id", "skill_id", "product_id"
  std::string child;  // empty: a field of the record itself
  size_t child_index = 0;
  std::string location;  // file:line:column of the reference
};

struct TimelineEntry {
  std::string type;
  TimeMs at = 0;
  std::string actor;
  Json payload = Json::object();
  std::string location;
};

struct ImportRecord {
  std::string location;  // where the record starts; store errors are reported here
  std::string key;       // what other records call it (see RefTarget); may be empty
  Json fields = Json::object();
  std::vector<Reference> references;
  std::vector<TimelineEntry> timeline;  // interactions only
  // History keeps its own creation time (orders, tickets): written with create_imported().
  std::optional<TimeMs> created_at;
};

// A plain password from users.yaml, kept for the demo's login list.
struct DemoLogin {
  std::string username;
  std::string password;
  std::string role;
  std::string tenant;
};

struct TenantImport {
  std::string folder;  // as shown in messages: "tenants/stadtwerke-musterstadt"
  std::string location;
  std::string slug;
  std::string name;
  std::string timezone = "Europe/Berlin";
  std::string language = "de";

  // In write order: every record refers only to kinds written before it.
  std::vector<ImportRecord> skills;
  std::vector<ImportRecord> users;
  std::vector<ImportRecord> queues;
  std::vector<ImportRecord> products;
  std::vector<ImportRecord> contacts;
  std::vector<ImportRecord> kb;
  std::vector<ImportRecord> kb_synonyms;  // one record per group of kb-synonyms.yaml
  std::vector<ImportRecord> flows;
  std::vector<ImportRecord> interactions;
  std::vector<ImportRecord> orders;
  std::vector<ImportRecord> tickets;
  std::vector<ImportRecord> callbacks;

  std::vector<DemoLogin> logins;
};

struct ImportBundle {
  std::vector<TenantImport> tenants;
};

}  // namespace callwerk::app

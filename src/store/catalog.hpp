#pragma once
// The catalog describes every API entity once: its table, fields, child collections and
// filters. The generic repository, the JSON API, the importer and the exporter all work from
// it, so a field is added in one place (plus a migration).

#include <string_view>
#include <vector>

namespace callwerk::store {

enum class FieldType {
  integer,
  text,
  boolean,    // JSON true/false, stored 0/1
  time,       // JSON ISO 8601 string, stored UTC ms
  money,      // JSON integer cents
  json,       // JSON array/object, stored as text
  reference,  // JSON integer id of a row of `references` in the same tenant
};

struct FieldSpec {
  std::string_view name;  // JSON key and column name
  FieldType type = FieldType::text;
  bool required = false;    // must be given on create (unless it has a generator)
  bool writable = true;     // false: managed by the store (id, tenant_id, created_at, ...)
  bool secret = false;      // stored, never returned (password_hash)
  bool filterable = false;  // ?name=value exact-match filter on lists
  bool searchable = false;  // part of the ?q= text filter
  std::vector<std::string_view> allowed = {};  // enum values, empty: any
  std::string_view references = {};            // entity name for FieldType::reference
  int max_length = 0;                          // for text, 0: 10,000
};

// A child collection, e.g. a contact's phone numbers or an order's lines. It is written as a
// whole: an update that contains the key replaces the collection.
struct ChildSpec {
  std::string_view name;        // JSON key ("phones")
  std::string_view table;       // "contact_phones"
  std::string_view parent_key;  // "contact_id"
  std::vector<FieldSpec> fields;
};

struct EntitySpec {
  std::string_view name;      // URL segment and resource name for role checks ("contacts")
  std::string_view table;     // "contacts"
  std::string_view singular;  // for events and audit ("contact")
  std::vector<FieldSpec> fields;
  std::vector<ChildSpec> children = {};
  std::string_view time_field = "created_at";  // from/to filters and default sort
  // A human-readable number generated on create when absent ("order_number" -> "B-2026-000123").
  std::string_view number_field = {};
  std::string_view number_prefix = {};
  // Records that only the server writes (the ACD's agent states and queue stays): the API
  // lists and reads them but has no create, update or delete for them.
  bool api_read_only = false;

  const FieldSpec* field(std::string_view field_name) const;
  const ChildSpec* child(std::string_view child_name) const;
};

const std::vector<EntitySpec>& catalog();
const EntitySpec* find_entity(std::string_view name);

// API tokens as StoreReader::api_tokens() lists them. Not part of catalog(): tokens have their
// own endpoints (create returns the token once, no update), so the generic entity routes must
// not reach them. The description has no token_hash at all, so no query can return it.
const EntitySpec& api_token_spec();

}  // namespace callwerk::store

#include "store/catalog.hpp"

namespace callwerk::store {

const FieldSpec* EntitySpec::field(std::string_view field_name) const {
  for (const FieldSpec& f : fields)
    if (f.name == field_name) return &f;
  return nullptr;
}

const ChildSpec* EntitySpec::child(std::string_view child_name) const {
  for (const ChildSpec& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

namespace {

using F = FieldSpec;
using T = FieldType;

// Fields every tenant-owned entity has, managed by the store.
std::vector<FieldSpec> with_managed(std::vector<FieldSpec> own) {
  std::vector<FieldSpec> all{
      {.name = "id", .type = T::integer, .writable = false},
      {.name = "tenant_id", .type = T::integer, .writable = false},
  };
  all.insert(all.end(), own.begin(), own.end());
  all.push_back({.name = "created_at", .type = T::time, .writable = false});
  all.push_back({.name = "updated_at", .type = T::time, .writable = false});
  return all;
}

std::vector<EntitySpec> build_catalog() {
  std::vector<EntitySpec> c;

  c.push_back({
      .name = "users",
      .table = "users",
      .singular = "user",
      .fields = with_managed({
          {.name = "username",
           .required = true,
           .filterable = true,
           .searchable = true,
           .max_length = 64},
          {.name = "display_name", .required = true, .searchable = true, .max_length = 200},
          {.name = "email", .searchable = true, .max_length = 254},
          {.name = "role",
           .required = true,
           .filterable = true,
           .allowed = {"admin", "supervisor", "agent", "client-viewer"}},
          {.name = "password_hash", .secret = true},
          {.name = "sip_extension", .filterable = true, .max_length = 32},
          {.name = "sip_password", .secret = true, .max_length = 128},
          {.name = "language", .allowed = {"de", "en"}},
          {.name = "active", .type = T::boolean, .filterable = true},
      }),
      .children = {{.name = "skills",
                    .table = "user_skills",
                    .parent_key = "user_id",
                    .fields = {{.name = "skill_id",
                                .type = T::reference,
                                .required = true,
                                .references = "skills"},
                               {.name = "level", .type = T::integer}}}},
  });

  c.push_back({
      .name = "skills",
      .table = "skills",
      .singular = "skill",
      .fields = with_managed({
          {.name = "name", .required = true, .searchable = true, .max_length = 100},
          {.name = "description", .searchable = true},
      }),
  });

  c.push_back({
      .name = "queues",
      .table = "queues",
      .singular = "queue",
      .fields = with_managed({
          {.name = "name",
           .required = true,
           .filterable = true,
           .searchable = true,
           .max_length = 100},
          {.name = "description", .searchable = true},
          {.name = "strategy",
           .filterable = true,
           .allowed = {"longest-idle", "round-robin", "fewest-calls", "least-talk-time", "ring-all",
                       "skill-tiers"}},
          {.name = "service_level_seconds", .type = T::integer},
          {.name = "service_level_target", .type = T::integer},
          {.name = "max_wait_seconds", .type = T::integer},
          {.name = "wrap_up_seconds", .type = T::integer},
          {.name = "ring_timeout_seconds", .type = T::integer},
          {.name = "voicemail_max_seconds", .type = T::integer},
          {.name = "dispositions", .type = T::json},
          {.name = "overflow_action", .allowed = {"none", "queue", "callback", "voicemail"}},
          {.name = "overflow_queue", .max_length = 100},
          {.name = "offer_callback", .type = T::boolean},
          {.name = "music_on_hold", .type = T::boolean},
      }),
      .children = {{.name = "skills",
                    .table = "queue_skills",
                    .parent_key = "queue_id",
                    .fields = {{.name = "skill_id",
                                .type = T::reference,
                                .required = true,
                                .references = "skills"},
                               {.name = "min_level", .type = T::integer}}}},
  });

  c.push_back({
      .name = "contacts",
      .table = "contacts",
      .singular = "contact",
      .fields = with_managed({
          {.name = "customer_number", .filterable = true, .searchable = true, .max_length = 64},
          {.name = "salutation", .max_length = 50},
          {.name = "first_name", .searchable = true, .max_length = 200},
          {.name = "last_name", .searchable = true, .max_length = 200},
          {.name = "company", .searchable = true, .max_length = 200},
          {.name = "email", .searchable = true, .max_length = 254},
          {.name = "street", .searchable = true, .max_length = 200},
          {.name = "postcode", .filterable = true, .searchable = true, .max_length = 16},
          {.name = "city", .filterable = true, .searchable = true, .max_length = 100},
          {.name = "country", .max_length = 2},
          {.name = "do_not_call", .type = T::boolean, .filterable = true},
          {.name = "notes"},
      }),
      .children =
          {
              {.name = "phones",
               .table = "contact_phones",
               .parent_key = "contact_id",
               .fields = {{.name = "kind",
                           .allowed = {"mobile", "landline", "work", "fax", "other"}},
                          {.name = "number", .required = true, .max_length = 40},
                          {.name = "number_e164", .writable = false}}},
              {.name = "consents",
               .table = "contact_consents",
               .parent_key = "contact_id",
               .fields = {{.name = "kind",
                           .required = true,
                           .allowed = {"phone", "email", "sms", "post", "recording", "survey"}},
                          {.name = "granted", .type = T::boolean, .required = true},
                          {.name = "source", .required = true, .max_length = 200},
                          {.name = "recorded_at", .type = T::time, .required = true}}},
          },
  });

  c.push_back({
      .name = "interactions",
      .table = "interactions",
      .singular = "interaction",
      .fields = with_managed({
          {.name = "channel",
           .required = true,
           .filterable = true,
           .allowed = {"voice", "chat", "email", "web"}},
          {.name = "direction",
           .required = true,
           .filterable = true,
           .allowed = {"inbound", "outbound", "internal"}},
          {.name = "contact_id",
           .type = T::reference,
           .filterable = true,
           .references = "contacts"},
          {.name = "queue_id", .type = T::reference, .filterable = true, .references = "queues"},
          {.name = "agent_id", .type = T::reference, .filterable = true, .references = "users"},
          {.name = "remote_address", .filterable = true, .searchable = true, .max_length = 200},
          {.name = "local_address", .max_length = 200},
          {.name = "subject", .searchable = true, .max_length = 500},
          {.name = "started_at", .type = T::time, .required = true},
          {.name = "answered_at", .type = T::time},
          {.name = "ended_at", .type = T::time},
          {.name = "end_reason", .filterable = true, .max_length = 64},
          {.name = "disposition", .filterable = true, .max_length = 100},
          {.name = "notes", .searchable = true},
      }),
      .time_field = "started_at",
  });

  c.push_back({
      .name = "products",
      .table = "products",
      .singular = "product",
      .fields = with_managed({
          {.name = "sku",
           .required = true,
           .filterable = true,
           .searchable = true,
           .max_length = 64},
          {.name = "name", .required = true, .searchable = true, .max_length = 200},
          {.name = "description", .searchable = true},
          {.name = "category", .filterable = true, .searchable = true, .max_length = 100},
          {.name = "unit", .max_length = 100},
          {.name = "unit_price_cents", .type = T::money, .required = true},
          {.name = "currency", .max_length = 3},
          {.name = "vat_percent", .type = T::integer},
          {.name = "active", .type = T::boolean, .filterable = true},
          // At most this many per order; 1 for a tariff or a service, whose quantity a flow
          // then never asks. Empty: no limit of its own.
          {.name = "max_quantity", .type = T::integer},
      }),
  });

  c.push_back({
      .name = "orders",
      .table = "orders",
      .singular = "order",
      .fields = with_managed({
          {.name = "order_number", .filterable = true, .searchable = true, .max_length = 32},
          {.name = "contact_id",
           .type = T::reference,
           .filterable = true,
           .references = "contacts"},
          {.name = "interaction_id",
           .type = T::reference,
           .filterable = true,
           .references = "interactions"},
          {.name = "status",
           .filterable = true,
           .allowed = {"new", "confirmed", "shipped", "delivered", "cancelled"}},
          {.name = "total_cents", .type = T::money, .writable = false},
          {.name = "currency", .max_length = 3},
          {.name = "delivery_name", .searchable = true, .max_length = 200},
          {.name = "delivery_street", .max_length = 200},
          {.name = "delivery_postcode", .max_length = 16},
          {.name = "delivery_city", .searchable = true, .max_length = 100},
          {.name = "notes", .searchable = true},
          {.name = "created_by", .type = T::reference, .writable = false, .references = "users"},
      }),
      .children =
          {{.name = "lines",
            .table = "order_lines",
            .parent_key = "order_id",
            .fields = {{.name = "product_id", .type = T::reference, .references = "products"},
                       {.name = "description", .max_length = 500},
                       {.name = "quantity", .type = T::integer, .required = true},
                       {.name = "unit_price_cents", .type = T::money},
                       {.name = "line_total_cents", .type = T::money, .writable = false}}}},
      .number_field = "order_number",
      .number_prefix = "B",
  });

  c.push_back({
      .name = "tickets",
      .table = "tickets",
      .singular = "ticket",
      .fields = with_managed({
          {.name = "ticket_number", .filterable = true, .searchable = true, .max_length = 32},
          {.name = "contact_id",
           .type = T::reference,
           .filterable = true,
           .references = "contacts"},
          {.name = "interaction_id",
           .type = T::reference,
           .filterable = true,
           .references = "interactions"},
          {.name = "order_id", .type = T::reference, .filterable = true, .references = "orders"},
          {.name = "category",
           .required = true,
           .filterable = true,
           .searchable = true,
           .max_length = 100},
          {.name = "priority", .filterable = true, .allowed = {"low", "normal", "high", "urgent"}},
          {.name = "status",
           .filterable = true,
           .allowed = {"open", "in_progress", "waiting", "resolved", "closed"}},
          {.name = "owner_id", .type = T::reference, .filterable = true, .references = "users"},
          {.name = "subject", .required = true, .searchable = true, .max_length = 500},
          {.name = "description", .searchable = true},
          {.name = "desired_remedy", .searchable = true, .max_length = 1000},
          {.name = "due_at", .type = T::time},
          {.name = "resolved_at", .type = T::time},
      }),
      .number_field = "ticket_number",
      .number_prefix = "T",
  });

  // Call-back requests: from a flow's callback node or a caller waiting in a queue; the ACD
  // dials them when an agent of the queue is free. number_e164 is derived from number.
  c.push_back({
      .name = "callbacks",
      .table = "callbacks",
      .singular = "callback",
      .fields = with_managed({
          {.name = "queue_id", .type = T::reference, .filterable = true, .references = "queues"},
          {.name = "contact_id",
           .type = T::reference,
           .filterable = true,
           .references = "contacts"},
          {.name = "interaction_id",
           .type = T::reference,
           .filterable = true,
           .references = "interactions"},
          {.name = "number", .required = true, .searchable = true, .max_length = 40},
          {.name = "number_e164", .writable = false, .filterable = true},
          {.name = "due_at", .type = T::time},
          {.name = "queued_since", .type = T::time},
          {.name = "status",
           .filterable = true,
           .allowed = {"pending", "dialing", "done", "failed", "cancelled"}},
          {.name = "attempts", .type = T::integer},
          {.name = "summary", .searchable = true, .max_length = 2000},
          {.name = "variables", .type = T::json},
          {.name = "agent_id", .type = T::reference, .filterable = true, .references = "users"},
          {.name = "notes", .searchable = true},
          // What the call back speaks to the customer; empty: the tenant's language.
          {.name = "language", .filterable = true, .allowed = {"de", "en"}},
          {.name = "created_by", .type = T::reference, .writable = false, .references = "users"},
      }),
      .time_field = "due_at",
  });

  // Messages callers left when a queue overflowed to voicemail. Only the server writes them
  // (api_read_only: no create, update or delete by API); agents and team leads mark them done
  // through POST /voicemails/{id}/done, which sets status, done_by and done_at. `file` is
  // relative to the telephony recordings directory.
  c.push_back({
      .name = "voicemails",
      .table = "voicemails",
      .singular = "voicemail",
      .fields = with_managed({
          {.name = "queue_id", .type = T::reference, .filterable = true, .references = "queues"},
          {.name = "interaction_id",
           .type = T::reference,
           .filterable = true,
           .references = "interactions"},
          {.name = "contact_id",
           .type = T::reference,
           .filterable = true,
           .references = "contacts"},
          {.name = "caller_number", .filterable = true, .searchable = true, .max_length = 200},
          {.name = "file", .required = true, .max_length = 1000},
          {.name = "duration_ms", .type = T::integer},
          {.name = "status", .filterable = true, .allowed = {"new", "done"}},
          {.name = "done_by", .type = T::reference, .filterable = true, .references = "users"},
          {.name = "done_at", .type = T::time},
      }),
      .api_read_only = true,
  });

  // The ACD's raw records (written by the core thread's queue runtime, read by reports and
  // the wallboard): every agent state change and every caller's stay in a queue.
  c.push_back({
      .name = "agent_states",
      .table = "agent_states",
      .singular = "agent_state",
      .fields = with_managed({
          {.name = "user_id",
           .type = T::reference,
           .required = true,
           .filterable = true,
           .references = "users"},
          {.name = "state",
           .required = true,
           .filterable = true,
           .allowed = {"offline", "available", "reserved", "ringing", "on-call", "wrap-up",
                       "paused"}},
          {.name = "previous_state", .max_length = 16},
          {.name = "reason", .filterable = true, .max_length = 100},
          {.name = "interaction_id",
           .type = T::reference,
           .filterable = true,
           .references = "interactions"},
          {.name = "at", .type = T::time, .required = true},
      }),
      .time_field = "at",
      .api_read_only = true,
  });

  c.push_back({
      .name = "queue_calls",
      .table = "queue_calls",
      .singular = "queue_call",
      .fields = with_managed({
          {.name = "queue_id",
           .type = T::reference,
           .required = true,
           .filterable = true,
           .references = "queues"},
          {.name = "interaction_id",
           .type = T::reference,
           .filterable = true,
           .references = "interactions"},
          {.name = "agent_id", .type = T::reference, .filterable = true, .references = "users"},
          {.name = "exit",
           .required = true,
           .filterable = true,
           .allowed = {"answered", "abandoned", "callback", "overflow", "timeout"}},
          {.name = "priority", .type = T::integer},
          {.name = "entry_position", .type = T::integer},
          {.name = "enqueued_at", .type = T::time, .required = true},
          {.name = "left_at", .type = T::time, .required = true},
          {.name = "talk_ended_at", .type = T::time},
          {.name = "wrap_up_ended_at", .type = T::time},
          {.name = "hold_ms", .type = T::integer},
      }),
      .time_field = "enqueued_at",
      .api_read_only = true,
  });

  c.push_back({
      .name = "kb",
      .table = "kb_articles",
      .singular = "kb_article",
      .fields = with_managed({
          {.name = "slug", .required = true, .filterable = true, .max_length = 120},
          {.name = "title", .required = true, .searchable = true, .max_length = 300},
          {.name = "category", .filterable = true, .searchable = true, .max_length = 100},
          {.name = "tags", .searchable = true, .max_length = 1000},
          {.name = "body", .required = true, .searchable = true, .max_length = 100000},
          {.name = "language", .filterable = true, .allowed = {"de", "en"}},
          {.name = "published", .type = T::boolean, .filterable = true},
      }),
      .time_field = "updated_at",
  });

  // One group of words callers use for the same thing, for the knowledge-base search
  // (["Zähler", "Stromzähler", "Messgerät"]); entity_rules checks that each is one word.
  c.push_back({
      .name = "kb_synonyms",
      .table = "kb_synonym_groups",
      .singular = "kb_synonym_group",
      .fields = with_managed({
          {.name = "words", .type = T::json, .required = true},
      }),
  });

  c.push_back({
      .name = "flows",
      .table = "flows",
      .singular = "flow",
      .fields = with_managed({
          {.name = "name",
           .required = true,
           .filterable = true,
           .searchable = true,
           .max_length = 100},
          {.name = "version", .type = T::integer, .filterable = true},
          {.name = "description", .searchable = true},
          {.name = "source", .required = true, .max_length = 1000000},
          {.name = "published", .type = T::boolean, .filterable = true},
      }),
  });

  return c;
}

}  // namespace

const std::vector<EntitySpec>& catalog() {
  static const std::vector<EntitySpec> entities = build_catalog();
  return entities;
}

const EntitySpec* find_entity(std::string_view name) {
  for (const EntitySpec& e : catalog())
    if (e.name == name) return &e;
  return nullptr;
}

const EntitySpec& api_token_spec() {
  static const EntitySpec spec{
      .name = "tokens",
      .table = "api_tokens",
      .singular = "api_token",
      .fields =
          {
              {.name = "id", .type = T::integer, .writable = false},
              {.name = "tenant_id", .type = T::integer, .writable = false},
              {.name = "user_id",
               .type = T::reference,
               .writable = false,
               .filterable = true,
               .references = "users"},
              {.name = "name", .writable = false, .searchable = true, .max_length = 200},
              {.name = "created_at", .type = T::time, .writable = false},
              {.name = "last_used_at", .type = T::time, .writable = false},
              {.name = "revoked", .type = T::boolean, .writable = false, .filterable = true},
          },
  };
  return spec;
}

}  // namespace callwerk::store

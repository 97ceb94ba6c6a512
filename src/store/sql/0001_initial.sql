-- callwerk schema version 1. Times are UTC milliseconds. Every tenant-owned row carries
-- tenant_id and every query filters by it; child tables reach their tenant via the parent.

CREATE TABLE tenants (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  timezone    TEXT NOT NULL DEFAULT 'Europe/Berlin',
  language    TEXT NOT NULL DEFAULT 'de',
  created_at  INTEGER NOT NULL
);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER NOT NULL REFERENCES tenants(id),
  username       TEXT NOT NULL UNIQUE,
  display_name   TEXT NOT NULL,
  email          TEXT,
  role           TEXT NOT NULL CHECK (role IN ('admin','supervisor','agent','client-viewer')),
  password_hash  TEXT,
  sip_extension  TEXT,
  sip_password   TEXT,
  language       TEXT NOT NULL DEFAULT 'de',
  active         INTEGER NOT NULL DEFAULT 1,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX users_tenant ON users(tenant_id);

CREATE TABLE skills (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  name         TEXT NOT NULL,
  description  TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE user_skills (
  id        INTEGER PRIMARY KEY,
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  skill_id  INTEGER NOT NULL REFERENCES skills(id),
  level     INTEGER NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 10),
  UNIQUE (user_id, skill_id)
);

CREATE TABLE queues (
  id                      INTEGER PRIMARY KEY,
  tenant_id               INTEGER NOT NULL REFERENCES tenants(id),
  name                    TEXT NOT NULL,
  description             TEXT,
  strategy                TEXT NOT NULL DEFAULT 'longest-idle',
  service_level_seconds   INTEGER NOT NULL DEFAULT 20,
  service_level_target    INTEGER NOT NULL DEFAULT 80,
  max_wait_seconds        INTEGER NOT NULL DEFAULT 600,
  wrap_up_seconds         INTEGER NOT NULL DEFAULT 30,
  dispositions            TEXT NOT NULL DEFAULT '[]',
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE queue_skills (
  id         INTEGER PRIMARY KEY,
  queue_id   INTEGER NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  skill_id   INTEGER NOT NULL REFERENCES skills(id),
  min_level  INTEGER NOT NULL DEFAULT 1 CHECK (min_level BETWEEN 1 AND 10),
  UNIQUE (queue_id, skill_id)
);

CREATE TABLE contacts (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL REFERENCES tenants(id),
  customer_number  TEXT,
  salutation       TEXT,
  first_name       TEXT,
  last_name        TEXT,
  company          TEXT,
  email            TEXT,
  street           TEXT,
  postcode         TEXT,
  city             TEXT,
  country          TEXT NOT NULL DEFAULT 'DE',
  do_not_call      INTEGER NOT NULL DEFAULT 0,
  notes            TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  UNIQUE (tenant_id, customer_number)
);
CREATE INDEX contacts_tenant_name ON contacts(tenant_id, last_name, first_name);
CREATE INDEX contacts_tenant_postcode ON contacts(tenant_id, postcode);

-- Numbers are stored as given and in E.164 (number_e164) so that a caller can be found.
CREATE TABLE contact_phones (
  id           INTEGER PRIMARY KEY,
  contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL DEFAULT 'mobile' CHECK (kind IN ('mobile','landline','work','fax','other')),
  number       TEXT NOT NULL,
  number_e164  TEXT NOT NULL
);
CREATE INDEX contact_phones_e164 ON contact_phones(number_e164);
CREATE INDEX contact_phones_contact ON contact_phones(contact_id);

-- Consent is evidence: what was granted or refused, by which source, when (UWG §7, DSGVO Art. 7).
CREATE TABLE contact_consents (
  id           INTEGER PRIMARY KEY,
  contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('phone','email','sms','post','recording','survey')),
  granted      INTEGER NOT NULL,
  source       TEXT NOT NULL,
  recorded_at  INTEGER NOT NULL
);
CREATE INDEX contact_consents_contact ON contact_consents(contact_id);

CREATE TABLE interactions (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
  channel         TEXT NOT NULL CHECK (channel IN ('voice','chat','email','web')),
  direction       TEXT NOT NULL CHECK (direction IN ('inbound','outbound','internal')),
  contact_id      INTEGER REFERENCES contacts(id),
  queue_id        INTEGER REFERENCES queues(id),
  agent_id        INTEGER REFERENCES users(id),
  remote_address  TEXT,
  local_address   TEXT,
  subject         TEXT,
  started_at      INTEGER NOT NULL,
  answered_at     INTEGER,
  ended_at        INTEGER,
  end_reason      TEXT,
  disposition     TEXT,
  notes           TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX interactions_tenant_started ON interactions(tenant_id, started_at);
CREATE INDEX interactions_contact ON interactions(contact_id);
CREATE INDEX interactions_agent ON interactions(tenant_id, agent_id, started_at);
CREATE INDEX interactions_queue ON interactions(tenant_id, queue_id, started_at);

-- The protocol of an interaction: append-only, enforced by triggers below.
CREATE TABLE timeline_events (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
  interaction_id  INTEGER NOT NULL REFERENCES interactions(id),
  seq             INTEGER NOT NULL,
  type            TEXT NOT NULL,
  at              INTEGER NOT NULL,
  actor           TEXT NOT NULL,
  payload         TEXT NOT NULL DEFAULT '{}',
  UNIQUE (interaction_id, seq)
);
CREATE TRIGGER timeline_events_no_update BEFORE UPDATE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;
CREATE TRIGGER timeline_events_no_delete BEFORE DELETE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline events are append-only'); END;

CREATE TABLE products (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
  sku               TEXT NOT NULL,
  name              TEXT NOT NULL,
  description       TEXT,
  category          TEXT,
  unit              TEXT,
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  currency          TEXT NOT NULL DEFAULT 'EUR',
  vat_percent       INTEGER NOT NULL DEFAULT 19,
  active            INTEGER NOT NULL DEFAULT 1,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  UNIQUE (tenant_id, sku)
);

CREATE TABLE orders (
  id                 INTEGER PRIMARY KEY,
  tenant_id          INTEGER NOT NULL REFERENCES tenants(id),
  order_number       TEXT NOT NULL,
  contact_id         INTEGER REFERENCES contacts(id),
  interaction_id     INTEGER REFERENCES interactions(id),
  status             TEXT NOT NULL DEFAULT 'new'
                       CHECK (status IN ('new','confirmed','shipped','delivered','cancelled')),
  total_cents        INTEGER NOT NULL DEFAULT 0,
  currency           TEXT NOT NULL DEFAULT 'EUR',
  delivery_name      TEXT,
  delivery_street    TEXT,
  delivery_postcode  TEXT,
  delivery_city      TEXT,
  notes              TEXT,
  created_by         INTEGER REFERENCES users(id),
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  UNIQUE (tenant_id, order_number)
);
CREATE INDEX orders_tenant_created ON orders(tenant_id, created_at);
CREATE INDEX orders_contact ON orders(contact_id);

CREATE TABLE order_lines (
  id                INTEGER PRIMARY KEY,
  order_id          INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  product_id        INTEGER REFERENCES products(id),
  description       TEXT NOT NULL,
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  line_total_cents  INTEGER NOT NULL
);
CREATE INDEX order_lines_order ON order_lines(order_id);

CREATE TABLE tickets (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
  ticket_number   TEXT NOT NULL,
  contact_id      INTEGER REFERENCES contacts(id),
  interaction_id  INTEGER REFERENCES interactions(id),
  order_id        INTEGER REFERENCES orders(id),
  category        TEXT NOT NULL,
  priority        TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
  status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open','in_progress','waiting','resolved','closed')),
  owner_id        INTEGER REFERENCES users(id),
  subject         TEXT NOT NULL,
  description     TEXT,
  desired_remedy  TEXT,
  due_at          INTEGER,
  resolved_at     INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (tenant_id, ticket_number)
);
CREATE INDEX tickets_tenant_created ON tickets(tenant_id, created_at);
CREATE INDEX tickets_contact ON tickets(contact_id);

CREATE TABLE kb_articles (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  slug        TEXT NOT NULL,
  title       TEXT NOT NULL,
  category    TEXT,
  tags        TEXT,
  body        TEXT NOT NULL,
  language    TEXT NOT NULL DEFAULT 'de',
  published   INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (tenant_id, slug)
);

CREATE TABLE flows (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
  name         TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  description  TEXT,
  source       TEXT NOT NULL,
  published    INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (tenant_id, name, version)
);

-- Every change made through the API or an import: who, when, what (before/after).
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER REFERENCES tenants(id),
  user_id     INTEGER REFERENCES users(id),
  actor       TEXT NOT NULL,
  at          INTEGER NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   INTEGER,
  changes     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_tenant_at ON audit_log(tenant_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  revoked       INTEGER NOT NULL DEFAULT 0
);

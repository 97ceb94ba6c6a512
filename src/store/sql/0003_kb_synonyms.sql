-- callwerk schema version 3: the knowledge-base search's synonym groups, per tenant. One row
-- is one group of words callers use for the same thing; `words` is a JSON array of single
-- words (["Zähler","Stromzähler","Messgerät"]). Rows rather than one document per tenant so
-- that the API, the audit log and the events treat a group like any other entity.

CREATE TABLE kb_synonym_groups (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  words       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE INDEX kb_synonym_groups_tenant ON kb_synonym_groups (tenant_id, id);

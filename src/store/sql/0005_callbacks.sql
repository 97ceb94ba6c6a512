-- callwerk schema version 5: call-back requests. A caller who asks to be called back (a flow's
-- callback node, or later the offer while waiting in a queue) is kept here until an agent of the
-- queue has called. `queued_since` keeps the caller's place in line: a call back chosen while
-- waiting is served as if the caller had stayed on the line.
CREATE TABLE callbacks (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
  queue_id        INTEGER REFERENCES queues(id),
  contact_id      INTEGER REFERENCES contacts(id),
  interaction_id  INTEGER REFERENCES interactions(id),
  number          TEXT NOT NULL,
  number_e164     TEXT NOT NULL,
  due_at          INTEGER NOT NULL,
  queued_since    INTEGER,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending','dialing','done','failed','cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  summary         TEXT,
  variables       TEXT NOT NULL DEFAULT '{}',
  agent_id        INTEGER REFERENCES users(id),
  notes           TEXT,
  created_by      INTEGER REFERENCES users(id),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX callbacks_due ON callbacks(tenant_id, status, due_at);
CREATE INDEX callbacks_queue ON callbacks(tenant_id, queue_id, status);

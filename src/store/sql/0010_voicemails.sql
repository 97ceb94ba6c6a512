-- callwerk schema version 10: queues may overflow to voicemail, and the messages callers leave.
--   overflow_action 'voicemail': after the maximum wait the caller hears that nobody is free
--                   and may leave a message (recorded under telephony.recordings_dir).
-- SQLite cannot change a CHECK constraint in place: the column is added anew with the wider
-- CHECK, filled from the old one, which is dropped, and renamed to the old name.
ALTER TABLE queues ADD COLUMN overflow_action_v10 TEXT NOT NULL DEFAULT 'none'
  CHECK (overflow_action_v10 IN ('none', 'queue', 'callback', 'voicemail'));
UPDATE queues SET overflow_action_v10 = overflow_action;
ALTER TABLE queues DROP COLUMN overflow_action;
ALTER TABLE queues RENAME COLUMN overflow_action_v10 TO overflow_action;

-- One message a caller left after a queue's maximum wait. Only the server writes them; agents
-- and team leads list them, listen (file, relative to the recordings directory) and mark them
-- done (who and when).
CREATE TABLE voicemails (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
  queue_id        INTEGER REFERENCES queues(id),
  interaction_id  INTEGER REFERENCES interactions(id),
  contact_id      INTEGER REFERENCES contacts(id),
  caller_number   TEXT,
  file            TEXT NOT NULL,
  duration_ms     INTEGER NOT NULL DEFAULT 0,
  status          TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'done')),
  done_by         INTEGER REFERENCES users(id),
  done_at         INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX voicemails_status ON voicemails(tenant_id, status, created_at);
CREATE INDEX voicemails_queue ON voicemails(tenant_id, queue_id, status);

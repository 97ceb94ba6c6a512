-- callwerk schema version 6: the raw records of queues and agents. Every queue and agent KPI
-- (service level, abandon rate, ASA, AHT, occupancy: DOMAIN.md section 1) is computed from
-- these rows, never stored pre-aggregated, so every variant can be derived later.

-- Each change of an agent's state, when it happened. An agent's state at any time is the
-- newest row before it.
CREATE TABLE agent_states (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenants(id),
  user_id         INTEGER NOT NULL REFERENCES users(id),
  state           TEXT NOT NULL CHECK (state IN ('offline','available','reserved','ringing',
                                                 'on-call','wrap-up','paused')),
  previous_state  TEXT,
  reason          TEXT,
  interaction_id  INTEGER REFERENCES interactions(id),
  at              INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX agent_states_user ON agent_states(tenant_id, user_id, at);
CREATE INDEX agent_states_at ON agent_states(tenant_id, at);

-- One caller's stay in one queue, written when it is over (after the agent's wrap-up for an
-- answered call). A call moved on to another queue has a row per queue.
CREATE TABLE queue_calls (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
  queue_id          INTEGER NOT NULL REFERENCES queues(id),
  interaction_id    INTEGER REFERENCES interactions(id),
  agent_id          INTEGER REFERENCES users(id),
  exit              TEXT NOT NULL CHECK (exit IN ('answered','abandoned','callback','overflow',
                                                  'timeout')),
  priority          INTEGER NOT NULL DEFAULT 0,
  entry_position    INTEGER NOT NULL DEFAULT 0,
  enqueued_at       INTEGER NOT NULL,
  left_at           INTEGER NOT NULL,
  talk_ended_at     INTEGER,
  wrap_up_ended_at  INTEGER,
  hold_ms           INTEGER NOT NULL DEFAULT 0,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX queue_calls_queue ON queue_calls(tenant_id, queue_id, enqueued_at);
CREATE INDEX queue_calls_agent ON queue_calls(tenant_id, agent_id, enqueued_at);

-- callwerk schema version 8: how long an agent's phone rings for a call of this queue before
-- the call goes to the next agent (and the agent is paused "no-answer").
ALTER TABLE queues ADD COLUMN ring_timeout_seconds INTEGER NOT NULL DEFAULT 20;

-- callwerk schema version 9: whether callers waiting in this queue (and callers an agent of it
-- put on hold) hear music between the announcements, or silence.
ALTER TABLE queues ADD COLUMN music_on_hold INTEGER NOT NULL DEFAULT 1;

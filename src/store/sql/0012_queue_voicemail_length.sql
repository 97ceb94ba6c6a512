-- callwerk schema version 12: the longest message a caller may leave when the queue overflows
-- to voicemail; then the caller is thanked and the call ends.
ALTER TABLE queues ADD COLUMN voicemail_max_seconds INTEGER NOT NULL DEFAULT 120;

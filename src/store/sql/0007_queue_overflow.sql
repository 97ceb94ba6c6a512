-- callwerk schema version 7: what happens to a caller who has waited a queue's maximum wait
-- (overflow), and whether waiting callers are offered a call back.
--   overflow_action 'none': the flow that put the caller in the queue goes on as "nobody free"
--                            (it may say so, take a message or offer its own call back);
--                   'queue': the caller moves to the queue named in overflow_queue (by name, as
--                            flows name queues), credited with the time already waited;
--                   'callback': a call back keeps the caller's place, the caller is told so.
-- offer_callback: the announcements offer a call back (key 1) when one can be made.
ALTER TABLE queues ADD COLUMN overflow_action TEXT NOT NULL DEFAULT 'none'
  CHECK (overflow_action IN ('none', 'queue', 'callback'));
ALTER TABLE queues ADD COLUMN overflow_queue TEXT;
ALTER TABLE queues ADD COLUMN offer_callback INTEGER NOT NULL DEFAULT 1;

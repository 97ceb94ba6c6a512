-- callwerk schema version 11: the language a call back speaks. A caller of an English flow is
-- called back in English (what callwerk says on the call back, e.g. while the agent holds).
-- NULL: the tenant's language.
ALTER TABLE callbacks ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('de', 'en'));

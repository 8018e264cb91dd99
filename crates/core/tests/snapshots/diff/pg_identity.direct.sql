-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE b ALTER COLUMN id DROP DEFAULT;
ALTER TABLE a ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
ALTER TABLE b ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE IF EXISTS b_id_seq;
ALTER TABLE c ALTER COLUMN id SET GENERATED ALWAYS;
CREATE SEQUENCE e_id_seq OWNED BY e.id;
SELECT setval('e_id_seq', coalesce(max(id), 0) + 1, false) FROM e;
ALTER TABLE e ALTER COLUMN id SET DEFAULT nextval('e_id_seq');
COMMIT;

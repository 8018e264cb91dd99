-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE tasks ALTER COLUMN done DROP NOT NULL;
ALTER TABLE tasks ALTER COLUMN done SET DEFAULT false;
ALTER TABLE tasks ALTER COLUMN due DROP DEFAULT;
ALTER TABLE tasks ALTER COLUMN note SET DEFAULT 'n/a';
ALTER TABLE tasks ALTER COLUMN title SET NOT NULL;
COMMIT;

-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE users ADD COLUMN email text NOT NULL;
ALTER TABLE users ADD COLUMN bio text;
COMMIT;

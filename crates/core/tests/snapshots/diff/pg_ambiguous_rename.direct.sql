-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE profiles ADD COLUMN x_handle text;
ALTER TABLE profiles ADD COLUMN gitlab text;
ALTER TABLE profiles DROP COLUMN twitter;
ALTER TABLE profiles DROP COLUMN github;
COMMIT;

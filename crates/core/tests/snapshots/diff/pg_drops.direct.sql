-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
DROP TABLE c;
DROP TABLE b;
COMMIT;

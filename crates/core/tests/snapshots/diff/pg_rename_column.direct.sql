-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE people RENAME COLUMN name TO full_name;
ALTER INDEX people_name_idx RENAME TO people_full_name_idx;
COMMIT;

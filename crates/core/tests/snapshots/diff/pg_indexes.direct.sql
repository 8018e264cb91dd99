-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
DROP INDEX docs_owner_idx;
ALTER INDEX docs_old_name RENAME TO docs_deleted_at_idx;
CREATE INDEX docs_live_title_idx ON docs ((lower(title))) WHERE deleted_at IS NULL;
CREATE INDEX docs_body_gin ON docs USING gin (body);
COMMIT;

-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
COMMENT ON TABLE notes IS 'Tenant notes';
COMMENT ON COLUMN notes.body IS 'Markdown';
CREATE POLICY tenant_isolation ON notes USING (tenant_id = current_setting('app.tenant_id')::bigint);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
DROP POLICY old_policy ON notes;
COMMIT;

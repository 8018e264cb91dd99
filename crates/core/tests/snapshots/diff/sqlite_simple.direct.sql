-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE old_log RENAME TO log;
ALTER TABLE notes ADD COLUMN pinned integer NOT NULL DEFAULT 0;
CREATE INDEX notes_pinned_idx ON notes (pinned);
ALTER TABLE notes DROP COLUMN extra;
COMMIT;

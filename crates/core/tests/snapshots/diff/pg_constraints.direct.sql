-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE members DROP CONSTRAINT members_score_check;
ALTER TABLE teams ADD CONSTRAINT teams_slug_key UNIQUE (slug);
ALTER TABLE members ADD CONSTRAINT members_email_key UNIQUE (email);
ALTER TABLE members ADD CONSTRAINT members_score_check CHECK (score >= 0);
ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY (name);
ALTER TABLE members ADD CONSTRAINT members_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL;
COMMIT;

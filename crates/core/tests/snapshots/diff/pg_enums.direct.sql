-- squawk-disable-assume-in-transaction
-- WARNING: enum color: removing "green" rewrites every table using the type and fails while rows still hold the removed value(s); update those rows first

-- Phase 1 — add enum values (committed before they are used)
BEGIN;
ALTER TYPE status ADD VALUE IF NOT EXISTS 'review' BEFORE 'published';
ALTER TYPE status ADD VALUE IF NOT EXISTS 'archived' AFTER 'published';
COMMIT;

-- Phase 2 — migration (direct statements)
BEGIN;
ALTER TYPE color RENAME TO color__old;
CREATE TYPE color AS ENUM ('red', 'blue');
ALTER TABLE articles ALTER COLUMN color TYPE color USING color::text::color;
DROP TYPE color__old;
CREATE TYPE priority AS ENUM ('low', 'high');
ALTER TABLE articles ADD COLUMN priority priority;
DROP TYPE legacy_kind;
COMMIT;

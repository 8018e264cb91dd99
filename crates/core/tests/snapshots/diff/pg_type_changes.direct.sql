-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE items ALTER COLUMN code TYPE varchar(40);
ALTER TABLE items ALTER COLUMN title TYPE text;
ALTER TABLE items ALTER COLUMN price TYPE numeric(12,2);
ALTER TABLE items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE items ALTER COLUMN qty TYPE bigint USING qty::bigint;
ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0;
ALTER TABLE items ALTER COLUMN sku TYPE varchar(64);
COMMIT;

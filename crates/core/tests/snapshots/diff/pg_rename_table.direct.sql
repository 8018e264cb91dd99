-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE customers RENAME TO clients;
ALTER TABLE clients RENAME CONSTRAINT customers_pkey TO clients_pkey;
ALTER TABLE clients RENAME CONSTRAINT customers_email_key TO clients_email_key;
COMMIT;

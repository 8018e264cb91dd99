-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE seats DROP CONSTRAINT seats_team;
ALTER TABLE accounts RENAME CONSTRAINT accounts_org_fk2 TO accounts_org_fk3;
ALTER TABLE accounts RENAME CONSTRAINT accounts_org_fk TO accounts_org_fk2;
ALTER TABLE accounts RENAME CONSTRAINT accounts_pk TO accounts_pk__swap;
ALTER INDEX accounts_pkey RENAME TO accounts_pk;
ALTER TABLE accounts RENAME CONSTRAINT accounts_pk__swap TO accounts_pkey;
ALTER TABLE accounts RENAME CONSTRAINT accounts_email_key TO accounts_email_key__swap;
ALTER TABLE accounts RENAME CONSTRAINT accounts_handle_key TO accounts_email_key;
ALTER TABLE accounts RENAME CONSTRAINT accounts_email_key__swap TO accounts_handle_key;
ALTER TABLE accounts RENAME CONSTRAINT credit_positive TO credit_positive__swap;
ALTER TABLE accounts RENAME CONSTRAINT debit_positive TO credit_positive;
ALTER TABLE accounts RENAME CONSTRAINT credit_positive__swap TO debit_positive;
ALTER TABLE seats RENAME CONSTRAINT seats_n_check TO seats_team;
ALTER TABLE seats ADD CONSTRAINT seats_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);
COMMIT;

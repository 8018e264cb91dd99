-- Phase 1 — migration (direct statements)
-- (MySQL commits each DDL statement on its own)
ALTER TABLE accounts RENAME INDEX accounts_email_key TO accounts_email_key__swap;
ALTER TABLE accounts RENAME INDEX accounts_handle_key TO accounts_email_key;
ALTER TABLE accounts RENAME INDEX credit_idx TO accounts_handle_key;
ALTER TABLE accounts RENAME INDEX accounts_email_key__swap TO credit_idx;

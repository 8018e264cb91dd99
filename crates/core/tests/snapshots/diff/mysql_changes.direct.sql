-- Phase 1 — migration (direct statements)
-- (MySQL commits each DDL statement on its own)
ALTER TABLE users RENAME COLUMN nick TO nickname, ALGORITHM=INSTANT;
CREATE TABLE audit (
    id bigint NOT NULL AUTO_INCREMENT,
    user_id int,
    PRIMARY KEY (id),
    CONSTRAINT audit_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);
ALTER TABLE users ADD COLUMN org_id int, ALGORITHM=INSTANT;
ALTER TABLE users ADD COLUMN email varchar(255) NOT NULL DEFAULT '', ALGORITHM=INSTANT;
ALTER TABLE users MODIFY COLUMN name varchar(100) NOT NULL;
ALTER TABLE users ALTER COLUMN created_at SET DEFAULT NULL, ALGORITHM=INSTANT;
ALTER TABLE users ADD CONSTRAINT users_email_uq UNIQUE (email), ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX users_name_idx ON users (name) ALGORITHM=INPLACE LOCK=NONE;
ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE users DROP COLUMN legacy;

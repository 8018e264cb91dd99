-- squawk-disable-assume-in-transaction
-- Phase 1 — migration (direct statements)
BEGIN;
CREATE TABLE authors (
    id bigint NOT NULL,
    account_id bigint,
    best_post_id bigint,
    CONSTRAINT authors_pkey PRIMARY KEY (id),
    CONSTRAINT authors_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id)
);
CREATE TABLE posts (
    id bigint NOT NULL,
    author_id bigint NOT NULL,
    title text NOT NULL,
    CONSTRAINT posts_pkey PRIMARY KEY (id),
    CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id)
);
CREATE TABLE comments (
    id bigint NOT NULL,
    post_id bigint NOT NULL,
    body text,
    CONSTRAINT comments_pkey PRIMARY KEY (id),
    CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
);
CREATE INDEX comments_post_id_idx ON comments (post_id);
ALTER TABLE authors ADD CONSTRAINT authors_best_post_fk FOREIGN KEY (best_post_id) REFERENCES posts (id);
COMMIT;

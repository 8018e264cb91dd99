-- Phase 1 — migration (direct statements)
BEGIN;
ALTER TABLE authors ADD COLUMN bio text;
COMMIT;

-- Phase 2 — rebuild tables (manages its own transaction)
-- NOT in a transaction: run these statements one by one in autocommit mode
-- rebuild books (SQLite cannot make this change with ALTER TABLE)
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE books__new (
    id integer NOT NULL,
    title text NOT NULL DEFAULT '',
    author_id integer,
    year integer,
    PRIMARY KEY (id),
    FOREIGN KEY (author_id) REFERENCES authors (id)
);
INSERT INTO books__new (id, title, author_id, year) SELECT id, coalesce(title, ''), author_id, year FROM books;
DROP TABLE books;
ALTER TABLE books__new RENAME TO books;
CREATE INDEX books_title_idx ON books (title);
CREATE INDEX books_year_idx ON books (year);
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;

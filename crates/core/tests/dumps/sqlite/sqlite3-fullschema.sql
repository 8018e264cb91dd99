CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE book (
    id INTEGER PRIMARY KEY,
    author_id INTEGER REFERENCES author(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    updated TEXT
);
CREATE INDEX book_author ON book(author_id);
CREATE VIEW book_titles AS SELECT b.id, b.title, a.name AS author FROM book b JOIN author a ON a.id = b.author_id;
CREATE TRIGGER book_touch AFTER UPDATE OF title ON book
BEGIN
    UPDATE book SET updated = CASE WHEN new.title = 'END;' THEN 'x' ELSE 'y' END WHERE id = new.id;
END;
CREATE VIRTUAL TABLE book_search USING fts5(title, body);
CREATE TABLE IF NOT EXISTS 'book_search_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'book_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'book_search_content'(id INTEGER PRIMARY KEY, c0, c1);
CREATE TABLE IF NOT EXISTS 'book_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'book_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE schemaplay_awkward (id integer PRIMARY KEY, body text);
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1 VALUES('schemaplay_awkward',NULL,'17');
INSERT INTO sqlite_stat1 VALUES('author',NULL,'2');
INSERT INTO sqlite_stat1 VALUES('book','book_author','2 1');
INSERT INTO sqlite_stat1 VALUES('book_search_config','book_search_config','1 1');
INSERT INTO sqlite_stat1 VALUES('book_search_data',NULL,'3');
INSERT INTO sqlite_stat1 VALUES('book_search_docsize',NULL,'1');
INSERT INTO sqlite_stat1 VALUES('book_search_idx','book_search_idx','1 1 1');
INSERT INTO sqlite_stat1 VALUES('book_search_content',NULL,'1');
ANALYZE sqlite_schema;

PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
INSERT INTO author VALUES(1,'a;b');
INSERT INTO author VALUES(2,'END;');
CREATE TABLE book (
    id INTEGER PRIMARY KEY,
    author_id INTEGER REFERENCES author(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    updated TEXT
);
INSERT INTO book VALUES(1,1,'BEGIN',NULL);
INSERT INTO book VALUES(2,2,'x',NULL);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','book_search','book_search',0,'CREATE VIRTUAL TABLE book_search USING fts5(title, body)');
CREATE TABLE IF NOT EXISTS 'book_search_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO book_search_data VALUES(1,X'010101');
INSERT INTO book_search_data VALUES(10,X'000000000101010001010101');
INSERT INTO book_search_data VALUES(137438953473,X'000000180630626567696e0102020103656e640106010102040a');
CREATE TABLE IF NOT EXISTS 'book_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO book_search_idx VALUES(1,X'',2);
CREATE TABLE IF NOT EXISTS 'book_search_content'(id INTEGER PRIMARY KEY, c0, c1);
INSERT INTO book_search_content VALUES(1,'BEGIN','END;');
CREATE TABLE IF NOT EXISTS 'book_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO book_search_docsize VALUES(1,X'0101');
CREATE TABLE IF NOT EXISTS 'book_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO book_search_config VALUES('version',4);
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1 VALUES('schemaplay_awkward',NULL,'17');
INSERT INTO sqlite_stat1 VALUES('author',NULL,'2');
INSERT INTO sqlite_stat1 VALUES('book','book_author','2 1');
INSERT INTO sqlite_stat1 VALUES('book_search_config','book_search_config','1 1');
INSERT INTO sqlite_stat1 VALUES('book_search_data',NULL,'3');
INSERT INTO sqlite_stat1 VALUES('book_search_docsize',NULL,'1');
INSERT INTO sqlite_stat1 VALUES('book_search_idx','book_search_idx','1 1 1');
INSERT INTO sqlite_stat1 VALUES('book_search_content',NULL,'1');
CREATE TABLE schemaplay_awkward (id integer PRIMARY KEY, body text);
INSERT INTO schemaplay_awkward VALUES(1,'semi;colon');
INSERT INTO schemaplay_awkward VALUES(2,'\.');
INSERT INTO schemaplay_awkward VALUES(3,replace('line one\n\.\nline three','\n',char(10)));
INSERT INTO schemaplay_awkward VALUES(4,'BEGIN');
INSERT INTO schemaplay_awkward VALUES(5,'END;');
INSERT INTO schemaplay_awkward VALUES(6,'BEGIN TRANSACTION;');
INSERT INTO schemaplay_awkward VALUES(7,'$$');
INSERT INTO schemaplay_awkward VALUES(8,'$body$ END; $body$');
INSERT INTO schemaplay_awkward VALUES(9,'DELIMITER ;;');
INSERT INTO schemaplay_awkward VALUES(10,replace('DELIMITER //\nCREATE TABLE evil (x int);\n//','\n',char(10)));
INSERT INTO schemaplay_awkward VALUES(11,'tab	here');
INSERT INTO schemaplay_awkward VALUES(12,'quote''s "double" `back`');
INSERT INTO schemaplay_awkward VALUES(13,'back\slash');
INSERT INTO schemaplay_awkward VALUES(14,replace('\n\connect nowhere\n','\n',char(10)));
INSERT INTO schemaplay_awkward VALUES(15,'CREATE TRIGGER t BEFORE INSERT ON x BEGIN SELECT 1; END;');
INSERT INTO schemaplay_awkward VALUES(16,'/* not a comment */ -- nor this');
INSERT INTO schemaplay_awkward VALUES(17,'ünïcødé ✓');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('author',2);
CREATE INDEX book_author ON book(author_id);
CREATE VIEW book_titles AS SELECT b.id, b.title, a.name AS author FROM book b JOIN author a ON a.id = b.author_id;
CREATE TRIGGER book_touch AFTER UPDATE OF title ON book
BEGIN
    UPDATE book SET updated = CASE WHEN new.title = 'END;' THEN 'x' ELSE 'y' END WHERE id = new.id;
END;
PRAGMA writable_schema=OFF;
COMMIT;

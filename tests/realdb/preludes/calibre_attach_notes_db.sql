-- calibre keeps notes in a second database file that it ATTACHes as `notes_db`
-- (src/calibre/db/notes/connect.py) before running calibre_notes_sqlite.sql; the file's tables are notes_db.*.
ATTACH DATABASE ':memory:' AS notes_db;

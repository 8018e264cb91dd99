-- calibre keeps its full-text index in a second database file that it ATTACHes as `fts_db`
-- (src/calibre/db/backend.py) before running calibre_fts_sqlite.sql; the file's tables are fts_db.*.
ATTACH DATABASE ':memory:' AS fts_db;

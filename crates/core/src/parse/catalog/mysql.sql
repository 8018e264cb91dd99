-- Schema Playground catalog query for MySQL 8 and MariaDB 10.5+. Read-only: it only reads
-- information_schema, for the current database (every non-system database when none is selected).
-- Run it in your own client (mysql -N -r -B) and paste the single JSON value it returns.
-- MariaDB builds JSON arrays with GROUP_CONCAT: for a large schema first run
--   SET SESSION group_concat_max_len = 1073741824;
-- Each information_schema table is read once (no correlated subqueries: MariaDB 10.11 can crash on
-- many of them); rows name their table.
SELECT JSON_OBJECT(
  'format', 'schemaplay-catalog',
  'version', 1,
  'engine', 'mysql',
  'server_version', VERSION(),
  'database', DATABASE(),
  'tables', (
    SELECT JSON_ARRAYAGG(JSON_OBJECT('schema', TABLE_SCHEMA, 'name', TABLE_NAME, 'engine', ENGINE, 'comment', TABLE_COMMENT))
    FROM information_schema.TABLES
    WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND TABLE_SCHEMA = COALESCE(DATABASE(), TABLE_SCHEMA)
      AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')),
  'columns', (
    SELECT JSON_ARRAYAGG(JSON_OBJECT(
      'schema', TABLE_SCHEMA, 'table', TABLE_NAME, 'name', COLUMN_NAME, 'position', ORDINAL_POSITION, 'type', COLUMN_TYPE,
      'nullable', IS_NULLABLE = 'YES', 'default', COLUMN_DEFAULT, 'extra', EXTRA, 'generation', GENERATION_EXPRESSION,
      'comment', COLUMN_COMMENT, 'collation', COLLATION_NAME))
    FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = COALESCE(DATABASE(), TABLE_SCHEMA) AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')),
  'indexes', (
    SELECT JSON_ARRAYAGG(JSON_OBJECT(
      'schema', TABLE_SCHEMA, 'table', TABLE_NAME, 'name', INDEX_NAME, 'non_unique', NON_UNIQUE, 'seq', SEQ_IN_INDEX,
      'column', COLUMN_NAME, 'sub_part', SUB_PART, 'collation', COLLATION, 'type', INDEX_TYPE, 'comment', INDEX_COMMENT))
    FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = COALESCE(DATABASE(), TABLE_SCHEMA) AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')),
  'foreign_keys', (
    SELECT JSON_ARRAYAGG(JSON_OBJECT(
      'schema', k.TABLE_SCHEMA, 'table', k.TABLE_NAME, 'name', k.CONSTRAINT_NAME, 'column', k.COLUMN_NAME, 'position', k.ORDINAL_POSITION,
      'ref_schema', k.REFERENCED_TABLE_SCHEMA, 'ref_table', k.REFERENCED_TABLE_NAME, 'ref_column', k.REFERENCED_COLUMN_NAME,
      'on_update', r.UPDATE_RULE, 'on_delete', r.DELETE_RULE))
    FROM information_schema.KEY_COLUMN_USAGE k
    JOIN information_schema.REFERENTIAL_CONSTRAINTS r
      ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
    WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND k.TABLE_SCHEMA = COALESCE(DATABASE(), k.TABLE_SCHEMA)
      AND k.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')),
  -- NATURAL JOIN: on (schema, name) in MySQL 8, where check names are unique per schema, and on
  -- (schema, table, name) in MariaDB, where CHECK_CONSTRAINTS also has TABLE_NAME.
  'checks', (
    SELECT JSON_ARRAYAGG(JSON_OBJECT('schema', CONSTRAINT_SCHEMA, 'table', TABLE_NAME, 'name', CONSTRAINT_NAME, 'clause', CHECK_CLAUSE))
    FROM information_schema.TABLE_CONSTRAINTS NATURAL JOIN information_schema.CHECK_CONSTRAINTS
    WHERE CONSTRAINT_TYPE = 'CHECK' AND CONSTRAINT_SCHEMA = COALESCE(DATABASE(), CONSTRAINT_SCHEMA)
      AND CONSTRAINT_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys'))
) AS schemaplay_catalog;

-- Schema Playground catalog query for MySQL 8 and MariaDB 10.5+. Read-only: it only reads
-- information_schema, for the current database (every non-system database when none is selected).
-- Run it in your own client and paste the single JSON value it returns.
-- MariaDB builds JSON arrays with GROUP_CONCAT: for a large schema first run
--   SET SESSION group_concat_max_len = 1073741824;
SELECT JSON_OBJECT(
  'format', 'schemaplay-catalog',
  'version', 1,
  'engine', 'mysql',
  'server_version', VERSION(),
  'database', DATABASE(),
  'tables', (
    SELECT JSON_ARRAYAGG(JSON_OBJECT(
      'schema', t.TABLE_SCHEMA,
      'name', t.TABLE_NAME,
      'engine', t.ENGINE,
      'comment', t.TABLE_COMMENT,
      'columns', (
        SELECT JSON_ARRAYAGG(JSON_OBJECT(
          'name', c.COLUMN_NAME, 'position', c.ORDINAL_POSITION, 'type', c.COLUMN_TYPE,
          'nullable', c.IS_NULLABLE = 'YES', 'default', c.COLUMN_DEFAULT, 'extra', c.EXTRA,
          'generation', c.GENERATION_EXPRESSION, 'comment', c.COLUMN_COMMENT, 'collation', c.COLLATION_NAME))
        FROM information_schema.COLUMNS c
        WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME),
      'indexes', (
        SELECT JSON_ARRAYAGG(JSON_OBJECT(
          'name', s.INDEX_NAME, 'non_unique', s.NON_UNIQUE, 'seq', s.SEQ_IN_INDEX, 'column', s.COLUMN_NAME,
          'sub_part', s.SUB_PART, 'collation', s.COLLATION, 'type', s.INDEX_TYPE, 'comment', s.INDEX_COMMENT))
        FROM information_schema.STATISTICS s
        WHERE s.TABLE_SCHEMA = t.TABLE_SCHEMA AND s.TABLE_NAME = t.TABLE_NAME),
      'foreign_keys', (
        SELECT JSON_ARRAYAGG(JSON_OBJECT(
          'name', k.CONSTRAINT_NAME, 'column', k.COLUMN_NAME, 'position', k.ORDINAL_POSITION,
          'ref_schema', k.REFERENCED_TABLE_SCHEMA, 'ref_table', k.REFERENCED_TABLE_NAME, 'ref_column', k.REFERENCED_COLUMN_NAME,
          'on_update', r.UPDATE_RULE, 'on_delete', r.DELETE_RULE))
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r
          ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = t.TABLE_SCHEMA AND k.TABLE_NAME = t.TABLE_NAME AND k.REFERENCED_TABLE_NAME IS NOT NULL),
      -- NATURAL JOIN: on (schema, name) in MySQL 8, where check names are unique per schema, and on
      -- (schema, table, name) in MariaDB, where CHECK_CONSTRAINTS also has TABLE_NAME.
      'checks', (
        SELECT JSON_ARRAYAGG(JSON_OBJECT('name', CONSTRAINT_NAME, 'clause', CHECK_CLAUSE))
        FROM information_schema.TABLE_CONSTRAINTS NATURAL JOIN information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = t.TABLE_SCHEMA AND TABLE_NAME = t.TABLE_NAME AND CONSTRAINT_TYPE = 'CHECK')
    ))
    FROM information_schema.TABLES t
    WHERE t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
      AND t.TABLE_SCHEMA = COALESCE(DATABASE(), t.TABLE_SCHEMA)
      AND t.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys'))
) AS schemaplay_catalog;

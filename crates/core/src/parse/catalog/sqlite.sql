-- Schema Playground catalog query for SQLite (3.37 or later). Read-only: it only reads sqlite_schema
-- and the pragma_* table-valued functions: the main database's CREATE texts, and the columns, keys
-- and indexes of every table (attached databases included). Shadow tables of virtual tables are left out.
-- Run it in your own client (sqlite3 app.db < this.sql) and paste the single JSON value it returns.
SELECT json_object(
  'format', 'schemaplay-catalog',
  'version', 1,
  'engine', 'sqlite',
  'server_version', sqlite_version(),
  'objects', (
    SELECT json_group_array(json_object('type', s.type, 'name', s.name, 'table', s.tbl_name, 'sql', s.sql))
    FROM (SELECT * FROM sqlite_schema
          WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' AND sql IS NOT NULL
            AND name NOT IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow')
          ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid) s),
  'tables', (
    SELECT json_group_array(json_object(
      'schema', tl.schema, 'name', tl.name, 'type', tl.type, 'without_rowid', tl.wr, 'strict', tl.strict,
      'columns', json((SELECT json_group_array(json_object('name', x.name, 'type', x.type, 'not_null', x."notnull",
                                                           'default', x.dflt_value, 'pk', x.pk, 'hidden', x.hidden))
                       FROM (SELECT * FROM pragma_table_xinfo(tl.name, tl.schema) ORDER BY cid) x)),
      'foreign_keys', json((SELECT json_group_array(json_object('id', f.id, 'seq', f.seq, 'table', f."table", 'from', f."from",
                                                                'to', f."to", 'on_update', f.on_update, 'on_delete', f.on_delete))
                            FROM (SELECT * FROM pragma_foreign_key_list(tl.name, tl.schema) ORDER BY id, seq) f)),
      'indexes', json((SELECT json_group_array(json_object('name', il.name, 'unique', il."unique", 'origin', il.origin,
                                                           'partial', il.partial,
                         'columns', json((SELECT json_group_array(coalesce(ii.name, CASE ii.cid WHEN -1 THEN 'rowid' ELSE NULL END))
                                          FROM (SELECT * FROM pragma_index_info(il.name, tl.schema) ORDER BY seqno) ii))))
                       FROM (SELECT * FROM pragma_index_list(tl.name, tl.schema) ORDER BY name) il))))
    FROM (SELECT * FROM pragma_table_list ORDER BY schema <> 'main', schema, name) tl
    WHERE tl.type IN ('table', 'virtual') AND tl.name NOT LIKE 'sqlite\_%' ESCAPE '\')
) AS schemaplay_catalog;

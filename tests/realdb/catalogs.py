"""The real engines' catalogs read back in the `inspect --format json` shape: the catalog queries
(PostgreSQL, MariaDB's information_schema, SQLite's pragmas) and the pure functions that assemble
their rows (unit-tested in test_realdb.py). The engines that run them are in realdb.py."""
from __future__ import annotations

import re

import viewparts

# ---------------------------------------------------------------- PostgreSQL
PG_CATALOG_SQL = r"""
WITH t AS (
  SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relrowsecurity, c.relforcerowsecurity,
         c.relkind, c.relispartition, c.relpartbound
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT coalesce(json_agg(json_build_object(
  'schema', t.schema,
  'name', t.name,
  'partition_of', (SELECT json_build_object('schema', pn.nspname, 'name', pc.relname,
                                            'bound', pg_get_expr(t.relpartbound, t.oid))
                   FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
                   JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                   WHERE i.inhrelid = t.oid AND t.relispartition LIMIT 1),
  'partition_by', CASE WHEN t.relkind = 'p' THEN pg_get_partkeydef(t.oid) END,
  'rls_enabled', t.relrowsecurity,
  'rls_forced', t.relforcerowsecurity,
  'columns', (SELECT coalesce(json_agg(json_build_object(
                 'name', a.attname, 'nullable', NOT a.attnotnull,
                 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum), '[]')
              FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped),
  'primary_key', (SELECT json_build_object('name', co.conname, 'inherited', co.conparentid <> 0,
                     'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                                 FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum))
                  FROM pg_constraint co WHERE co.conrelid = t.oid AND co.contype = 'p'),
  'foreign_keys', (SELECT coalesce(json_agg(json_build_object(
                     'name', co.conname,
                     'inherited', co.conparentid <> 0,
                     'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                                 FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum),
                     'ref_schema', rn.nspname,
                     'ref_table', rc.relname,
                     'ref_columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                                     FROM unnest(co.confkey) WITH ORDINALITY k(attnum, ord)
                                     JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum),
                     'on_delete', CASE co.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
                                  WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END,
                     'on_update', CASE co.confupdtype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
                                  WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END,
                     'deferrable', co.condeferrable,
                     'validated', co.convalidated
                   ) ORDER BY co.conname), '[]')
                   FROM pg_constraint co JOIN pg_class rc ON rc.oid = co.confrelid
                   JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                   WHERE co.conrelid = t.oid AND co.contype = 'f'),
  'unique', (SELECT coalesce(json_agg(json_build_object(
               'name', co.conname, 'inherited', co.conparentid <> 0,
               'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                           FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
             ) ORDER BY co.conname), '[]')
             FROM pg_constraint co WHERE co.conrelid = t.oid AND co.contype = 'u'),
  'indexes', (SELECT coalesce(json_agg(json_build_object(
                'name', ic.relname, 'unique', ix.indisunique,
                'inherited', EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = ix.indexrelid),
                'method', am.amname,
                'definition', pg_get_indexdef(ix.indexrelid)
              ) ORDER BY ic.relname), '[]')
              FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
              JOIN pg_am am ON am.oid = ic.relam
              WHERE ix.indrelid = t.oid
                AND NOT EXISTS (SELECT 1 FROM pg_constraint co
                                WHERE co.conrelid = t.oid AND co.conindid = ix.indexrelid
                                  AND co.contype IN ('p', 'u', 'x'))),
  'exclusion_constraints', (SELECT coalesce(json_agg(co.conname ORDER BY co.conname), '[]')
                            FROM pg_constraint co WHERE co.conrelid = t.oid AND co.contype = 'x')
) ORDER BY t.schema, t.name), '[]')
FROM t;
"""


# ---------------------------------------------------------------- MariaDB
MY_TABLES_SQL = """SELECT JSON_OBJECT('db', TABLE_SCHEMA, 'name', TABLE_NAME, 'type', TABLE_TYPE, 'engine', ENGINE)
FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({dbs}) AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
ORDER BY TABLE_SCHEMA, TABLE_NAME;"""
MY_COLUMNS_SQL = """SELECT JSON_OBJECT('db', TABLE_SCHEMA, 'table', TABLE_NAME, 'name', COLUMN_NAME,
 'nullable', IS_NULLABLE = 'YES', 'type', COLUMN_TYPE, 'pos', ORDINAL_POSITION)
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ({dbs}) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION;"""
MY_STATS_SQL = """SELECT JSON_OBJECT('db', TABLE_SCHEMA, 'table', TABLE_NAME, 'name', INDEX_NAME,
 'non_unique', NON_UNIQUE, 'seq', SEQ_IN_INDEX, 'column', COLUMN_NAME, 'sub_part', SUB_PART, 'type', INDEX_TYPE)
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN ({dbs}) ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX;"""
MY_FK_SQL = """SELECT JSON_OBJECT('db', k.TABLE_SCHEMA, 'table', k.TABLE_NAME, 'name', k.CONSTRAINT_NAME,
 'column', k.COLUMN_NAME, 'pos', k.ORDINAL_POSITION, 'ref_db', k.REFERENCED_TABLE_SCHEMA,
 'ref_table', k.REFERENCED_TABLE_NAME, 'ref_column', k.REFERENCED_COLUMN_NAME,
 'on_update', r.UPDATE_RULE, 'on_delete', r.DELETE_RULE)
FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA IN ({dbs}) AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION;"""


def mysql_catalog(dbs_order: list[str], rows: dict[str, list[dict]]) -> dict:
    """Assemble information_schema rows into the inspect shape (pure; unit-tested)."""
    tables: dict[tuple, dict] = {}
    for r in rows["tables"]:
        t = {"schema": r["db"], "name": r["name"], "engine": r.get("engine"), "columns": [], "primary_key": None,
             "foreign_keys": [], "unique": [], "indexes": []}
        tables[(r["db"], r["name"])] = t
    for r in rows["columns"]:
        t = tables.get((r["db"], r["table"]))
        if t is not None:
            t["columns"].append({"name": r["name"], "nullable": bool(r["nullable"]), "type": r.get("type")})
    idx: dict[tuple, dict] = {}
    for r in rows["stats"]:
        key = (r["db"], r["table"], r["name"])
        i = idx.get(key)
        if i is None:
            i = idx[key] = {"name": r["name"], "unique": not int(r["non_unique"]), "columns": [],
                            "method": (r.get("type") or "").lower()}
        col = r.get("column") or ""
        if r.get("sub_part"):
            col = f"{col}({r['sub_part']})"
        i["columns"].append(col)
    fks: dict[tuple, dict] = {}
    for r in rows["fks"]:
        key = (r["db"], r["table"], r["name"])
        fk = fks.get(key)
        if fk is None:
            fk = fks[key] = {"name": r["name"], "columns": [], "ref_schema": r.get("ref_db"),
                             "ref_table": r["ref_table"], "ref_columns": [],
                             "on_delete": (r.get("on_delete") or "").lower(),
                             "on_update": (r.get("on_update") or "").lower()}
        fk["columns"].append(r["column"])
        fk["ref_columns"].append(r["ref_column"])
    for (db, tname, _), fk in fks.items():
        t = tables.get((db, tname))
        if t is not None:
            t["foreign_keys"].append(fk)
    for (db, tname, iname), i in idx.items():
        t = tables.get((db, tname))
        if t is None:
            continue
        if iname == "PRIMARY":
            t["primary_key"] = {"name": "PRIMARY", "columns": [re.sub(r"\(\d+\)$", "", c) for c in i["columns"]]}
            continue
        # the index InnoDB adds for a foreign key that has no usable index: named after the constraint
        # when it was named, else after the first column
        plain = [re.sub(r"\(\d+\)$", "", c) for c in i["columns"]]
        for fk in t["foreign_keys"]:
            if not i["unique"] and [c.lower() for c in plain] == [c.lower() for c in fk["columns"]] \
                    and iname in (fk["name"], fk["columns"][0]):
                i["implicit"] = True
        t["indexes"].append(i)
    out = []
    for db in dbs_order:
        for (d, _), t in sorted(tables.items()):
            if d == db:
                out.append(t)
    viewparts.mysql_partitions(tables, rows.get("partitions") or [])
    views = viewparts.mysql_views(dbs_order, rows.get("views") or [], rows["columns"])
    return {"dialect": "mysql", "tables": out, "views": views}


# ---------------------------------------------------------------- SQLite
SQLITE_CATALOG_SQL = """
SELECT json_group_array(json_object(
  'schema', tl.schema, 'name', tl.name, 'type', tl.type, 'without_rowid', tl.wr, 'strict', tl.strict,
  'sql', (SELECT sql FROM sqlite_schema s WHERE s.name = tl.name AND tl.schema = 'main'
          UNION ALL SELECT sql FROM sqlite_temp_schema s WHERE s.name = tl.name AND tl.schema = 'temp' LIMIT 1),
  'columns', (SELECT json_group_array(json_object('name', x.name, 'type', x.type, 'notnull', x."notnull",
                                                   'pk', x.pk, 'hidden', x.hidden))
              FROM (SELECT * FROM pragma_table_xinfo(tl.name, tl.schema) ORDER BY cid) x),
  'fks', (SELECT json_group_array(json_object('id', f.id, 'seq', f.seq, 'table', f."table", 'from', f."from",
                                               'to', f."to", 'on_update', f.on_update, 'on_delete', f.on_delete))
          FROM (SELECT * FROM pragma_foreign_key_list(tl.name, tl.schema) ORDER BY id, seq) f),
  'indexes', (SELECT json_group_array(json_object('name', il.name, 'unique', il."unique", 'origin', il.origin,
                                                   'partial', il.partial,
                 'columns', (SELECT json_group_array(coalesce(ii.name, CASE ii.cid WHEN -1 THEN 'rowid' ELSE '<expr>' END))
                             FROM (SELECT * FROM pragma_index_info(il.name, tl.schema) ORDER BY seqno) ii)))
              FROM (SELECT * FROM pragma_index_list(tl.name, tl.schema) ORDER BY name) il)
))
FROM (SELECT * FROM pragma_table_list ORDER BY schema, name) tl
WHERE tl.type IN ('table', 'virtual') AND tl.name NOT LIKE 'sqlite\\_%' ESCAPE '\\';
"""


def sqlite_catalog(raw: list[dict]) -> dict:
    """pragma rows -> inspect shape (pure; unit-tested)."""
    by_name = {(t["schema"], t["name"].lower()): t for t in raw}
    out = []
    for t in raw:
        cols = [c for c in t["columns"] if c.get("hidden") in (0, 2, 3)]
        pk_cols = sorted((c for c in cols if c["pk"]), key=lambda c: c["pk"])
        rowid_alias = None
        # A rowid alias has no index of its own: a single INTEGER PK column with a `pk` autoindex is
        # not one (`x INTEGER PRIMARY KEY DESC`, a documented SQLite quirk) and may hold NULL.
        has_pk_index = any(i.get("origin") == "pk" for i in t["indexes"])
        if not t.get("without_rowid") and t.get("type") == "table" and len(pk_cols) == 1 and not has_pk_index \
                and (pk_cols[0].get("type") or "").strip().upper() == "INTEGER":
            rowid_alias = pk_cols[0]["name"]
        tt = {
            "schema": t["schema"], "name": t["name"], "virtual": t.get("type") == "virtual",
            "without_rowid": bool(t.get("without_rowid")), "strict": bool(t.get("strict")),
            "columns": [{"name": c["name"], "type": c.get("type"),
                         "nullable": not (c["notnull"] or c["name"] == rowid_alias)} for c in cols],
            "primary_key": {"name": None, "columns": [c["name"] for c in pk_cols]} if pk_cols else None,
            "foreign_keys": [], "unique": [], "indexes": [],
        }
        fks: dict[int, dict] = {}
        for f in t["fks"]:
            fk = fks.get(f["id"])
            if fk is None:
                fk = fks[f["id"]] = {"name": None, "columns": [], "ref_schema": None, "ref_table": f["table"],
                                     "ref_columns": [], "on_delete": f["on_delete"].lower(),
                                     "on_update": f["on_update"].lower()}
            fk["columns"].append(f["from"])
            fk["ref_columns"].append(f["to"])
        for fk in sorted(fks.values(), key=lambda x: x["columns"]):
            if any(c is None for c in fk["ref_columns"]):  # REFERENCES parent (no columns): parent's PK
                parent = by_name.get((t["schema"], fk["ref_table"].lower())) or by_name.get(("main", fk["ref_table"].lower()))
                if parent is not None:
                    ppk = sorted((c for c in parent["columns"] if c["pk"]), key=lambda c: c["pk"])
                    fk["ref_columns"] = [c["name"] for c in ppk]
                else:
                    fk["ref_columns"] = []
            tt["foreign_keys"].append(fk)
        for i in t["indexes"]:
            if i["origin"] == "pk":
                continue
            if i["origin"] == "u":
                tt["unique"].append({"name": None, "columns": i["columns"]})
            else:
                tt["indexes"].append({"name": i["name"], "unique": bool(i["unique"]), "columns": i["columns"],
                                      "partial": bool(i["partial"])})
        out.append(tt)
    return {"dialect": "sqlite", "tables": out}

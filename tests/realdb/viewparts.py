"""Views and partitioning in the real catalogs, and as compared facts (issue 14).

Used by realdb.py (its engines read these from the catalog; `normalize_model` adds these facts), so
roundtrip.py and redump.py compare them too.

Facts (one key -> one value), on top of realdb.py's:

    view           (schema, view)   -> {materialized}
    view_columns   (schema, view)   -> {columns}   optional: only compared when the model states them
                                                   (a `SELECT *` view's columns are the engine's to name)
    view_reads     (schema, view)   -> {reads}     PostgreSQL only (pg_depend of the view's rewrite rule;
                                                   MariaDB 10.11 and SQLite keep no such list)
    partition_by   (schema, table)  -> {strategy, key[, partitions]}   the partitioned table; MySQL adds its
                                                   partitions' names and bounds (HASH/KEY: p0..pN-1)
    partition_of   (schema, table)  -> {parent, bound}                  a PostgreSQL partition

Normalisation (both sides): strategy lower case (`range`, `list columns`, `linear hash`, ...); a key part
or bound loses quotes, backticks, whitespace, `::type` casts and case; MySQL bounds are the partition's
description (`VALUES LESS THAN (2024)` -> `2024`, `MAXVALUE`, `'a','b'`); the parent is `schema.name`.
"""
from __future__ import annotations

import json
import re
import subprocess

# PostgreSQL: views and materialized views (not those of extensions), their columns, what they read.
PG_VIEWS_SQL = r"""
SELECT coalesce(json_agg(json_build_object(
  'schema', n.nspname, 'name', c.relname, 'materialized', c.relkind = 'm',
  'columns', (SELECT coalesce(json_agg(a.attname ORDER BY a.attnum), '[]')
              FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
  'reads', (SELECT coalesce(json_agg(DISTINCT jsonb_build_object('schema', rn.nspname, 'name', rc.relname)), '[]')
            FROM pg_rewrite rw
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid
            JOIN pg_class rc ON rc.oid = d.refobjid
            JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE rw.ev_class = c.oid)
) ORDER BY n.nspname, c.relname), '[]')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e');
"""

MY_VIEWS_SQL = """SELECT JSON_OBJECT('db', TABLE_SCHEMA, 'name', TABLE_NAME)
FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN ({dbs}) ORDER BY TABLE_SCHEMA, TABLE_NAME;"""

MY_PARTITIONS_SQL = """SELECT JSON_OBJECT('db', TABLE_SCHEMA, 'table', TABLE_NAME, 'name', PARTITION_NAME,
 'method', PARTITION_METHOD, 'expression', PARTITION_EXPRESSION, 'description', PARTITION_DESCRIPTION,
 'pos', PARTITION_ORDINAL_POSITION, 'sub', SUBPARTITION_METHOD, 'sub_expression', SUBPARTITION_EXPRESSION)
FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN ({dbs}) AND PARTITION_NAME IS NOT NULL
ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION;"""

SQLITE_VIEW_NAMES_SQL = ("SELECT json_group_array(json_object('schema', schema, 'name', name)) "
                         "FROM pragma_table_list WHERE type = 'view';")


def mysql_views(dbs_order: list[str], views: list[dict], columns: list[dict]) -> list[dict]:
    """information_schema rows -> [{schema, name, materialized, columns}] (pure)."""
    cols: dict[tuple, list] = {}
    for c in sorted(columns, key=lambda c: (c["db"], c["table"], c.get("pos") or 0)):
        cols.setdefault((c["db"], c["table"]), []).append(c["name"])
    out = []
    for db in dbs_order:
        for v in views:
            if v["db"] == db:
                out.append({"schema": db, "name": v["name"], "materialized": False,
                            "columns": cols.get((db, v["name"]), [])})
    return out


def mysql_partitions(tables: dict, rows: list[dict]) -> None:
    """Sets `partition_by` {strategy, key, partitions} on the tables of `mysql_catalog` (pure)."""
    for r in rows:
        t = tables.get((r["db"], r["table"]))
        if t is None:
            continue
        pb = t.get("partition_by")
        if pb is None:
            method = (r.get("method") or "").lower()
            expr = r.get("expression") or ""
            pb = t["partition_by"] = {"strategy": method, "key": split_top(expr), "partitions": []}
        if not any(p["name"] == r["name"] for p in pb["partitions"]):
            pb["partitions"].append({"name": r["name"], "bound": r.get("description") or ""})


def sqlite_views(dbfile: str) -> list[dict]:
    """Views of a SQLite database with their columns (a view over a missing table has none)."""
    r = subprocess.run(["sqlite3", "-batch", dbfile, SQLITE_VIEW_NAMES_SQL], capture_output=True, timeout=120)
    names = json.loads(r.stdout.decode("utf-8", "replace").strip() or "[]")
    out = []
    for v in names:
        if v["schema"] not in ("main", "temp"):
            continue
        q = (f"SELECT json_group_array(name) FROM (SELECT name FROM pragma_table_info("
             f"'{v['name'].replace(chr(39), chr(39) * 2)}', '{v['schema']}') ORDER BY cid);")
        c = subprocess.run(["sqlite3", "-batch", dbfile, q], capture_output=True, timeout=120)
        # a view over a missing table or an application function has no columns SQLite can tell
        cols = json.loads(c.stdout.decode("utf-8", "replace").strip() or "[]") if c.returncode == 0 else None
        out.append({"schema": v["schema"], "name": v["name"], "materialized": False, "columns": cols})
    return out


# ------------------------------------------------------------------------------------------------
# facts
# ------------------------------------------------------------------------------------------------
def split_top(s: str) -> list[str]:
    """`a, lower(b), c` -> ['a', 'lower(b)', 'c'] (commas outside parentheses and quotes)."""
    out, depth, cur, quote = [], 0, "", None
    for ch in s:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
            continue
        if ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def norm_expr(s) -> str:
    s = re.sub(r"::[\w ]+?(?=[),]|$)", "", str(s or ""))
    return re.sub(r"[\s\"`()]", "", s).lower()


def norm_bound_mysql(b: str) -> str:
    b = re.sub(r"^\s*VALUES\s+(LESS\s+THAN|IN)\s*", "", b or "", flags=re.I).strip()
    if b.startswith("(") and b.endswith(")"):
        b = b[1:-1]
    return re.sub(r"\s", "", b).lower()


def _strategy(pb: dict) -> str:
    s = (pb.get("strategy") or "").lower()
    if pb.get("linear") and not s.startswith("linear"):
        s = "linear " + s
    if pb.get("columns") and not s.endswith("columns"):
        s += " columns"
    return s


def partition_facts(f, t: dict, schema, name, dialect: str) -> None:
    pb = t.get("partition_by")
    if isinstance(pb, str):  # PostgreSQL catalog: pg_get_partkeydef `RANGE (logdate)`
        m = re.match(r"^\s*(\w+)\s*\((.*)\)\s*$", pb, re.S)
        pb = {"strategy": m.group(1), "key": split_top(m.group(2))} if m else {"strategy": pb, "key": []}
    if pb:
        v = {"strategy": _strategy(pb), "key": [norm_expr(k) for k in pb.get("key") or []]}
        if dialect == "mysql":
            parts = [(p["name"].lower(), norm_bound_mysql(p.get("bound"))) for p in pb.get("partitions") or []]
            if not parts and pb.get("count"):
                parts = [(f"p{i}", "") for i in range(int(pb["count"]))]
            v["partitions"] = parts
        f.put(("partition_by", schema, name), v)
    po = t.get("partition_of")
    if po:
        if isinstance(po, str):
            parent_schema, _, parent = po.rpartition(".")
            po = {"schema": parent_schema or None, "name": parent}
        ps = po.get("schema") or ("public" if dialect == "postgres" else None)
        f.put(("partition_of", schema, name), {"parent": f"{ps}.{po.get('name')}", "bound": norm_expr(po.get("bound"))})


def view_facts(f, views: list[dict], dialect: str, norm_schema) -> None:
    for v in views:
        schema = norm_schema(v.get("schema"), dialect)
        name = v.get("name")
        f.put(("view", schema, name), {"materialized": bool(v.get("materialized"))})
        cols = v.get("columns")
        if cols is not None:
            cc = [str(c).casefold() if dialect != "postgres" else str(c) for c in cols]
            f.put(("view_columns", schema, name), {"columns": cc}, optional=True)
        else:
            f.unknown.add(("view_columns", schema, name))
        reads = v.get("reads")
        if dialect == "postgres" and reads is not None:
            rs = sorted({f"{norm_schema(r.get('schema'), dialect)}.{r.get('name')}" for r in reads})
            f.put(("view_reads", schema, name), {"reads": rs})

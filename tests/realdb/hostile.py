#!/usr/bin/env python3
"""The hostile-value round trip on the real engines (issue 21; the list: tests/hostile/values.json).

For each source dialect S (postgres, mysql, sqlite) two scripts are written here — independently of
the engine's own quoting code — with every hostile value in every position S can hold:

  A (names)    CREATE TABLE <v> (id int PRIMARY KEY, <v> text)
  B (objects)  t_k: column c DEFAULT <v>; column e: an enum holding <v>, DEFAULT <v>; column d with
               CONSTRAINT <v> CHECK (d <> <v>); table and column comments <v>
               u_k: CONSTRAINT <v> FOREIGN KEY (t_id) REFERENCES t_k; w_k: CREATE INDEX <v> ON w_k (x)
               (apart: MySQL names an FK's own index after the constraint)

1. Each script runs on S's engine (without error) and its catalog holds every name and value: the
   scripts mean what they say.
2. `schemaplay generate --target sql --to T --dialect S` for every target T; the output runs on T's
   engine without any error, and T's catalog and behaviour give back every name and value T can hold,
   byte for byte:
     names      the catalog's table, column, index, CHECK and FOREIGN KEY names (SQLite stores no
                constraint names: not compared there);
     default    INSERT INTO t_k (id) VALUES (1) — the row read back holds <v> in c and e;
     CHECK      inserting d = <v> is refused, d = <v> || 'x' is accepted;
     enum       inserting e = <v> is accepted, e = 'zz_none' refused;
     comments   the catalog's table and column comments (PostgreSQL, MariaDB).

Run by tests/realdb/run.sh --hostile (servers up, SCHEMAPLAY set). Exit 1 on any difference.
`hostile.py --write DIR` only writes the scripts (DIR/{names,objects}_{dialect}.sql) and
DIR/expected.json (what each dialect holds), for tests/codegen/hostile.test.mjs; no servers needed.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import realdb  # noqa: E402

DIALECTS = ("postgres", "mysql", "sqlite")


def values() -> list[tuple[str, str]]:
    doc = json.loads((REPO / "tests" / "hostile" / "values.json").read_text(encoding="utf-8"))
    out = []
    for e in doc["values"]:
        v = e["value"] if "value" in e else e["repeat"] * e["count"]
        out.append((e["id"], v))
    return out


# ---------------------------------------------------------------- what each engine can hold
def clamp(d: str, v: str) -> str:
    if d == "postgres":
        b = v.encode("utf-8")[:63]
        return b.decode("utf-8", errors="ignore")
    if d == "mysql":
        return v[:64]
    return v


def name_in(d: str, v: str) -> str | None:
    v = clamp(d, v)
    if not v or "\0" in v:
        return None
    if d == "mysql" and (v.endswith(" ") or any(ord(c) > 0xFFFF for c in v)):
        return None
    return v


def value_in(d: str, v: str) -> bool:
    return (d == "mysql" or "\0" not in v) and len(v.encode("utf-8")) <= 1000


def enum_in(d: str, v: str) -> bool:
    if not value_in(d, v):
        return False
    if d == "postgres":
        return 0 < len(v.encode("utf-8")) <= 63
    if d == "mysql":
        return not v.endswith(" ") and len(v) <= 255 and "\0" not in v
    return True


def comment_in(d: str, v: str) -> bool:
    if d == "sqlite" or not v:
        return False  # SQLite has no comments; an empty comment is none (PostgreSQL drops it)
    # MariaDB keeps comments in utf8mb3 metadata: no characters outside the BMP
    return value_in(d, v) and (d != "mysql" or ("\0" not in v and len(v) <= 1024 and all(ord(c) <= 0xFFFF for c in v)))


# ---------------------------------------------------------------- writing SQL (independently)
def ident(d: str, v: str) -> str:
    q = "`" if d == "mysql" else '"'
    return q + v.replace(q, q + q) + q


def lit(d: str, v: str) -> str:
    if d == "mysql":
        return "'" + v.replace("\\", "\\\\").replace("'", "''").replace("\0", "\\0") + "'"
    return "'" + v.replace("'", "''") + "'"


def oneline_lit(d: str, v: str) -> str:
    """A literal of `v` without a raw line break (the checks run one statement per line)."""
    if d == "sqlite":
        return lit(d, v)
    esc = v.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    if d == "mysql":
        return "'" + esc.replace("\0", "\\0") + "'"
    return "E'" + esc + "'"


def script_names(d: str, vals) -> str:
    out = []
    for _, v in vals:
        n = name_in(d, v)
        if n is not None:
            out.append(f"CREATE TABLE {ident(d, n)} (id int PRIMARY KEY, {ident(d, n)} text);")
    return "\n".join(out) + "\n"


def script_objects(d: str, vals) -> str:
    out = []
    for k, (_, v) in enumerate(vals):
        n = name_in(d, v)
        named = n is not None
        cols = ["id int PRIMARY KEY"]
        L = lit(d, v)
        if value_in(d, v):
            cols.append(f"c varchar(2000) DEFAULT {L}" + (f" COMMENT {L}" if d == "mysql" and comment_in(d, v) else ""))
        if enum_in(d, v):
            vs = f"{L}, 'zz_other'"
            if d == "postgres":
                out.append(f"CREATE TYPE e_{k} AS ENUM ({vs});")
                cols.append(f"e e_{k} DEFAULT {L}")
            elif d == "mysql":
                cols.append(f"e enum({vs}) DEFAULT {L}")
            else:
                cols.append(f"e text DEFAULT {L} CHECK (e IN ({vs}))")
        if value_in(d, v):
            name = f"CONSTRAINT {ident(d, n)} " if named else ""
            cols.append(f"d varchar(2000), {name}CHECK (d <> {L})")
        opts = f" COMMENT={L}" if d == "mysql" and comment_in(d, v) else ""
        out.append(f"CREATE TABLE t_{k} ({', '.join(cols)}){opts};")
        if d == "postgres" and comment_in(d, v):
            out.append(f"COMMENT ON TABLE t_{k} IS {L};")
            if value_in(d, v):
                out.append(f"COMMENT ON COLUMN t_{k}.c IS {L};")
        if named:
            out.append(f"CREATE TABLE u_{k} (id int PRIMARY KEY, t_id int, CONSTRAINT {ident(d, n)} FOREIGN KEY (t_id) REFERENCES t_{k} (id));")
            out.append(f"CREATE TABLE w_{k} (id int PRIMARY KEY, x int);")
            out.append(f"CREATE INDEX {ident(d, n)} ON w_{k} (x);")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- engines
class Engine:
    """One database of a real engine: `run(sql)` → error text or None; `catalog()`; `insert()`."""


class Server(Engine):
    """A fresh database on one of realdb's servers (started once per engine and shared): what the
    two server engines have in common. A subclass names its server (`start`), the database's name
    and the statements that create and drop it (`NAME`, `CREATE`, `DROP`: formats of `pid`, `n` and
    `db`), its JSON object function (`OBJECT`) and how a value is read back as text (`AS_TEXT`)."""

    start = None
    server = None
    NAME = CREATE = DROP = OBJECT = AS_TEXT = ""

    def __init__(self, n: int):
        cls = type(self)
        if cls.server is None:
            cls.server = cls.start()
        self.db = self.NAME.format(pid=os.getpid(), n=n)
        cls.server.q(self.CREATE.format(db=self.db))

    def close(self):
        self.server.q(self.DROP.format(db=self.db))

    def json(self, sql: str):
        return json.loads(self.server.q(sql, self.db) or "null")

    def first_rows(self, wanted: dict[str, list[str]]) -> dict:
        obj = lambda pairs: f"{self.OBJECT}({', '.join(pairs)})"  # noqa: E731
        parts = [f"'{t}', (SELECT {obj(f'{q!r}, {q}{self.AS_TEXT}' for q in cols)} FROM {t} WHERE id = 1)" for t, cols in wanted.items()]
        return self.json(f"SELECT {obj(parts)}") if wanted else {}


class PG(Server):
    start = realdb.Postgres
    NAME = "hostile_{pid}_{n}"
    CREATE = 'CREATE DATABASE "{db}" TEMPLATE template0 ENCODING \'UTF8\''
    DROP = 'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'
    OBJECT, AS_TEXT = "json_build_object", "::text"

    def run(self, sql: str) -> str | None:
        r = realdb.psql_script(self.db, sql, self.server.env, stop=True)
        return None if r.returncode == 0 else realdb.dec(r.stderr)[-600:]

    def batch(self, stmts: list[str]) -> set[int]:
        """Runs one statement per line, going on after errors; the indexes of those refused."""
        r = realdb.psql_script(self.db, "\n".join(stmts) + "\n", self.server.env, stop=False)
        return {e["line"] - 1 for e in realdb.parse_psql_errors(realdb.dec(r.stderr)) if e["line"]}

    def catalog(self) -> dict:
        return self.json("""SELECT json_build_object(
  'tables', (SELECT coalesce(json_agg(json_build_object('name', c.relname, 'comment', obj_description(c.oid, 'pg_class'))), '[]')
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'),
  'columns', (SELECT coalesce(json_agg(json_build_object('table', c.relname, 'name', a.attname, 'comment', col_description(c.oid, a.attnum))), '[]')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped),
  'checks', (SELECT coalesce(json_agg(json_build_object('table', c.relname, 'name', k.conname)), '[]')
             FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c'),
  'fks', (SELECT coalesce(json_agg(json_build_object('table', c.relname, 'name', k.conname)), '[]')
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f'),
  'indexes', (SELECT coalesce(json_agg(json_build_object('table', t.relname, 'name', i.relname)), '[]')
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND NOT x.indisprimary))""")


class My(Server):
    start = realdb.MariaDB
    NAME = "hostile_{n}"
    CREATE = "CREATE DATABASE `{db}` CHARACTER SET utf8mb4"
    DROP = "DROP DATABASE IF EXISTS `{db}`"
    OBJECT = "JSON_OBJECT"

    def run(self, sql: str) -> str | None:
        # --binary-mode: the client would otherwise turn \r\n into \n inside quoted names and values
        r = subprocess.run(self.server.base + ["--binary-mode", f"--database={self.db}"], input=sql.encode(), capture_output=True, timeout=300)
        return None if r.returncode == 0 else realdb.dec(r.stderr)[-600:]

    def batch(self, stmts: list[str]) -> set[int]:
        """Runs one statement per line, going on after errors (--force); the indexes of those refused."""
        r = subprocess.run(self.server.base + ["--binary-mode", "--force", f"--database={self.db}"], input=("\n".join(stmts) + "\n").encode(), capture_output=True, timeout=300)
        return {int(m.group(1)) - 1 for m in re.finditer(r"^ERROR \d+ \(\w+\) at line (\d+)", realdb.dec(r.stderr), re.M)}

    def catalog(self) -> dict:
        s = "TABLE_SCHEMA = DATABASE()"
        return self.json(f"""SELECT JSON_OBJECT(
  'tables', (SELECT JSON_ARRAYAGG(JSON_OBJECT('name', TABLE_NAME, 'comment', TABLE_COMMENT)) FROM information_schema.TABLES WHERE {s}),
  'columns', (SELECT JSON_ARRAYAGG(JSON_OBJECT('table', TABLE_NAME, 'name', COLUMN_NAME, 'comment', COLUMN_COMMENT)) FROM information_schema.COLUMNS WHERE {s}),
  'checks', (SELECT JSON_ARRAYAGG(JSON_OBJECT('table', TABLE_NAME, 'name', CONSTRAINT_NAME)) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()),
  'fks', (SELECT JSON_ARRAYAGG(JSON_OBJECT('table', TABLE_NAME, 'name', CONSTRAINT_NAME)) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()),
  'indexes', (SELECT JSON_ARRAYAGG(JSON_OBJECT('table', TABLE_NAME, 'name', INDEX_NAME)) FROM information_schema.STATISTICS WHERE {s} AND INDEX_NAME <> 'PRIMARY'))""")



class Lite(Engine):
    """SQLite through Python's sqlite3 module (the sqlite3 shell turns \r\n into \n when it reads a
    script)."""

    def __init__(self, n: int):
        import sqlite3
        self.con = sqlite3.connect(":memory:", isolation_level=None)
        self.con.execute("PRAGMA foreign_keys = ON")

    def close(self):
        self.con.close()

    def run(self, sql: str) -> str | None:
        import sqlite3
        try:
            self.con.executescript(sql)
            bad = self.con.execute("PRAGMA foreign_key_check").fetchall()
            return f"foreign_key_check: {bad}" if bad else None
        except sqlite3.Error as e:
            return str(e)

    def rows(self, sql: str) -> list[dict]:
        cur = self.con.execute(sql)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def catalog(self) -> dict:
        tables = [t["name"] for t in self.rows("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        cols = self.rows("SELECT m.name AS \"table\", p.name AS name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table'")
        idx = self.rows("SELECT tbl_name AS \"table\", name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
        # SQLite stores no constraint names and no comments
        return {"tables": [{"name": t, "comment": None} for t in tables], "columns": cols, "checks": None, "fks": None, "indexes": idx}

    def batch(self, stmts: list[str]) -> set[int]:
        return {i for i, st in enumerate(stmts) if self.run(st)}

    def first_rows(self, wanted: dict[str, list[str]]) -> dict:
        out = {}
        for t, cols in wanted.items():
            rows = self.rows(f"SELECT {', '.join(cols)} FROM {t} WHERE id = 1")
            out[t] = rows[0] if rows else None
        return out


ENGINES = {"postgres": PG, "mysql": My, "sqlite": Lite}


# ---------------------------------------------------------------- checks
def check_names(eng, cat: dict, path: list[str], vals, what: str) -> list[str]:
    bad = []
    tables = {t["name"] for t in cat["tables"]}
    cols = {(c["table"], c["name"]) for c in cat["columns"]}
    for vid, v in vals:
        name = v
        for d in path:
            name = name_in(d, name) if name is not None else None
        if name is None:
            continue
        if name not in tables:
            bad.append(f"{what}: {vid}: no table named {name!r}")
        elif (name, name) not in cols:
            bad.append(f"{what}: {vid}: no column {name!r}")
    return bad


def holds(path: list[str], f, v) -> bool:
    return all(f(d, v) for d in path)


def check_objects(eng, cat: dict, path: list[str], vals, what: str) -> list[str]:
    bad = []
    target = path[-1]
    q = lambda v: oneline_lit(target, v)  # noqa: E731
    by = lambda key: None if cat[key] is None else {(x["table"], x["name"]) for x in cat[key]}  # noqa: E731
    checks, fks, idx = by("checks"), by("fks"), by("indexes")
    tcomments = {t["name"]: t.get("comment") for t in cat["tables"]}
    ccomments = {(c["table"], c["name"]): c.get("comment") for c in cat["columns"]}
    # the behaviour, in one batch: (statement, should it be accepted?, what it shows)
    stmts: list[tuple[str, bool, str, str]] = []
    wanted: dict[str, list[str]] = {}
    for k, (vid, v) in enumerate(vals):
        t = f"t_{k}"
        val, en = holds(path, value_in, v), holds(path, enum_in, v)
        if val or en:
            stmts.append((f"INSERT INTO {t} (id) VALUES (1);", True, vid, "insert of the defaults"))
            wanted[t] = [c for c, ok in (("c", val), ("e", en)) if ok]
        if val:
            stmts.append((f"INSERT INTO {t} (id, d) VALUES (2, {q(v)});", False, vid, "CHECK (d <> v) with d = v"))
            stmts.append((f"INSERT INTO {t} (id, d) VALUES (3, {q(v + 'x')});", True, vid, "CHECK (d <> v) with d = v || 'x'"))
        if en:
            stmts.append((f"INSERT INTO {t} (id, e) VALUES (4, {q(v)});", True, vid, "enum with e = v"))
            stmts.append((f"INSERT INTO {t} (id, e) VALUES (5, 'zz_none');", False, vid, "enum with e = 'zz_none'"))
    refused = eng.batch([st for st, _, _, _ in stmts])
    for i, (_, ok, vid, label) in enumerate(stmts):
        if ok == (i in refused):
            bad.append(f"{what}: {vid}: {label} was {'refused' if ok else 'accepted'}")
    rows = eng.first_rows(wanted)
    for k, (vid, v) in enumerate(vals):
        t = f"t_{k}"
        miss = lambda msg: bad.append(f"{what}: {vid}: {msg}")  # noqa: E731
        for c in wanted.get(t, []):
            got = (rows.get(t) or {}).get(c)
            if got != v:
                miss(f"{c} read back as {got!r}")
        name = v
        for d in path:
            name = name_in(d, name) if name is not None else None
        if holds(path, value_in, v) and name is not None and checks is not None and (t, name) not in checks:
            miss(f"no CHECK named {name!r} on {t}: {sorted(n for (tt, n) in checks if tt == t)}")
        if holds(path, comment_in, v):
            if tcomments.get(t) != v:
                miss(f"table comment {tcomments.get(t)!r}")
            if holds(path, value_in, v) and ccomments.get((t, "c")) != v:
                miss(f"column comment {ccomments.get((t, 'c'))!r}")
        if name is not None:
            u, w = f"u_{k}", f"w_{k}"
            if fks is not None and (u, name) not in fks:
                miss(f"no FK named {name!r} on {u}: {sorted(n for (tt, n) in fks if tt == u)}")
            if (w, name) not in idx:
                miss(f"no index named {name!r} on {w}: {sorted(n for (tt, n) in idx if tt == w)}")
    return bad


def generate(binary: str, src: str, source: str, target: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8", delete=False) as fh:
        fh.write(src)
        tmp = fh.name
    try:
        r = subprocess.run([binary, "generate", "--target", "sql", "--to", target, "--dialect", source, tmp], capture_output=True, timeout=120)
    finally:
        os.unlink(tmp)
    if r.returncode != 0:
        raise RuntimeError(f"generate --to {target} --dialect {source}: exit {r.returncode}: {realdb.dec(r.stderr)[:400]}")
    return realdb.dec(r.stdout)


def write_scripts(out: Path) -> int:
    """The scripts and, per dialect, the names / values / enum values / comments it holds."""
    vals = values()
    out.mkdir(parents=True, exist_ok=True)
    expected = {}
    for d in DIALECTS:
        (out / f"names_{d}.sql").write_text(script_names(d, vals), encoding="utf-8")
        (out / f"objects_{d}.sql").write_text(script_objects(d, vals), encoding="utf-8")
        expected[d] = [{"id": vid, "k": k, "name": name_in(d, v), "value": value_in(d, v), "enum": enum_in(d, v), "comment": comment_in(d, v)}
                       for k, (vid, v) in enumerate(vals)]
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=True), encoding="utf-8")
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        return write_scripts(Path(sys.argv[2]))
    binary = realdb.find_schemaplay()
    if not binary:
        print("hostile: schemaplay binary not found (set SCHEMAPLAY)", file=sys.stderr)
        return 2
    vals = values()
    bad: list[str] = []
    n = 0
    for s in DIALECTS:
        for kind, writer, check in (("names", script_names, check_names), ("objects", script_objects, check_objects)):
            src = writer(s, vals)
            runs = [(s, [s], src)] + [(t, [s, t], None) for t in DIALECTS]
            for target, path, sql in runs:
                what = f"{s} → {target} ({kind})" if len(path) > 1 else f"{s} source ({kind})"
                try:
                    sql = sql if sql is not None else generate(binary, src, s, target)
                except RuntimeError as e:
                    bad.append(f"{what}: {e}")
                    continue
                n += 1
                eng = ENGINES[target](n)
                try:
                    err = eng.run(sql)
                    if err:
                        bad.append(f"{what}: the engine refused the script: {err}")
                        continue
                    bad.extend(check(eng, eng.catalog(), path, vals, what))
                finally:
                    eng.close()
                print(f"[hostile] {what}: checked", file=sys.stderr)
    for b in bad:
        print(b)
    print(f"[hostile] {len(vals)} values, {n} scripts run; {len(bad)} differences", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Real-engine check of the migration plans of `schemaplay diff` (issue 8).

For every fixture tests/diff/fixtures/<name>/{old.sql,new.sql} (dialect from the name: pg_, mysql_,
sqlite_) and for both the safe (phased) and the direct plan:

1. load old.sql into a fresh database; apply the plan's phases in order -- transactional phases in one
   transaction (psql --single-transaction / BEGIN..COMMIT), the others statement by statement in
   autocommit -- stopping at the first error;
2. load new.sql into another fresh database and compare the two catalogs (tables, columns with type,
   nullability and default, primary keys, unique constraints, foreign keys, checks, indexes with their
   definition, enum types with their values, comments, RLS and policies; leftover views, triggers and
   functions count as differences);
3. run the plan's rollback SQL on the migrated database and compare it with old.sql loaded fresh.

A fixture may hold seed.sql (rows inserted after old.sql, so backfills, shadow columns and rebuilds
move real data) and after.sql (PostgreSQL: one query per line, each must return true after the plan).

Run through tests/realdb/run.sh --diff-plans (it starts throwaway PostgreSQL 15 / MariaDB servers).
Exit 0 when every plan applies and every catalog matches, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "diff" / "fixtures"
sys.path.insert(0, str(HERE))
from realdb import PG_CATALOG_SQL, HarnessError, pg_env  # noqa: E402  (the importer check's catalog query, psql's environment)


class Failed(Exception):
    pass


def run(cmd, *, input=None, env=None):
    return subprocess.run(cmd, input=input, env=env, capture_output=True, timeout=300)


def dialect_of(name: str) -> str:
    return {"pg": "postgres", "mysql": "mysql", "sqlite": "sqlite"}[name.split("_")[0]]


def plan_for(binary: str, dialect: str, old: Path, new: Path, direct: bool) -> dict:
    cmd = [binary, "diff", "--dialect", dialect, "--format", "json"] + (["--direct"] if direct else []) + [str(old), str(new)]
    r = run(cmd)
    if r.returncode != 0:
        raise Failed(f"schemaplay diff failed: {r.stderr.decode()[:500]}")
    return json.loads(r.stdout)


# ------------------------------------------------------------------------------------ PostgreSQL
PG_EXTRA_SQL = r"""
SELECT json_build_object(
 'enums', (SELECT coalesce(json_object_agg(n.nspname || '.' || t.typname,
             (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)), '{}')
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'),
 'checks', (SELECT coalesce(json_agg(c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
             ORDER BY 1), '[]') FROM pg_constraint c WHERE c.contype = 'c'),
 'constraints', (SELECT coalesce(json_agg(c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
             || CASE WHEN c.convalidated THEN '' ELSE ' [not validated]' END ORDER BY 1), '[]')
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.contype IN ('p', 'u', 'f', 'c')),
 'defaults', (SELECT coalesce(json_agg(a.attrelid::regclass::text || '.' || a.attname || ' = ' || pg_get_expr(d.adbin, d.adrelid)
             ORDER BY 1), '[]') FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
             JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')),
 'comments', (SELECT coalesce(json_agg(d.objoid::regclass::text || '.' || d.objsubid || ' ' || d.description ORDER BY 1), '[]')
             FROM pg_description d WHERE d.classoid = 'pg_class'::regclass
             AND d.objoid IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))),
 'policies', (SELECT coalesce(json_agg(p.schemaname || '.' || p.tablename || ' ' || p.policyname || ' ' || p.cmd || ' '
             || p.permissive || ' ' || coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '') ORDER BY 1), '[]') FROM pg_policies p),
 'views', (SELECT coalesce(json_agg(schemaname || '.' || viewname ORDER BY 1), '[]') FROM pg_views
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema')),
 'triggers', (SELECT coalesce(json_agg(tgrelid::regclass::text || ' ' || tgname ORDER BY 1), '[]') FROM pg_trigger WHERE NOT tgisinternal),
 'functions', (SELECT coalesce(json_agg(n.nspname || '.' || p.proname ORDER BY 1), '[]') FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')),
 'invalid_indexes', (SELECT coalesce(json_agg(indexrelid::regclass::text), '[]') FROM pg_index WHERE NOT indisvalid)
);
"""


class PG:
    def __init__(self):
        try:
            self.env = pg_env("run through tests/realdb/run.sh --diff-plans", "warning")
        except HarnessError as e:
            raise SystemExit(str(e)) from None
        self.n = 0

    def psql(self, db: str, sql: str, single: bool) -> None:
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db] + (["--single-transaction"] if single else []) + ["-f", "-"]
        r = run(cmd, input=sql.encode(), env=self.env)
        if r.returncode != 0:
            raise Failed(r.stderr.decode().strip()[:800])

    def q(self, db: str, sql: str) -> str:
        r = run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql], env=self.env)
        if r.returncode != 0:
            raise Failed(r.stderr.decode()[:500])
        return r.stdout.decode().strip()

    def fresh(self, sql: str | None) -> str:
        self.n += 1
        db = f"diffplan_{os.getpid()}_{self.n}"
        self.q("postgres", f'DROP DATABASE IF EXISTS "{db}"')
        self.q("postgres", f'CREATE DATABASE "{db}" TEMPLATE template0')
        if sql is not None:
            self.psql(db, sql, single=False)
        return db

    def drop(self, db: str):
        self.q("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

    def load_lenient(self, db: str, sql: str) -> None:
        """A migration file as its project runs it; statements the engine rejects are skipped."""
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=0", "-d", db, "-f", "-"], input=sql.encode(), env=self.env)

    def apply_phase(self, db: str, phase: dict):
        self.psql(db, phase["sql"], single=phase["transactional"])

    def apply_script(self, db: str, sql: str):
        self.psql(db, sql, single=False)

    def catalog(self, db: str) -> dict:
        tables = json.loads(self.q(db, PG_CATALOG_SQL) or "[]")
        for t in tables:
            t["columns"] = sorted(t["columns"], key=lambda c: c["name"])
            t.pop("partition_of", None)
        extra = json.loads(self.q(db, PG_EXTRA_SQL))
        for k, v in extra.items():
            if isinstance(v, list):
                extra[k] = sorted(v)
        return {"tables": tables, **extra}


# ------------------------------------------------------------------------------------ MariaDB
class My:
    def __init__(self):
        sock = os.environ.get("REALDB_MYSQL_SOCKET")
        if not sock:
            raise SystemExit("REALDB_MYSQL_SOCKET is not set (run through tests/realdb/run.sh --diff-plans)")
        self.base = ["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "--default-character-set=utf8mb4"]
        self.n = 0

    def sql(self, db: str | None, sql: str) -> str:
        r = run(self.base + ["-B", "-N", "-r"] + ([f"--database={db}"] if db else []), input=sql.encode())
        if r.returncode != 0:
            raise Failed(r.stderr.decode().strip()[:800])
        return r.stdout.decode()

    def fresh(self, text: str | None) -> str:
        self.n += 1
        db = f"diffplan_{os.getpid()}_{self.n}"
        self.sql(None, f"DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`;")
        if text is not None:
            self.sql(db, text)
        return db

    def drop(self, db: str):
        self.sql(None, f"DROP DATABASE IF EXISTS `{db}`;")

    def apply_phase(self, db: str, phase: dict):
        self.sql(db, phase["sql"])

    def apply_script(self, db: str, sql: str):
        self.sql(db, sql)

    def catalog(self, db: str) -> dict:
        def rows(q):
            return sorted(self.sql(None, q.replace("{db}", db)).splitlines())
        return {
            "columns": rows("SELECT CONCAT_WS(' ', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '-'), EXTRA) "
                            "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}'"),
            "indexes": rows("SELECT CONCAT_WS(' ', TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, INDEX_TYPE) "
                            "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}'"),
            "fks": rows("SELECT CONCAT_WS(' ', k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
                        "k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE) FROM information_schema.KEY_COLUMN_USAGE k "
                        "JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
                        "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = '{db}'"),
            "checks": rows("SELECT CONCAT_WS(' ', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE) FROM information_schema.CHECK_CONSTRAINTS "
                           "WHERE CONSTRAINT_SCHEMA = '{db}'"),
            "tables": rows("SELECT CONCAT_WS(' ', TABLE_NAME, TABLE_TYPE, TABLE_COMMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}'"),
        }


# ------------------------------------------------------------------------------------ SQLite
class Lite:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="diffplan-")
        self.n = 0

    def script(self, db: str, sql: str):
        r = run(["sqlite3", "-bail", db], input=sql.encode())
        if r.returncode != 0 or r.stderr.strip():
            raise Failed((r.stderr or r.stdout).decode().strip()[:800])
        return r.stdout.decode()

    def fresh(self, text: str | None) -> str:
        self.n += 1
        db = os.path.join(self.tmp, f"db{self.n}.sqlite")
        if os.path.exists(db):
            os.unlink(db)
        if text is not None:
            self.script(db, text)
        return db

    def drop(self, db: str):
        if os.path.exists(db):
            os.unlink(db)

    def apply_phase(self, db: str, phase: dict):
        sql = phase["sql"]
        out = self.script(db, f"BEGIN;\n{sql}\nCOMMIT;\n" if phase["transactional"] else sql)
        if out.strip():
            # PRAGMA foreign_key_check prints violations
            raise Failed(f"foreign_key_check reported: {out.strip()[:300]}")

    def apply_script(self, db: str, sql: str):
        out = self.script(db, sql)
        if out.strip():
            raise Failed(f"foreign_key_check reported: {out.strip()[:300]}")

    def catalog(self, db: str) -> dict:
        con = sqlite3.connect(db)
        try:
            out = {}
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
                info = list(con.execute(f'PRAGMA table_info("{name}")'))
                # a rowid alias (the only PK column, type INTEGER) can never hold NULL, whatever notnull says
                pks = [r for r in info if r[5]]
                alias = pks[0][1] if len(pks) == 1 and pks[0][2].lower() == "integer" else None
                cols = sorted((r[1], r[2].lower(), 1 if r[1] == alias else r[3], r[4], r[5]) for r in info)
                fks = sorted((r[2], r[3], r[4], r[5], r[6]) for r in con.execute(f'PRAGMA foreign_key_list("{name}")'))
                idx = []
                for r in con.execute(f'PRAGMA index_list("{name}")'):
                    iname = r[1] if not r[1].startswith("sqlite_autoindex") else "(auto)"
                    icols = [c[2] for c in con.execute(f'PRAGMA index_info("{r[1]}")')]
                    idx.append((iname, r[2], r[3], icols))
                out[name] = {"columns": cols, "fks": fks, "indexes": sorted(idx, key=str)}
            out["__views_triggers"] = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('view', 'trigger')"))
            return out
        finally:
            con.close()


def diff_dicts(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{path}/{k}: only in expected: {json.dumps(b[k])[:200]}")
            elif k not in b:
                out.append(f"{path}/{k}: only after the plan: {json.dumps(a[k])[:200]}")
            else:
                out += diff_dicts(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(x, dict) and "name" in x for x in a + b):
        return diff_dicts({x["name"]: x for x in a}, {x["name"]: x for x in b}, path)
    if a != b:
        return [f"{path}: after the plan {json.dumps(a)[:300]} / expected {json.dumps(b)[:300]}"]
    return []


def check(engine, name: str, old_sql: str, new_sql: str, plan: dict, label: str, seed: str | None = None,
          after: str | None = None) -> list[str]:
    problems = []
    dbs = []
    try:
        db = engine.fresh(old_sql)
        dbs.append(db)
        if seed:
            engine.apply_script(db, seed)
        for i, ph in enumerate(plan["phases"]):
            try:
                engine.apply_phase(db, ph)
            except Failed as e:
                return [f"{label}: phase {i + 1} ({ph['title']}) failed: {e}"]
        if after and isinstance(engine, PG):
            # data checks: every query must return true
            for qline in [x.strip() for x in after.splitlines() if x.strip() and not x.startswith("--")]:
                got = engine.q(db, qline)
                if got != "t":
                    problems.append(f"{label}: data check failed ({got!r}): {qline}")
        want = engine.fresh(new_sql)
        dbs.append(want)
        problems += [f"{label} up: {p}" for p in diff_dicts(engine.catalog(db), engine.catalog(want))]
        try:
            engine.apply_script(db, plan["down"])
        except Failed as e:
            return problems + [f"{label}: rollback failed: {e}"]
        base = engine.fresh(old_sql)
        dbs.append(base)
        problems += [f"{label} down: {p}" for p in diff_dicts(engine.catalog(db), engine.catalog(base))]
    finally:
        for d in dbs:
            try:
                engine.drop(d)
            except Failed:
                pass
    return problems


# ------------------------------------------------------------------------------------ replaying real histories
def corpus_dir() -> Path:
    return Path(os.environ.get("REALDB_CORPUS") or (REPO.parent / "shared" / "corpus"))


def replay(engine: PG, binary: str, set_name: str, limit: int | None, direct: bool) -> tuple[int, int, list[str]]:
    """A real migration history (PostgreSQL): for each step k the database after migrations 1..k is the
    baseline; the plan of `schemaplay diff (1..k) (1..k+1)` applied to a copy of it must reach the
    catalog of the database after migration k+1 (tables, columns, keys, indexes, enums, constraints:
    what the schema model covers -- functions, triggers, views, comments and grants are not compared).
    Returns (steps checked, steps ok, problems)."""
    root = corpus_dir() / "migrations" / set_name
    files = sorted(p for p in root.rglob("*.sql") if "down" not in p.name)
    if limit:
        files = files[: limit + 1]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    cur = engine.fresh("")
    problems: list[str] = []
    ok = 0
    checked = 0
    tmp = Path(tempfile.mkdtemp(prefix="diffreplay-"))
    try:
        engine.load_lenient(cur, texts[0])
        for k in range(1, len(texts)):
            # a file's last statement need not end with ';' (its tool ran each file on its own)
            old_text = "\n;\n".join(texts[:k])
            new_text = "\n;\n".join(texts[: k + 1])
            (tmp / "old.sql").write_text(old_text)
            (tmp / "new.sql").write_text(new_text)
            clone = f"{cur}_c{k}"
            engine.q("postgres", f'CREATE DATABASE "{clone}" TEMPLATE "{cur}"')
            engine.load_lenient(cur, texts[k])
            step = f"{set_name} step {k + 1} ({files[k].relative_to(root)})"
            try:
                plan = plan_for(binary, "postgres", tmp / "old.sql", tmp / "new.sql", direct)
                checked += 1
                try:
                    for i, ph in enumerate(plan["phases"]):
                        engine.apply_phase(clone, ph)
                except Failed as e:
                    problems.append(f"{step}: phase {i + 1} failed: {str(e)[:300]}")
                    print(f"    {problems[-1]}", flush=True)
                    continue
                a, b = engine.catalog(clone), engine.catalog(cur)
                keep = ("tables", "enums", "constraints", "invalid_indexes")
                diffs = diff_dicts({k2: a[k2] for k2 in keep}, {k2: b[k2] for k2 in keep})
                if diffs:
                    problems.append(f"{step}: catalog differs: " + " | ".join(diffs[:4]))
                    print(f"    {problems[-1][:600]}", flush=True)
                else:
                    ok += 1
            finally:
                engine.drop(clone)
    finally:
        engine.drop(cur)
    return checked, ok, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="fixture names (default: all)")
    ap.add_argument("--dialect", choices=["postgres", "mysql", "sqlite"], action="append")
    ap.add_argument("--replay", action="append", help="a PostgreSQL migration history under corpus/migrations to replay step by step")
    ap.add_argument("--limit", type=int, help="--replay: at most this many steps")
    ap.add_argument("--direct", action="store_true", help="--replay: direct plans instead of safe ones")
    args = ap.parse_args()
    binary = os.environ.get("SCHEMAPLAY") or str(REPO / "target" / "debug" / "schemaplay")
    if args.replay:
        pg = PG()
        bad = 0
        for name in args.replay:
            checked, ok, problems = replay(pg, binary, name, args.limit, args.direct)
            print(f"[diff-plans] replay {name}: {ok}/{checked} steps reach the real catalog")
            bad += checked - ok
        return 1 if bad else 0
    engines = {}
    failures = 0
    total = 0
    for fx in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        if args.names and fx.name not in args.names:
            continue
        d = dialect_of(fx.name)
        if args.dialect and d not in args.dialect:
            continue
        if d not in engines:
            engines[d] = {"postgres": PG, "mysql": My, "sqlite": Lite}[d]()
        old_sql = (fx / "old.sql").read_text()
        new_sql = (fx / "new.sql").read_text()
        for direct in (False, True):
            label = f"{fx.name} ({'direct' if direct else 'safe'})"
            total += 1
            try:
                plan = plan_for(binary, d, fx / "old.sql", fx / "new.sql", direct)
                seed = (fx / "seed.sql").read_text() if (fx / "seed.sql").exists() else None
                after = (fx / "after.sql").read_text() if (fx / "after.sql").exists() else None
                problems = check(engines[d], fx.name, old_sql, new_sql, plan, label, seed, after)
            except Failed as e:
                problems = [f"{label}: {e}"]
            if problems:
                failures += 1
                print(f"FAIL {label}")
                for p in problems[:15]:
                    print(f"    {p}")
            else:
                print(f"ok   {label}: {len(plan['phases'])} phase(s) applied, catalog = new.sql; rollback catalog = old.sql")
    print(f"[diff-plans] {total - failures}/{total} plans apply cleanly and reach the expected catalog")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

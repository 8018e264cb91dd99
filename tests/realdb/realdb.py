#!/usr/bin/env python3
"""Real-database check of the DDL importer (issue 3).

For each corpus / fixture file of a dialect (postgres, mysql, sqlite):

1. load it into a FRESH database of the real engine (PostgreSQL 15, MariaDB, sqlite3 CLI), recording
   every statement the engine rejects (line + message) instead of skipping the file;
2. read the real catalog back and express it in the `inspect --format json` shape of ../shared/DESIGN.md
   (the subset of facts listed below);
3. run `schemaplay inspect --dialect D --format json FILE`, normalize both sides to the same fact set
   and compare them fact by fact.

Facts compared (one fact = one key + one value):

    table   (schema, table)            -> postgres: {rls_enabled, rls_forced}; others: {}
    column  (schema, table, column)    -> {nullable}
    pk      (schema, table)            -> postgres: {name, columns}; mysql/sqlite: {columns}
    fk      (schema, table, name)      -> {columns, ref_schema, ref_table, ref_columns, on_delete, on_update}
                                          sqlite (FKs have no stored name): key (schema, table, columns)
    unique  (schema, table, name)      -> {columns}     sqlite (no stored name): key (schema, table, columns)
    index   (schema, table, name)      -> {unique}

Normalization rules (applied to both sides, see `normalize_model`):

* postgres: a null schema / ref_schema means `public` (the default search path).
* mysql: the schema (database) is dropped -- the harness loads every file into its own database and some
  files `CREATE DATABASE x; USE x`; which database a table lands in is not a fact of the DDL model.
* sqlite: schema `main` (or null) becomes null, `temp` stays `temp` (CREATE TEMP TABLE).
* on_delete / on_update: lower case, null/absent -> `no action`.  mysql: `restrict` and `no action` are
  the same fact: InnoDB implements them identically and MariaDB records an *absent* clause as RESTRICT
  while ../shared/DESIGN.md says an absent clause is `no action`.
* mysql has no unique constraint separate from a unique index: every unique key (UNIQUE KEY, inline
  UNIQUE, CONSTRAINT x UNIQUE, CREATE UNIQUE INDEX) is one `unique` fact keyed by its index name, whether
  the model lists it under `unique` or under `indexes` with `unique: true`.  `index` facts are the
  non-unique keys only.  The primary key's name (always PRIMARY) is not compared.
* sqlite: constraint names are not stored by the engine, so FKs and UNIQUE constraints are keyed by
  their columns; a rowid alias (`INTEGER PRIMARY KEY` of a rowid table with no `pk` autoindex; the
  engine keeps one for `INTEGER PRIMARY KEY DESC`, which is not an alias) is NOT NULL (the engine reports
  notnull=0 but it can never hold NULL); `sqlite_autoindex_*` indexes are the UNIQUE/PK constraints.
* column lists: mysql/sqlite compare column names case-insensitively (those engines do), postgres exactly.

Optional facts: things the engine derives by itself and a DDL model need not restate -- indexes, PKs,
UNIQUE and FK constraints a PostgreSQL partition inherits from its partitioned parent, and the index
InnoDB creates for a foreign key that has no usable index.  If the model states them they must match;
if it does not, they are not counted.

Exit status: 0 when every file whose facts differ is listed in known_gaps.txt, 1 otherwise, 2 on a
harness error.  `--catalog-only` only loads files and dumps the real catalog (no schemaplay needed).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import viewparts  # noqa: E402  (views and partitions: catalog queries and facts)
# The fact model and the catalogs' shapes live in their own modules; their names stay importable
# from here (realdb.Facts, realdb.mysql_catalog, …) for the other layers and the unit tests.
from facts import *  # noqa: E402,F401,F403
from catalogs import *  # noqa: E402,F401,F403
DIALECTS = ("postgres", "mysql", "sqlite")
FIXTURES = HERE / "fixtures"
KNOWN_GAPS = HERE / "known_gaps.txt"
LOAD_TIMEOUT = 300
INSPECT_TIMEOUT = 120


def corpus_dir() -> Path:
    return Path(os.environ.get("REALDB_CORPUS") or (REPO.parent / "shared" / "corpus"))


# ------------------------------------------------------------------------------------------------
# files
# ------------------------------------------------------------------------------------------------
@dataclass
class Item:
    path: Path      # absolute
    display: str    # path as written in reports and known_gaps.txt (relative to the repo root)
    dialect: str


def display_path(p: Path) -> str:
    p = p.resolve()
    try:
        return p.relative_to(REPO).as_posix()
    except ValueError:
        pass
    try:  # ../shared/corpus/...
        return Path(os.path.relpath(p, REPO)).as_posix()
    except ValueError:
        return p.as_posix()


def dialect_of(p: Path) -> str | None:
    parts = p.resolve().parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in DIALECTS and i > 0 and parts[i - 1] in ("corpus", "fixtures"):
            return parts[i]
    for d in DIALECTS:
        if d in parts:
            return d
    return None


def discover(args: list[str], dialect: str | None = None) -> list[Item]:
    files: list[Path] = []
    if args:
        for a in args:
            p = Path(a)
            if p.is_dir():
                files += sorted(x for x in p.rglob("*") if x.is_file())
            else:
                files.append(p)
    else:
        for root in (corpus_dir(), FIXTURES):
            for d in DIALECTS:
                if (root / d).is_dir():
                    files += sorted(x for x in (root / d).rglob("*") if x.is_file())
    items = []
    for f in files:
        d = dialect or dialect_of(f)
        if d is None:
            raise SystemExit(f"realdb: cannot tell the dialect of {f} (pass --dialect)")
        items.append(Item(f.resolve(), display_path(f), d))
    return items


def load_known_gaps(path: Path = KNOWN_GAPS) -> dict[str, str]:
    """`path  reason` per line; `#` starts a comment line; the path may be a glob."""
    gaps: dict[str, str] = {}
    if not path.exists():
        return gaps
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        gaps[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    return gaps


def gap_reason(display: str, gaps: dict[str, str]) -> str | None:
    for pat, reason in gaps.items():
        if display == pat or fnmatch.fnmatchcase(display, pat):
            return reason or "(no reason given)"
    return None


# ------------------------------------------------------------------------------------------------
# engines
# ------------------------------------------------------------------------------------------------
def run(cmd, *, input=None, env=None, timeout=LOAD_TIMEOUT, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, input=input, capture_output=True, env=env, timeout=timeout, cwd=cwd)


def dec(b: bytes) -> str:
    return b.decode("utf-8", errors="replace")


class HarnessError(Exception):
    pass


def write_report(path, doc) -> None:
    """Every harness's --report FILE: `doc` as JSON (indent 1, UTF-8 kept as written, final newline)."""
    Path(path).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def finish(report_path, doc: dict, results: list[dict], new, stale) -> int:
    """The end of a layer compared against its list of known differences: the JSON report (when
    asked for), then the exit code: 2 when the harness itself failed on a file, 1 when a difference
    is new or a listed one no longer occurs, else 0."""
    if report_path:
        write_report(report_path, doc)
    if any(r.get("error") == "harness error" for r in results):
        return 2
    return 1 if new or stale else 0


def after_load(db, after, then_sql, client: list[str], env=None):
    """What every engine's `load` does once the file is in: `after(db)`, then `then_sql` — a
    function of `db` (its answer), or SQL piped to the `client` command (its output, or `ERROR: …`
    with the start of its stderr); None without `then_sql`."""
    if after:
        after(db)
    if callable(then_sql):
        return then_sql(db)
    if then_sql is None:
        return None
    rt = run(client, input=then_sql.encode(), env=env)
    return dec(rt.stdout) if rt.returncode == 0 else f"ERROR: {dec(rt.stderr)[:500]}"


def pg_env(how: str, min_messages: str = "error") -> dict:
    """The environment every harness runs psql with: the server run.sh started (REALDB_PG_HOST,
    _PORT, _USER), database postgres, UTF-8, no psqlrc, server messages below `min_messages` hidden.
    `how` says how to start the servers for this harness."""
    host = os.environ.get("REALDB_PG_HOST")
    if not host:
        raise HarnessError(f"REALDB_PG_HOST is not set ({how})")
    return dict(os.environ, PGHOST=host, PGPORT=os.environ.get("REALDB_PG_PORT", "5432"),
                PGUSER=os.environ.get("REALDB_PG_USER", "postgres"), PGDATABASE="postgres",
                PGCLIENTENCODING="UTF8", PGOPTIONS=f"-c client_min_messages={min_messages}", PSQLRC="/dev/null")


# ---------------------------------------------------------------- PostgreSQL

PG_ROLE_WORDS = {"public", "current_user", "session_user", "current_role", "none", "to", "from", "with",
                 "group", "role", "user", "all", "cascade", "restrict", "granted", "by"}
IDENT = r'(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)'


def _unquote(ident: str) -> str:
    if ident.startswith('"'):
        return ident[1:-1].replace('""', '"')
    return ident.lower()


def pg_roles_referenced(text: str) -> tuple[set[str], set[str]]:
    """Roles a script refers to (OWNER TO, AUTHORIZATION, GRANT ... TO, POLICY ... TO, FOR ROLE,
    REVOKE ... FROM) and roles it creates itself."""
    refs: set[str] = set()
    created: set[str] = set()
    body = re.sub(r"--[^\n]*", "", text)
    for m in re.finditer(r"\bOWNER\s+TO\s+(" + IDENT + ")", body, re.I):
        refs.add(_unquote(m.group(1)))
    for m in re.finditer(r"\bAUTHORIZATION\s+(" + IDENT + ")", body, re.I):
        refs.add(_unquote(m.group(1)))
    for m in re.finditer(r"\bFOR\s+(?:ROLE|USER)\s+(" + IDENT + r"(?:\s*,\s*" + IDENT + ")*)", body, re.I):
        refs.update(_unquote(x) for x in re.findall(IDENT, m.group(1)))
    for m in re.finditer(r"\b(?:GRANT|REVOKE)\b[^;]*?\b(?:TO|FROM)\s+((?:GROUP\s+)?" + IDENT
                         + r"(?:\s*,\s*" + IDENT + r")*)\s*(?:;|WITH\b|GRANTED\b|CASCADE\b|RESTRICT\b)",
                         body, re.I | re.S):
        refs.update(_unquote(x) for x in re.findall(IDENT, m.group(1)))
    for m in re.finditer(r"\bCREATE\s+POLICY\b[^;]*?\bTO\s+(" + IDENT + r"(?:\s*,\s*" + IDENT + r")*)",
                         body, re.I | re.S):
        refs.update(_unquote(x) for x in re.findall(IDENT, m.group(1)))
    for m in re.finditer(r"\bCREATE\s+(?:ROLE|USER|GROUP)\s+(?:IF\s+NOT\s+EXISTS\s+)?(" + IDENT + ")", body, re.I):
        created.add(_unquote(m.group(1)))
    refs = {r for r in refs if r.lower() not in PG_ROLE_WORDS and not r.startswith("pg_")}
    return refs - created, created


PSQL_MSG = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+): (?P<sev>ERROR|FATAL|WARNING|error|invalid command[^\n]*)"
                      r":?\s*(?P<msg>.*)$")


def neutralize_on_error_stop(text: str) -> str:
    return re.sub(r"(?im)^([ \t]*\\set[ \t]+ON_ERROR_STOP\b)", r"-- (realdb) \1", text)


def psql_script(db: str, text: str, env: dict, *, stop: bool, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Runs `text` as a psql script in database `db`: up to its first error with `stop`
    (ON_ERROR_STOP=1), else every statement. From a file, so psql's messages name its lines
    (`psql:FILE:LINE:`, read by `parse_psql_errors`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", prefix="realdb-", encoding="utf-8", delete=False) as fh:
        fh.write(text)
        tmp = fh.name
    try:
        return run(["psql", "-X", "-q", "-v", f"ON_ERROR_STOP={1 if stop else 0}", "-d", db, "-f", tmp], env=env, cwd=cwd)
    finally:
        os.unlink(tmp)


def parse_psql_errors(stderr: str) -> list[dict]:
    """`psql:FILE:LINE: ERROR:  msg` (+ DETAIL/HINT lines) -> [{line, message}]; warnings/notices dropped."""
    errors: list[dict] = []
    last_is_error = False
    for line in stderr.splitlines():
        m = PSQL_MSG.match(line)
        if m:
            sev = m.group("sev")
            last_is_error = sev != "WARNING"
            if not last_is_error:
                continue
            msg = m.group("msg") if sev in ("ERROR", "FATAL", "error") else sev
            errors.append({"line": int(m.group("line")), "message": msg.strip()})
        elif line.startswith(("DETAIL:", "HINT:")):
            if last_is_error and errors:
                errors[-1]["message"] += " | " + line.strip()
        elif line.startswith(("psql:", "FATAL", "could not", "connection")):
            last_is_error = True
            errors.append({"line": None, "message": line.strip()})
    return errors


PRELUDES = HERE / "preludes.txt"


def preludes_for(item: Item) -> list[Path]:
    """preludes.txt: `FILE  PRELUDE...` (FILE as in reports, PRELUDE relative to tests/realdb)."""
    if not PRELUDES.exists():
        return []
    out: list[Path] = []
    for raw in PRELUDES.read_text(encoding="utf-8").splitlines():
        parts = raw.split("#", 1)[0].split()
        if len(parts) >= 2 and (parts[0] == item.display or fnmatch.fnmatchcase(item.display, parts[0])):
            out += [HERE / p for p in parts[1:]]
    return out


class Postgres:
    dialect = "postgres"

    def __init__(self):
        self.env = pg_env("start the servers with tests/realdb/run.sh")
        self.n = 0
        self.base_dbs = set(self.q("SELECT datname FROM pg_database").split("\n"))
        self.base_roles = set(self.q("SELECT rolname FROM pg_roles").split("\n"))

    def q(self, sql: str, db: str = "postgres") -> str:
        r = run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql], env=self.env)
        if r.returncode != 0:
            raise HarnessError(f"psql failed: {dec(r.stderr)[:500]}")
        return dec(r.stdout).rstrip("\n")

    def psql_file(self, db: str, path: Path, text: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Run a script with ON_ERROR_STOP off (a script's own `\\set ON_ERROR_STOP 1` is neutralized,
        keeping line numbers), from the script's folder so `\\i` works."""
        return psql_script(db, neutralize_on_error_stop(text), self.env, stop=False, cwd=str(cwd or path.parent))

    def load(self, item: Item, after=None, then_sql=None) -> dict:
        """Loads `item` into a fresh database. `after(db)`, when given, runs once the catalog is read,
        before the database is dropped (redump.py dumps it there). `then_sql` (if given) runs in it
        afterwards and its output comes back as `then_output` (readers.py runs the catalog query that
        way); a callable is called with the database's name (SQLite: its file) and its result returned
        the same way."""
        self.n += 1
        db = f"realdb_{self.n}"
        text = item.path.read_text(encoding="utf-8", errors="replace")
        self.q(f'CREATE DATABASE "{db}" TEMPLATE template0 ENCODING \'UTF8\' LC_COLLATE \'C.UTF-8\' LC_CTYPE \'C.UTF-8\'')
        refs, _ = pg_roles_referenced(text)
        existing = set(self.q("SELECT rolname FROM pg_roles").split("\n"))
        made_roles = sorted(refs - existing)
        for r in made_roles:
            ident = '"' + r.replace('"', '""') + '"'
            self.q(f"CREATE ROLE {ident}")
        try:
            prelude_errors = []
            for pre in preludes_for(item):
                # run from the corpus file's folder, so the prelude can `\i` its siblings
                pr = self.psql_file(db, pre, pre.read_text(encoding="utf-8", errors="replace"), cwd=item.path.parent)
                prelude_errors += [{"prelude": display_path(pre), **e} for e in parse_psql_errors(dec(pr.stderr))]
            t0 = time.monotonic()
            r = self.psql_file(db, item.path, text)
            secs = time.monotonic() - t0
            errors = parse_psql_errors(dec(r.stderr))
            dbs = [d for d in self.q("SELECT datname FROM pg_database").split("\n") if d not in self.base_dbs]
            tables, views = [], []
            for d in [db] + sorted(x for x in dbs if x != db):
                out = self.q(PG_CATALOG_SQL, db=d)
                for t in json.loads(out or "[]"):
                    if d != db:
                        t["database"] = d
                    tables.append(t)
                for v in json.loads(self.q(viewparts.PG_VIEWS_SQL, db=d) or "[]"):
                    views.append(v)
            then = after_load(db, after, then_sql, ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], self.env)
            return {"errors": errors, "load_seconds": round(secs, 3), "exit": r.returncode,
                    "roles_created": made_roles, "prelude_errors": prelude_errors,
                    "catalog": {"dialect": "postgres", "tables": tables, "views": views}, "then_output": then}
        finally:
            for d in self.q("SELECT datname FROM pg_database").split("\n"):
                if d not in self.base_dbs:
                    self.q(f'DROP DATABASE IF EXISTS "{d}" WITH (FORCE)')
            for role in self.q("SELECT rolname FROM pg_roles").split("\n"):
                if role not in self.base_roles:
                    ident = '"' + role.replace('"', '""') + '"'
                    try:
                        self.q(f"DROP OWNED BY {ident}; DROP ROLE {ident}")
                    except HarnessError:
                        pass


# ---------------------------------------------------------------- MariaDB
MY_SYSTEM_DBS = {"information_schema", "mysql", "performance_schema", "sys"}
MY_MSG = re.compile(r"^ERROR(?: (?P<code>\d+) \((?P<state>\w+)\))?(?: at line (?P<line>\d+))?: (?P<msg>.*)$")

class MariaDB:
    dialect = "mysql"

    def __init__(self):
        sock = os.environ.get("REALDB_MYSQL_SOCKET")
        if not sock:
            raise HarnessError("REALDB_MYSQL_SOCKET is not set (start the servers with tests/realdb/run.sh)")
        self.base = ["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "--default-character-set=utf8mb4"]
        self.n = 0
        self.base_dbs = set(self.q("SHOW DATABASES").split("\n"))

    def q(self, sql: str, db: str | None = None) -> str:
        cmd = self.base + ["-B", "-N", "-r"] + ([f"--database={db}"] if db else []) + ["-e", sql]
        r = run(cmd)
        if r.returncode != 0:
            raise HarnessError(f"mariadb failed: {dec(r.stderr)[:500]}")
        return dec(r.stdout).rstrip("\n")

    def rows(self, sql: str) -> list[dict]:
        out = self.q(sql)
        return [json.loads(line) for line in out.split("\n") if line.strip()]

    def load(self, item: Item, after=None, then_sql=None) -> dict:
        """`after(db)` and `then_sql` as for Postgres.load."""
        self.n += 1
        db = f"realdb_{self.n}"
        self.q(f"CREATE DATABASE `{db}` CHARACTER SET utf8mb4")
        try:
            t0 = time.monotonic()
            with open(item.path, "rb") as fh:
                r = subprocess.run(self.base + ["--force", f"--database={db}"], stdin=fh,
                                   capture_output=True, timeout=LOAD_TIMEOUT)
            secs = time.monotonic() - t0
            errors = []
            for line in dec(r.stderr).splitlines():
                m = MY_MSG.match(line)
                if m:  # (--force echoes the failing statement between ---- lines: not errors)
                    code = f"ERROR {m.group('code')}: " if m.group("code") else ""
                    errors.append({"line": int(m.group("line")) if m.group("line") else None,
                                   "message": f"{code}{m.group('msg')}"})
            dbs = [d for d in self.q("SHOW DATABASES").split("\n") if d not in self.base_dbs and d not in MY_SYSTEM_DBS]
            order = [db] + sorted(d for d in dbs if d != db) if db in dbs else sorted(dbs)
            lit = ", ".join("'" + d.replace("\\", "\\\\").replace("'", "''") + "'" for d in order) or "''"
            rows = {
                "tables": self.rows(MY_TABLES_SQL.format(dbs=lit)),
                "columns": self.rows(MY_COLUMNS_SQL.format(dbs=lit)),
                "stats": self.rows(MY_STATS_SQL.format(dbs=lit)),
                "fks": self.rows(MY_FK_SQL.format(dbs=lit)),
                "views": self.rows(viewparts.MY_VIEWS_SQL.format(dbs=lit)),
                "partitions": self.rows(viewparts.MY_PARTITIONS_SQL.format(dbs=lit)),
            }
            cat = mysql_catalog(order, rows)
            for t in cat["tables"]:
                if t["schema"] != db:
                    t["database"] = t["schema"]
            # then_sql runs with no database selected: a query that reads "the current database" reads
            # every non-system one (files that CREATE DATABASE x; USE x)
            then = after_load(db, after, then_sql, self.base + ["-B", "-N", "-r"])
            return {"errors": errors, "load_seconds": round(secs, 3), "exit": r.returncode, "catalog": cat, "then_output": then}
        finally:
            for d in self.q("SHOW DATABASES").split("\n"):
                if d not in self.base_dbs and d not in MY_SYSTEM_DBS:
                    # A foreign key across databases (DBML schemas) would block the drop otherwise.
                    self.q(f"SET FOREIGN_KEY_CHECKS = 0; DROP DATABASE IF EXISTS `{d.replace('`', '``')}`")


# ---------------------------------------------------------------- SQLite
SQLITE_MARK = "@@REALDB_CATALOG@@"
SQLITE_THEN_MARK = "@@REALDB_THEN@@"
SQLITE_MSG = re.compile(r"^(?:(?P<kind>Parse|Runtime) error|Error)(?: near line (?P<line>\d+))?: (?P<msg>.*)$")


class SQLite:
    dialect = "sqlite"

    def __init__(self):
        if not shutil.which("sqlite3"):
            raise HarnessError("sqlite3 CLI not found")

    def load(self, item: Item, after=None, then_sql=None) -> dict:
        """`after(path of the database file)` and `then_sql` as for Postgres.load."""
        with tempfile.TemporaryDirectory(prefix="realdb-sqlite-") as d:
            dbfile = os.path.join(d, "db.sqlite")
            path = str(item.path).replace("'", "''")
            pre = "".join(".read '" + str(x).replace("'", "''") + "'\n" for x in preludes_for(item))
            # `PRAGMA writable_schema=RESET` reloads the schema: after a `.dump`'s writable_schema
            # inserts the loading connection would still take a virtual table's shadow tables for plain
            # tables (a new connection would not, but would lose TEMP tables and ATTACHed databases)
            then = f".print {SQLITE_THEN_MARK}\n{then_sql}\n" if isinstance(then_sql, str) else ""
            script = (f".bail off\n.headers off\n.mode list\n{pre}.read '{path}'\n"
                      f".bail off\n.headers off\n.mode list\nPRAGMA writable_schema=RESET;\n.print {SQLITE_MARK}\n{SQLITE_CATALOG_SQL}\n{then}")
            t0 = time.monotonic()
            r = run(["sqlite3", "-batch", dbfile], input=script.encode(), cwd=d)
            secs = time.monotonic() - t0
            views = viewparts.sqlite_views(dbfile) if os.path.exists(dbfile) else []
            if after and os.path.exists(dbfile):
                after(dbfile)
            then_called = then_sql(dbfile) if callable(then_sql) else None
        out = dec(r.stdout)
        errors = []
        for line in dec(r.stderr).splitlines():
            m = SQLITE_MSG.match(line)
            if m:
                errors.append({"line": int(m.group("line")) if m.group("line") else None, "message": m.group("msg")})
        if SQLITE_MARK not in out:
            raise HarnessError(f"sqlite3 did not reach the catalog query: {dec(r.stderr)[-500:]}")
        tail = out.split(SQLITE_MARK, 1)[1].strip()
        then_out = then_called
        if isinstance(then_sql, str):
            tail, _, then_out = tail.partition(SQLITE_THEN_MARK)
            tail = tail.strip()
        raw = json.loads(tail or "[]")
        for t in raw:
            for k in ("columns", "fks", "indexes"):
                if isinstance(t.get(k), str):
                    t[k] = json.loads(t[k])
            for i in t["indexes"]:
                if isinstance(i.get("columns"), str):
                    i["columns"] = json.loads(i["columns"])
        return {"errors": errors, "load_seconds": round(secs, 3), "exit": r.returncode,
                "catalog": {**sqlite_catalog(raw), "views": views}, "then_output": then_out}


ENGINES = {"postgres": Postgres, "mysql": MariaDB, "sqlite": SQLite}


# ------------------------------------------------------------------------------------------------
# schemaplay
# ------------------------------------------------------------------------------------------------
def find_schemaplay() -> str | None:
    cand = os.environ.get("SCHEMAPLAY")
    if cand:
        return cand
    p = REPO / "target" / "debug" / "schemaplay"
    return str(p) if p.exists() else None


def inspect(binary: str, item: Item) -> dict:
    t0 = time.monotonic()
    try:
        r = run([binary, "inspect", "--dialect", item.dialect, "--format", "json", str(item.path)],
                timeout=INSPECT_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timed out after {INSPECT_TIMEOUT}s"}
    secs = time.monotonic() - t0
    res = {"exit": r.returncode, "seconds": round(secs, 3)}
    try:
        model = json.loads(dec(r.stdout))
        if not isinstance(model, dict):
            raise ValueError("not a JSON object")
    except ValueError as e:
        res.update(ok=False, error=f"no JSON on stdout ({e}); exit {r.returncode}; stderr: {dec(r.stderr)[-400:]}")
        return res
    res.update(ok=True, model=model)
    diags = model.get("diagnostics") or []
    res["diagnostics"] = len(diags)
    if r.returncode not in (0, 1):
        res.update(ok=False, error=f"exit {r.returncode}; stderr: {dec(r.stderr)[-400:]}")
    return res


# ------------------------------------------------------------------------------------------------
# driver
# ------------------------------------------------------------------------------------------------
def process_engine(dialect: str, items: list[Item], binary: str | None, catalog_only: bool, verbose: bool,
                   log) -> list[dict]:
    results = []
    try:
        engine = ENGINES[dialect]()
    except HarnessError as e:
        return [{"file": it.display, "dialect": dialect, "harness_error": str(e)} for it in items]
    for it in items:
        res: dict = {"file": it.display, "dialect": dialect}
        t0 = time.monotonic()
        try:
            loaded = engine.load(it)
        except (HarnessError, subprocess.TimeoutExpired, ValueError) as e:
            res["harness_error"] = f"{type(e).__name__}: {e}"
            results.append(res)
            log(f"{it.display}: HARNESS ERROR {e}")
            continue
        res["load"] = {k: v for k, v in loaded.items() if k != "catalog"}
        catalog = loaded["catalog"]
        ntab = len(catalog["tables"])
        res["real_tables"] = ntab
        if catalog_only:
            res["catalog"] = catalog
        else:
            ins = inspect(binary, it)
            res["inspect"] = {k: v for k, v in ins.items() if k != "model"}
            real = normalize_model(catalog, dialect)
            got = normalize_model(ins.get("model") or {}, dialect) if ins.get("model") else Facts()
            cmp = compare(real, got)
            res["facts"] = {"total": cmp["total"], "matched": cmp["matched"], "missing": len(cmp["missing"]),
                            "extra": len(cmp["extra"]), "differ": len(cmp["differ"]),
                            "optional_absent": cmp["optional_absent"]}
            res["mismatches"] = mismatch_lines(cmp, limit=200)
            if verbose:
                res["catalog"] = catalog
        res["seconds"] = round(time.monotonic() - t0, 3)
        results.append(res)
        errs = len(res["load"]["errors"])
        msg = f"{it.display}: {ntab} tables, {errs} rejected statement(s), {res['seconds']:.1f}s"
        if "facts" in res:
            f = res["facts"]
            msg += f", facts {f['matched']}/{f['total']}"
        log(msg)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="files or folders (default: the corpus + fixtures)")
    ap.add_argument("--report", help="write a JSON report here")
    ap.add_argument("--catalog-only", action="store_true", help="only load files and dump the real catalog")
    ap.add_argument("--dialect", choices=DIALECTS, help="dialect of the given files (default: from their path)")
    ap.add_argument("--serial", action="store_true", help="one engine at a time (default: engines in parallel)")
    ap.add_argument("--with-catalog", action="store_true", help="include the real catalog in the report")
    ap.add_argument("--show", type=int, default=12, help="mismatches printed per file (default 12)")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)

    t_start = time.monotonic()
    items = discover(a.files, a.dialect)
    if not items:
        print("realdb: no files", file=sys.stderr)
        return 2
    binary = None
    if not a.catalog_only:
        binary = find_schemaplay()
        if not binary or not Path(binary).exists():
            print(f"realdb: schemaplay binary not found ({binary or 'set SCHEMAPLAY or build target/debug/schemaplay'});"
                  " use --catalog-only to only read the real catalogs", file=sys.stderr)
            return 2

    def log(msg):
        if not a.quiet:
            print(f"[realdb] {msg}", file=sys.stderr, flush=True)

    groups = {d: [it for it in items if it.dialect == d] for d in DIALECTS}
    groups = {d: g for d, g in groups.items() if g}
    results: list[dict] = []
    if a.serial or len(groups) == 1:
        for d, g in groups.items():
            results += process_engine(d, g, binary, a.catalog_only, a.with_catalog, log)
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(groups)) as ex:
            futs = [ex.submit(process_engine, d, g, binary, a.catalog_only, a.with_catalog, log)
                    for d, g in groups.items()]
            for fu in futs:
                results += fu.result()
    order = {it.display: i for i, it in enumerate(items)}
    results.sort(key=lambda r: order.get(r["file"], 0))
    elapsed = time.monotonic() - t_start

    gaps = load_known_gaps()
    failing, harness_errors = [], []
    print()
    print("== files the real engine rejected statements of ==")
    for r in results:
        if "harness_error" in r:
            harness_errors.append(r)
            continue
        errs = r["load"]["errors"]
        if errs:
            first = errs[0]
            where = f"line {first['line']}" if first["line"] else "?"
            aborted = sum(1 for e in errs if "current transaction is aborted" in e["message"])
            more = f", {aborted} of them only because an earlier error aborted the transaction" if aborted else ""
            print(f"  {r['file']}: {len(errs)} rejected{more} (first at {where}: {first['message'][:150]})")
    tot = matched = 0
    if not a.catalog_only:
        print()
        print("== comparison with schemaplay inspect ==")
        for r in results:
            if "harness_error" in r:
                continue
            f = r["facts"]
            tot += f["total"]
            matched += f["matched"]
            ins = r["inspect"]
            bad = f["matched"] != f["total"] or not ins.get("ok")
            reason = gap_reason(r["file"], gaps)
            r["known_gap"] = reason
            rate = 100.0 * f["matched"] / f["total"] if f["total"] else 100.0
            status = "ok" if not bad else ("KNOWN GAP" if reason else "FAIL")
            r["status"] = status
            print(f"  [{status:9}] {r['file']}: {f['matched']}/{f['total']} facts ({rate:.1f}%)"
                  + (f", inspect error: {ins.get('error')}" if not ins.get("ok") else ""))
            if bad and status == "FAIL" or (bad and a.show > 12):
                for line in r["mismatches"][: a.show]:
                    print("    " + line)
                if len(r["mismatches"]) > a.show:
                    print(f"      ... {len(r['mismatches']) - a.show} more (see --report)")
            if bad and not reason:
                failing.append(r["file"])
            if not bad and reason:
                print(f"    note: listed in known_gaps.txt but matches now; remove the entry")
    for r in harness_errors:
        print(f"  [HARNESS ] {r['file']}: {r['harness_error']}")

    summary = {
        "files": len(results),
        "files_with_rejected_statements": sum(1 for r in results if r.get("load", {}).get("errors")),
        "real_tables": sum(r.get("real_tables", 0) for r in results),
        "seconds": round(elapsed, 1),
    }
    if not a.catalog_only:
        summary.update(facts_total=tot, facts_matched=matched,
                       match_rate=round(100.0 * matched / tot, 2) if tot else 100.0,
                       files_fully_matching=sum(1 for r in results if r.get("status") == "ok"),
                       files_failing=failing)
    print()
    print(f"== summary: {summary['files']} files, {summary['real_tables']} real tables, "
          f"{summary['files_with_rejected_statements']} files with rejected statements, {elapsed:.1f}s ==")
    if not a.catalog_only:
        print(f"== match rate: {summary['match_rate']:.2f}% ({matched}/{tot} facts); "
              f"{summary['files_fully_matching']}/{len(results)} files match fully; "
              f"{len(failing)} failing file(s) not in known_gaps.txt ==")
    if a.report:
        write_report(a.report, {"summary": summary, "files": results})
        print(f"report: {a.report}")
    if harness_errors:
        return 2
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

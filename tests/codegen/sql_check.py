#!/usr/bin/env python3
"""Generated SQL executed on the real engines (issue 5).

For the default example (crates/core/src/examples/saas.sql) and every .sql file under
../shared/corpus/{postgres,mysql,sqlite}/ (recursive), and for each target database
(postgres, mysql, sqlite):

1. `schemaplay generate --target sql --to TARGET --dialect SOURCE FILE`;
2. execute the output on a FRESH database of the target engine, stopping at the first error
   (PostgreSQL 15 with ON_ERROR_STOP=1, MariaDB without --force, sqlite3 with -bail followed by
   `PRAGMA foreign_key_check`, which raises "foreign key mismatch" for a broken FK definition);
3. count the tables the engine now has and compare with the tables of the imported model
   (`schemaplay inspect`), minus the tables the generator said it could not generate.

A (file, target) pair fails when generation fails, the engine rejects a statement, or tables are
missing. The set of failing pairs must equal tests/codegen/sql_known_failures.txt exactly (a
listed pair that passes fails the run too, so the list stays honest).

Run through tests/realdb/run.sh --codegen-sql (it starts throwaway PostgreSQL and MariaDB
servers and exports REALDB_PG_HOST / REALDB_MYSQL_SOCKET).

    tests/realdb/run.sh --codegen-sql [--report FILE] [--show N] [FILE...]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tests" / "realdb"))
import realdb  # noqa: E402  (reuses its path display, role detection and corpus location)

TARGETS = ("postgres", "mysql", "sqlite")
KNOWN = HERE / "sql_known_failures.txt"
DEFAULT_EXAMPLE = REPO / "crates" / "core" / "src" / "examples" / "saas.sql"
TIMEOUT = 300


def schemaplay() -> str:
    b = realdb.find_schemaplay()
    if not b:
        raise SystemExit("sql_check: schemaplay binary not found (set SCHEMAPLAY or cargo build -p schemaplay-cli)")
    return b


def corpus_root() -> Path:
    root = realdb.corpus_dir()
    if not root.is_dir() and not os.environ.get("REALDB_CORPUS"):
        # a git worktree one level deeper (../../shared/corpus)
        alt = REPO.parent.parent / "shared" / "corpus"
        if alt.is_dir():
            root = alt
    return root.resolve()


def display(p: Path) -> str:
    """`corpus/<path in the corpus>` for corpus files (the same wherever the checkout lives), else
    the path relative to the repo root."""
    p = p.resolve()
    try:
        return "corpus/" + p.relative_to(corpus_root()).as_posix()
    except ValueError:
        return realdb.display_path(p)


def discover(args: list[str]) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    if args:
        for a in args:
            p = Path(a)
            files = sorted(p.rglob("*.sql")) if p.is_dir() else [p]
            for f in files:
                d = realdb.dialect_of(f) or "postgres"
                out.append((f.resolve(), d))
        return out
    out.append((DEFAULT_EXAMPLE, "postgres"))
    root = corpus_root()
    for d in ("postgres", "mysql", "sqlite"):
        if (root / d).is_dir():
            out += [(f.resolve(), d) for f in sorted((root / d).rglob("*.sql")) if f.is_file()]
    return out


def load_known() -> dict[tuple[str, str], str]:
    known: dict[tuple[str, str], str] = {}
    if not KNOWN.exists():
        return known
    for raw in KNOWN.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            continue
        known[(parts[0], parts[1])] = parts[2] if len(parts) > 2 else ""
    return known


def generate(binary: str, path: Path, source: str, target: str) -> tuple[str | None, list[str], str | None]:
    r = subprocess.run([binary, "generate", "--target", "sql", "--to", target, "--dialect", source, str(path)],
                       capture_output=True, timeout=TIMEOUT)
    warnings = [l[len("schemaplay: warning: "):] for l in realdb.dec(r.stderr).splitlines() if l.startswith("schemaplay: warning: ")]
    if r.returncode != 0:
        return None, warnings, f"schemaplay exited {r.returncode}: {realdb.dec(r.stderr)[-400:]}"
    return realdb.dec(r.stdout), warnings, None


def model_tables(binary: str, path: Path, source: str) -> tuple[int, int]:
    """(tables of the model, of which temporary). The SQLite generator keeps TEMP tables temporary,
    and they are gone by the time the table count is read (another session)."""
    r = subprocess.run([binary, "inspect", "--format", "json", "--dialect", source, str(path)], capture_output=True, timeout=TIMEOUT)
    if r.returncode not in (0, 1):
        return -1, 0
    try:
        tables = json.loads(realdb.dec(r.stdout))["tables"]
        return len(tables), sum(1 for t in tables if t.get("temporary"))
    except (ValueError, KeyError):
        return -1, 0


# ---------------------------------------------------------------- engines
class PG:
    def __init__(self):
        self.pg = realdb.Postgres()
        self.n = 0

    def run(self, sql: str) -> tuple[str | None, int]:
        self.n += 1
        db = f"codegen_{os.getpid()}_{self.n}"
        pg = self.pg
        pg.q(f'CREATE DATABASE "{db}" TEMPLATE template0 ENCODING \'UTF8\'')
        refs, _ = realdb.pg_roles_referenced(sql)
        existing = set(pg.q("SELECT rolname FROM pg_roles").split("\n"))
        made = sorted(refs - existing)
        for r in made:
            pg.q('CREATE ROLE "' + r.replace('"', '""') + '"')
        try:
            with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8", delete=False) as fh:
                fh.write(sql)
                tmp = fh.name
            try:
                r = realdb.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", tmp], env=pg.env)
            finally:
                os.unlink(tmp)
            err = None
            if r.returncode != 0:
                errs = realdb.parse_psql_errors(realdb.dec(r.stderr))
                err = "; ".join(f"line {e['line']}: {e['message']}" for e in errs[:2]) or realdb.dec(r.stderr)[-400:]
            count = int(pg.q("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') "
                             "AND n.nspname NOT LIKE 'pg_toast%'", db) or 0)
            return err, count
        finally:
            pg.q(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            for r in made:
                pg.q('DROP ROLE IF EXISTS "' + r.replace('"', '""') + '"')


class My:
    def __init__(self):
        self.my = realdb.MariaDB()
        self.n = 0

    def run(self, sql: str) -> tuple[str | None, int]:
        self.n += 1
        db = f"codegen_{self.n}"
        my = self.my
        my.q(f"CREATE DATABASE `{db}` CHARACTER SET utf8mb4")
        try:
            r = subprocess.run(my.base + [f"--database={db}"], input=sql.encode(), capture_output=True, timeout=TIMEOUT)
            err = None
            if r.returncode != 0:
                err = realdb.dec(r.stderr).strip()[-400:]
            count = int(my.q(f"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{db}'") or 0)
            return err, count
        finally:
            my.q(f"DROP DATABASE IF EXISTS `{db}`")


class Lite:
    def run(self, sql: str) -> tuple[str | None, int]:
        with tempfile.TemporaryDirectory(prefix="codegen-sqlite-") as d:
            dbfile = os.path.join(d, "db.sqlite")
            src = os.path.join(d, "schema.sql")
            Path(src).write_text(sql, encoding="utf-8")
            script = f".bail on\n.read '{src}'\nPRAGMA foreign_key_check;\n"
            r = realdb.run(["sqlite3", "-batch", "-bail", dbfile], input=script.encode(), cwd=d)
            err = None
            if r.returncode != 0 or realdb.dec(r.stderr).strip():
                err = realdb.dec(r.stderr).strip()[-400:] or f"sqlite3 exited {r.returncode}"
            c = realdb.run(["sqlite3", "-batch", dbfile, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"])
            try:
                count = int(realdb.dec(c.stdout).strip() or 0)
            except ValueError:
                count = 0
            return err, count


ENGINES = {"postgres": PG, "mysql": My, "sqlite": Lite}

NOT_GENERATED = re.compile(r"\bnot generated for\b|has no columns")


def check_target(target: str, files: list[tuple[Path, str]], binary: str, tables: dict) -> list[dict]:
    engine = ENGINES[target]()
    results = []
    for path, source in files:
        res = {"file": display(path), "source": source, "target": target, "ok": False, "error": None, "warnings": 0}
        sql, warnings, gen_err = generate(binary, path, source, target)
        res["warnings"] = len(warnings)
        if gen_err:
            res["error"] = gen_err
            results.append(res)
            continue
        try:
            err, count = engine.run(sql)
        except (realdb.HarnessError, subprocess.TimeoutExpired) as e:
            res["error"] = f"harness: {e}"
            results.append(res)
            continue
        skipped = sum(1 for w in warnings if NOT_GENERATED.search(w))
        total, temp = tables[(path, source)]
        temp = temp if target == "sqlite" else 0
        want = total - skipped - temp
        res["tables"] = {"engine": count, "model": total, "not_generated": skipped, "temporary": temp}
        if err:
            res["error"] = err
        elif want >= 0 and count < want:
            res["error"] = f"only {count} of {want} tables exist after running the generated SQL"
        else:
            res["ok"] = True
        results.append(res)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--report")
    ap.add_argument("--target", choices=TARGETS, action="append")
    a = ap.parse_args(argv)
    binary = schemaplay()
    files = discover(a.files)
    targets = a.target or list(TARGETS)
    tables = {(p, d): model_tables(binary, p, d) for p, d in files}
    results: list[dict] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(targets)) as ex:
        futs = [ex.submit(check_target, t, files, binary, tables) for t in targets]
        for f in futs:
            results += f.result()
    known = load_known()
    failing = {(r["target"], r["file"]): r for r in results if not r["ok"]}
    checked = {(r["target"], r["file"]) for r in results}
    unexpected = sorted(k for k in failing if k not in known)
    fixed = sorted(k for k in known if k in checked and k not in failing)
    for t in targets:
        rs = [r for r in results if r["target"] == t]
        ok = sum(r["ok"] for r in rs)
        by_src = {}
        for r in rs:
            by_src.setdefault(r["source"], [0, 0])
            by_src[r["source"]][0] += r["ok"]
            by_src[r["source"]][1] += 1
        detail = ", ".join(f"from {s}: {v[0]}/{v[1]}" for s, v in sorted(by_src.items()))
        print(f"[codegen-sql] {t}: {ok}/{len(rs)} files execute ({detail})")
    for k in sorted(failing):
        r = failing[k]
        mark = "known" if k in known else "NEW"
        print(f"[codegen-sql] FAIL ({mark}) --to {k[0]} {k[1]}: {r['error']}")
    for k in fixed:
        print(f"[codegen-sql] PASSES NOW (remove from {KNOWN.name}): {k[0]} {k[1]}")
    if a.report:
        Path(a.report).write_text(json.dumps(results, indent=1), encoding="utf-8")
    if unexpected or fixed:
        print(f"[codegen-sql] failing set differs from {KNOWN.name}: {len(unexpected)} new, {len(fixed)} fixed")
        return 1
    print(f"[codegen-sql] failing set matches {KNOWN.name} exactly ({len(failing)} known)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

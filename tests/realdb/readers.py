#!/usr/bin/env python3
"""The non-SQL readers against the real engines (issue 15).

Modes (run through `tests/realdb/run.sh --readers MODE [...]`, which starts the servers):

--prisma / --dbml   The Prisma and DBML readers against their tools' own SQL: handed with the other
            arguments to tests/readers/oracle.py (see there).

--drizzle   For every Drizzle fixture (tests/readers/fixtures/drizzle/<dialect>/NAME.ts or NAME/, a
            folder being one multi-file schema) and, with --corpus, for our own Drizzle output of
            every SQL file of ../shared/corpus/<dialect>/: `drizzle-kit generate` (offline, through
            tests/readers/drizzle_kit.mjs, which checks its output: it exits 0 on errors) gives the
            SQL Drizzle means -> loaded into a fresh database of the real engine -> catalog facts A;
            `schemaplay inspect --from drizzle --format json` of the same TypeScript -> facts B.

--drizzle-pull  For every SQL file of the corpus and realdb fixtures: the file is loaded into a fresh
            database, `drizzle-kit pull` writes the Drizzle schema of that database (schema.ts and
            relations.ts), and `schemaplay inspect --from drizzle` of those files is compared with the
            real catalog: everything drizzle-kit pull writes must read back to the database it came from.

--catalog   For every SQL file of the corpus and realdb fixtures: the file is loaded into a fresh
            database (realdb.py's loader) -> catalog facts A; our catalog query
            (`schemaplay catalog-query --dialect D`) runs in that database and its JSON output goes
            through `schemaplay inspect --from catalog --format json` -> facts B.

Facts and normalization are realdb.py's (table, column nullability, pk, fk, unique, index), extended
for --catalog with the facts the catalog import promises exactly (column type and default, check
expressions, comments, enum values, index definitions, policies: see `extended_facts`).

Differences are listed in tests/readers/known_differences.txt as `PATH :: DIFF :: REASON` (globs
allowed), exactly as roundtrip.py does: a difference not listed fails the run, and so does a listed
one that no longer occurs.
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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import realdb  # noqa: E402
import roundtrip  # noqa: E402

KNOWN = REPO / "tests" / "readers" / "known_differences.txt"
DRIZZLE_FIXTURES = REPO / "tests" / "readers" / "fixtures" / "drizzle"
DRIZZLE_KIT = REPO / "tests" / "readers" / "drizzle_kit.mjs"


class Case:
    """One input: the text our reader reads (`source`, a file or folder) and where its SQL comes from."""

    def __init__(self, source: Path, display: str, dialect: str, generated_ts: str | None = None):
        self.source = source
        self.display = display
        self.dialect = dialect
        self.generated_ts = generated_ts  # our own Drizzle output (written to a temp file first)


SKIPPED_EMPTY: list[str] = []  # --drizzle --corpus inputs without any schema object (see drizzle_cases)


def drizzle_cases(corpus: bool, binary: str, only: list[str]) -> list[Case]:
    cases = []
    for d in realdb.DIALECTS:
        base = DRIZZLE_FIXTURES / d
        if base.is_dir():
            for p in sorted(base.iterdir()):
                if p.suffix == ".ts" or p.is_dir():
                    cases.append(Case(p, realdb.display_path(p), d))
    if corpus:
        for it in realdb.discover([]):
            if "/fixtures/" in it.display:
                continue
            if only and not any(o in f"drizzle-of:{it.display}" for o in only):
                continue
            # A file that declares no schema object (only indexes, triggers, grants on tables created
            # elsewhere) gives an empty Drizzle schema: there is nothing to compare, and each drizzle-kit
            # run costs ~5 s of node start-up, so it is counted as skipped instead of compared as 0/0.
            if not any(inspect(binary, it.path, "sql", it.dialect).get(k) for k in ("tables", "enums", "domains", "sequences", "views")):
                SKIPPED_EMPTY.append(it.display)
                continue
            r = subprocess.run([binary, "generate", "--target", "drizzle", "--dialect", it.dialect, str(it.path)],
                               capture_output=True, timeout=realdb.INSPECT_TIMEOUT)
            cases.append(Case(it.path, f"drizzle-of:{it.display}", it.dialect, realdb.dec(r.stdout)))
    if only:
        cases = [c for c in cases if any(o in c.display for o in only)]
    return cases


def inspect(binary: str, path: Path, kind: str, dialect: str) -> dict:
    r = subprocess.run([binary, "inspect", "--from", kind, "--dialect", dialect, "--format", "json", str(path)],
                       capture_output=True, timeout=realdb.INSPECT_TIMEOUT)
    try:
        model = json.loads(realdb.dec(r.stdout))
    except ValueError:
        raise realdb.HarnessError(f"inspect --from {kind} gave no JSON (exit {r.returncode}): {realdb.dec(r.stderr)[-300:]}")
    return model


def process_drizzle(dialect: str, cases: list[Case], binary: str, log) -> list[dict]:
    engine = realdb.ENGINES[dialect]()
    out = []
    with tempfile.TemporaryDirectory(prefix=f"readers-drizzle-{dialect}-") as tmp:
        for n, c in enumerate(cases):
            t0 = time.monotonic()
            res: dict = {"file": c.display, "dialect": dialect}
            src = c.source
            if c.generated_ts is not None:
                src = Path(tmp) / f"schema{n}.ts"
                src.write_text(c.generated_ts, encoding="utf-8")
            kit = subprocess.run(["node", str(DRIZZLE_KIT), "generate", dialect, str(src)], capture_output=True, timeout=300)
            if kit.returncode != 0:
                res["error"] = "drizzle-kit failed"
                res["detail"] = realdb.dec(kit.stderr).strip()[-400:]
                out.append(res)
                log(f"{c.display}: drizzle-kit failed: {res['detail'][:200]}")
                continue
            sql_path = Path(tmp) / f"kit{n}.sql"
            sql_path.write_text(realdb.dec(kit.stdout), encoding="utf-8")
            try:
                loaded = engine.load(realdb.Item(sql_path, c.display, dialect))
                model = inspect(binary, src, "drizzle", dialect)
            except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
                roundtrip.harness_failed(out, res, e, c.display, log)
                continue
            fa, fb, (compared, equal, diffs) = roundtrip.compare_models(loaded["catalog"], model, dialect)
            warnings = [d for d in model.get("diagnostics") or [] if d.get("severity") in ("warning", "error")]
            res.update(compared=compared, equal=equal, differences=diffs,
                       details={d: detail(fa, fb, d) for d in diffs}, rejected=loaded["errors"][:5],
                       reader_warnings=[f"{w.get('line')}:{w.get('column')} {w.get('message')}" for w in warnings][:5],
                       seconds=round(time.monotonic() - t0, 2))
            out.append(res)
            log(f"{c.display}: {equal}/{compared} facts equal, {len(loaded['errors'])} statement(s) of drizzle-kit's SQL "
                f"rejected by the engine, {len(warnings)} reader warning(s), {res['seconds']}s")
    return out


def catalog_query(binary: str, dialect: str) -> str:
    r = subprocess.run([binary, "catalog-query", "--dialect", dialect], capture_output=True, timeout=60)
    if r.returncode != 0:
        raise realdb.HarnessError(f"catalog-query failed: {realdb.dec(r.stderr)}")
    return realdb.dec(r.stdout)


def process_catalog(dialect: str, items: list, binary: str, log) -> list[dict]:
    engine = realdb.ENGINES[dialect]()
    query = catalog_query(binary, dialect)
    out = []
    with tempfile.TemporaryDirectory(prefix=f"readers-catalog-{dialect}-") as tmp:
        for n, it in enumerate(items):
            t0 = time.monotonic()
            res: dict = {"file": it.display, "dialect": dialect}
            try:
                loaded = engine.load(it, then_sql=query)
                text = loaded.get("then_output") or ""
                if text.startswith("ERROR:"):
                    res["error"] = "catalog query failed"
                    res["detail"] = text[:400]
                    out.append(res)
                    log(f"{it.display}: catalog query failed: {text[:200]}")
                    continue
                path = Path(tmp) / f"catalog{n}.json"
                path.write_text(text, encoding="utf-8")
                model = inspect(binary, path, "catalog", dialect)
            except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
                roundtrip.harness_failed(out, res, e, it.display, log)
                continue
            fa = extended_facts(loaded["catalog"], dialect)
            fb = extended_facts(model, dialect)
            compared, equal, diffs = roundtrip.diff_facts(fa, fb)
            warnings = [d for d in model.get("diagnostics") or [] if d.get("severity") in ("warning", "error")]
            res.update(compared=compared, equal=equal, differences=diffs, details={d: detail(fa, fb, d) for d in diffs},
                       reader_warnings=[f"{w.get('line')}:{w.get('column')} {w.get('message')}" for w in warnings][:5],
                       json_bytes=len(text.encode()), seconds=round(time.monotonic() - t0, 2))
            out.append(res)
            log(f"{it.display}: {equal}/{compared} facts equal, {len(text)} bytes of catalog JSON, "
                f"{len(warnings)} reader warning(s), {res['seconds']}s")
    return out


def process_pull(dialect: str, items: list, binary: str, log) -> list[dict]:
    """--drizzle-pull: every corpus file loaded, `drizzle-kit pull` of that database read back."""
    engine = realdb.ENGINES[dialect]()
    out = []
    with tempfile.TemporaryDirectory(prefix=f"readers-pull-{dialect}-") as tmp:
        for n, it in enumerate(items):
            t0 = time.monotonic()
            res: dict = {"file": f"drizzle-pull:{it.display}", "dialect": dialect}
            pulled = Path(tmp) / f"pull{n}"
            pulled.mkdir()

            def pull(db: str) -> str:
                conn = {"postgres": f"{os.environ.get('REALDB_PG_HOST')}/{db}",
                        "mysql": f"{os.environ.get('REALDB_MYSQL_SOCKET')}/{db}", "sqlite": db}[dialect]
                r = subprocess.run(["node", str(DRIZZLE_KIT), "pull", dialect, conn, str(pulled)], capture_output=True, timeout=300)
                return "" if r.returncode == 0 else "ERROR: " + realdb.dec(r.stderr)[-400:]

            try:
                loaded = engine.load(it, then_sql=pull)
                if (loaded.get("then_output") or "").startswith("ERROR:"):
                    res["error"] = "drizzle-kit pull failed"
                    res["detail"] = loaded["then_output"]
                    out.append(res)
                    log(f"{res['file']}: drizzle-kit pull failed: {loaded['then_output'][-200:]}")
                    continue
                model = inspect(binary, pulled, "drizzle", dialect)
            except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
                roundtrip.harness_failed(out, res, e, res['file'], log)
                continue
            fa, fb, (compared, equal, diffs) = roundtrip.compare_models(loaded["catalog"], model, dialect)
            warnings = [d for d in model.get("diagnostics") or [] if d.get("severity") in ("warning", "error")]
            res.update(compared=compared, equal=equal, differences=diffs, details={d: detail(fa, fb, d) for d in diffs},
                       reader_warnings=[f"{w.get('file') or ''}:{w.get('line')}:{w.get('column')} {w.get('message')}" for w in warnings][:8],
                       seconds=round(time.monotonic() - t0, 2))
            out.append(res)
            log(f"{res['file']}: {equal}/{compared} facts equal, {len(warnings)} reader warning(s), {res['seconds']}s")
    return out


def extended_facts(model: dict, dialect: str) -> realdb.Facts:
    """realdb's facts plus what the catalog import promises exactly: each column's type."""
    f = realdb.normalize_model(model, dialect)
    for t in model.get("tables") or []:
        schema = t.get("schema")
        if dialect == "sqlite" and t.get("temporary") and schema in (None, "", "main"):
            schema = "temp"
        schema = realdb.norm_schema(schema, dialect)
        for c in t.get("columns") or []:
            key = ("column", schema, t.get("name"), c.get("name"))
            if key in f.values and c.get("type") is not None:
                ty = re.sub(r"\s*,\s*", ",", " ".join(str(c["type"]).lower().split()))
                f.values[key] = {**f.values[key], "type": ty}
    return f


def detail(a: realdb.Facts, b: realdb.Facts, line: str) -> str:
    for k in set(a.values) | set(b.values):
        if roundtrip.key_text(k) == line[2:]:
            return f"real {json.dumps(a.values.get(k), ensure_ascii=False)}, reader {json.dumps(b.values.get(k), ensure_ascii=False)}"
    return ""


def report(results: list[dict], title: str, show_ok: bool) -> tuple[int, int]:
    known = roundtrip.load_known(KNOWN)
    new, stale = roundtrip.settle(results, known)
    newset = set(new)
    print()
    print(f"== {title} ==")
    for r in results:
        if "error" in r and (r["file"], "! " + r["error"]) in newset:
            print(f"  [ERROR] {r['file']}: {r['error']}: {r.get('detail', '')}")
            continue
        if "error" in r:
            print(f"  [known] {r['file']}: {r['error']}")
            continue
        status = "ok" if not r["differences"] else ("DIFF" if any((r["file"], d) in newset for d in r["differences"]) else "known")
        if status != "ok" or show_ok:
            print(f"  [{status:5}] {r['file']}: {r['equal']}/{r['compared']} facts equal")
        if status == "DIFF":
            for e in r.get("rejected", [])[:3]:
                print(f"      engine rejected line {e.get('line')}: {e.get('message', '')[:200]}")
            for w in r.get("reader_warnings", [])[:3]:
                print(f"      reader: {w[:200]}")
    roundtrip.print_settled(results, new, stale, known, KNOWN)
    compared = sum(r.get("compared", 0) for r in results)
    equal = sum(r.get("equal", 0) for r in results)
    rate = 100.0 * equal / compared if compared else 100.0
    print(f"== {len(results)} inputs, {equal}/{compared} facts equal ({rate:.2f}%), "
          f"{sum(1 for r in results if not r.get('differences') and 'error' not in r)} identical; "
          f"{len(new)} not in {KNOWN.name}, {len(stale)} listed but no longer occurring ==")
    return len(new), len(stale)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--prisma" in argv or "--dbml" in argv:  # the Prisma / DBML oracle has its own runner
        sys.path.insert(0, str(REPO / "tests" / "readers"))
        import oracle  # noqa: E402
        return oracle.main(argv)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drizzle", action="store_true")
    ap.add_argument("--catalog", action="store_true")
    ap.add_argument("--drizzle-pull", action="store_true", help="every corpus file loaded, drizzle-kit pull read back")
    ap.add_argument("--corpus", action="store_true", help="--drizzle: also our Drizzle output of every corpus SQL file")
    ap.add_argument("--only", action="append", default=[], help="inputs whose path contains this (repeatable)")
    ap.add_argument("--report")
    ap.add_argument("-v", "--verbose", action="store_true", help="list inputs that match fully too")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    binary = realdb.find_schemaplay()
    if not binary or not Path(binary).exists():
        print("readers: schemaplay binary not found (set SCHEMAPLAY)", file=sys.stderr)
        return 2

    def log(msg):
        if not a.quiet:
            print(f"[readers] {msg}", file=sys.stderr, flush=True)

    def by_engine(items: list, process, display) -> list[dict]:
        """`process(dialect, items, binary, log)` for each engine in parallel; results in input order."""
        groups = {d: [it for it in items if it.dialect == d] for d in realdb.DIALECTS}
        out: list[dict] = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
            futs = [ex.submit(process, d, g, binary, log) for d, g in groups.items() if g]
            for f in futs:
                out += f.result()
        order = {display(it): i for i, it in enumerate(items)}
        out.sort(key=lambda r: order.get(r["file"], 0))
        return out

    if a.drizzle:
        results = by_engine(drizzle_cases(a.corpus, binary, a.only), process_drizzle, lambda c: c.display)
        new, stale = report(results, "Drizzle: drizzle-kit generate on the real engine vs schemaplay inspect --from drizzle", a.verbose)
        if SKIPPED_EMPTY:
            print(f"== drizzle-of: {len(SKIPPED_EMPTY)} corpus file(s) declare no table, enum, domain, sequence or view "
                  f"(nothing to compare), skipped: {', '.join(SKIPPED_EMPTY[:6])}{' ...' if len(SKIPPED_EMPTY) > 6 else ''} ==")
    elif a.drizzle_pull:
        items = [it for it in realdb.discover([]) if not a.only or any(o in it.display for o in a.only)]
        results = by_engine(items, process_pull, lambda it: f"drizzle-pull:{it.display}")
        new, stale = report(results, "Drizzle pull: the real catalog vs inspect --from drizzle of what drizzle-kit pull wrote for it", a.verbose)
    elif a.catalog:
        items = [it for it in realdb.discover([]) if not a.only or any(o in it.display for o in a.only)]
        results = by_engine(items, process_catalog, lambda it: it.display)
        new, stale = report(results, "Catalog: the real catalog vs inspect --from catalog of our catalog query's JSON", a.verbose)
    else:
        ap.error("choose --drizzle, --drizzle-pull or --catalog")
        return 2
    return realdb.finish(a.report, {"files": results}, results, new, stale)


if __name__ == "__main__":
    sys.exit(main())

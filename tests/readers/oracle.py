#!/usr/bin/env python3
"""The Prisma and DBML readers against the tools' own SQL on real databases (issue 15).

Prisma: for every `.prisma` file and schema folder of ../shared/corpus/prisma/ and
tests/readers/fixtures/prisma/:
  1. Prisma's own SQL: `node ../shared/tools/prisma_sql.mjs --compat INPUT` (Prisma's schema engine in
     WebAssembly; it has PostgreSQL/CockroachDB and SQLite, not MySQL). A MySQL schema is checked
     through its PostgreSQL twin (provider switched, MySQL-only attributes dropped: `@db.` types
     PostgreSQL lacks, `@@fulltext`, index `length:`), plus MySQL unit tests in the engine.
  2. Load that SQL into a fresh database of the real engine (tests/realdb's loaders) and read the catalog.
  3. `schemaplay inspect --from prisma INPUT` and compare:
     - facts (tests/realdb's facts: tables, column nullability, primary keys, foreign keys, unique
       constraints, indexes) with the real catalog, plus column types (PostgreSQL `format_type`,
       SQLite declared types);
     - the whole model with `schemaplay inspect` of Prisma's SQL (the SQL importer reading the same
       DDL): every column (type, nullability, default, identity), key, index, check and enum.
  Foreign keys the schema keeps logical (relationMode = "prisma") are neither facts nor expected in
  Prisma's SQL.

DBML: for every tests/readers/fixtures/dbml/*.dbml (the corpus has no DBML) and each of
@dbml/core's exporters that applies (postgres → PostgreSQL 15, mysql → MariaDB; a fixture whose
Project names its database only that one; SQLite has no exporter): the exporter's SQL
(tests/readers/dbml_export.cjs) is loaded into the real engine and compared the same way with
`schemaplay inspect --from dbml --dialect D`.

Every difference must be listed in tests/readers/known_differences.txt (`INPUT :: DIFF :: REASON`,
DIFF may be a glob); the run fails on a difference not listed there and on a listed one that no
longer occurs. Run through `tests/realdb/run.sh --readers [--prisma|--dbml] [--report FILE] [INPUT...]`
(`make test-realdb`).
"""
from __future__ import annotations

import argparse
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
sys.path.insert(0, str(REPO / "tests" / "realdb"))
import realdb  # noqa: E402
import roundtrip  # noqa: E402

KNOWN = HERE / "known_differences.txt"
FIXTURES = HERE / "fixtures"
PRISMA_SQL = Path(os.environ.get("PRISMA_SQL") or (REPO.parent / "shared" / "tools" / "prisma_sql.mjs"))
DBML_EXPORT = HERE / "dbml_export.cjs"
TIMEOUT = 300

# @db. attributes a MySQL schema may use that PostgreSQL lacks (its twin drops them: default type).
MYSQL_ONLY_DB = {"LongText", "MediumText", "TinyText", "TinyInt", "UnsignedTinyInt", "UnsignedSmallInt", "UnsignedInt",
                 "UnsignedMediumInt", "UnsignedBigInt", "MediumInt", "Year", "Blob", "TinyBlob", "MediumBlob", "LongBlob",
                 "Binary", "VarBinary", "Double", "Float", "DateTime", "Int"}


# ------------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------------
def prisma_inputs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args if a.endswith(".prisma") or Path(a).is_dir() and any(Path(a).rglob("*.prisma"))]
    out = []
    for root in (realdb.corpus_dir() / "prisma", FIXTURES / "prisma"):
        if root.is_dir():
            out += sorted(p.resolve() for p in root.iterdir() if p.suffix == ".prisma" or p.is_dir())
    return out


def dbml_inputs(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args if a.endswith(".dbml")]
    return sorted(p.resolve() for p in (FIXTURES / "dbml").glob("*.dbml"))


def prisma_files(p: Path) -> list[Path]:
    return sorted(p.rglob("*.prisma")) if p.is_dir() else [p]


def provider(p: Path) -> str:
    for f in prisma_files(p):
        m = re.search(r'datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"(\w+)"', f.read_text(encoding="utf-8", errors="replace"))
        if m:
            return m.group(1)
    return "postgresql"


def pg_twin(p: Path, tmp: Path) -> Path:
    """A copy of a MySQL schema that Prisma's PostgreSQL engine accepts, meaning the same tables."""
    out = tmp / (p.stem + "_pg_twin")
    out.mkdir(parents=True, exist_ok=True)
    for f in prisma_files(p):
        text = f.read_text(encoding="utf-8")
        text = re.sub(r'(provider\s*=\s*)"mysql"', r'\1"postgresql"', text)
        text = re.sub(r"@db\.(\w+)(\([^)]*\))?", lambda m: "" if m.group(1) in MYSQL_ONLY_DB else m.group(0), text)
        text = re.sub(r"^\s*@@fulltext\(.*$", "", text, flags=re.M)
        text = re.sub(r"\(\s*length:\s*\d+\s*\)", "", text)
        rel = f.relative_to(p) if p.is_dir() else Path(f.name)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    return out


# ------------------------------------------------------------------------------------------------
# comparison
# ------------------------------------------------------------------------------------------------
PG_ALIASES = {"float": "double precision", "serial": "integer", "bigserial": "bigint", "smallserial": "smallint", "int": "integer", "int4": "integer",
              "int8": "bigint", "int2": "smallint", "decimal": "numeric", "float8": "double precision", "float4": "real",
              "varchar": "character varying", "char": "character", "bpchar": "character", "bool": "boolean",
              "varbit": "bit varying", "timestamptz": "timestamp with time zone", "timetz": "time with time zone",
              "timestamp": "timestamp without time zone", "time": "time without time zone"}


def pg_type(t: str | None) -> str:
    """A PostgreSQL type as `format_type` writes it (aliases resolved, `public.` and quotes dropped)."""
    t = (t or "").replace('"', "").strip().lower()
    arr = ""
    while t.endswith("[]"):
        arr += "[]"
        t = t[:-2].strip()
    t = re.sub(r"^public\.", "", t)
    m = re.fullmatch(r"([a-z_][a-z0-9_ .]*?)\s*(?:\((\s*[\d\s,]+)\))?\s*((?:with|without) time zone)?", t)
    if not m:
        return t + arr
    base, args, tz = m.group(1).strip(), (m.group(2) or "").replace(" ", ""), m.group(3)
    base = PG_ALIASES.get(base, base)
    if tz:
        base = f"{base.split(' ')[0]} {tz}"
    if base == "character" and not args:
        args = "1"
    if args and " " in base and base.split(" ")[0] in ("timestamp", "time"):
        word, rest = base.split(" ", 1)
        return f"{word}({args}) {rest}{arr}"
    return f"{base}({args}){arr}" if args else base + arr


def type_facts(model: dict, dialect: str) -> dict:
    out = {}
    for t in model.get("tables") or []:
        sch = realdb.norm_schema(t.get("schema"), dialect)
        for c in t.get("columns") or []:
            ty = c.get("type")
            v = pg_type(ty) if dialect == "postgres" else re.sub(r"\s+", " ", (ty or "").replace('"', "")).strip().upper()
            out[("type", sch, t["name"], c["name"])] = v
    return out


def model_view(m: dict, dialect: str) -> dict:
    """Everything the model says, keyed for comparison (order-insensitive; logical FKs left out)."""
    out = {}
    for t in m.get("tables") or []:
        key = (realdb.norm_schema(t.get("schema"), dialect), t["name"])
        for c in t.get("columns") or []:
            out[("column",) + key + (c["name"],)] = {k: v for k, v in c.items()} | {"type": (c.get("type") or "").replace('"', "")}
        for k in ("primary_key", "comment", "rls_enabled", "without_rowid"):
            out[(k,) + key] = t.get(k)
        for k in ("foreign_keys", "unique", "indexes", "checks"):
            items = [x for x in (t.get(k) or []) if not x.get("logical")]
            for x in items:
                x.pop("logical", None)
            out[(k,) + key] = sorted(json.dumps(x, sort_keys=True) for x in items)
    for e in m.get("enums") or []:
        out[("enum", realdb.norm_schema(e.get("schema"), dialect), e["name"])] = e.get("values")
    return out


def model_diffs(ours: dict, sql: dict, dialect: str) -> tuple[int, int, list[str], dict]:
    a, b = model_view(ours, dialect), model_view(sql, dialect)
    compared = equal = 0
    diffs, detail = [], {}
    for k in sorted(set(a) | set(b), key=str):
        compared += 1
        if a.get(k) == b.get(k):
            equal += 1
            continue
        line = f"model {'~' if k in a and k in b else ('+' if k in a else '-')} {k[0]} {'.'.join(str(x) for x in k[1:] if x)}"
        diffs.append(line)
        detail[line] = f"ours {json.dumps(a.get(k), ensure_ascii=False)[:300]}, from the tool's SQL {json.dumps(b.get(k), ensure_ascii=False)[:300]}"
    return compared, equal, diffs, detail


def inspect(args: list[str]) -> dict:
    r = subprocess.run([realdb.find_schemaplay(), "inspect", "--format", "json", *args], capture_output=True, timeout=TIMEOUT)
    if r.returncode != 0:
        raise realdb.HarnessError(f"schemaplay inspect {' '.join(args)} exited {r.returncode}: {realdb.dec(r.stderr)[-300:]}")
    return json.loads(realdb.dec(r.stdout))


def check(engine, dialect: str, label: str, sql: str, ours_args: list[str], tmp: Path, n: int) -> dict:
    """One input against one tool's SQL on one engine."""
    t0 = time.monotonic()
    res: dict = {"file": label, "dialect": dialect}
    sql_path = tmp / f"oracle{n}.sql"
    if dialect == "postgres":
        # Extensions a schema's database has without the schema saying so (civitai's `citext`
        # columns, documenso's `gin_trgm_ops` indexes); both ship with PostgreSQL.
        sql = "CREATE EXTENSION IF NOT EXISTS citext;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n" + sql
    sql_path.write_text(sql, encoding="utf-8")
    loaded = engine.load(realdb.Item(sql_path, label, dialect))
    ours = inspect(["--dialect", dialect, *ours_args])
    # a Prisma `view` block is a view of our model without its query: Prisma's SQL does not create it
    # (the view lives in the database already), so it is not compared with the engine's catalog
    ours["views"] = [v for v in ours.get("views") or [] if (v.get("definition") or "").strip()]
    from_sql = inspect(["--dialect", dialect, str(sql_path)])
    real = realdb.normalize_model(loaded["catalog"], dialect)
    got = realdb.normalize_model(ours, dialect)
    compared, equal, diffs = roundtrip.diff_facts(real, got)
    details = {d: roundtrip.diff_detail(real, got, d) for d in diffs}
    if dialect in ("postgres", "sqlite"):
        rt, gt = type_facts(loaded["catalog"], dialect), type_facts(ours, dialect)
        for k in sorted(set(rt) | set(gt), key=str):
            if k in rt and k in gt:
                compared += 1
                if rt[k] == gt[k]:
                    equal += 1
                else:
                    line = f"~ {roundtrip.key_text(k)}"
                    diffs.append(line)
                    details[line] = f"real {rt[k]}, ours {gt[k]}"
    mc, me, mdiffs, mdetail = model_diffs(ours, from_sql, dialect)
    ours_errors = [d for d in ours.get("diagnostics") or [] if d["severity"] == "error"]
    if ours_errors:
        diffs.append("! reader errors")
        details["! reader errors"] = "; ".join(f"{d['line']}:{d['column']} {d['message']}" for d in ours_errors[:3])
    res.update(compared=compared, equal=equal, model_compared=mc, model_equal=me, differences=diffs + mdiffs,
               details=details | mdetail, rejected=loaded["errors"][:5], tables=len(loaded["catalog"]["tables"]),
               seconds=round(time.monotonic() - t0, 2))
    return res


def run_node(args: list[str]) -> tuple[str | None, str]:
    env = dict(os.environ)
    # prisma_sql.mjs finds Prisma's schema engine in the repository's node_modules (package.json pins
    # it; `make tools` installs it), else installs it into its own folder on first use.
    if "PRISMA_ORACLE_DIR" not in env and (REPO / "node_modules" / "@prisma" / "schema-engine-wasm").is_dir():
        env["PRISMA_ORACLE_DIR"] = str(REPO)
    r = subprocess.run(["node", *args], capture_output=True, timeout=TIMEOUT, env=env)
    return (realdb.dec(r.stdout) if r.returncode == 0 else None), realdb.dec(r.stderr)


def prisma_cases(inputs: list[Path], tmp: Path) -> list[tuple[str, str, str, list[str]]]:
    """(label, dialect, Prisma's SQL or "!error", our inspect args) per input."""
    out = []
    for p in inputs:
        label = realdb.display_path(p)
        prov = provider(p)
        target = p
        if prov == "mysql":
            target = pg_twin(p, tmp)
            label += " (PostgreSQL twin)"
        dialect = "sqlite" if prov == "sqlite" else "postgres"
        sql, err = run_node([str(PRISMA_SQL), "--compat", str(target)])
        out.append((label, dialect, sql if sql is not None else "!" + err.strip().splitlines()[0][:200] if err.strip() else "!prisma_sql failed", ["--from", "prisma", str(target)]))
    return out


def dbml_cases(inputs: list[Path]) -> list[tuple[str, str, str, list[str]]]:
    out = []
    for p in inputs:
        text = p.read_text(encoding="utf-8")
        m = re.search(r"database_type\s*:\s*'([^']*)'", text)
        named = (m.group(1).lower().replace(" ", "") if m else None)
        targets = {"postgresql": ["postgres"], "postgres": ["postgres"], "mysql": ["mysql"], "mariadb": ["mysql"]}.get(named or "", [] if named else ["postgres", "mysql"])
        for fmt in targets:
            sql, err = run_node([str(DBML_EXPORT), str(p), fmt])
            label = f"{realdb.display_path(p)} ({fmt})"
            out.append((label, fmt, sql if sql is not None else "!" + (err.strip().splitlines() or ["export failed"])[0][:200], ["--from", "dbml", str(p)]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--report")
    ap.add_argument("--only", choices=["prisma", "dbml"])
    ap.add_argument("--prisma", action="store_true", help="the Prisma oracle only (same as --only prisma)")
    ap.add_argument("--dbml", action="store_true", help="the DBML oracle only (same as --only dbml)")
    a = ap.parse_args(argv)
    if a.prisma != a.dbml:
        a.only = "prisma" if a.prisma else "dbml"
    if not realdb.find_schemaplay():
        print("oracle: schemaplay binary not found (set SCHEMAPLAY)", file=sys.stderr)
        return 2
    known = roundtrip.load_known(KNOWN)
    engines = {}
    results: list[dict] = []
    t_start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="readers-oracle-") as tmpd:
        tmp = Path(tmpd)
        cases = []
        if a.only in (None, "prisma"):
            cases += [("prisma",) + c for c in prisma_cases(prisma_inputs(a.inputs), tmp)]
        if a.only in (None, "dbml"):
            cases += [("dbml",) + c for c in dbml_cases(dbml_inputs(a.inputs))]
        for n, (kind, label, dialect, sql, args) in enumerate(cases):
            if sql.startswith("!"):
                results.append({"kind": kind, "file": label, "dialect": dialect, "error": "the tool rejected the input", "detail": sql[1:]})
                print(f"[oracle] {label}: the tool rejected it: {sql[1:]}", file=sys.stderr)
                continue
            try:
                engine = engines.setdefault(dialect, realdb.ENGINES[dialect]())
                r = check(engine, dialect, label, sql, args, tmp, n)
            except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
                results.append({"kind": kind, "file": label, "dialect": dialect, "error": "harness error", "detail": f"{type(e).__name__}: {e}"})
                continue
            r["kind"] = kind
            results.append(r)
            print(f"[oracle] {label}: facts {r['equal']}/{r['compared']}, model {r['model_equal']}/{r['model_compared']}, "
                  f"{len(r['rejected'])} rejected statement(s), {r['seconds']}s", file=sys.stderr, flush=True)
    new, stale = roundtrip.settle(results, known)
    newset = set(new)
    print("\n== readers against the tools' own SQL on real databases ==")
    for r in results:
        if "error" in r:
            print(f"  [ERROR] {r['file']}: {r['error']}: {r['detail']}")
            continue
        status = "ok" if not r["differences"] else ("DIFF" if any((r["file"], d) in newset for d in r["differences"]) else "known")
        print(f"  [{status:5}] {r['file']}: facts {r['equal']}/{r['compared']}, model {r['model_equal']}/{r['model_compared']}")
    roundtrip.print_settled(results, new, stale, known, KNOWN)
    summary = {}
    for kind in ("prisma", "dbml"):
        rs = [r for r in results if r.get("kind") == kind]
        ok = [r for r in rs if "error" not in r]
        summary[kind] = {"inputs": len(rs), "facts_compared": sum(r["compared"] for r in ok), "facts_equal": sum(r["equal"] for r in ok),
                         "model_compared": sum(r["model_compared"] for r in ok), "model_equal": sum(r["model_equal"] for r in ok),
                         "identical": sum(1 for r in ok if not r["differences"])}
        s = summary[kind]
        print(f"== {kind}: {s['inputs']} inputs ({s['identical']} without differences); real-catalog facts {s['facts_equal']}/{s['facts_compared']}; "
              f"model vs the tool's SQL {s['model_equal']}/{s['model_compared']} ==")
    print(f"== {len(new)} difference(s) not in {KNOWN.name}, {len(stale)} listed but no longer occurring; {time.monotonic() - t_start:.0f}s ==")
    return realdb.finish(a.report, {"summary": summary, "results": results}, results, new, stale)


if __name__ == "__main__":
    sys.exit(main())

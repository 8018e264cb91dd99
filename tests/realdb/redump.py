#!/usr/bin/env python3
"""Re-dumped corpus on the real engines (issue 14): every dump style each engine's own tool writes.

For every corpus / fixture file of a dialect (the files realdb.py loads):

1. load it into a fresh database of its engine (exactly as realdb.py: errors recorded, preludes.txt);
2. add the table `schemaplay_awkward` whose rows hold what derails statement splitters (`;`, `\\.`, `BEGIN`,
   `END;`, `$$`, `DELIMITER`, newlines, a line `\\connect`, a whole `CREATE TABLE evil (...);` inside a
   string) and, on SQLite, run ANALYZE (so `.fullschema` / `.dump` carry `sqlite_stat1`);
3. dump that database with the engine's own tool in each style of STYLES;
4. for each dump: `schemaplay inspect --dialect D --format json DUMP` -> model facts, and the dump loaded
   into an empty database of the same engine -> real facts (realdb.normalize_model: tables, columns, keys,
   indexes, views, partitions); compare them fact by fact.

Restores are the expensive part, so a dump whose statements are those of an already restored dump of
the same file, apart from what cannot change a compared fact (data: COPY blocks, INSERT rows, `setval`;
ownership, privileges, comments, LOCK TABLES, ANALYZE; identifier quoting), is not restored again
(`--restore-every-dump` restores each one anyway). Session settings, transaction control and routines
count: they can change what restores. Of a `pg_dumpall -s` script only the sections of the file's
databases count (roles, CREATE DATABASE, `\\connect` and the empty template1 / postgres sections create
no compared fact). A file that creates databases of its own is dumped with `pg_dump --create` per
database, concatenated, or `mariadb-dump --databases`. MySQL's
`--all-databases` dump is compared with its user database restored from `--databases` (restoring the
server's own `mysql` database onto the running server is not an option), and its system-database part
must import as notes, not tables. A `--compact` dump has no header, so no `SET FOREIGN_KEY_CHECKS=0`, and
its tables come in name order: it is restored with that one setting in front (as is, every table whose
foreign key points at a later table is rejected, which would compare the import with a partial catalog).

`redump_known_gaps.txt` lists `PATH  STYLE  REASON` (PATH and STYLE may be globs) for (file, style) pairs
whose facts may differ; the run fails on a difference not listed there and on a listed pair that matches.

    tests/realdb/run.sh --redump [--report FILE] [--style S] [--restore-every-dump] [--write-fixtures] [FILE...]

`--write-fixtures` writes the dumps of the `dump_styles.sql` fixtures to crates/core/tests/dumps/ (the
splitter's unit tests read them).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import fnmatch
import hashlib
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
import roundtrip  # noqa: E402  (its known-list reader)

KNOWN = HERE / "redump_known_gaps.txt"
FIXTURE_OUT = REPO / "crates" / "core" / "tests" / "dumps"

# style name -> how to dump (engine-specific); see dump().
STYLES = {
    "postgres": ["pg_dump-schema-only", "pg_dump-copy-data", "pg_dump-inserts", "pg_dump-column-inserts-quote-all",
                 "pg_dump-no-owner-no-privileges", "pg_dumpall-schema-only"],
    "mysql": ["mariadb-dump-no-data", "mariadb-dump-data-routines-triggers", "mariadb-dump-compact",
              "mariadb-dump-skip-comments", "mariadb-dump-all-databases"],
    "sqlite": ["sqlite3-dump", "sqlite3-schema", "sqlite3-fullschema"],
}

AWKWARD_ROWS = [
    "semi;colon", "\\.", "line one\n\\.\nline three", "BEGIN", "END;", "BEGIN TRANSACTION;", "$$", "$body$ END; $body$",
    "DELIMITER ;;", "DELIMITER //\nCREATE TABLE evil (x int);\n//", "tab\there", "quote's \"double\" `back`",
    "back\\slash", "\n\\connect nowhere\n", "CREATE TRIGGER t BEFORE INSERT ON x BEGIN SELECT 1; END;",
    "/* not a comment */ -- nor this", "ünïcødé ✓",
]


def awkward_sql(dialect: str) -> str:
    """CREATE TABLE schemaplay_awkward + its rows, as literals of the dialect."""
    def lit(s: str) -> str:
        if dialect == "mysql":
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t") + "'"
        if dialect == "postgres":
            return "E'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t") + "'"
        return "'" + s.replace("'", "''") + "'"
    rows = ", ".join(f"({i + 1}, {lit(s)})" for i, s in enumerate(AWKWARD_ROWS))
    return f"CREATE TABLE schemaplay_awkward (id integer PRIMARY KEY, body text);\nINSERT INTO schemaplay_awkward VALUES {rows};\n"


# ------------------------------------------------------------------------------------------------
# dumping
# ------------------------------------------------------------------------------------------------
def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, timeout=realdb.LOAD_TIMEOUT, **kw)


def prepare_and_dump(engine, dialect: str, handle: str, styles: list[str], out: Path) -> dict[str, Path]:
    """Adds the awkward rows to the database `handle` and writes one dump per style."""
    files: dict[str, Path] = {}
    if dialect == "postgres":
        r = run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", handle, "-c", awkward_sql(dialect)], env=engine.env)
        if r.returncode != 0:
            raise realdb.HarnessError(f"awkward rows: {realdb.dec(r.stderr)[:300]}")
        flags = {
            "pg_dump-schema-only": ["pg_dump", "-s"],
            "pg_dump-copy-data": ["pg_dump"],
            "pg_dump-inserts": ["pg_dump", "--inserts"],
            "pg_dump-column-inserts-quote-all": ["pg_dump", "--column-inserts", "--quote-all-identifiers"],
            "pg_dump-no-owner-no-privileges": ["pg_dump", "-s", "--no-owner", "--no-privileges"],
            "pg_dumpall-schema-only": ["pg_dumpall", "-s"],
        }
        # a file that creates databases of its own (Chinook: `CREATE DATABASE chinook; \\c chinook`): each
        # one dumped with --create (CREATE DATABASE + \\connect first), one after the other
        dbs = [d for d in engine.q("SELECT datname FROM pg_database").split("\n") if d not in engine.base_dbs]
        for st in styles:
            if st.startswith("pg_dumpall"):
                files[st] = write(out, st, run(flags[st], env=engine.env), st)
            elif dbs == [handle]:
                files[st] = write(out, st, run(flags[st] + ["-d", handle], env=engine.env), st)
            else:
                parts = [run(flags[st] + ["--create", "-d", d], env=engine.env) for d in sorted(dbs)]
                bad = next((p for p in parts if p.returncode != 0), None)
                files[st] = write(out, st, bad or subprocess.CompletedProcess([], 0, b"".join(p.stdout for p in parts), b""), st)
    elif dialect == "mysql":
        r = subprocess.run(engine.base + [f"--database={handle}"], input=awkward_sql(dialect).encode(), capture_output=True,
                           timeout=realdb.LOAD_TIMEOUT)
        if r.returncode != 0:
            raise realdb.HarnessError(f"awkward rows: {realdb.dec(r.stderr)[:300]}")
        dump = ["mariadb-dump"] + engine.base[1:]
        # a file that creates databases of its own (`CREATE DATABASE x; USE x`): dump them all
        dbs = [d for d in engine.q("SHOW DATABASES").split("\n") if d not in engine.base_dbs and d not in realdb.MY_SYSTEM_DBS]
        which = [handle] if dbs == [handle] else ["--databases"] + sorted(dbs)
        flags = {
            "mariadb-dump-no-data": ["--no-data"] + which,
            "mariadb-dump-data-routines-triggers": ["--routines", "--triggers", "--events"] + which,
            "mariadb-dump-compact": ["--compact"] + which,
            "mariadb-dump-skip-comments": ["--skip-comments"] + which,
            "mariadb-dump-all-databases": ["--all-databases", "--no-data", "--routines"],
        }
        for st in styles:
            r = run(dump + flags[st])
            files[st] = write(out, st, r, st)
            if st == "mariadb-dump-all-databases":  # what its user databases restore from
                user = ["--databases"] + sorted(dbs)
                files[st + "#restore"] = write(out, st + "#restore", run(dump + ["--no-data", "--routines"] + user), st)
            elif st == "mariadb-dump-compact":
                # --compact leaves out the header's `SET FOREIGN_KEY_CHECKS=0` and writes the tables in
                # name order, so a table whose FK points at one written later is rejected when the dump
                # is fed to the client as is; restored the way it can be (checks off for the session)
                compact = subprocess.CompletedProcess(r.args, 0, b"SET FOREIGN_KEY_CHECKS=0;\n" + r.stdout, b"")
                files[st + "#restore"] = write(out, st + "#restore", compact, st)
    else:
        r = run(["sqlite3", "-batch", handle], input=(awkward_sql(dialect) + "ANALYZE;\n").encode())
        if r.returncode != 0:
            raise realdb.HarnessError(f"awkward rows: {realdb.dec(r.stderr)[:300]}")
        for st in styles:
            files[st] = write(out, st, run(["sqlite3", "-batch", handle, "." + st.split("-", 1)[1]]), st)
    return files


def write(out: Path, name: str, r: subprocess.CompletedProcess, style: str) -> Path:
    if r.returncode != 0:
        raise realdb.HarnessError(f"{style} failed: {realdb.dec(r.stderr)[:300]}")
    p = out / (re.sub(r"[^\w.-]", "_", name) + ".sql")
    p.write_bytes(r.stdout)
    return p


# ------------------------------------------------------------------------------------------------
# DDL fingerprint (restore dedup)
# ------------------------------------------------------------------------------------------------
# Statements that cannot change a compared fact: data, ownership, privileges, comments, locks,
# statistics. Session settings, transaction control, DROP ... IF EXISTS and routines stay: they can
# (`--compact` leaves out `SET FOREIGN_KEY_CHECKS=0`, so tables whose FK points forward fail to restore).
NO_FACTS = re.compile(
    r"^\s*(INSERT\s+INTO\s+(?!['\"]?sqlite_(schema|master))|REPLACE\s+INTO\s|SELECT\s+pg_catalog\.setval|"
    r"ALTER\s+\w+(\s+\w+)?\s+.*\s+OWNER\s+TO\s|GRANT\s|REVOKE\s|COMMENT\s+ON\s|LOCK\s+TABLES|UNLOCK\s+TABLES|"
    r"ALTER\s+TABLE\s+\S+\s+(DISABLE|ENABLE)\s+KEYS|REFRESH\s+MATERIALIZED\s|ANALYZE\s|DELETE\s+FROM\s+sqlite_sequence)",
    re.I)


def fingerprint(text: str, dialect: str) -> str:
    """The dump's DDL: statements that can change a compared fact, identifiers unquoted.

    Works on whole statements of the engine's dump format: COPY blocks end at `\\.`, every statement
    ends at a line ending with `;` outside a string (dump tools write one statement per line group)."""
    if dialect == "postgres":
        text = re.sub(r"(?ms)^COPY .*? FROM stdin;\n.*?^\\\.$\n?", "", text)
        if "PostgreSQL database cluster dump" in text:
            # pg_dumpall: roles, then per database `\connect db` and what pg_dump writes for it; the
            # cluster part and the (empty) template1 / postgres databases create no compared fact
            parts = re.split(r"(?m)^\\connect (\S+)\n", text)
            text = "".join(body.split("\n-- Database ")[0] for db, body in zip(parts[1::2], parts[2::2])
                           if db.strip('"') not in ("template1", "postgres"))
    text = re.sub(r"(?m)^(--|\\|/\*M!999999).*$", "", text)
    stmts, cur, quote = [], [], None
    backslash = dialect == "mysql"
    for line in text.splitlines():
        cur.append(line)
        esc = False
        for ch in line:  # track single quotes across lines (data rows hold newlines)
            if esc:
                esc = False
            elif quote and backslash and ch == "\\":
                esc = True
            elif ch == "'":
                quote = None if quote else "'"
        if quote is None and line.rstrip().endswith((";", ";;")):
            stmts.append("\n".join(cur))
            cur = []
    stmts.append("\n".join(cur))
    keep = []
    for s in stmts:
        body = re.sub(r"/\*!\d+\s*|\*/", " ", s).strip()
        body = re.sub(r"[\"`]([a-z_][a-z0-9_$]*)[\"`]", r"\1", body)
        if not body or NO_FACTS.match(body):
            continue
        keep.append(" ".join(body.split()))
    return hashlib.sha256("\n".join(keep).encode()).hexdigest()


# ------------------------------------------------------------------------------------------------
# driver
# ------------------------------------------------------------------------------------------------
def load_known(path: Path = KNOWN) -> list[tuple[str, str, str]]:
    """`PATH  STYLE  REASON` per line (PATH and STYLE may be globs); `#` comment lines."""
    return roundtrip.load_known(path, sep=None, shape="PATH  STYLE  REASON")


def known_reason(file: str, style: str, known) -> tuple[int, str] | None:
    for i, (p, s, why) in enumerate(known):
        if (p == file or fnmatch.fnmatchcase(file, p)) and (s == style or fnmatch.fnmatchcase(style, s)):
            return i, why
    return None


def process_engine(dialect: str, items: list, binary: str, styles: list[str], every: bool, fixtures: bool, log) -> list[dict]:
    engine = realdb.ENGINES[dialect]()
    results = []
    for it in items:
        with tempfile.TemporaryDirectory(prefix=f"redump-{dialect}-") as tmp:
            t0 = time.monotonic()
            dumps: dict[str, Path] = {}
            try:
                engine.load(it, after=lambda h: dumps.update(prepare_and_dump(engine, dialect, h, styles, Path(tmp))))
            except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
                results.append({"file": it.display, "dialect": dialect, "style": "*", "harness_error": f"{type(e).__name__}: {e}"})
                log(f"{it.display}: HARNESS ERROR {e}")
                continue
            if fixtures and it.path.name == "dump_styles.sql":
                (FIXTURE_OUT / dialect).mkdir(parents=True, exist_ok=True)
                for st in styles:
                    (FIXTURE_OUT / dialect / f"{st}.sql").write_bytes(dumps[st].read_bytes())
            restored: dict[str, dict] = {}
            for st in styles:
                res = compare_style(engine, dialect, it, st, dumps, restored, binary, every)
                results.append(res)
            log(f"{it.display}: {len(styles)} styles, {len(restored)} restore(s), "
                + ", ".join(f"{r['facts']['matched']}/{r['facts']['total']}" for r in results[-len(styles):] if "facts" in r)
                + f", {time.monotonic() - t0:.1f}s")
    return results


def compare_style(engine, dialect: str, it, st: str, dumps: dict, restored: dict, binary: str, every: bool) -> dict:
    res: dict = {"file": it.display, "dialect": dialect, "style": st}
    path = dumps[st]
    source = dumps.get(st + "#restore", path)
    text = source.read_text(encoding="utf-8", errors="replace")
    key = st if every else fingerprint(text, dialect)
    try:
        if key not in restored:
            # a display that matches no preludes.txt entry: the dump carries what the prelude made
            restored[key] = engine.load(realdb.Item(source, f"{it.display} [{st}]", dialect))
        real = restored[key]
        ins = realdb.inspect(binary, realdb.Item(path, it.display, dialect))
    except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
        res["harness_error"] = f"{type(e).__name__}: {e}"
        return res
    res["restore_rejected"] = [e for e in real["errors"] if "reserved for internal use" not in e["message"]][:5]
    model = ins.get("model") or {}
    diags = [d for d in model.get("diagnostics", []) if d.get("severity") in ("warning", "error")]
    res["warnings"] = [f"{d['line']}: {d['message']}" for d in diags][:20]
    cmp = realdb.compare(realdb.normalize_model(real["catalog"], dialect), realdb.normalize_model(model, dialect))
    res["facts"] = {"total": cmp["total"], "matched": cmp["matched"]}
    res["mismatches"] = realdb.mismatch_lines(cmp, limit=50)
    res["ok"] = bool(ins.get("ok")) and cmp["matched"] == cmp["total"]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--report")
    ap.add_argument("--style", action="append", help="only these styles (repeatable; globs allowed)")
    ap.add_argument("--restore-every-dump", action="store_true", help="restore every dump, even DDL-identical ones")
    ap.add_argument("--write-fixtures", action="store_true", help="write the dump_styles.sql dumps to crates/core/tests/dumps/")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    binary = realdb.find_schemaplay()
    if not binary or not Path(binary).exists():
        print("redump: schemaplay binary not found (set SCHEMAPLAY)", file=sys.stderr)
        return 2
    items = realdb.discover(a.files)

    def log(msg):
        if not a.quiet:
            print(f"[redump] {msg}", file=sys.stderr, flush=True)

    t_start = time.monotonic()
    groups = {d: [it for it in items if it.dialect == d] for d in realdb.DIALECTS}
    results: list[dict] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
        futs = []
        for d, g in groups.items():
            styles = [s for s in STYLES[d] if not a.style or any(fnmatch.fnmatchcase(s, p) for p in a.style)]
            if g and styles:
                futs.append(ex.submit(process_engine, d, g, binary, styles, a.restore_every_dump, a.write_fixtures, log))
        for f in futs:
            results += f.result()
    elapsed = time.monotonic() - t_start
    return report(results, load_known(), elapsed, a.report)


def report(results: list[dict], known, elapsed: float, report_path: str | None) -> int:
    import json
    used: set[int] = set()
    failing, errors = [], []
    by_style: dict[str, list[int]] = {}
    print("\n== re-dumped corpus: each dump imported by schemaplay vs the same dump restored on the engine ==")
    for r in results:
        if "harness_error" in r:
            errors.append(r)
            print(f"  [HARNESS ] {r['file']} {r['style']}: {r['harness_error']}")
            continue
        f = r["facts"]
        s = by_style.setdefault(r["style"], [0, 0, 0, 0])
        s[0] += 1
        s[1] += f["matched"]
        s[2] += f["total"]
        k = known_reason(r["file"], r["style"], known)
        if k:
            used.add(k[0])
        if r["ok"]:
            s[3] += 1
            continue
        status = "KNOWN GAP" if k else "FAIL"
        print(f"  [{status:9}] {r['file']} {r['style']}: {f['matched']}/{f['total']} facts" + (f" ({k[1]})" if k else ""))
        if not k:
            failing.append(r)
            for line in r["mismatches"][:12]:
                print("    " + line)
            for w in r["warnings"][:5]:
                print(f"    import warning at line {w}")
    stale = [i for i in range(len(known)) if i not in used
             and any(fnmatch.fnmatchcase(r["file"], known[i][0]) or r["file"] == known[i][0] for r in results)]
    for i in stale:
        print(f"  NO LONGER DIFFERS (remove from {KNOWN.name}): {known[i][0]}  {known[i][1]}")
    print("\n== per style: dumps, facts matched, dumps matching fully ==")
    tot_m = tot_t = tot_n = tot_ok = 0
    for st, (n, m, t, ok) in by_style.items():
        print(f"  {st:40} {n:4} dumps  {m:6}/{t:<6} facts ({100.0 * m / t if t else 100:.2f}%)  {ok}/{n} fully")
        tot_n, tot_m, tot_t, tot_ok = tot_n + n, tot_m + m, tot_t + t, tot_ok + ok
    files = len({r["file"] for r in results})
    print(f"\n== {files} files x styles = {tot_n} dumps, facts {tot_m}/{tot_t} ({100.0 * tot_m / tot_t if tot_t else 100:.2f}%), "
          f"{tot_ok} dumps match fully, {len(failing)} failing not in {KNOWN.name}, {len(stale)} stale, {elapsed:.0f}s ==")
    if report_path:
        realdb.write_report(report_path, {"files": files, "dumps": tot_n, "facts_total": tot_t, "facts_matched": tot_m,
                                          "seconds": round(elapsed, 1), "results": results})
    if errors:
        return 2
    return 1 if failing or stale else 0


if __name__ == "__main__":
    sys.exit(main())

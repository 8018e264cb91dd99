#!/usr/bin/env python3
"""Round trip of the SQL generator through the real engines (issue 5).

For the default example, the codegen fixtures (tests/codegen/fixtures/*_<dialect>.sql), the realdb
fixtures (tests/realdb/fixtures/<dialect>/) and every corpus file (../shared/corpus/<dialect>/):

1. load the ORIGINAL file into a fresh database of its own engine (exactly as realdb.py does: errors
   recorded, not fatal; preludes.txt applies) and read the catalog facts back -> A;
2. `schemaplay generate --target sql --to D --dialect D FILE` (D = the file's own dialect), load THAT
   into another fresh database of the same engine (same loader, same preludes) -> B;
3. compare A and B fact by fact (the facts and normalization of realdb.py: table, column nullability,
   pk, fk, unique, index).

A difference is one of
    ~ KEY   the fact exists on both sides with different values
    - KEY   only the original's catalog has it (the generated SQL lost it)
    + KEY   only the generated SQL's catalog has it (the generator invented it)
with KEY as realdb.fmt_key prints it (`column public.t c`, `fk public.t name`, `unique t (a, b)`, ...).
Facts the engine derives by itself (realdb's optional facts) are not counted when only one side has them.

The set of differences must equal tests/realdb/roundtrip_known_differences.txt exactly: the run fails
on a difference not listed there AND on a listed difference that no longer occurs.

Run through tests/realdb/run.sh --roundtrip [--report FILE] [FILE...] (servers as for realdb.py).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import realdb  # noqa: E402

KNOWN = HERE / "roundtrip_known_differences.txt"
CODEGEN_FIXTURES = REPO / "tests" / "codegen" / "fixtures"
DEFAULT_EXAMPLE = REPO / "crates" / "core" / "src" / "examples" / "saas.sql"
SEP = " :: "


def discover(args: list[str]) -> list[realdb.Item]:
    def codegen_fixture_dialect(p: Path) -> str | None:
        for d in realdb.DIALECTS:
            if p.name.endswith(f"_{d}.sql"):
                return d
        return None

    if args:
        items = []
        for a in args:
            p = Path(a)
            files = sorted(x for x in p.rglob("*.sql")) if p.is_dir() else [p]
            for f in files:
                d = codegen_fixture_dialect(f) if f.resolve().parent == CODEGEN_FIXTURES else None
                d = d or realdb.dialect_of(f) or "postgres"
                items.append(realdb.Item(f.resolve(), realdb.display_path(f), d))
        return items
    items = [realdb.Item(DEFAULT_EXAMPLE, realdb.display_path(DEFAULT_EXAMPLE), "postgres")]
    for f in sorted(CODEGEN_FIXTURES.glob("*.sql")):
        d = codegen_fixture_dialect(f)
        if d:
            items.append(realdb.Item(f.resolve(), realdb.display_path(f), d))
    items += realdb.discover([])
    return items


def key_text(k: tuple) -> str:
    """realdb.fmt_key on one line: backslash and control characters of hostile names escaped."""
    s = realdb.fmt_key(k)
    esc = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(esc.get(c, f"\\x{ord(c):02x}") if c == "\\" or ord(c) < 32 or 0x7f <= ord(c) < 0xa0
                   or c in "\u2028\u2029" else c for c in s)


def diff_facts(a: realdb.Facts, b: realdb.Facts) -> tuple[int, int, list[str]]:
    """(facts compared, facts equal, difference lines). A fact only one side has is not compared when
    that side's engine derived it by itself (optional)."""
    compared = equal = 0
    diffs: list[str] = []
    for k, v in a.values.items():
        if k in b.values:
            compared += 1
            if b.values[k] == v:
                equal += 1
            else:
                diffs.append(f"~ {key_text(k)}")
        elif k not in a.optional and k not in b.unknown:
            compared += 1
            diffs.append(f"- {key_text(k)}")
    for k in b.values:
        if k not in a.values and k not in b.optional and k not in a.unknown:
            compared += 1
            diffs.append(f"+ {key_text(k)}")
    return compared, equal, diffs


def diff_detail(a: realdb.Facts, b: realdb.Facts, line: str) -> str:
    """The values behind one difference line (for the printout)."""
    for k in set(a.values) | set(b.values):
        if key_text(k) == line[2:]:
            return (f"original {json.dumps(a.values.get(k), ensure_ascii=False)}, "
                    f"generated {json.dumps(b.values.get(k), ensure_ascii=False)}")
    return ""


def load_known(path: Path = KNOWN, sep: str | None = SEP, shape: str = "PATH :: DIFF :: REASON") -> list[tuple[str, str, str]]:
    """`PATH :: DIFF :: REASON` per line (DIFF may be a glob; another `sep` for another list, None =
    whitespace); `#` comment lines."""
    out = []
    if not path.exists():
        return out
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(sep, 2)
        if len(parts) != 3 or not parts[2].strip():
            raise SystemExit(f"{path.name}:{n}: expected `{shape}`, got {line!r}")
        out.append((parts[0].strip(), parts[1].strip(), parts[2].strip()))
    return out


def match_known(file: str, diff: str, known: list[tuple[str, str, str]]) -> int | None:
    for i, (p, d, _) in enumerate(known):
        if (p == file or fnmatch.fnmatchcase(file, p)) and (d == diff or fnmatch.fnmatchcase(diff, d)):
            return i
    return None


def settle(results: list[dict], known: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str]], list[int]]:
    """(differences not listed, indexes of listed entries that matched nothing)."""
    used: set[int] = set()
    new = []
    for r in results:
        for d in r.get("differences", []):
            i = match_known(r["file"], d, known)
            if i is None:
                new.append((r["file"], d))
            else:
                used.add(i)
        if "error" in r:
            i = match_known(r["file"], "! " + r["error"], known)
            if i is None:
                new.append((r["file"], "! " + r["error"]))
            else:
                used.add(i)
    checked = {r["file"] for r in results}
    stale = [i for i, (p, _, _) in enumerate(known) if i not in used
             and any(f == p or fnmatch.fnmatchcase(f, p) for f in checked)]
    return new, stale


def compare_models(a: dict, b: dict, dialect: str) -> tuple[realdb.Facts, realdb.Facts, tuple[int, int, list[str]]]:
    """The facts of two catalog models (`a` the reference) and (compared, equal, differences)."""
    fa, fb = realdb.normalize_model(a, dialect), realdb.normalize_model(b, dialect)
    return fa, fb, diff_facts(fa, fb)


def harness_failed(out: list[dict], res: dict, e: Exception, label: str, log) -> None:
    """Records `res` in `out` as a failure of the harness itself (an engine, a tool, a timeout,
    not the code under test) and logs it under `label`."""
    res["error"] = "harness error"
    res["detail"] = f"{type(e).__name__}: {e}"
    out.append(res)
    log(f"{label}: HARNESS ERROR {e}")


def print_settled(results: list[dict], new: list[tuple[str, str]], stale: list[int],
                  known: list[tuple[str, str, str]], known_file: Path) -> None:
    """The report lines of [`settle`]'s answer: each difference not in the known list (with its
    detail), each listed one that no longer occurs."""
    for f, d in new:
        r = next(x for x in results if x["file"] == f)
        print(f"  NEW difference: {f}{SEP}{d}    ({r.get('details', {}).get(d, r.get('detail', ''))})")
    for i in stale:
        p, d, _ = known[i]
        print(f"  NO LONGER OCCURS (remove from {known_file.name}): {p}{SEP}{d}")


def generate(binary: str, item: realdb.Item) -> tuple[str | None, str | None]:
    r = subprocess.run([binary, "generate", "--target", "sql", "--to", item.dialect, "--dialect", item.dialect,
                        str(item.path)], capture_output=True, timeout=realdb.LOAD_TIMEOUT)
    if r.returncode != 0:
        return None, f"generate exited {r.returncode}: {realdb.dec(r.stderr)[-300:]}"
    return realdb.dec(r.stdout), None


def process(dialect: str, items: list[realdb.Item], binary: str, log) -> list[dict]:
    engine = realdb.ENGINES[dialect]()
    out = []
    with tempfile.TemporaryDirectory(prefix=f"roundtrip-{dialect}-") as tmp:
        for n, it in enumerate(items):
            t0 = time.monotonic()
            res: dict = {"file": it.display, "dialect": dialect}
            try:
                a = engine.load(it)
                sql, err = generate(binary, it)
                if err:
                    res["error"] = "generate failed"
                    res["detail"] = err
                    out.append(res)
                    continue
                # the generated file sits in the original's folder name-wise only through `display`
                # (preludes.txt is keyed by it); psql runs from the temp folder
                gen_path = Path(tmp) / f"gen{n}.sql"
                gen_path.write_text(sql, encoding="utf-8")
                b = engine.load(realdb.Item(gen_path, it.display, dialect))
            except (realdb.HarnessError, subprocess.TimeoutExpired, ValueError) as e:
                harness_failed(out, res, e, it.display, log)
                continue
            fa, fb, (compared, equal, diffs) = compare_models(a["catalog"], b["catalog"], dialect)
            res.update(compared=compared, equal=equal, differences=diffs,
                       details={d: diff_detail(fa, fb, d) for d in diffs},
                       original_rejected=len(a["errors"]), generated_rejected=len(b["errors"]),
                       generated_errors=b["errors"][:5], tables=len(a["catalog"]["tables"]),
                       seconds=round(time.monotonic() - t0, 2))
            out.append(res)
            log(f"{it.display}: {equal}/{compared} facts equal, rejected statements {len(a['errors'])} original / "
                f"{len(b['errors'])} generated, {res['seconds']}s")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--report")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    binary = realdb.find_schemaplay()
    if not binary or not Path(binary).exists():
        print("roundtrip: schemaplay binary not found (set SCHEMAPLAY)", file=sys.stderr)
        return 2
    known = load_known()
    items = discover(a.files)

    def log(msg):
        if not a.quiet:
            print(f"[roundtrip] {msg}", file=sys.stderr, flush=True)

    groups = {d: [it for it in items if it.dialect == d] for d in realdb.DIALECTS}
    results: list[dict] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
        futs = [ex.submit(process, d, g, binary, log) for d, g in groups.items() if g]
        for f in futs:
            results += f.result()
    order = {it.display: i for i, it in enumerate(items)}
    results.sort(key=lambda r: order.get(r["file"], 0))

    new, stale = settle(results, known)
    newset = set(new)
    print()
    print("== round trip: original vs generated SQL of its own dialect, on the real engine ==")
    for r in results:
        if "error" in r:
            print(f"  [ERROR] {r['file']}: {r['error']}: {r['detail']}")
            continue
        status = "ok" if not r["differences"] else (
            "DIFF" if any((r["file"], d) in newset for d in r["differences"]) else "known")
        print(f"  [{status:5}] {r['file']}: {r['equal']}/{r['compared']} facts equal"
              + (f"; generated SQL: {r['generated_rejected']} rejected statement(s) "
                 f"(original: {r['original_rejected']})" if r["generated_rejected"] > r["original_rejected"] else ""))
        if status == "DIFF":
            for e in r["generated_errors"][:3]:
                print(f"      generated SQL rejected at line {e['line']}: {e['message'][:200]}")
    print_settled(results, new, stale, known, KNOWN)
    files = len(results)
    compared = sum(r.get("compared", 0) for r in results)
    equal = sum(r.get("equal", 0) for r in results)
    ndiff = sum(len(r.get("differences", [])) for r in results)
    summary = {"files": files, "facts_compared": compared, "facts_equal": equal, "differences": ndiff,
               "files_identical": sum(1 for r in results if not r.get("differences") and "error" not in r),
               "new": len(new), "stale": len(stale)}
    print()
    print(f"== {files} files, {compared} facts compared, {equal} equal, {ndiff} differences "
          f"({summary['files_identical']} files identical); {len(new)} not in {KNOWN.name}, "
          f"{len(stale)} listed but no longer occurring ==")
    return realdb.finish(a.report, {"summary": summary, "files": results}, results, new, stale)


if __name__ == "__main__":
    sys.exit(main())

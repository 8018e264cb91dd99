#!/usr/bin/env python3
"""Migration histories against real engines (issue 16).

For every history in `histories.txt` (a corpus migration folder and its dialect):

1. ask `schemaplay check-migration --since 0 --format json` for the files in the order the
   folder's tool applies them and the part of each it applies (dbmate: the up section);
2. apply exactly those parts, in that order, to one fresh database of the real engine
   (PostgreSQL 15, MariaDB, sqlite3), statement by statement, recording every statement the engine
   rejects with its file and line;
3. read the real catalog back and compare it, fact by fact (the facts and normalisation of
   `realdb.py`), with `schemaplay inspect --format json DIR` -- the schema after the replay.

A history whose facts differ fails the run unless `histories_known_gaps.txt` lists it with a
reason; rejected statements are listed per history (a tail-only folder's first files alter tables
created before the tail, an upgrade script expects an older database, ...).

Usage (servers from run.sh): tests/realdb/run.sh --histories [--report FILE] [FOLDER...]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import realdb  # noqa: E402

LIST = HERE / "histories.txt"
GAPS = HERE / "histories_known_gaps.txt"
# Between two files: ends a last statement left without ';' (each tool ran each file on its own).
SEPARATOR = "\n;\n"


def histories(path: Path = LIST) -> list[tuple[str, str, list[str]]]:
    """(folder, dialect, extra schemaplay options) of every replayable history."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        words = raw.split("#", 1)[0].split()
        if len(words) >= 2 and words[1] != "-":
            out.append((words[0], words[1], words[2:]))
    return out


def load_gaps(path: Path = GAPS) -> dict[str, tuple[str, str]]:
    """`FOLDER DIALECT KIND REASON` lines -> {"FOLDER DIALECT": (KIND, REASON)}."""
    gaps = {}
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.lstrip().startswith("#"):
                words = raw.split(None, 3)
                if len(words) >= 3 and words[2] in ("extra-only", "any"):
                    gaps[f"{words[0]} {words[1]}"] = (words[2], words[3] if len(words) > 3 else "")
                else:
                    raise realdb.HarnessError(f"{path.name}: bad line {raw!r} (expected FOLDER DIALECT extra-only|any REASON)")
    return gaps


def tolerated(facts: dict, gap: tuple[str, str] | None) -> bool:
    """Whether a difference is covered by its known-gaps entry: `extra-only` allows only facts the
    model has in addition (every real fact must still be there, equal)."""
    if gap is None:
        return False
    return gap[0] == "any" or (facts["missing"] == 0 and facts["differ"] == 0)


def plan(binary: str, folder: Path, dialect: str, options: list[str]) -> dict:
    r = realdb.run([binary, "check-migration", "--since", "0", "--format", "json", "--dialect", dialect, *options, str(folder)])
    if r.returncode not in (0, 1, 2) or not r.stdout:
        raise realdb.HarnessError(f"schemaplay check-migration failed: {realdb.dec(r.stderr)[-400:]}")
    return json.loads(realdb.dec(r.stdout))


def combined(folder: Path, files: list[dict]) -> tuple[str, list[tuple[int, str, int]]]:
    """The applied parts one after another (outside each part, the file is blanked so lines stay the
    file's own) and the line where each file starts: [(first line, path, line count)]."""
    text, starts, line = [], [], 1
    for f in files:
        raw = (folder / f["path"]).read_bytes()
        start, end = f["up"]
        part = raw[:end] if start == 0 else bytes(c if c == 10 or i >= start else 32 for i, c in enumerate(raw[:end]))
        body = realdb.dec(part)
        starts.append((line, f["path"], body.count("\n") + 1))
        text.append(body + SEPARATOR)
        line += body.count("\n") + SEPARATOR.count("\n")
    return "".join(text), starts


def locate(starts: list[tuple[int, str, int]], line: int | None) -> tuple[str, int | None]:
    if line is None:
        return "?", None
    for first, path, count in reversed(starts):
        if line >= first:
            return (path, line - first + 1) if line - first < count else ("(between files)", None)
    return "?", line


def replay_one(engines: dict, binary: str, corpus: Path, name: str, dialect: str, options: list[str]) -> dict:
    folder = corpus / name
    p = plan(binary, folder, dialect, options)
    files = [f for f in p["files"]]
    text, starts = combined(folder, files)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", prefix="history-", encoding="utf-8", delete=False) as fh:
        fh.write(text)
        tmp = Path(fh.name)
    try:
        item = realdb.Item(tmp, f"{name} ({dialect})", dialect)
        loaded = engines[dialect].load(item)
    finally:
        tmp.unlink()
    rejected = []
    for e in loaded["errors"]:
        path, line = locate(starts, e.get("line"))
        if path != "(between files)":
            rejected.append({"file": path, "line": line, "message": e["message"]})
    ins = realdb.run([binary, "inspect", "--format", "json", "--dialect", dialect, *options, str(folder)])
    model = json.loads(realdb.dec(ins.stdout) or "{}")
    real = realdb.normalize_model(loaded["catalog"], dialect)
    got = realdb.normalize_model(model, dialect)
    cmp = realdb.compare(real, got)
    return {
        "history": name, "dialect": dialect, "layout": p["layout"], "files": len(files),
        "rejected": rejected, "real_tables": len(loaded["catalog"]["tables"]),
        "facts": {"total": cmp["total"], "matched": cmp["matched"], "missing": len(cmp["missing"]),
                  "extra": len(cmp["extra"]), "differ": len(cmp["differ"])},
        "mismatches": realdb.mismatch_lines(cmp, limit=100),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", help="only these histories (folder names from histories.txt)")
    ap.add_argument("--report", help="write a JSON report here")
    ap.add_argument("--show", type=int, default=8, help="rejected statements and mismatches printed per history")
    a = ap.parse_args(argv)
    binary = realdb.find_schemaplay()
    if not binary:
        print("histories: schemaplay not found (set SCHEMAPLAY)", file=sys.stderr)
        return 2
    corpus = realdb.corpus_dir() / "migrations"
    todo = [h for h in histories() if not a.folders or h[0] in a.folders]
    engines: dict = {}
    results, failing = [], []
    gaps = load_gaps()
    t0 = time.monotonic()
    for name, dialect, options in todo:
        if dialect not in engines:
            engines[dialect] = realdb.ENGINES[dialect]()
        try:
            r = replay_one(engines, binary, corpus, name, dialect, options)
        except (realdb.HarnessError, OSError, ValueError) as e:
            print(f"  [HARNESS ] {name} ({dialect}): {e}")
            return 2
        f = r["facts"]
        bad = f["matched"] != f["total"]
        gap = gaps.get(f"{name} {dialect}")
        reason = gap[1] if gap is not None and tolerated(f, gap) else None
        r["status"] = "ok" if not bad else ("KNOWN GAP" if reason is not None else "FAIL")
        rate = 100.0 * f["matched"] / f["total"] if f["total"] else 100.0
        print(f"  [{r['status']:9}] {name} ({dialect}, {r['layout']}, {r['files']} files): "
              f"{f['matched']}/{f['total']} facts ({rate:.1f}%), {r['real_tables']} real tables, "
              f"{len(r['rejected'])} statement(s) the engine rejected")
        for e in r["rejected"][: a.show]:
            print(f"      rejected {e['file']}:{e['line']}: {e['message'][:160]}")
        if len(r["rejected"]) > a.show:
            print(f"      ... {len(r['rejected']) - a.show} more rejected (see --report)")
        if bad:
            for line in r["mismatches"][: a.show]:
                print(f"      {line}")
            if reason is not None:
                print(f"      known gap: {reason}")
            else:
                failing.append(f"{name} ({dialect})")
        elif gap is not None:
            print("      note: listed in histories_known_gaps.txt but matches now; remove the entry")
        results.append(r)
    total = sum(r["facts"]["total"] for r in results)
    matched = sum(r["facts"]["matched"] for r in results)
    full = sum(1 for r in results if r["status"] == "ok")
    real = sum(r["facts"]["total"] - r["facts"]["extra"] for r in results)
    kept = sum(r["facts"]["matched"] for r in results)
    print(f"== histories: {len(results)} replayed, {full} equal to the real catalog, "
          f"{matched}/{total} facts ({100.0 * matched / max(total, 1):.2f}%); of the real catalogs' facts "
          f"{kept}/{real} in the model, equal; {len(failing)} failing, {time.monotonic() - t0:.0f}s ==")
    if a.report:
        realdb.write_report(a.report, {"histories": results})
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

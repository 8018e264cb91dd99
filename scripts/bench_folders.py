#!/usr/bin/env python3
"""Migration folders, side by side with squawk: the 763 real PostgreSQL migrations of three corpus
histories (civitai, trigger.dev and documenso, all Prisma Migrate) checked by

  squawk      one process over the 763 files (its batch mode), each file on its own;
  schemaplay  `check-migration DIR` once per history (three processes), each migration checked
              against the schema the migrations before it built (replayed in Prisma's order).

Both in a transaction, PostgreSQL 18 semantics. Each command runs RUNS times after a warm-up; the
median wall time and the median CPU time (user + system of the process and its children) are
reported, with files per second. The machine is shared: CPU time is the steadier figure.

Usage: scripts/bench_folders.py [--schemaplay target/release/schemaplay] [--runs 7] [--out FILE]
Run by `make bench-folders` (which builds the CLI with the bench profile and installs squawk).
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, sysconfig, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "migrations"
HISTORIES = ["civitai_prisma_postgres", "triggerdev_prisma_postgres", "documenso_prisma_postgres"]


def squawk_binary():
    found = shutil.which("squawk")
    if found:
        return found
    cand = Path(sysconfig.get_path("scripts")) / "squawk"
    return str(cand) if cand.exists() else None


def timed(cmds):
    """Runs the commands one after another; returns (wall s, cpu s) of the whole."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    for c in cmds:
        subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(cmds, runs):
    timed(cmds)  # warm-up (file cache)
    walls, cpus = [], []
    for _ in range(runs):
        w, c = timed(cmds)
        walls.append(w)
        cpus.append(c)
    return statistics.median(walls), statistics.median(cpus), min(walls), max(walls)


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemaplay", default=str(ROOT / "target" / "release" / "schemaplay"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "scripts" / "bench_folders.md"))
    a = ap.parse_args()
    squawk = squawk_binary()
    if not squawk:
        sys.exit("squawk not found: scripts/install-tools.sh bench installs it (pip install squawk-cli)")
    files = []
    for h in HISTORIES:
        files += sorted(str(p) for p in (CORPUS / h).glob("*/migration.sql"))
    size = sum(os.path.getsize(f) for f in files)
    ours = [[a.schemaplay, "check-migration", str(CORPUS / h)] for h in HISTORIES]
    theirs = [[squawk, "--assume-in-transaction", "--pg-version", "18.0", *files]]
    rows = []
    for name, cmds in (("schemaplay (schema-aware, 3 processes)", ours), ("squawk (batch, 1 process)", theirs)):
        wall, cpu, lo, hi = measure(cmds, a.runs)
        rows.append((name, wall, cpu, lo, hi))
        print(f"{name}: wall {wall:.3f} s (min {lo:.3f}, max {hi:.3f}), cpu {cpu:.3f} s", file=sys.stderr)
    # What schemaplay checked, for the record.
    stmts = findings = 0
    import json
    for h in HISTORIES:
        out = subprocess.run([a.schemaplay, "check-migration", "--format", "json", str(CORPUS / h)], capture_output=True, text=True).stdout
        for f in json.loads(out)["files"]:
            stmts += len(f["statements"])
            findings += sum(len(s["findings"]) for s in f["statements"])
    lines = [
        f"# Migration folders: schemaplay vs {version([squawk, '--version'])}",
        "",
        f"{len(files)} PostgreSQL migration files ({size / 1e6:.2f} MB) of three Prisma histories ({', '.join(HISTORIES)}),",
        "in a transaction, PostgreSQL 18. squawk checks each file on its own in one process; schemaplay",
        f"replays each history and checks every migration against the schema before it ({stmts} statements,",
        f"{findings} findings). Median of {a.runs} runs after a warm-up, `scripts/bench_folders.py`, {os.cpu_count()} cores (shared: the CPU",
        "column is the steadier one).",
        "",
        "| tool | wall (median) | wall min–max | CPU (median) | files/s (wall) | files/s (CPU) |",
        "|---|---|---|---|---|---|",
    ]
    for name, wall, cpu, lo, hi in rows:
        lines.append(f"| {name} | {wall:.3f} s | {lo:.3f}–{hi:.3f} s | {cpu:.3f} s | {len(files) / wall:.0f} | {len(files) / cpu:.0f} |")
    ratio = rows[1][2] / rows[0][2] if rows[0][2] else 0
    lines += ["", f"schemaplay's throughput is {ratio:.1f}× squawk's by CPU time and {rows[1][1] / rows[0][1]:.1f}× by wall time."]
    Path(a.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

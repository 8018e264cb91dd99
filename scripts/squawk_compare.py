#!/usr/bin/env python3
"""Compare `schemaplay check-migration` with squawk over the PostgreSQL migration files of the
shared corpus (../shared/corpus/migrations): per shared rule id, how many findings agree (same
file and line), how many only one tool reports (with examples), and the throughput of both in
the same run.

Usage: scripts/squawk_compare.py [--schemaplay target/release/schemaplay] [--limit N] [--out FILE]
Needs `squawk` on PATH (`pip install squawk-cli`). Both tools see each file on its own, wrapped in
a transaction (squawk --assume-in-transaction; schemaplay's default), PostgreSQL 18 semantics.
"""
import argparse, collections, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "migrations"


# Rule ids mean what squawk's mean (adding-not-nullable-field is SET NOT NULL; setting-not-null is
# its alias), so findings are compared id for id.

# Why the tools disagree, per rule (read from the examples of the last full run).
NOTES = {
    "syntax-error": "squawk's parser rejects the whole file (e.g. civitai model_metric_overhaul has a missing comma in an UPDATE) and then reports nothing else for it; schemaplay checks statement by statement",
    "require-lock-timeout": "both report once per file; squawk also fires for statements on tables created earlier in the same file (atuin create_users: CREATE UNIQUE INDEX on the new users table), schemaplay skips new tables; schemaplay counts CREATE TRIGGER (SHARE ROW EXCLUSIVE) as lock-taking",
    "require-statement-timeout": "squawk wants it before any lock-taking statement; schemaplay (info) only before statements that scan or rewrite an existing table under a lock that blocks reads or writes",
    "constraint-missing-not-valid": "squawk also reports every FOREIGN KEY without NOT VALID under this id (schemaplay reports those once, as adding-foreign-key-constraint) and constraints on tables created in the same file",
    "setting-not-null": "squawk calls this adding-not-nullable-field; squawk also fires on columns of tables created earlier in the same file",
    "adding-field-with-default": "squawk's id also covers NOT NULL columns (schemaplay: adding-not-nullable-field, mapped here); squawk treats a negative literal (DEFAULT -1, documenso) as non-constant; schemaplay treats stable functions (now(), CURRENT_TIMESTAMP) and casts as constant",
    "ban-concurrent-index-creation-in-transaction": "both skip a CONCURRENTLY statement alone in its file; squawk stops at files it cannot parse",
    "require-concurrent-index-creation": "schemaplay-only: mostly files squawk could not parse; squawk-only: mattermost files whose `-- nolint:concurrentIndex` directive schemaplay honours, or indexes on tables squawk does not know were created earlier (SELECT ... INTO)",
    "require-concurrent-index-deletion": "same causes as require-concurrent-index-creation",
    "transaction-nesting": "squawk reports BEGIN and COMMIT of an explicit block inside the tool's transaction; schemaplay reports the BEGIN (and a COMMIT only when no BEGIN opened it)",
    "prefer-robust-stmts": "schemaplay only applies it outside a transaction (a failed transactional migration rolls back and can be re-run)",
}
SCHEMA_LINT = {"prefer-bigint-over-int", "prefer-bigint-over-smallint", "prefer-text-field", "prefer-timestamp-tz", "prefer-identity", "ban-char-field"}


def pg_files():
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        f = folder.name.lower()
        if "mysql" in f or "sqlite" in f:
            continue
        for p in sorted(folder.rglob("*.sql")):
            r = str(p.relative_to(CORPUS)).lower()
            name = p.name.lower()
            if "down" in name or "cockroach" in r or "mysql" in r or "sqlite" in r:
                continue
            out.append(p)
    return out


def run_squawk(files):
    res, t0 = {}, time.perf_counter()
    for p in files:
        cp = subprocess.run(["squawk", "--reporter", "json", "--assume-in-transaction", "--pg-version", "18.0", str(p)], capture_output=True, text=True)
        found = []
        try:
            for v in json.loads(cp.stdout or "[]"):
                found.append((v["rule_name"], int(v["line"]) + 1))  # squawk lines are 0-based
        except json.JSONDecodeError:
            found.append(("<squawk-error>", 0))
        res[p] = found
    return res, time.perf_counter() - t0


def stmt_lines(report):
    return [s["line"] for s in report["statements"]]


def run_ours(binary, files):
    res, spans, t0 = {}, {}, time.perf_counter()
    for p in files:
        cp = subprocess.run([binary, "check-migration", "--format", "json", str(p)], capture_output=True, text=True)
        found = []
        try:
            rep = json.loads(cp.stdout)
            for s in rep["statements"]:
                for f in s["findings"]:
                    found.append((f["rule"], s["line"]))
            spans[p] = stmt_lines(rep)
        except (json.JSONDecodeError, KeyError):
            found.append(("<schemaplay-error>", 0))
            spans[p] = []
        res[p] = found
    return res, spans, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemaplay", default=str(ROOT / "target" / "release" / "schemaplay"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    files = pg_files()
    if a.limit:
        files = files[: a.limit]
    total_bytes = sum(p.stat().st_size for p in files)
    ours, spans, t_ours = run_ours(a.schemaplay, files)
    theirs, t_sq = run_squawk(files)
    ours_rules = {r for v in ours.values() for r, _ in v}
    sq_rules = {r for v in theirs.values() for r, _ in v}
    stats = collections.defaultdict(lambda: {"agree": 0, "only_ours": [], "only_squawk": []})

    def stmt_of(p, line):
        # squawk reports the line of the offending token; map both to the statement starting at or before it
        ls = [l for l in spans.get(p, []) if l <= line]
        return ls[-1] if ls else line

    for p in files:
        o = collections.Counter((r, stmt_of(p, l)) for r, l in ours[p])
        s = collections.Counter((r, stmt_of(p, l)) for r, l in theirs[p])
        for key in set(o) | set(s):
            r = key[0]
            n = min(o[key], s[key])
            stats[r]["agree"] += n
            for _ in range(o[key] - n):
                stats[r]["only_ours"].append(f"{p.relative_to(CORPUS)}:{key[1]}")
            for _ in range(s[key] - n):
                stats[r]["only_squawk"].append(f"{p.relative_to(CORPUS)}:{key[1]}")
    lines = [f"# schemaplay check-migration vs squawk {subprocess.run(['squawk', '--version'], capture_output=True, text=True).stdout.strip()}", ""]
    lines.append(f"{len(files)} PostgreSQL migration files ({total_bytes / 1e6:.2f} MB), each file on its own, in a transaction, PostgreSQL 18.")
    lines.append("")
    lines.append("| tool | wall time (one process per file) | files/s | MB/s |")
    lines.append("|---|---|---|---|")
    for name, t in (("schemaplay", t_ours), ("squawk", t_sq)):
        lines.append(f"| {name} | {t:.2f} s | {len(files) / t:.0f} | {total_bytes / 1e6 / t:.2f} |")
    lines.append("")
    lines.append("Rule ids are squawk's, with squawk's meaning, where both tools have the rule; findings are compared id for id.")
    lines.append("Type-choice rules (prefer-text-field, prefer-timestamp-tz, ...) are schema lint rules in schemaplay (`schemaplay lint`).")
    lines.append("")
    lines.append("| rule | both | only schemaplay | only squawk | why they differ | examples (only schemaplay / only squawk) |")
    lines.append("|---|---|---|---|---|---|")
    for r in sorted(stats):
        st = stats[r]
        tag = "" if (r in ours_rules or r in sq_rules) and r in {m for m in ours_rules} & {m for m in sq_rules} else (" (schemaplay only)" if r in ours_rules else " (squawk only)")
        ex = "; ".join(st["only_ours"][:2]) + " / " + "; ".join(st["only_squawk"][:2])
        note = NOTES.get(r, "a schemaplay lint rule (schema check)" if r in SCHEMA_LINT else ("not in schemaplay's migration catalogue" if tag == " (squawk only)" else ""))
        lines.append(f"| {r}{tag} | {st['agree']} | {len(st['only_ours'])} | {len(st['only_squawk'])} | {note} | {ex} |")
    text = "\n".join(lines) + "\n"
    if a.out:
        Path(a.out).write_text(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Column type changes on a real PostgreSQL: does ALTER COLUMN ... TYPE rewrite the table?

Every case of tests/types/pg_type_changes.tsv (old type, new type, the table's verdict) runs on a
fresh (empty) table: the table's relfilenode is read before and after
`ALTER TABLE ... ALTER COLUMN c TYPE new` (retried with `USING c::new`, then `USING c::text::new`,
when PostgreSQL asks for one), in a session whose time zone is not UTC; a table PostgreSQL rewrote has a new relfilenode. The verdict PostgreSQL gives must be the
table's `rewrites` column, which crates/core/tests/type_changes.rs holds the engine's checker
(`pg_type_change_rewrites`) and differ to.

Run through `tests/realdb/run.sh --type-rewrites` (it starts the server); `--write` fills the
table's `rewrites` column from PostgreSQL's answers instead of comparing (for adding cases).
Exit 0 when every case agrees, 1 on a disagreement, 2 on a harness error.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realdb import HarnessError, pg_env  # noqa: E402  (psql's environment, one for every harness)

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "tests/types/pg_type_changes.tsv"
PRELUDE = ROOT / "tests/types/pg_type_changes.prelude.sql"


def cases() -> list[list[str]]:
    out = []
    for line in TABLE.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        out.append(line.split("\t"))
    return out


def script(rows: list[list[str]]) -> str:
    # The tables are created (and committed) first: the rewrite is looked for in later transactions.
    # A session time zone other than UTC: PostgreSQL 12+ converts timestamp <-> timestamptz without a
    # rewrite only when the session's zone is UTC, which a migration cannot count on.
    sql = ["SET TimeZone = 'America/New_York';", PRELUDE.read_text(), "CREATE TABLE type_rewrites_result (i int, rewrote bool, used_using bool, error text);"]
    sql += [f"CREATE TABLE t_{i} (id int, c {old});" for i, (old, *_rest) in enumerate(rows)]
    for i, (old, new, *_rest) in enumerate(rows):
        sql.append(f"""
DO $case$
DECLARE before oid; after oid; used_using bool := false;
BEGIN
  SELECT relfilenode INTO before FROM pg_class WHERE oid = 't_{i}'::regclass;
  BEGIN
    ALTER TABLE t_{i} ALTER COLUMN c TYPE {new};
  EXCEPTION WHEN others THEN
    used_using := true;
    BEGIN
      ALTER TABLE t_{i} ALTER COLUMN c TYPE {new} USING c::{new};
    EXCEPTION WHEN others THEN
      ALTER TABLE t_{i} ALTER COLUMN c TYPE {new} USING c::text::{new};
    END;
  END;
  SELECT relfilenode INTO after FROM pg_class WHERE oid = 't_{i}'::regclass;
  INSERT INTO type_rewrites_result VALUES ({i}, before <> after, used_using, NULL);
EXCEPTION WHEN others THEN
  INSERT INTO type_rewrites_result VALUES ({i}, NULL, NULL, SQLERRM);
END $case$;""")
    sql.append("SELECT i, coalesce(rewrote::text, ''), coalesce(used_using::text, ''), coalesce(error, '') FROM type_rewrites_result ORDER BY i;")
    return "\n".join(sql)


def main() -> int:
    try:
        env = pg_env("run through tests/realdb/run.sh --type-rewrites", "warning")
    except HarnessError as e:
        print(e, file=sys.stderr)
        return 2
    db = f"type_rewrites_{os.getpid()}"
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    subprocess.run(psql + ["-d", "postgres", "-c", f'CREATE DATABASE "{db}" TEMPLATE template0'], env=env, check=True)
    try:
        rows = cases()
        r = subprocess.run(psql + ["-At", "-F", "\t", "-d", db, "-f", "-"], input=script(rows).encode(), env=env, capture_output=True)
        if r.returncode != 0:
            print(r.stderr.decode(), file=sys.stderr)
            return 2
        got = {}
        for line in r.stdout.decode().splitlines():
            i, rewrote, used_using, error = line.split("\t")
            got[int(i)] = (rewrote, used_using, error)
    finally:
        subprocess.run(psql + ["-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], env=env)
    write = "--write" in sys.argv[1:]
    bad = 0
    out_lines = []
    for i, row in enumerate(rows):
        old, new, want = row[0], row[1], row[2]
        rewrote, used_using, error = got.get(i, ("", "", "no result"))
        if error:
            print(f"ERROR  {old} -> {new}: {error}")
            bad += 1
            out_lines.append("\t".join(row))
            continue
        verdict = "yes" if rewrote == "true" else "no"
        note = " (needs USING)" if used_using == "true" else ""
        if write:
            row[2] = verdict
        elif verdict != want:
            print(f"DIFFER {old} -> {new}: PostgreSQL {'rewrites' if verdict == 'yes' else 'does not rewrite'}{note}; the table says {want}")
            bad += 1
        out_lines.append("\t".join(row))
    if write:
        head = [l for l in TABLE.read_text().splitlines() if l.startswith("#")]
        TABLE.write_text("\n".join(head + out_lines) + "\n")
        print(f"wrote {len(out_lines)} verdicts to {TABLE}")
    print(f"{len(rows)} type changes on PostgreSQL: {len(rows) - bad} as the table says, {bad} not")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks the extracted fixtures against squawk itself: every fixture's expected verdict (read from
squawk's test source by extract.py) must be what the squawk binary of the same version says for the
same SQL and settings. This validates the extractor, not schemaplay.

Usage: verify_with_squawk.py FIXTURES.json   (needs `squawk` on PATH: scripts/install-tools.sh squawk)
Exit 1 when a fixture's verdict differs from squawk's (they are printed).
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def squawk_ids(sql, pg_version, in_tx, rule):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "m.sql"
        p.write_text(sql, encoding="utf-8")
        args = ["squawk", "--reporter", "json", "--pg-version", str(pg_version), "--include", rule]
        if in_tx:
            args.append("--assume-in-transaction")
        cp = subprocess.run(args + [str(p)], capture_output=True, text=True)
        try:
            return {v["rule_name"] for v in json.loads(cp.stdout or "[]")}
        except json.JSONDecodeError:
            return {"<squawk-error>"}


def main():
    doc = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    bad = 0
    for f in doc["fixtures"]:
        got = squawk_ids(f["sql"], f.get("pg_version_text", f["pg_version"]), f["assume_in_transaction"], f["rule"])
        for rid, want in f["ids"].items():
            fired = rid in got
            if fired != (want == "error"):
                bad += 1
                print(f"{f['test']} [{rid}]: squawk says {'error' if fired else 'ok'}, the test expects {want}  ({sorted(got)})")
    n = sum(len(f["ids"]) for f in doc["fixtures"])
    print(f"{n - bad} of {n} verdicts equal squawk's own")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Cross-check of benches/share.rs with real zlib (what Mermaid Live's pako ports byte for byte).

For every .sql file of the corpus: our link (`schemaplay share encode`, postgres, i.e. the text
alone) against `pako:` + base64url(zlib level 9 of JSON {"code": text}). Prints the totals and
exits 1 if any of ours is longer.
Usage: python3 crates/core/benches/share_vs_pako.py [CORPUS_DIR] [SCHEMAPLAY_BINARY]
"""
import base64, json, pathlib, subprocess, sys, zlib

corpus = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
binary = sys.argv[2] if len(sys.argv) > 2 else "target/debug/schemaplay"
ours_total = theirs_total = 0
longer = []
files = sorted(corpus.rglob("*.sql"))
for f in files:
    text = f.read_bytes().decode("utf-8", errors="replace")
    ours = subprocess.run([binary, "share", "encode", str(f)], capture_output=True, check=True, text=True).stdout.strip()
    payload = json.dumps({"code": text}, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    theirs = "pako:" + base64.urlsafe_b64encode(zlib.compress(payload, 9)).decode().rstrip("=")
    ours_total += len(ours)
    theirs_total += len(theirs)
    if len(ours) > len(theirs):
        longer.append((f, len(ours), len(theirs)))
print(f"{len(files)} files: ours {ours_total} characters, pako (zlib 9) {theirs_total} ({100 * ours_total / theirs_total:.2f}%)")
for f, o, t in longer:
    print(f"LONGER: {f}: {o} > {t}")
sys.exit(1 if longer else 0)

#!/usr/bin/env python3
"""Share-link length against Mermaid Live's `pako:` links with real zlib (what pako ports byte for byte).

Mermaid Live writes `pako:` + base64url(zlib level 9 of a JSON state). The comparison uses its most
favourable case, the JSON holding nothing but `{"code": text}` (its real default state adds
`"mermaid":"{\\n  \\"theme\\": \\"default\\"\\n}","autoSync":true,"updateDiagram":true`, which only
makes its links longer).

Two modes:
  share_vs_pako.py [CORPUS_DIR] [SCHEMAPLAY_BINARY]
      For every .sql file of the corpus: our link (`schemaplay share encode`, the text alone) against
      the pako link. Prints the totals and every file where ours is longer; exits 1 if there is one.
  share_vs_pako.py --pako-lengths
      Reads file paths from stdin, one a line, and prints the pako link length of each, one a line.
      `crates/core/tests/share_vs_pako.rs` (run by `cargo test`) uses this to fail on any longer link.
"""
import base64, json, pathlib, subprocess, sys, zlib


def pako_link(text):
    payload = json.dumps({"code": text}, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return "pako:" + base64.urlsafe_b64encode(zlib.compress(payload, 9)).decode().rstrip("=")


def read_text(path):
    return pathlib.Path(path).read_bytes().decode("utf-8", errors="replace")


if len(sys.argv) > 1 and sys.argv[1] == "--pako-lengths":
    for line in sys.stdin.read().splitlines():
        print(len(pako_link(read_text(line))))
    sys.exit(0)

corpus = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
binary = sys.argv[2] if len(sys.argv) > 2 else "target/debug/schemaplay"
ours_total = theirs_total = 0
longer = []
files = sorted(corpus.rglob("*.sql"))
for f in files:
    ours = subprocess.run([binary, "share", "encode", str(f)], capture_output=True, check=True, text=True).stdout.strip()
    theirs = pako_link(read_text(f))
    ours_total += len(ours)
    theirs_total += len(theirs)
    if len(ours) > len(theirs):
        longer.append((f, len(ours), len(theirs)))
print(f"{len(files)} files: ours {ours_total} characters, pako (zlib 9) {theirs_total} ({100 * ours_total / theirs_total:.2f}%), ours longer on {len(longer)}")
for f, o, t in longer:
    print(f"LONGER: {f}: {o} > {t}")
sys.exit(1 if longer else 0)

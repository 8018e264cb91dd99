#!/bin/bash
# The `duplicates` count over the tracked source only (issue 18): copies the files git tracks in a
# checkout, without data fixtures (dumps, snapshots, fixtures, corpus), into OUTDIR and runs
# `duplicates` there. Usage: scripts/dup-source.sh [CHECKOUT (default .)] [OUTDIR (default a temp dir)] [MOST]
set -euo pipefail
src=$(cd "${1:-.}" && pwd); out=${2:-$(mktemp -d)}; most=${3:-8}
rm -rf "$out"; mkdir -p "$out"
(cd "$src" && git ls-files | grep -Ev '(^|/)(fixtures|dumps|snapshots|corpus)/|\.snap$|^tests/readers/fixtures') |
  while read -r f; do mkdir -p "$out/$(dirname "$f")"; cp "$src/$f" "$out/$f"; done
cd "$out" && git init -q && git add -A >/dev/null && git -c user.email=dup@local -c user.name=dup commit -qm source
duplicates --seconds 120 --most "$most"

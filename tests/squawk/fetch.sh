#!/usr/bin/env bash
# Brings squawk's rule tests for the conformance test (crates/core/tests/squawk_conformance.rs):
# downloads the pinned squawk-cli source release from PyPI with pip (no other network), checks its
# sha256, unpacks it under target/squawk/ and extracts the fixtures (tests/squawk/extract.py) to
# target/squawk/fixtures.json. Nothing of squawk's is committed. Safe to run again: it only redoes
# what is missing or older than the extractor.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=2.70.0
SHA256=a2d10a22cafd400e1eec78d487e662aaff996825788f99418e0c7ba85c749c32
OUT=target/squawk
SDIST="$OUT/squawk_cli-$VERSION.tar.gz"
SRC="$OUT/squawk_cli-$VERSION"
mkdir -p "$OUT"

if [ ! -f "$SDIST" ]; then
    echo "[squawk] pip download squawk-cli==$VERSION (source release)" >&2
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary squawk-cli "squawk-cli==$VERSION" -d "$OUT" >&2
fi
echo "$SHA256  $SDIST" | sha256sum -c --quiet -
if [ ! -d "$SRC/crates/squawk_linter/src/rules" ]; then
    tar -xzf "$SDIST" -C "$OUT"
fi
if [ ! -f "$OUT/fixtures.json" ] || [ tests/squawk/extract.py -nt "$OUT/fixtures.json" ] || [ "$SDIST" -nt "$OUT/fixtures.json" ]; then
    python3 tests/squawk/extract.py "$SRC" "$OUT/fixtures.json"
fi

#!/usr/bin/env bash
# Benchmarks quoted in notes: the release bundle's first-load size and the engine's timings.
# Run by `make bench` after `trunk build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Release bundle (dist/): every module, raw / gzip -9 / brotli -q 11 =="
printf '%-44s %10s %10s %10s\n' file raw gzip-9 brotli-11
for f in dist/*.wasm dist/*.js dist/*.css; do
    printf '%-44s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(gzip -9c "$f" | wc -c)" "$(brotli -c -q 11 "$f" | wc -c)"
done

echo
echo "== First load, measured in Chromium (scripts/first-load.mjs): what is requested before the first paint =="
# Exits non-zero when over the 450 KB budget or when the diagram embed is not lighter than the
# app; the benchmark goes on to print the engine's timings either way.
node scripts/first-load.mjs dist || echo "(first load: over budget — see above)"

echo
echo "== One edit through the browser's editing command (scripts/bench-native-edit.mjs; see scripts/bench_native_edit.md) =="
node scripts/bench-native-edit.mjs

echo
echo "== Engine (native, optimised) =="
cargo bench -q -p schemaplay-core --bench analyze
cargo bench -q -p schemaplay-core --bench import
cargo bench -q -p schemaplay-core --bench edit

echo
scripts/readers_size.sh
echo
echo "== Scaling: each input family at n and 10n (issue 21; goal: growth ≤ 12×) =="
cargo bench -q -p schemaplay-core --bench scaling

echo
echo "== ERD after one edit: incremental relayout vs a full layout (see crates/core/benches/erd_incremental_results.md) =="
cargo bench -q -p schemaplay-core --bench erd_incremental

echo
echo "== ERD layout vs ELK layered (elkjs): corpus, examples, synthetic (see crates/core/benches/erd_elk_results.md) =="
cargo bench -q -p schemaplay-core --bench erd_elk

#!/usr/bin/env bash
# Benchmarks quoted in notes: the release bundle's first-load size and the engine's timings.
# Run by `make bench` after `trunk build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Release bundle (dist/): what a first load downloads =="
printf '%-44s %10s %10s %10s\n' file raw gzip-9 brotli-11
tr=0; tg=0; tb=0
for f in dist/*.wasm dist/*.js dist/*.css; do
    r=$(stat -c%s "$f"); g=$(gzip -9c "$f" | wc -c); b=$(brotli -c -q 11 "$f" | wc -c)
    tr=$((tr + r)); tg=$((tg + g)); tb=$((tb + b))
    printf '%-44s %10d %10d %10d\n' "$(basename "$f")" "$r" "$g" "$b"
done
printf '%-44s %10d %10d %10d\n' TOTAL "$tr" "$tg" "$tb"
budget=$((450 * 1024))
if [ "$tb" -le "$budget" ]; then echo "brotli total $((tb / 1024)) KB: within the 450 KB budget"
else echo "brotli total $((tb / 1024)) KB: OVER the 450 KB budget"; fi

echo
echo "== Engine (native, optimised) =="
cargo bench -q -p schemaplay-core --bench analyze
cargo bench -q -p schemaplay-core --bench import

echo
scripts/readers_size.sh
echo
echo "== Scaling: each input family at n and 10n (issue 21; goal: growth ≤ 12×) =="
cargo bench -q -p schemaplay-core --bench scaling

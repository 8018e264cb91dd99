#!/usr/bin/env bash
# Where the CPU time of a scaling-benchmark case goes at n and 10n (issue 21): `perf record -e
# cpu-clock` samples per function of the bench binary (`--case I --n N --once`), the top functions
# at 10n with their growth. For machines without hardware counters (where `perf stat` says "not
# supported"): a function that grows much faster than the case names the step; glibc's allocator
# functions growing faster while instructions (scripts/scaling_ops.sh) stay ≈ 10× point at the heap.
#
#   scripts/scaling_samples.sh BIN CASE N     # BIN: target/release/deps/scaling-…, CASE from BIN --list
set -euo pipefail
command -v perf >/dev/null || { echo "perf is needed (apt-get install linux-perf)" >&2; exit 1; }
bin=$1 case=$2 n=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for m in "$n" $((n * 10)); do
    perf record -q -e cpu-clock -F 4999 -o "$tmp/$m.data" "$bin" --case "$case" --n "$m" --once >/dev/null 2>&1
    perf report -i "$tmp/$m.data" --no-children --stdio -n --sort symbol 2>/dev/null | grep '%' |
        awk '{s=$2; $1=""; $2=""; $3=""; sub(/^ +/, ""); print s "\t" $0}' >"$tmp/$m.txt"
done
awk -F'\t' -v n="$n" 'FNR == 1 { f++ } f == 1 { a[$2] = $1; t1 += $1 } f == 2 { t2 += $1; if (++k <= 12) top[k] = $2 "\t" $1 }
    END { printf "total samples %d -> %d (%.1f×)\n", t1, t2, t2 / (t1 ? t1 : 1)
          for (i = 1; i <= k && i <= 12; i++) { split(top[i], x, "\t"); g = a[x[1]] ? sprintf("%.1f×", x[2] / a[x[1]]) : "-"
              printf "%7d -> %7d  %7s  %s\n", a[x[1]], x[2], g, substr(x[1], 1, 100) } }' "$tmp/$n.txt" "$tmp/$((n * 10)).txt"

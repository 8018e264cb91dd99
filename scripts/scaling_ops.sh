#!/usr/bin/env bash
# Instructions and cache misses of scaling-benchmark cases at n and 10n (issue 21), counted by
# valgrind's cachegrind on the bench binary (`--case I --n N --once`; the count includes building
# the input, which is linear). Unlike CPU time these counts do not depend on the load of the
# machine: where instructions grow ≤ ~10.5× and the time more, the rest is memory (cache misses).
#
#   scripts/scaling_ops.sh [PATTERN...]   # rows whose "family / command" contains a PATTERN (all without)
#   SCALING_BIN=target/release/deps/scaling-… scripts/scaling_ops.sh …   # an already built bench binary
#   SCALING_OPS_DIVISOR=10 scripts/scaling_ops.sh …   # at n/10 and 10n/10 (minutes less per case)
#
# Slow (cachegrind runs a case 30-80× slower): a few minutes per 50,000-table case. Not part of
# `make test`; results are quoted in crates/core/benches/scaling_results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
export CARGO_PROFILE_BENCH_LTO="${CARGO_PROFILE_BENCH_LTO:-false}" CARGO_PROFILE_BENCH_CODEGEN_UNITS="${CARGO_PROFILE_BENCH_CODEGEN_UNITS:-16}"
bin="${SCALING_BIN:-$(cargo bench -q -p schemaplay-core --bench scaling --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -n 1)}"
[ -x "$bin" ] || { echo "bench binary not found" >&2; exit 1; }

count() { # count CASE N -> "instructions d1_misses ll_misses"
    valgrind --tool=cachegrind --cache-sim=yes --cachegrind-out-file=/dev/null "$bin" --case "$1" --n "$2" --once 2>&1 >/dev/null |
        awk '/ I *refs:/ {gsub(",","",$4); i=$4} /D1  misses:/ {gsub(",","",$4); d=$4} /LLd misses:/ {gsub(",","",$4); l=$4} END {print i, d, l}'
}

printf '%-30s %-16s %8s %16s %16s %8s %8s %8s\n' family command n "instr. n" "instr. 10n" instr D1miss LLmiss
"$bin" --list | while IFS=$'\t' read -r idx name op n; do
    if [ $# -gt 0 ]; then
        hit=0
        for p in "$@"; do [[ "$name / $op" == *"$p"* ]] && hit=1; done
        [ $hit = 1 ] || continue
    fi
    n=$((n / ${SCALING_OPS_DIVISOR:-1}))
    read -r i1 d1 l1 < <(count "$idx" "$n")
    read -r i2 d2 l2 < <(count "$idx" $((n * 10)))
    awk -v name="$name" -v op="$op" -v n="$n" -v i1="$i1" -v i2="$i2" -v d1="$d1" -v d2="$d2" -v l1="$l1" -v l2="$l2" 'BEGIN {
        printf "%-30s %-16s %8s %16.0f %16.0f %7.2f× %7.2f× %7.2f×\n", name, op, n, i1, i2, i2 / i1, d2 / (d1 ? d1 : 1), l2 / (l1 ? l1 : 1) }'
done

#!/usr/bin/env bash
# Coverage-guided fuzzing of every engine entry point (issue 21), run by `make fuzz`.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   # SECONDS per target (default $FUZZ_SECONDS or 120)
#
# Installs what it needs, idempotently, from the registries: a nightly toolchain (cargo fuzz needs
# it; the project itself stays on rust-toolchain.toml's) and cargo-fuzz. Builds every target once
# (`cargo fuzz build --sanitizer none`: the engine is safe Rust, so what we look for — panics,
# hangs, memory blow-ups, overflows caught by debug assertions — needs no AddressSanitizer, which
# made the build and every run several times slower; FUZZ_SANITIZER=address brings it back), then
# runs one target at a time under `nice`, each for SECONDS, and prints per target: seconds, execs,
# execs/s, corpus size (inputs libFuzzer keeps), coverage, peak RSS (MB), the slowest input (s) and findings.
#
# Seeds each target's corpus (fuzz/corpus/TARGET, not committed) with a lean set: the schemas of
# $FUZZ_SEEDS (default ../shared/corpus, when it exists) no larger than the input limit, pairs of
# consecutive files of each real migration history (check_migration, diff), and the repository's
# Prisma/DBML/Drizzle fixtures and fuzz/seeds/ catalog JSON (read_inputs); each prefixed with the byte that selects its dialect (see
# fuzz/fuzz_targets/common.rs). fuzz/sql.dict gives libFuzzer SQL's words.
#
# A crash, panic, hang (-timeout) or memory blow-up (-rss_limit_mb) ends that target's run with its
# input in fuzz/artifacts/TARGET/; the other targets still run, and this script exits non-zero.
# Turn each finding into a regression test (crates/core/tests/regressions.rs) before fixing it.
# Replay one: fuzz/target/x86_64-unknown-linux-gnu/release/TARGET fuzz/artifacts/TARGET/FILE
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[fuzz] %s\n' "$*" >&2; }
seconds="${1:-${FUZZ_SECONDS:-120}}"
shift || true
all=(parse_lint read_inputs generate erd check_migration diff share_decode)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
max_len="${FUZZ_MAX_LEN:-8192}"     # bytes of one input
timeout="${FUZZ_TIMEOUT:-10}"       # seconds for one input: longer is a hang
rss="${FUZZ_RSS_MB:-2048}"          # MB: more is a blow-up
sanitizer="${FUZZ_SANITIZER:-none}"
stack_kb="${FUZZ_STACK_KB:-1024}"   # KB of stack for the fuzzed code (the wasm build has 1 MiB)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    log "rustup toolchain install nightly"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    log "cargo install cargo-fuzz (a few minutes the first time)"
    cargo +nightly install cargo-fuzz --locked
fi

# Seeds: <dialect byte><text>, named by content so re-seeding adds nothing twice.
put() { # put DIR: stdin → DIR/<sha1 of content>
    local tmp name
    tmp=$(mktemp)
    cat > "$tmp"
    name=$(sha1sum < "$tmp" | cut -c1-16)
    if [ -e "$1/$name" ]; then rm -f "$tmp"; else mv "$tmp" "$1/$name"; fi
}
small() { [ "$(stat -c%s "$1")" -le "$max_len" ]; }
byte_of() { # the dialect byte of a path: 01 MySQL, 02 SQLite, 00 PostgreSQL (and the rest)
    case "$1" in *mysql*|*mariadb*) echo 01 ;; *sqlite*) echo 02 ;; *) echo 00 ;; esac
}
seeds="${FUZZ_SEEDS:-../shared/corpus}"
seed_schemas() { # every schema file of the corpus that fits one input
    local dir="$1" d b f
    for d in postgres:00 mysql:01 sqlite:02; do
        b="${d##*:}"
        [ -d "$seeds/${d%%:*}" ] || continue
        find "$seeds/${d%%:*}" -type f | sort | while read -r f; do
            if small "$f"; then { printf "\\x$b"; cat "$f"; } | put "$dir"; fi
        done
    done
}
seed_histories() { # DIR MODE: per migration history, its first two small up-files, as
    # "<first>\0<second>" (check: the second checked against the first) or
    # "<first>\0<first + second>" (diff: the schema before and after)
    local dir="$1" mode="$2" set a b
    [ -d "$seeds/migrations" ] || return 0
    for set in "$seeds"/migrations/*/; do
        mapfile -t two < <(find "$set" -type f -name '*.sql' ! -name '*down*' | sort | while read -r f; do if small "$f"; then echo "$f"; fi; done | head -n 2)
        [ ${#two[@]} -eq 2 ] || continue
        a="${two[0]}" b="${two[1]}"
        if [ "$mode" = check ]; then
            { printf "\\x$(byte_of "$a")"; cat "$a"; printf '\0'; cat "$b"; } | put "$dir"
        else
            { printf "\\x$(byte_of "$a")"; cat "$a"; printf '\0'; cat "$a" "$b"; } | put "$dir"
        fi
    done
}
for t in "${targets[@]}"; do
    dir="fuzz/corpus/$t"
    mkdir -p "$dir"
    case "$t" in
        share_decode)
            printf 'v1.' | put "$dir"; printf 'v2.' | put "$dir" ;;
        check_migration) seed_histories "$dir" check ;;
        diff) seed_histories "$dir" diff ;;
        read_inputs)
            seed_schemas "$dir"
            # second byte: the reader (InputKind::ALL order: sql, prisma, dbml, drizzle, catalog)
            { [ -d "$seeds/prisma" ] && find "$seeds/prisma" -type f; find tests/readers tests/edit -name '*.prisma'; } | sort \
                | while read -r f; do if small "$f"; then { printf '\x00\x01'; cat "$f"; } | put "$dir"; fi; done
            find tests/readers tests/edit -name '*.dbml' | sort \
                | while read -r f; do if small "$f"; then { printf '\x00\x02'; cat "$f"; } | put "$dir"; fi; done
            find tests/readers/fixtures/drizzle -name '*.ts' | sort \
                | while read -r f; do if small "$f"; then { printf "\\x$(byte_of "$f")\\x03"; cat "$f"; } | put "$dir"; fi; done
            for f in fuzz/seeds/catalog_*.json; do { printf "\\x$(byte_of "$f")\\x04"; cat "$f"; } | put "$dir"; done ;;
        *) seed_schemas "$dir" ;;
    esac
done

# One build of every target (shared engine, one link each).
build_start=$(date +%s)
log "cargo fuzz build --sanitizer $sanitizer (the first build takes a while)"
(cd fuzz && nice -n 10 cargo +nightly fuzz build --sanitizer "$sanitizer" ${FUZZ_BUILD_ARGS:-})
log "built in $(( $(date +%s) - build_start ))s"
bin=fuzz/target/x86_64-unknown-linux-gnu/release

failed=()
table=()
stat_of() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
last() { grep -o "$1: [0-9]*" "$2" | tail -n 1 | cut -d' ' -f2 || true; } # the last "cov: N" of a log
what() { # what a failed run found: where it panicked, a stack overflow, or libFuzzer's summary
    grep -m1 -oE "panicked at [^ ]+|has overflowed its stack" "$1" \
        || sed -n 's/^SUMMARY: libFuzzer: //p' "$1" | head -n 1 | grep . || echo "exit $2"
}
for t in "${targets[@]}"; do
    corpus="fuzz/corpus/$t" artifacts="fuzz/artifacts/$t" out="fuzz/artifacts/$t.log"
    mkdir -p "$artifacts"
    before=$(find "$artifacts" -type f | wc -l)
    log "$t: ${seconds}s from $(find "$corpus" -type f | wc -l) inputs (log: $out)"
    start=$(date +%s)
    rc=0
    # the stack of the web app's wasm build (1 MiB): nesting must hit a depth limit, not the stack
    (ulimit -s "$stack_kb"; exec nice -n 10 "$bin/$t" "$corpus" -dict=fuzz/sql.dict \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss" -max_len="$max_len" \
        -artifact_prefix="$artifacts/" -print_final_stats=1) > "$out" 2>&1 || rc=$?
    took=$(( $(date +%s) - start ))
    found=$(( $(find "$artifacts" -type f | wc -l) - before ))
    execs=$(stat_of number_of_executed_units "$out")
    cov=$(last cov "$out")
    units=$(last corp "$out")   # the inputs libFuzzer keeps, not the files
    row=$(printf '%-16s %7s %10s %8s %7s %6s %6s %7s %s' "$t" "$took" "${execs:-?}" \
        "$( [ -n "$execs" ] && [ "$took" -gt 0 ] && echo $(( execs / took )) || echo '?')" \
        "${units:-?}" "${cov:-?}" "$(stat_of peak_rss_mb "$out")" "$(stat_of slowest_unit_time_sec "$out")" \
        "$( [ "$rc" -eq 0 ] && echo none || echo "$found: $(what "$out" "$rc")")")
    table+=("$row")
    log "$row"
    if [ "$rc" -ne 0 ]; then
        grep -E "panicked at|^thread '|ERROR: libFuzzer|SUMMARY|Test unit written" "$out" | head -n 8 >&2 || true
        failed+=("$t")
    fi
done

printf '\n%-16s %7s %10s %8s %7s %6s %6s %7s %s\n' target seconds execs execs/s corpus cov rss_mb slowest findings
printf '%s\n' "${table[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    log "FINDINGS in: ${failed[*]} (inputs in fuzz/artifacts/TARGET/, logs in fuzz/artifacts/TARGET.log)"
    exit 1
fi
log "all ${#targets[@]} targets ran ${seconds}s each without a finding"

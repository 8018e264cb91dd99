#!/usr/bin/env bash
# Coverage-guided fuzzing of every engine entry point (issue 21), run by `make fuzz`.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   # SECONDS per target (default $FUZZ_SECONDS or 120)
#
# Installs what it needs, idempotently, from the registries: a nightly toolchain (cargo fuzz needs
# it; the project itself stays on rust-toolchain.toml's) and cargo-fuzz. Seeds each target's corpus
# (fuzz/corpus/TARGET, not committed) from the corpus of real schemas ($FUZZ_SEEDS, default
# ../shared/corpus, when it exists) and from the repository's own fixtures, each file prefixed with
# the byte that selects its dialect (see fuzz/fuzz_targets/common.rs). A crash, panic, hang
# (-timeout) or memory blow-up (-rss_limit_mb) stops the run with its input in
# fuzz/artifacts/TARGET/ and this script exits non-zero; turn each one into a regression test
# (crates/core/tests/regressions.rs) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[fuzz] %s\n' "$*" >&2; }
seconds="${1:-${FUZZ_SECONDS:-120}}"
shift || true
all=(parse_lint read_inputs generate erd check_migration diff share_decode)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    log "rustup toolchain install nightly"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    log "cargo install cargo-fuzz (a few minutes the first time)"
    cargo +nightly install cargo-fuzz --locked
fi

# Seeds: <dialect byte><text>, named by content so re-seeding adds nothing twice.
seed() { # seed DIR BYTE FILE [KIND_BYTE]
    local dir="$1" byte="$2" file="$3" kind="${4:-}" name
    [ "$(stat -c%s "$file")" -le 32768 ] || return 0
    name=$( { printf "\\x$byte"; [ -n "$kind" ] && printf "\\x$kind"; cat "$file"; } | sha1sum | cut -c1-16)
    [ -e "$dir/$name" ] || { printf "\\x$byte"; [ -n "$kind" ] && printf "\\x$kind"; cat "$file"; } > "$dir/$name"
}
seeds="${FUZZ_SEEDS:-../shared/corpus}"
for t in "${targets[@]}"; do
    dir="fuzz/corpus/$t"
    mkdir -p "$dir"
    [ "$t" = share_decode ] && continue
    for sub in postgres:00 mysql:01 sqlite:02; do
        d="${sub%%:*}" b="${sub##*:}"
        if [ -d "$seeds/$d" ]; then
            find "$seeds/$d" -type f | sort | head -n 400 | while read -r f; do seed "$dir" "$b" "$f"; done
        fi
    done
    if [ "$t" = read_inputs ]; then
        # second byte: the reader (InputKind::ALL order: sql, prisma, dbml, drizzle, catalog)
        { [ -d "$seeds/prisma" ] && find "$seeds/prisma" -type f; find tests/readers -name '*.prisma' 2>/dev/null; } | sort | while read -r f; do seed "$dir" 00 "$f" 01; done
        find tests/readers -name '*.dbml' 2>/dev/null | sort | while read -r f; do seed "$dir" 00 "$f" 02; done
    fi
done
mkdir -p fuzz/corpus/share_decode
printf 'v1.' > fuzz/corpus/share_decode/v1-prefix
printf 'v2.' > fuzz/corpus/share_decode/v2-prefix

failed=()
for t in "${targets[@]}"; do
    log "$t: ${seconds}s ($(ls "fuzz/corpus/$t" | wc -l) inputs in its corpus)"
    mkdir -p "fuzz/artifacts/$t"
    if ! (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" -- \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -artifact_prefix="artifacts/$t/" -print_final_stats=1 2>&1 | tail -n 25); then
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    log "FAILED: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
log "all ${#targets[@]} targets ran ${seconds}s each without a finding"

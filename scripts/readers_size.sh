#!/usr/bin/env bash
# What the Drizzle and catalog readers add to a wasm module (issue 15): the size probe
# (tests/readers/size_probe) built for wasm32 with the app's release profile, with and without
# them, each through wasm-opt -Oz (binaryen@132 from npm) and measured raw, gzip -9 and brotli -11.
set -euo pipefail
cd "$(dirname "$0")/.."
probe=tests/readers/size_probe
target="${CARGO_TARGET_DIR:-$PWD/target}/size-probe"
wasm_opt=node_modules/.bin/wasm-opt
measure() {
    local label=$1; shift
    cargo build -q --release --target wasm32-unknown-unknown --manifest-path "$probe/Cargo.toml" --target-dir "$target" "$@"
    local out="$target/$label.wasm"
    "$wasm_opt" -Oz --strip-debug --strip-producers "$target/wasm32-unknown-unknown/release/readers_size_probe.wasm" -o "$out"
    printf '%-34s %10d %10d %10d\n' "$label" "$(stat -c%s "$out")" "$(gzip -9c "$out" | wc -c)" "$(brotli -c -q 11 "$out" | wc -c)"
}
echo "== Readers in a wasm module (wasm-opt -Oz) =="
printf '%-34s %10s %10s %10s\n' module raw gzip-9 brotli-11
measure sql+prisma+dbml
measure sql+prisma+dbml+drizzle+catalog --features readers_ts

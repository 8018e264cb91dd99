#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; safe to run again (it skips what
# is there). Called by `make tools`. Needs only the package registries (crates.io, npm, Debian).
#
#   scripts/install-tools.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli, npm tools
#   scripts/install-tools.sh browser  + Chromium and ChromeDriver (browser tests)
#   scripts/install-tools.sh bench    + brotli, graphviz and squawk (benchmarks)
#   scripts/install-tools.sh squawk   + squawk (pip squawk-cli, the version tests/squawk/fetch.sh pins)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
log() { printf '[tools] %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
    local need=()
    for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg"); done
    [ ${#need[@]} -eq 0 ] && return 0
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
    if [ $apt_updated = 0 ]; then $sudo apt-get update -qq; apt_updated=1; fi
    log "apt-get install ${need[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# Rust target (the toolchain itself is pinned by rust-toolchain.toml).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# Trunk: 0.22 needs a newer rustc than ours; 0.21.14 from crates.io, locked.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    log "cargo install trunk $TRUNK_VERSION (about 15 minutes the first time)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock. Not --locked: one of its locked
# dependencies is missing from the registry.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
    log "cargo install wasm-bindgen-cli $WB_VERSION"
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# npm tools: binaryen@132's wasm-opt (Debian's binaryen 108 breaks the module) and playwright-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    command -v npm >/dev/null || apt_install nodejs npm
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi

for extra in "$@"; do
    case "$extra" in
        browser) apt_install chromium chromium-driver ;;
        bench)
            apt_install brotli graphviz
            # squawk (the PostgreSQL migration linter) for the side-by-side folder benchmark.
            "$0" squawk
            ;;
        squawk)
            SQUAWK_VERSION=$(sed -n 's/^VERSION=//p' tests/squawk/fetch.sh)
            squawk_bin="$(command -v squawk || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/squawk")"
            if [ "$("$squawk_bin" --version 2>/dev/null)" != "squawk $SQUAWK_VERSION" ]; then
                command -v pip3 >/dev/null || python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
                log "pip install squawk-cli==$SQUAWK_VERSION"
                python3 -m pip install --quiet --disable-pip-version-check "squawk-cli==$SQUAWK_VERSION" \
                    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "squawk-cli==$SQUAWK_VERSION"
            fi ;;
        *) log "unknown tool group: $extra"; exit 2 ;;
    esac
done

#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): puts `schemaplay` on the job's PATH.
#
#  1. already there (a self-hosted runner, or SCHEMAPLAY pointing at a binary): nothing to do;
#  2. the prebuilt binary of the release (SCHEMAPLAY_VERSION, a tag or `latest`) of the action's
#     repository, `schemaplay-<target>.tar.gz` as .github/workflows/release.yml uploads it;
#  3. else built from the action's own source with cargo (`--profile cli`: optimised for speed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${RUNNER_TEMP:-/tmp}/schemaplay-bin"
mkdir -p "$dest"
publish() {
    [ -n "${GITHUB_PATH:-}" ] && echo "$dest" >>"$GITHUB_PATH"
    "$dest/schemaplay" --help >/dev/null
    echo "schemaplay installed in $dest ($1)"
}

if [ -n "${SCHEMAPLAY:-}" ] && [ -x "$SCHEMAPLAY" ]; then
    ln -sf "$SCHEMAPLAY" "$dest/schemaplay"
    publish "given binary"
    exit 0
fi
if command -v schemaplay >/dev/null 2>&1; then
    echo "schemaplay found on PATH: $(command -v schemaplay)"
    exit 0
fi

case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
    Linux-aarch64) target=aarch64-unknown-linux-gnu ;;
    Darwin-arm64) target=aarch64-apple-darwin ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    *) target="" ;;
esac
repo="${GITHUB_ACTION_REPOSITORY:-${GITHUB_REPOSITORY:-}}"
version="${SCHEMAPLAY_VERSION:-latest}"
if [ -n "$target" ] && [ -n "$repo" ] && command -v gh >/dev/null 2>&1; then
    tag=()
    [ "$version" != latest ] && tag=("$version")
    if gh release download "${tag[@]}" --repo "$repo" --pattern "schemaplay-$target.tar.gz" --dir "$dest" --clobber 2>/dev/null \
        && tar -xzf "$dest/schemaplay-$target.tar.gz" -C "$dest" schemaplay; then
        publish "release ${version} of $repo"
        exit 0
    fi
    echo "no prebuilt schemaplay for $target in release $version of $repo: building it with cargo"
fi

command -v cargo >/dev/null 2>&1 || { echo "::error title=schemaplay::cargo is needed to build schemaplay (no prebuilt binary fits)"; exit 1; }
cargo install --locked --profile cli --path "$here/crates/cli" --root "$dest.cargo" --quiet
ln -sf "$dest.cargo/bin/schemaplay" "$dest/schemaplay"
publish "built with cargo from $here"

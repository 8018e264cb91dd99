#!/bin/sh
# ERD layout vs Graphviz dot: times and edge crossings on the same graphs (see benches/erd.rs).
# Usage: crates/core/benches/erd_vs_dot.sh [--quick] [--out DIR]
set -eu
if ! command -v dot >/dev/null 2>&1; then
    apt-get update && apt-get install -y graphviz
fi
cd "$(dirname "$0")/../../.."
exec cargo bench -p schemaplay-core --bench erd -- --dot "$@"

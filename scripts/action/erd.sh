#!/usr/bin/env bash
# The ERD Action's draw step (erd/action.yml): redraws the schema's diagram with `schemaplay erd`
# into an SVG kept in the repository (a README's image), and commits it when it changed. The push
# is the Action's next step, so this script needs no network.
#
#   changed=true|false   (through GITHUB_OUTPUT)
#
# Environment: INPUT_SCHEMA (required: a schema file, or a migration folder: its replayed end
# state), INPUT_OUTPUT (required: the SVG path), INPUT_DIALECT, INPUT_FROM (sql, prisma, dbml,
# drizzle, catalog), INPUT_THEME (light, dark or auto; default light), INPUT_DETAIL (all, keys or
# names: the columns each box lists), INPUT_ENDS (crow or labels: how relationship ends are drawn),
# INPUT_COMMIT (true: commit
# the SVG when it changed), INPUT_MESSAGE (the commit message), SCHEMAPLAY (the binary; default
# `schemaplay` on PATH), GITHUB_OUTPUT (default a temp file). Exit 2 when the schema cannot be read.
# Tested against a fixture repository by tests/action/erd.test.mjs.
set -euo pipefail

schema="${INPUT_SCHEMA:?set the schema input of the action: the schema file or migration folder}"
svg="${INPUT_OUTPUT:?set the output input of the action: the SVG to write, e.g. docs/schema.svg}"
bin="${SCHEMAPLAY:-schemaplay}"
out="${GITHUB_OUTPUT:-$(mktemp)}"

args=(erd --theme "${INPUT_THEME:-light}")
[ -n "${INPUT_DIALECT:-}" ] && args+=(--dialect "$INPUT_DIALECT")
[ -n "${INPUT_FROM:-}" ] && args+=(--from "$INPUT_FROM")
[ -n "${INPUT_DETAIL:-}" ] && args+=(--detail "$INPUT_DETAIL")
[ -n "${INPUT_ENDS:-}" ] && args+=(--ends "$INPUT_ENDS")
args+=("$schema")

drawn="$(mktemp)"
trap 'rm -f "$drawn"' EXIT
if ! "$bin" "${args[@]}" >"$drawn"; then
    echo "::error title=schemaplay erd::could not draw $schema (see the message above)"
    echo "changed=false" >>"$out"
    exit 2
fi
if [ -f "$svg" ] && cmp -s "$drawn" "$svg"; then
    echo "$svg is up to date"
    echo "changed=false" >>"$out"
    exit 0
fi
mkdir -p "$(dirname "$svg")"
cp "$drawn" "$svg"
echo "$svg redrawn from $schema"
echo "changed=true" >>"$out"
if [ "${INPUT_COMMIT:-true}" = true ]; then
    # The workflow's identity when the job set none (actions/checkout sets none).
    name="$(git config user.name || echo 'github-actions[bot]')"
    email="$(git config user.email || echo '41898282+github-actions[bot]@users.noreply.github.com')"
    git add -- "$svg"
    git -c user.name="$name" -c user.email="$email" commit --quiet -m "${INPUT_MESSAGE:-Redraw the schema diagram}" -- "$svg"
    echo "committed $svg"
fi

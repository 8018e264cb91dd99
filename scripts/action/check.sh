#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): finds the migrations of INPUT_PATH that changed
# between BASE_SHA and HEAD_SHA, checks them with `schemaplay check-migration --only` (the whole
# folder replayed, so each is checked against the schema the migrations before it built), prints
# workflow annotations, writes SARIF and a Markdown job summary, and reports through GITHUB_OUTPUT:
#
#   checked=N   sarif=PATH (empty when nothing changed)   exit=CODE (0, 1 findings, 2 bad input)
#
# It always exits 0 itself so the SARIF upload still runs; action.yml fails the job afterwards.
# Environment: INPUT_PATH (required), INPUT_DIALECT, INPUT_FAIL_ON (error|warning|info|never),
# INPUT_PG_VERSION, BASE_SHA, HEAD_SHA (default HEAD), SCHEMAPLAY (the binary; default `schemaplay`
# on PATH), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP (each defaulting to a temp file).
# Tested against a fixture repository by tests/action/check.test.mjs.
set -euo pipefail

dir="${INPUT_PATH:?set the path input of the action: the migration folder}"
dir="${dir%/}"
bin="${SCHEMAPLAY:-schemaplay}"
tmp="${RUNNER_TEMP:-$(mktemp -d)}"
out="${GITHUB_OUTPUT:-$tmp/github_output}"
summary="${GITHUB_STEP_SUMMARY:-$tmp/summary.md}"
head="${HEAD_SHA:-HEAD}"
fail_on="${INPUT_FAIL_ON:-error}"
report() { printf '%s\n' "$@" >>"$out"; }

if [ ! -d "$dir" ]; then
    echo "::error title=schemaplay::the migration folder $dir does not exist in the checkout"
    report "checked=0" "sarif=" "exit=2"
    exit 0
fi

# The base commit: fetch it when the checkout is shallow (actions/checkout's default depth 1).
base="${BASE_SHA:-}"
if [ -z "$base" ] || [ "$base" = 0000000000000000000000000000000000000000 ]; then
    base="$(git rev-parse --verify --quiet "$head~1" || true)"
fi
if [ -n "$base" ] && ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=1 origin "$base" 2>/dev/null || true
fi

changed=()
if [ -n "$base" ] && git cat-file -e "$base^{commit}" 2>/dev/null; then
    # Added, copied, modified or renamed files under the folder (deleted ones are not checked).
    while IFS= read -r -d '' f; do changed+=("$f"); done < <(git diff -z --name-only --diff-filter=ACMR "$base" "$head" -- "$dir")
else
    echo "::warning title=schemaplay::cannot find the base commit ${base:-(none)}: checking every migration of $dir"
fi

# The folder first: `--only` takes the changed files after it.
args=(check-migration "$dir" --pg-version "${INPUT_PG_VERSION:-18}" --prefix "$dir")
[ -n "${INPUT_DIALECT:-}" ] && args+=(--dialect "$INPUT_DIALECT")
if [ "$fail_on" != never ]; then args+=(--fail-on "$fail_on"); fi
only=()
if [ -n "$base" ] && git cat-file -e "$base^{commit}" 2>/dev/null; then
    if [ ${#changed[@]} -eq 0 ]; then
        echo "No migration under $dir changed."
        printf '## schemaplay check-migration\n\nNo migration under `%s` changed.\n' "$dir" >>"$summary"
        report "checked=0" "sarif=" "exit=0"
        exit 0
    fi
    only=(--only "${changed[@]}")
fi

sarif="$tmp/schemaplay-migrations.sarif"
set +e
"$bin" "${args[@]}" --format sarif "${only[@]}" >"$sarif" 2>/dev/null
"$bin" "${args[@]}" --format markdown "${only[@]}" >>"$summary" 2>/dev/null
"$bin" "${args[@]}" --format github "${only[@]}"
code=$?
set -e
checked="$("$bin" "${args[@]}" --format json "${only[@]}" 2>/dev/null | grep -c '"checked": true' || true)"
if [ "$fail_on" = never ] && [ "$code" = 1 ]; then code=0; fi
report "checked=$checked" "sarif=$sarif" "exit=$code"
exit 0

#!/usr/bin/env bash
# Runs the safe versions `schemaplay check-migration --pg-version 15` writes on a throwaway
# PostgreSQL 15 (socket only) with rows in the tables: every rule's bad example (the rule docs'
# own base schema, from `schemaplay rules --format json`) and a list of unsafe migrations, each
# checked twice — as a tool runs it in one transaction, and without one (--no-transaction).
# Every statement's `safe_version` replaces it (what the app's "Apply safe version" writes); the
# script must execute without error (ON_ERROR_STOP):
# - in a transaction: run as ONE script with `psql -c`, which is how Prisma and golang-migrate
#   send a migration — PostgreSQL runs a multi-statement script as one implicit transaction, and a
#   statement alone runs on its own (the checker's exception for a lone CONCURRENTLY statement);
#   a script with COMMIT/BEGIN splits runs statement by statement in psql --single-transaction;
# - without one: statement by statement (psql -f), then run again when the checker says it can
#   be (no explicit BEGIN block, whose re-run after success is not the point, and no
#   prefer-robust-stmts finding on the safe script: statements SQL cannot make re-runnable, such
#   as DETACH PARTITION, are reported, not hidden).
# SQLite's table-rebuild recipe runs on sqlite3 and keeps the rows.
# Usage: scripts/pg_safe_alternatives.sh [schemaplay-binary]
set -euo pipefail
BIN=${1:-target/debug/schemaplay}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
tmp=$(mktemp -d); chmod 755 "$tmp"
cleanup() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp/data" "$tmp/sock"; chown -R postgres: "$tmp"
runuser -u postgres -- "$PG_BIN/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -o "-c listen_addresses='' -c unix_socket_directories='$tmp/sock' -c fsync=off" start >/dev/null

# The rules' base schema and bad examples (PostgreSQL migration rules), one case per line (JSON strings).
"$BIN" rules --format json > "$tmp/rules.json"
python3 - "$tmp/rules.json" "$tmp/base.sql" "$tmp/cases.jsonl" <<'PY'
import json, sys
rules = [r for r in json.load(open(sys.argv[1]))["rules"] if r["kind"] == "migration" and "postgres" in r["dialects"]]
bases = {r["base"] for r in rules}
assert len(bases) == 1, "the PostgreSQL migration rules share one base schema"
open(sys.argv[2], "w").write(bases.pop())
with open(sys.argv[3], "w") as f:
    for r in rules:
        f.write(json.dumps([r["id"], r["bad"]]) + "\n")
PY
# Rows in every table of the base schema (a safe version must work on a table that has rows).
SEED="INSERT INTO orgs VALUES (1);
INSERT INTO users SELECT g, 'u' || g || '@x', 'n' || g, 1 FROM generate_series(1, 2000) g;
INSERT INTO events SELECT g, 'p' FROM generate_series(1, 2000) g;
INSERT INTO payments SELECT g, g FROM generate_series(1, 200) g;
INSERT INTO measurements SELECT g, date '2024-01-01' + g FROM generate_series(1, 300) g;"
while IFS= read -r mig; do
  [ -n "$mig" ] && python3 -c 'import json,sys; print(json.dumps(["list", sys.argv[1]]))' "$mig" >> "$tmp/cases.jsonl"
done <<'MIGS'
ALTER TABLE users ADD COLUMN age integer NOT NULL;
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
CREATE INDEX users_name_idx ON users (name);
ALTER TABLE users ALTER COLUMN org_id TYPE text;
ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE users RENAME TO accounts;
ALTER TABLE users ADD COLUMN s bigserial;
ALTER TABLE events ADD PRIMARY KEY (id);
ALTER TABLE events ADD COLUMN seq serial PRIMARY KEY;
ALTER TABLE users ADD COLUMN nick text;\nCREATE INDEX users_nick_idx ON users (nick);\nALTER TABLE users ADD CONSTRAINT users_nick_key UNIQUE (nick);
MIGS

# The migration with every statement replaced by its safe version (stdin: check-migration JSON).
SAFE_SCRIPT='
import json, sys
r = json.load(sys.stdin)
out = [s["safe_version"] or (s["sql"] if s["sql"].rstrip().endswith(";") else s["sql"] + ";") for s in r["statements"]]
print("\n".join(out) if any(s["safe_version"] for s in r["statements"]) else "")'

fail=0; n=0; ran=0
while IFS= read -r case; do
  id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[0])' "$case")
  mig=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[1].replace("\\n", "\n"))' "$case")
  for mode in tx notx; do
    flags=(--pg-version 15 --schema "$tmp/base.sql" --format json)
    [ "$mode" = notx ] && flags+=(--no-transaction)
    script=$(printf '%s\n' "$mig" | { "$BIN" check-migration "${flags[@]}" - || true; } | python3 -c "$SAFE_SCRIPT")
    if [ -z "$script" ]; then
      [ "$id" = list ] && { echo "NO SAFE VERSION ($mode): $mig"; fail=1; }
      continue
    fi
    db="t$n"; n=$((n+1))
    psql -h "$tmp/sock" -U postgres -q -c "CREATE DATABASE $db" >/dev/null
    psql -h "$tmp/sock" -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -f "$tmp/base.sql" -c "$SEED" >/dev/null
    runs=1; psql_flags=(-h "$tmp/sock" -U postgres -d "$db" -q -v ON_ERROR_STOP=1)
    if [ "$mode" = tx ]; then
      if grep -qiE '^(COMMIT|BEGIN);' <<<"$script"; then psql_flags+=(--single-transaction -f -); else psql_flags+=(-c "$script"); fi
    else
      psql_flags+=(-f -)
      again=$(printf '%s\n' "$script" | { "$BIN" check-migration "${flags[@]}" - || true; } | python3 -c 'import json,sys; print(any(f["rule"] == "prefer-robust-stmts" for s in json.load(sys.stdin)["statements"] for f in s["findings"]))')
      grep -qiE '^BEGIN;' <<<"$script" || [ "$again" = True ] || runs=2
    fi
    ok=1
    for _ in $(seq "$runs"); do
      printf '%s\n' "$script" | psql "${psql_flags[@]}" >"$tmp/out.log" 2>&1 || { ok=0; break; }
    done
    ran=$((ran+1))
    if [ "$ok" = 1 ]; then
      echo "ok ($id, $mode): $(printf '%s' "$mig" | head -1)"
    else
      echo "FAILED ($id, $mode): $mig"; cat "$tmp/out.log"; printf '%s\n' "$script"; fail=1
    fi
  done
done < "$tmp/cases.jsonl"
echo "$ran safe versions ran on PostgreSQL 15"

# SQLite: the table-rebuild recipe must run on sqlite3 and keep the rows.
if command -v sqlite3 >/dev/null; then
  SQ_BASE="CREATE TABLE users (id integer PRIMARY KEY, email text, name text); CREATE INDEX users_email_idx ON users (email);"
  printf '%s\n' "$SQ_BASE" > "$tmp/sqbase.sql"
  for mig in "ALTER TABLE users ALTER COLUMN email SET NOT NULL;" "ALTER TABLE users ADD COLUMN created_at text DEFAULT CURRENT_TIMESTAMP;" "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"; do
    rm -f "$tmp/t.db"
    sqlite3 "$tmp/t.db" "$SQ_BASE INSERT INTO users VALUES (1, 'a', 'b'), (2, 'c', 'd');"
    script=$(printf '%s\n' "$mig" | { "$BIN" check-migration --dialect sqlite --schema "$tmp/sqbase.sql" --format json - || true; } | python3 -c "$SAFE_SCRIPT")
    if [ -n "$script" ] && printf '%s\n' "$script" | sqlite3 -bail "$tmp/t.db" >"$tmp/out.log" 2>&1 && [ "$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM users')" = 2 ]; then
      echo "ok (sqlite): $mig"
    else
      echo "FAILED (sqlite): $mig"; cat "$tmp/out.log"; printf '%s\n' "$script"; fail=1
    fi
  done
fi
exit $fail

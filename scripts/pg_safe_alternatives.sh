#!/usr/bin/env bash
# Runs the safe alternatives (and SQLite's table-rebuild recipe on sqlite3) `schemaplay check-migration --pg-version 15` proposes for a set of
# unsafe migrations on a throwaway PostgreSQL 15 (socket only) with rows in the tables: every
# alternative must execute without error (psql ON_ERROR_STOP). Usage: scripts/pg_safe_alternatives.sh [schemaplay-binary]
set -euo pipefail
BIN=${1:-target/debug/schemaplay}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
tmp=$(mktemp -d); chmod 755 "$tmp"
cleanup() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp/data" "$tmp/sock"; chown -R postgres: "$tmp"
runuser -u postgres -- "$PG_BIN/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -o "-c listen_addresses='' -c unix_socket_directories='$tmp/sock' -c fsync=off" start >/dev/null
BASE="CREATE TABLE orgs (id bigint PRIMARY KEY); CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, org_id bigint); CREATE TABLE events (id bigint NOT NULL, payload text);"
SEED="INSERT INTO orgs VALUES (1); INSERT INTO users SELECT g, 'u' || g || '@x', 'n' || g, 1 FROM generate_series(1, 2000) g; INSERT INTO events SELECT g, 'p' FROM generate_series(1, 2000) g;"
printf '%s\n' "$BASE" > "$tmp/base.sql"
fail=0; n=0
while IFS= read -r mig; do
  [ -z "$mig" ] && continue
  json=$(printf '%s\n' "$mig" | "$BIN" check-migration --pg-version 15 --schema "$tmp/base.sql" --format json - || true)
  alts=$(printf '%s' "$json" | python3 -c '
import json,sys
r=json.load(sys.stdin)
skip={"require-lock-timeout","require-statement-timeout"}
print("\n".join(f["safe_alternative"] for s in r["statements"] for f in s["findings"] if f["safe_alternative"] and f["rule"] not in skip))')
  [ -z "$alts" ] && { echo "NO ALTERNATIVE: $mig"; fail=1; continue; }
  db="t$n"; n=$((n+1))
  psql -h "$tmp/sock" -U postgres -q -c "CREATE DATABASE $db" >/dev/null
  psql -h "$tmp/sock" -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -c "$BASE" -c "$SEED" >/dev/null
  if printf '%s\n' "$alts" | psql -h "$tmp/sock" -U postgres -d "$db" -q -v ON_ERROR_STOP=1 >"$tmp/out.log" 2>&1; then
    echo "ok: $mig"
  else
    echo "FAILED: $mig"; cat "$tmp/out.log"; printf '%s\n' "$alts"; fail=1
  fi
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
MIGS

# SQLite: the table-rebuild recipe must run on sqlite3 and keep the rows.
if command -v sqlite3 >/dev/null; then
  SQ_BASE="CREATE TABLE users (id integer PRIMARY KEY, email text, name text); CREATE INDEX users_email_idx ON users (email);"
  printf '%s\n' "$SQ_BASE" > "$tmp/sqbase.sql"
  for mig in "ALTER TABLE users ALTER COLUMN email SET NOT NULL;" "ALTER TABLE users ADD COLUMN created_at text DEFAULT CURRENT_TIMESTAMP;" "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"; do
    rm -f "$tmp/t.db"
    sqlite3 "$tmp/t.db" "$SQ_BASE INSERT INTO users VALUES (1, 'a', 'b'), (2, 'c', 'd');"
    json=$(printf '%s\n' "$mig" | "$BIN" check-migration --dialect sqlite --schema "$tmp/sqbase.sql" --format json - || true)
    alt=$(printf '%s' "$json" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("\n".join(f["safe_alternative"] or "" for s in r["statements"] for f in s["findings"]))')
    if printf '%s\n' "$alt" | sqlite3 -bail "$tmp/t.db" >"$tmp/out.log" 2>&1 && [ "$(sqlite3 "$tmp/t.db" 'SELECT count(*) FROM users')" = 2 ]; then
      echo "ok (sqlite): $mig"
    else
      echo "FAILED (sqlite): $mig"; cat "$tmp/out.log"; printf '%s\n' "$alt"; fail=1
    fi
  done
fi
exit $fail

#!/usr/bin/env bash
# Real-database check of the DDL importer (issue 3).
#
# Installs (if missing) and starts throwaway PostgreSQL 15 and MariaDB servers on unix sockets in a
# temp dir (no TCP), then runs tests/realdb/realdb.py, which loads every corpus / fixture file into a
# fresh database of its engine, reads the real catalog and compares it with
# `schemaplay inspect --format json`.
#
#   tests/realdb/run.sh [--catalog-only] [--report FILE] [FILE...]
#   tests/realdb/run.sh --codegen-sql [--report FILE] [FILE...]   # generated SQL executed on the
#                       engines instead (tests/codegen/sql_check.py, issue 5)
#   tests/realdb/run.sh --diff-plans [FIXTURE...]   # `schemaplay diff` plans of tests/diff/fixtures applied
#                       to old.sql and compared with new.sql (tests/realdb/diff_plans.py, issue 8)
#   tests/realdb/run.sh --roundtrip [--report FILE] [FILE...]     # original vs the SQL generated for
#                       its own dialect, catalog facts compared (tests/realdb/roundtrip.py, issue 5)
#   tests/realdb/run.sh --hostile   # hostile names and values through every source → target SQL, read
#                       back from each engine's catalog and behaviour (tests/realdb/hostile.py, issue 21)
#   tests/realdb/run.sh --redump [--report FILE] [--style S] [FILE...]   # every file re-dumped by the
#                       engine's own tool in every style, each dump imported vs restored (redump.py, issue 14)
#   tests/realdb/run.sh --readers --prisma|--dbml [--report FILE] [INPUT...]   # Prisma / DBML readers
#                       vs the tools' own SQL on the engines (tests/readers/oracle.py, issue 15)
#   tests/realdb/run.sh --readers --drizzle|--drizzle-pull|--catalog [...]   # Drizzle and catalog
#                       readers against the engines (tests/realdb/readers.py, issue 15)
#   tests/realdb/run.sh --type-rewrites [--write]   # tests/types/pg_type_changes.tsv: which column type
#                       changes rewrite the table on PostgreSQL (tests/realdb/type_rewrites.py, issue 18)
#
# Environment:
#   SCHEMAPLAY      path of the schemaplay binary (default: target/debug/schemaplay, built here with
#                   `cargo build -p schemaplay-cli` when SCHEMAPLAY is unset and --catalog-only is not given)
#   REALDB_CORPUS   corpus folder (default: ../shared/corpus relative to the repo root)
#   REALDB_NO_INSTALL=1   never call apt-get (fail if a tool is missing)
#
# Servers and the temp dir are removed at exit, whatever happens.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '[realdb] %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
        log "need root for: $*"; return 1; fi
}

# ---------------------------------------------------------------------------------------------
# 1. install what is missing (idempotent; apt-get update at most once)
# ---------------------------------------------------------------------------------------------
missing=()
[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && command -v psql >/dev/null || missing+=(postgresql)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v mariadb-install-db >/dev/null && command -v mariadb >/dev/null || missing+=(mariadb-server)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    # shellcheck disable=SC2207
    missing=($(printf '%s\n' "${missing[@]}" | sort -u))
    if [ "${REALDB_NO_INSTALL:-0}" = 1 ]; then log "missing: ${missing[*]} (REALDB_NO_INSTALL=1)"; exit 2; fi
    log "installing: ${missing[*]}"
    # Keep the packages' postinst scripts from starting system services (we start our own servers
    # on private sockets): a policy-rc.d that says "no" for the duration of the install.
    added_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
        as_root chmod 755 /usr/sbin/policy-rc.d
        added_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq </dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql mariadb-server mariadb-client sqlite3 python3 </dev/null >&2
    if [ "$added_policy" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
fi
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

# --- round trip mode (issue 5): `--roundtrip` runs tests/realdb/roundtrip.py once the servers are up;
# --- re-dump mode (issue 14): `--redump` runs tests/realdb/redump.py
roundtrip=0
redump=0
readers=0
rt_args=()
for a in "$@"; do
    if [ "$a" = --roundtrip ]; then roundtrip=1
    elif [ "$a" = --redump ]; then redump=1
    elif [ "$a" = --readers ]; then readers=1
    else rt_args+=("$a"); fi
done
if [ "$roundtrip" = 1 ] || [ "$redump" = 1 ] || [ "$readers" = 1 ]; then set -- ${rt_args[@]+"${rt_args[@]}"}; fi
# --- end of round trip argument handling

# ---------------------------------------------------------------------------------------------
# 2. argument handling that needs the shell (building the CLI)
# ---------------------------------------------------------------------------------------------
catalog_only=0
codegen_sql=0
diff_plans=0
hostile=0
type_rewrites=0
args=()
for a in "$@"; do
    [ "$a" = --catalog-only ] && catalog_only=1
    if [ "$a" = --codegen-sql ]; then codegen_sql=1
    elif [ "$a" = --diff-plans ]; then diff_plans=1
    elif [ "$a" = --hostile ]; then hostile=1
    elif [ "$a" = --type-rewrites ]; then type_rewrites=1; catalog_only=1
    else args+=("$a"); fi
done
if [ "$catalog_only" = 0 ] && [ -z "${SCHEMAPLAY:-}" ]; then
    log "building schemaplay (cargo build -p schemaplay-cli)"
    (cd "$repo" && cargo build -q -p schemaplay-cli) >&2
    export SCHEMAPLAY="${CARGO_TARGET_DIR:-$repo/target}/debug/schemaplay"
fi

# ---------------------------------------------------------------------------------------------
# 3. throwaway servers
# ---------------------------------------------------------------------------------------------
tmp="$(mktemp -d /tmp/realdb.XXXXXX)"
chmod 755 "$tmp"
pg_started=0
my_pid=""
# CPU seconds a server process used, with the children it reaped (PostgreSQL's backends):
# utime + stime + cutime + cstime of /proc/PID/stat.
cpu_seconds() {
    local f
    f=$(cut -d')' -f2- "/proc/$1/stat" 2>/dev/null) || return 0
    # fields after the command: state(1) ... utime(12) stime(13) cutime(14) cstime(15)
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($12 + $13 + $14 + $15) / hz }' <<<"$f"
}
cleanup() {
    set +e
    # what the servers cost, beside the client processes `time` sees (for the CI budget)
    local pg_pid
    pg_pid=$(head -1 "$tmp/pg/data/postmaster.pid" 2>/dev/null)
    log "server CPU: postgres ${pg_pid:+$(cpu_seconds "$pg_pid")}s, mariadb ${my_pid:+$(cpu_seconds "$my_pid")}s"
    if [ "$pg_started" = 1 ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$tmp/pg/data" -m immediate -w stop >/dev/null 2>&1
    fi
    if [ -n "$my_pid" ]; then
        kill "$my_pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$my_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$my_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL 15: initdb + pg_ctl as user postgres, socket only (listen_addresses='').
mkdir -p "$tmp/pg/data" "$tmp/pg/sock"
chown -R postgres: "$tmp/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$tmp/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$tmp/pg/initdb.log" 2>&1 || { cat "$tmp/pg/initdb.log" >&2; exit 2; }
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$tmp/pg/sock' -c port=5432 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=20 -c log_min_messages=fatal" \
    start >/dev/null || { cat "$tmp/pg/server.log" >&2; exit 2; }
pg_started=1
export REALDB_PG_HOST="$tmp/pg/sock" REALDB_PG_PORT=5432 REALDB_PG_USER=postgres

# MariaDB: mariadb-install-db + mariadbd as user mysql, --skip-networking, private socket.
mkdir -p "$tmp/my/data"
chown -R mysql: "$tmp/my"
mariadb-install-db --no-defaults --user=mysql --datadir="$tmp/my/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$tmp/my/install.log" 2>&1 || { cat "$tmp/my/install.log" >&2; exit 2; }
"$MARIADBD" --no-defaults --user=mysql --datadir="$tmp/my/data" --socket="$tmp/my/mysqld.sock" \
    --pid-file="$tmp/my/mysqld.pid" --skip-networking --log-error="$tmp/my/error.log" \
    --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=128M --skip-log-bin \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci </dev/null >/dev/null 2>&1 &
my_pid=$!
for _ in $(seq 300); do
    if mariadb --no-defaults --socket="$tmp/my/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    kill -0 "$my_pid" 2>/dev/null || { cat "$tmp/my/error.log" >&2; exit 2; }
    sleep 0.1
done
mariadb --no-defaults --socket="$tmp/my/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null \
    || { cat "$tmp/my/error.log" >&2; exit 2; }
export REALDB_MYSQL_SOCKET="$tmp/my/mysqld.sock"

log "servers up (postgres: $REALDB_PG_HOST, mariadb: $REALDB_MYSQL_SOCKET)"
cd "$repo"
set +e
if [ "$roundtrip" = 1 ]; then  # round trip mode (issue 5)
    python3 "$here/roundtrip.py" "$@"
    exit $?
fi
if [ "$redump" = 1 ]; then  # re-dump mode (issue 14)
    python3 "$here/redump.py" "$@"
    exit $?
fi
if [ "$readers" = 1 ]; then  # the non-SQL readers (issue 15): readers.py hands --prisma/--dbml to tests/readers/oracle.py
    python3 "$here/readers.py" "$@"
    exit $?
fi
if [ "$codegen_sql" = 1 ]; then
    python3 "$repo/tests/codegen/sql_check.py" ${args[@]+"${args[@]}"}
elif [ "$diff_plans" = 1 ]; then
    python3 "$here/diff_plans.py" ${args[@]+"${args[@]}"}
elif [ "$hostile" = 1 ]; then
    python3 "$here/hostile.py"
elif [ "$type_rewrites" = 1 ]; then
    python3 "$here/type_rewrites.py" ${args[@]+"${args[@]}"}
else
    python3 "$here/realdb.py" "$@"
fi
rc=$?
exit $rc

#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for Dossier's tests and benchmarks.
#
#   URL=$(bash scripts/pg-test-cluster.sh start)   # create (or reuse) and start; prints postgres://…
#   DOSSIER_TEST_PG_URL=$URL npm test
#   bash scripts/pg-test-cluster.sh stop           # shut down and delete everything
#
# Commands:
#   start   create the cluster if missing, start it if not running, print the URL on stdout
#   url     print the URL of a running cluster (exit 1 if none)
#   status  print "running" or "stopped" (exit 1 when stopped or missing)
#   halt    stop the server but keep the data (used by reliability tests: stop Postgres mid-ingest)
#   stop    stop the server and remove the cluster directory
#
# The cluster lives in $DOSSIER_PG_TEST_DIR (default: ${TMPDIR:-/tmp}/dossier-pg-test-<uid>), listens
# on a Unix socket in that directory and on 127.0.0.1 at a free port (kept across halt/start),
# trusts local connections (never expose it) and holds one database, `dossier_test`. The URL is
# also written to $DOSSIER_PG_TEST_DIR/url. Root cannot run postgres, so as root the server runs
# as the `postgres` system user (override with DOSSIER_PG_TEST_USER).
set -euo pipefail

cmd="${1:-}"
dir="${DOSSIER_PG_TEST_DIR:-${TMPDIR:-/tmp}/dossier-pg-test-$(id -u)}"
data="$dir/data"
db="dossier_test"

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

pg_bin() {
  local bin
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$bin" ]]; then
    bin=$(dirname "$(command -v initdb 2>/dev/null || true)")
    [[ -x "$bin/initdb" ]] || die "no PostgreSQL server binaries found (apt-get install postgresql, or set PG_BIN)"
  fi
  echo "$bin"
}

# Runs a command as the cluster owner (the postgres user when we are root).
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    local user="${DOSSIER_PG_TEST_USER:-postgres}"
    id "$user" >/dev/null 2>&1 || die "user '$user' does not exist (create it or set DOSSIER_PG_TEST_USER)"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

is_running() {
  [[ -f "$data/postmaster.pid" ]] && as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

url() { echo "postgres://$(owner_name)@127.0.0.1:$(cat "$dir/port")/$db"; }
owner_name() { if [[ "$(id -u)" == "0" ]]; then echo "${DOSSIER_PG_TEST_USER:-postgres}"; else id -un; fi; }

BIN=$(pg_bin)

case "$cmd" in
  start)
    if [[ ! -f "$data/PG_VERSION" ]]; then
      parent=$(dirname "$dir")
      mkdir -p "$parent"
      if [[ "$(id -u)" == "0" ]] && ! as_owner test -x "$parent"; then
        die "user ${DOSSIER_PG_TEST_USER:-postgres} cannot enter $parent: put DOSSIER_PG_TEST_DIR under a world-traversable directory such as /tmp"
      fi
      mkdir -p "$dir"
      chmod 0755 "$dir"
      if [[ "$(id -u)" == "0" ]]; then chown "${DOSSIER_PG_TEST_USER:-postgres}" "$dir"; fi
      as_owner "$BIN/initdb" -D "$data" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
      free_port >"$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
      # Throw-away settings: speed over durability, never listen beyond loopback.
      cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $(cat "$dir/port")
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
EOF
    fi
    if ! is_running; then
      as_owner "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; die "server failed to start"; }
    fi
    if ! as_owner "$BIN/psql" -h "$dir" -p "$(cat "$dir/port")" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      as_owner "$BIN/createdb" -h "$dir" -p "$(cat "$dir/port")" "$db"
    fi
    url >"$dir/url.tmp"
    mv "$dir/url.tmp" "$dir/url"
    url
    ;;
  url)
    is_running || die "no running cluster in $dir (run: bash scripts/pg-test-cluster.sh start)"
    url
    ;;
  status)
    if is_running; then echo running; else echo stopped; exit 1; fi
    ;;
  halt)
    if is_running; then as_owner "$BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
    ;;
  stop)
    if is_running; then as_owner "$BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: bash scripts/pg-test-cluster.sh start|url|status|halt|stop" >&2
    exit 2
    ;;
esac

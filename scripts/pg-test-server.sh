#!/usr/bin/env bash
# Start a throw-away PostgreSQL on loopback for the test suite and print its DATABASE_URL.
# Installs Debian's postgresql when it is missing. Usage: eval "$(scripts/pg-test-server.sh start)"; … ; scripts/pg-test-server.sh stop
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGDIR="${PGDIR:-/tmp/shouwen-pg-$PGPORT}"
cmd="${1:-start}"

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

if [ "$cmd" = "stop" ]; then
  BIN="$(find_bin)" || exit 0
  runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

if ! BIN="$(find_bin)"; then
  echo "installing postgresql from Debian packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
  BIN="$(find_bin)"
fi
id postgres >/dev/null 2>&1 || useradd --system --home "$PGDIR" postgres

if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  rm -rf "$PGDIR"
  mkdir -p "$PGDIR"
  chown postgres "$PGDIR"
  runuser -u postgres -- "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
"$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "select 1 from pg_database where datname='shouwen_test'" | grep -q 1 \
  || "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "create database shouwen_test"
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/shouwen_test"

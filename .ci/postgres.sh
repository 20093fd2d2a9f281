#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on a unix socket and loopback port 54329.
# `start` prints the URL to use. PostgreSQL refuses to run as root: the cluster runs as `postgres`.
set -euo pipefail
DIR=/tmp/netmap-ci-pg
PORT=54329
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no postgresql binaries" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    as_pg "$bin/pg_ctl" -D "$DIR" stop -m fast >/dev/null 2>&1 || true
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
    as_pg "$bin/initdb" -D "$DIR" -A trust -U netmap >/dev/null
    as_pg "$bin/pg_ctl" -D "$DIR" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p $PORT -U netmap netmap_test
    echo "postgresql://netmap@127.0.0.1:$PORT/netmap_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$DIR" stop -m fast >/dev/null 2>&1 || true
    ;;
esac

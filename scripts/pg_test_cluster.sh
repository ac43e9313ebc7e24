#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for the test suite (GUIDE §6).
#   scripts/pg_test_cluster.sh start DIR PORT   -> prints the SQLAlchemy URL
#   scripts/pg_test_cluster.sh replica PRIMARY_DIR DIR PORT -> a streaming replica of the cluster in PRIMARY_DIR
#                                                              (pg_basebackup -R), prints its URL
#   scripts/pg_test_cluster.sh stop DIR
# initdb refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail
action=${1:?start|stop}
dir=${2:?cluster directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    port=${3:?port}
    rm -rf "$dir"; mkdir -p "$dir/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" -w start >/dev/null
    echo "postgresql+psycopg://app@127.0.0.1:$port/postgres"
    ;;
  replica)
    primary=${2:?primary cluster directory}
    dir=${3:?replica directory}
    port=${4:?port}
    primary_port=$(sed -n 4p "$primary/data/postmaster.pid")
    rm -rf "$dir"; mkdir -p "$dir/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_owner "$bindir/pg_basebackup" -D "$dir/data" -R -X stream -c fast -h 127.0.0.1 -p "$primary_port" -U app \
      >"$dir/basebackup.log" 2>&1
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c hot_standby=on" -w start >/dev/null
    echo "postgresql+psycopg://app@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac

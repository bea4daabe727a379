#!/usr/bin/env bash
# A streaming hot standby of the local PostgreSQL primary (cluster "main", 127.0.0.1:5432) on 127.0.0.1:5433,
# for the replica tests (tests/replica). `.ci/replica.sh up` makes it (again) from a fresh base backup and
# waits until it streams; `.ci/replica.sh down` removes it; `stop`/`start` stop and start it (the tests of a standby that is down); `.ci/replica.sh url` prints the
# DATABASE_REPLICA_URL to give the tests. Needs root (or the postgres user) and Debian's postgresql-common.
# The primary is changed only where it must be, and only once: wal_level at least "replica", WAL senders, and
# a pg_hba line letting 127.0.0.1 connect for replication.
set -euo pipefail
VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}
PRIMARY=${PRIMARY_CLUSTER:-main}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
NAME=${REPLICA_CLUSTER:-replica}
PORT=${REPLICA_PORT:-5433}
BIN=/usr/lib/postgresql/$VERSION/bin
DATA=/var/lib/postgresql/$VERSION/$NAME

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
on_primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atqc "$1"; }
on_replica() { psql -h 127.0.0.1 -p "$PORT" -U postgres -Atqc "$1" 2>/dev/null; }
exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n { found = 1 } END { exit !found }'; }

prepare_primary() {
  local restart=0
  if [ "$(on_primary 'SHOW wal_level')" = minimal ]; then
    on_primary "ALTER SYSTEM SET wal_level = replica"
    restart=1
  fi
  if [ "$(on_primary 'SHOW max_wal_senders')" -lt 2 ]; then
    on_primary "ALTER SYSTEM SET max_wal_senders = 10"
    restart=1
  fi
  local hba
  hba=$(on_primary 'SHOW hba_file')
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    printf '# streaming replica for the tests (.ci/replica.sh)\nhost replication postgres 127.0.0.1/32 trust\n' >>"$hba"
    on_primary "SELECT pg_reload_conf()" >/dev/null
  fi
  if [ "$restart" = 1 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY" restart
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" && break; sleep 1; done
  fi
}

streaming() {
  [ "$(on_replica 'SELECT pg_is_in_recovery()')" = t ] &&
    [ "$(on_replica "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")" = 1 ]
}

up() {
  prepare_primary
  if exists && streaming; then
    on_replica "SELECT pg_wal_replay_resume()" >/dev/null  # a test run that died with replay paused
    echo "replica: streaming on port $PORT"
    return
  fi
  exists && pg_dropcluster --stop "$VERSION" "$NAME"
  pg_createcluster "$VERSION" "$NAME" --port "$PORT" >/dev/null
  cp "$(on_primary 'SHOW hba_file')" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"  # the primary's (trust) access rules
  cat >"/etc/postgresql/$VERSION/$NAME/conf.d/standby.conf" <<CONF
listen_addresses = '127.0.0.1'
hot_standby = on
# A query on the standby that holds back the replay of a primary's TRUNCATE or DROP is cancelled after this.
max_standby_streaming_delay = 5s
wal_receiver_status_interval = 1s
shared_buffers = 32MB
CONF
  find "$DATA" -mindepth 1 -delete  # pg_basebackup fills the empty directory pg_createcluster made
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" -R -X stream -c fast
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
  for _ in $(seq 600); do streaming && break; sleep 0.5; done  # a big primary: recovery takes a while
  if ! streaming; then
    echo "replica: not streaming; see /var/log/postgresql/postgresql-$VERSION-$NAME.log" >&2
    exit 1
  fi
  echo "replica: streaming on port $PORT"
}

down() {
  if exists; then pg_dropcluster --stop "$VERSION" "$NAME"; fi
  echo "replica: removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  stop) pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" stop -m fast ;;
  start)
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
    for _ in $(seq 120); do streaming && break; sleep 0.5; done
    streaming ;;
  url) echo "postgres://postgres@127.0.0.1:$PORT/${2:-postgres}" ;;
  *) echo "usage: $0 up|down|stop|start|url [database]" >&2; exit 2 ;;
esac

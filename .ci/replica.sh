#!/usr/bin/env bash
# A PostgreSQL primary and its streaming hot standby for the replica tests (tests/replica): by default a small
# primary of their own (cluster "ci_primary", 127.0.0.1:5434, made here) and the standby (cluster "ci_replica",
# 127.0.0.1:5435). A primary of its own because a base backup copies a whole cluster: the machine's main
# cluster may hold gigabytes of bench databases (minutes of copying per run). PRIMARY_CLUSTER=main
# PRIMARY_PORT=5432 makes a standby of the main cluster instead (it is then changed only where it must be).
#   .ci/replica.sh up       the primary (made if missing) and a standby from a fresh base backup, streaming
#   .ci/replica.sh down     removes the standby, and the primary when it is the script's own
#   .ci/replica.sh stop|start   stop and start the standby (the tests of a standby that is down)
#   .ci/replica.sh url [db] | primary-url [db]   the DATABASE_REPLICA_URL / DATABASE_URL to give the tests
# Needs root (or the postgres user) and Debian's postgresql-common.
set -euo pipefail
VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -1)}
PRIMARY=${PRIMARY_CLUSTER:-ci_primary}
PRIMARY_PORT=${PRIMARY_PORT:-5434}
NAME=${REPLICA_CLUSTER:-ci_replica}
PORT=${REPLICA_PORT:-5435}
BIN=/usr/lib/postgresql/$VERSION/bin
DATA=/var/lib/postgresql/$VERSION/$NAME

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
on_primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atqc "$1"; }
on_replica() { psql -h 127.0.0.1 -p "$PORT" -U postgres -Atqc "$1" 2>/dev/null; }
cluster_exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$1" '$1 == v && $2 == n { found = 1 } END { exit !found }'; }
exists() { cluster_exists "$NAME"; }
OWN_PRIMARY=$([ "$PRIMARY" = main ] && echo 0 || echo 1)
TRUST_HBA='local all all trust
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
host replication postgres 127.0.0.1/32 trust'

ensure_primary() {
  # The script's own primary: made once, trust on 127.0.0.1 only, small, fsync off (test data, thrown away).
  if [ "$OWN_PRIMARY" = 1 ] && ! cluster_exists "$PRIMARY"; then
    pg_createcluster "$VERSION" "$PRIMARY" --port "$PRIMARY_PORT" >/dev/null
    echo "$TRUST_HBA" >"/etc/postgresql/$VERSION/$PRIMARY/pg_hba.conf"
    cat >"/etc/postgresql/$VERSION/$PRIMARY/conf.d/ci.conf" <<CONF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 10
shared_buffers = 64MB
fsync = off
full_page_writes = off
CONF
  fi
  if [ "$OWN_PRIMARY" = 1 ] && ! pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT"; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$PRIMARY" start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" && break; sleep 1; done
  fi
}

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
  ensure_primary
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
  if [ "$OWN_PRIMARY" = 1 ] && cluster_exists "$PRIMARY"; then pg_dropcluster --stop "$VERSION" "$PRIMARY"; fi
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
  primary-url) echo "postgres://postgres@127.0.0.1:$PRIMARY_PORT/${2:-postgres}" ;;
  *) echo "usage: $0 up|down|stop|start|url|primary-url [database]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Makes PostgreSQL and Redis available on 127.0.0.1 for Switchboard, on any Debian machine:
# checks each, starts it where installed but stopped, installs it from Debian's packages
# where missing, and creates the project's databases. Safe to run again and again.
#
# Environment: PGHOST/PGPORT (127.0.0.1/5432), REDIS_PORT (6379),
#              SWITCHBOARD_DATABASES ("switchboard switchboard_test"),
#              SWITCHBOARD_FRESH_TEST_DB=1 drops and recreates switchboard_test first (CI does).
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
DATABASES=${SWITCHBOARD_DATABASES:-"switchboard switchboard_test"}

log() { echo "[services] $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  log "installing $* from Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

postgres_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

psql_admin() { psql -h "$PGHOST" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

ensure_postgres() {
  command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-contrib
  if ! postgres_up; then
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$version" ]; then
      version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
      log "creating PostgreSQL $version cluster"
      as_root pg_createcluster "$version" main
    fi
    trust_local_logins "$version"
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 30); do postgres_up && break; sleep 1; done
  postgres_up || { log "PostgreSQL did not come up on $PGHOST:$PGPORT"; exit 1; }
  if ! psql_admin -d postgres -c 'select 1' >/dev/null 2>&1; then
    # A stock Debian cluster asks for a password over TCP; the project's local databases trust loopback.
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    trust_local_logins "$version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    sleep 1
  fi
  if [ "${SWITCHBOARD_FRESH_TEST_DB:-0}" = "1" ]; then
    log "recreating database switchboard_test"
    psql_admin -d postgres -c "drop database if exists switchboard_test with (force)"
  fi
  for db in $DATABASES; do
    if [ "$(psql_admin -d postgres -c "select 1 from pg_database where datname = '$db'")" != "1" ]; then
      log "creating database $db"
      psql_admin -d postgres -c "create database \"$db\""
    fi
  done
  log "PostgreSQL ready on $PGHOST:$PGPORT (databases: $DATABASES)"
}

trust_local_logins() {
  local hba="/etc/postgresql/$1/main/pg_hba.conf"
  [ -f "$hba" ] || return 0
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    log "allowing trusted loopback logins in $hba"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis_up; then
    log "starting Redis on port $REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
      --dir /tmp --logfile /tmp/switchboard-redis.log
  fi
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || { log "Redis did not come up on 127.0.0.1:$REDIS_PORT"; exit 1; }
  log "Redis ready on 127.0.0.1:$REDIS_PORT"
}

command -v psql >/dev/null || apt_install postgresql-client
ensure_postgres
ensure_redis

#!/usr/bin/env bash
# CI's load-test smoke run: builds the load-test jar, starts the already packaged service
# (target/quarkus-app, as `./mvnw verify` or `./mvnw package` leaves it) on a free port, waits
# until it is ready, runs `quick` against it and always stops it again. Exits non-zero when the
# service does not start or any correctness check of the quick run fails (latencies never do).
#
# Needs PostgreSQL and Redis as scripts/services.sh leaves them (the dev profile uses the
# `switchboard` database). Environment: PORT (default: a free one), READY_SECONDS (default 180).
# The service's log: loadtest/target/ci-quick-service.log.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICE_JAR=target/quarkus-app/quarkus-run.jar
LOG=loadtest/target/ci-quick-service.log
READY_SECONDS=${READY_SECONDS:-180}
log() { echo "[ci-quick] $*"; }

[ -f "$SERVICE_JAR" ] || { log "$SERVICE_JAR is missing: run ./mvnw -B verify (or package) first"; exit 1; }
log "building the load-test tool"
./mvnw -f loadtest/pom.xml -q -B package

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "${PORT:-}" ]; then
  for candidate in $(shuf -i 20000-39999 -n 50); do
    if port_free "$candidate"; then PORT=$candidate; break; fi
  done
  [ -n "${PORT:-}" ] || { log "found no free port"; exit 1; }
fi
port_free "$PORT" || { log "port $PORT is in use"; exit 1; }
BASE_URL="http://127.0.0.1:$PORT"

SERVICE_PID=
stop_service() {
  [ -n "$SERVICE_PID" ] || return 0
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "stopping the service (pid $SERVICE_PID)"
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVICE_PID" 2>/dev/null && { log "still running after 30 s: killing it"; kill -KILL "$SERVICE_PID" 2>/dev/null || true; }
  fi
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=
}
trap stop_service EXIT
trap 'exit 130' INT TERM

mkdir -p loadtest/target
log "starting the service on $BASE_URL (log: $LOG)"
java -Dquarkus.profile=dev -Dswitchboard.demo.seed=false -Dquarkus.http.port="$PORT" -jar "$SERVICE_JAR" >"$LOG" 2>&1 &
SERVICE_PID=$!

ready() {
  if command -v curl >/dev/null; then
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/q/health/ready")" = "200" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
      && timeout 5 head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
  fi
}
start=$SECONDS
until ready; do
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "the service exited before it was ready; the end of its log:"; tail -n 40 "$LOG"; exit 1
  fi
  if (( SECONDS - start > READY_SECONDS )); then
    log "the service was not ready within $READY_SECONDS s; the end of its log:"; tail -n 40 "$LOG"; exit 1
  fi
  sleep 1
done
log "service ready after $((SECONDS - start)) s"

start=$SECONDS
status=0
loadtest/lt quick --base-url "$BASE_URL" --server-pid "$SERVICE_PID" || status=$?
log "quick run took $((SECONDS - start)) s, exit code $status"
if [ "$status" -ne 0 ]; then
  log "the end of the service's log:"; tail -n 40 "$LOG"
fi
exit "$status"

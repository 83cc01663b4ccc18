#!/usr/bin/env bash
# Proves the README's first command on this clone: runs it exactly as written (dev mode), waits for
# readiness, checks the demo workspace was seeded, logs in as the demo agent, opens /ws/inbox and
# expects a pong to a ping, then stops it. Also fails on an ERROR or WARN line in a normal start.
set -euo pipefail
cd "$(dirname "$0")/.."

cmd=$(grep -m1 -E '^    .*quarkus:dev' README.md | sed 's/^    //')
[ -n "$cmd" ] || { echo "[dev-check] README has no quarkus:dev command"; exit 1; }
log=target/dev-mode-check.log
mkdir -p target
echo "[dev-check] running the README's first command: $cmd"
start=$(date +%s)
# Its own process group, so stopping it stops Maven and the dev-mode JVM it forked.
setsid bash -c "$cmd" </dev/null >"$log" 2>&1 &
pid=$!
stop() { kill -TERM -- "-$pid" 2>/dev/null || true; for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done; kill -KILL -- "-$pid" 2>/dev/null || true; }
trap stop EXIT

ready=""
for _ in $(seq 300); do
  if curl -sf localhost:8080/q/health/ready >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$ready" ]; then
  echo "[dev-check] dev mode did not become ready; the end of its log:"; tail -60 "$log"; exit 1
fi
echo "[dev-check] ready after $(( $(date +%s) - start )) s"

plain=$(sed 's/\x1b\[[0-9;]*[a-zA-Z]//g' "$log")
grep -q 'Switchboard demo workspace' <<<"$plain" || { echo "[dev-check] the demo workspace's logins were not printed"; exit 1; }
java .ci/WsPing.java http://localhost:8080

# Maven's own [WARNING]s are not the service's; application lines look like "12:00:00.000 WARN  [..."
bad=$(grep -E '^[0-9:.]+ (ERROR|WARN) ' <<<"$plain" || true)
if [ -n "$bad" ]; then
  echo "[dev-check] a normal start logged ERROR or WARN lines:"; echo "$bad"; exit 1
fi
echo "[dev-check] the README's first command works"

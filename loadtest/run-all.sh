#!/usr/bin/env bash
# Runs every scenario at the sizes of the README's table, in single- and two-instance mode, plus
# the calibration runs, and leaves loadtest/target/report.md with all of them.
#
# Parameters (environment):
#   SB1    first instance's base URL   (default http://127.0.0.1:8081)
#   SB2    second instance's base URL  (default http://127.0.0.1:8082)
#   HOLD_CONNECTIONS, HOLD_AGENTS, HOLD_SECONDS        (default 5000, 500, 60)
#   FANOUT_AGENTS, FANOUT_MESSAGES                     (default 200, 50)
#   CLAIM_AGENTS, CLAIM_CONVERSATIONS                  (default 50, 30)
#   STORM_AGENTS, STORM_RATES, STORM_STEP_SECONDS      (default 20, 5,10,20,40,80,160, 10)
#   SKIP_CALIBRATION=1 skips the calibration runs (e.g. to repeat only Switchboard's)
#
# Both instances must already run against the same PostgreSQL and Redis (see README.md).
# A failed correctness check does not stop the suite; the report marks it.
set -u
cd "$(dirname "$0")/.."
JAR=loadtest/target/switchboard-loadtest.jar
[ -f "$JAR" ] || ./mvnw -f loadtest/pom.xml -q -B package
SB1=${SB1:-http://127.0.0.1:8081}
SB2=${SB2:-http://127.0.0.1:8082}
HOLD="--connections ${HOLD_CONNECTIONS:-5000} --agents ${HOLD_AGENTS:-500} --seconds ${HOLD_SECONDS:-60}"
FANOUT="--agents ${FANOUT_AGENTS:-200} --messages ${FANOUT_MESSAGES:-50}"
CLAIM="--agents ${CLAIM_AGENTS:-50} --conversations ${CLAIM_CONVERSATIONS:-30}"
STORM="--agents ${STORM_AGENTS:-20} --rates ${STORM_RATES:-5,10,20,40,80,160} --step-seconds ${STORM_STEP_SECONDS:-10}"
run() { echo; echo "### $*"; loadtest/lt "$@" || echo "### (exit $?: see the checks in the report)"; }

if [ -z "${SKIP_CALIBRATION:-}" ]; then
  run hold --calibration --calibration-jvm child $HOLD
  run fanout --calibration --calibration-jvm child $FANOUT
fi
for urls in "$SB1" "$SB1,$SB2"; do
  run hold --base-url "$urls" $HOLD
  run fanout --base-url "$urls" $FANOUT
  run claim-storm --base-url "$urls" $CLAIM
  run inbound-storm --base-url "$urls" $STORM
done
echo; echo "report: loadtest/target/report.md"

#!/usr/bin/env bash
# Runs `npm test` N times in a row while one busy loop per core loads the machine: the check that
# the suite does not depend on a quiet machine (no test asserts a duration). PostgreSQL comes from
# scripts/pg-test-cluster.sh; Chromium must be installed (scripts/setup-chromium.sh or .ci/run).
# Usage: bash scripts/stress-test.sh [N=5]   (one summary line per run in stress-summary.log)
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
export DOSSIER_TEST_PG_URL="${DOSSIER_TEST_PG_URL:-$(bash scripts/pg-test-cluster.sh start | tail -1)}"
loads=()
for _ in $(seq 1 "$(nproc)"); do node -e "for(;;){}" & loads+=($!); done
trap 'kill "${loads[@]}" 2>/dev/null' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if npm test > "stress-run-$i.log" 2>&1; then result=pass; else result=FAIL; fi
  echo "run $i: $result in $(( $(date +%s) - start )) s; $(grep -E '^# (pass|fail)' "stress-run-$i.log" | tr '\n' ' ')" | tee -a stress-summary.log
done

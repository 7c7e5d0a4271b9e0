#!/usr/bin/env bash
# The whole test suite (`npm test`): set-up, then Jest runs and one closing "N passed, N failed" line.
#   1. everything but the lanes below, on two workers: most tests wait on real servers and timers, not the CPU;
#   2. three lanes side by side, each one test file at a time, their lines prefixed with the lane's name:
#      - slurm: the SLURM tests (they share one test cluster; some drain nodes or fill the queue), then a
#        local test that mostly waits (runs against a slow server);
#      - kubernetes: the Kubernetes tests (one cluster);
#      - time-skipping: the history tests on Temporal's test server (a 24 h soak, a 500-run sweep), then
#        a local test that mostly waits (a frozen process at teardown).
#      (Run beside step 1, the Kubernetes fault tests timed out under the load: step 2 starts when step 1 ends.)
# Extra arguments go to every run (e.g. a path filter).
set -uo pipefail
cd "$(dirname "$0")/.."
BENCH_SETUP_EXTRAS=test bash scripts/setup.sh || exit 1
counts=$(mktemp)
export BENCH_TEST_COUNTS=$counts
declare -A LANES=(
  [slurm]='/slurm|/significance\.test'
  [kubernetes]='/kubernetes'
  [time-skipping]='/soak-24h-history\.test|/long-sweep-history\.test|/teardown-errors\.test'
)
all=$(IFS='|'; echo "${LANES[*]}")
status=0
npx jest --maxWorkers=2 --testPathIgnorePatterns "$all" -- "$@" || status=$?
lane() {
  local name=$1 pattern=$2
  shift 2
  npx jest --maxWorkers=1 --testPathIgnorePatterns "^(?!.*($pattern)).*\$" --passWithNoTests -- "$@" 2>&1 | sed -u "s/^/[$name] /"
  return "${PIPESTATUS[0]}"
}
pids=()
for name in slurm kubernetes time-skipping; do
  lane "$name" "${LANES[$name]}" "$@" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  const sum = (k) => lines.reduce((n, c) => n + c[k], 0);
  const { countsLine } = require("./test/helpers/count-reporter.js");
  process.stdout.write("\n" + countsLine({ passed: sum("passed"), failed: sum("failed"), skipped: sum("skipped") }) + "\n");
' "$counts"
rm -f "$counts"
exit $status

#!/usr/bin/env bash
# The whole test suite (`npm test`): set-up, then two Jest runs and one closing "N passed, N failed" line.
#   1. everything but the cluster tests on two workers: most tests wait on real servers and timers, not the CPU;
#   2. the SLURM tests one at a time, and beside them the Kubernetes tests one at a time: each group shares
#      one test cluster, and some drain nodes or fill the queue. The two clusters share nothing, and SLURM
#      tests mostly wait on the queue. (Run beside step 1, the Kubernetes fault tests timed out under the
#      load, so step 2 starts when step 1 ended.) Their lines carry a [slurm] or [kubernetes] prefix.
# Extra arguments go to every run (e.g. a path filter).
set -uo pipefail
cd "$(dirname "$0")/.."
BENCH_SETUP_EXTRAS=test bash scripts/setup.sh || exit 1
counts=$(mktemp)
export BENCH_TEST_COUNTS=$counts
status=0
npx jest --maxWorkers=2 --testPathIgnorePatterns '/(slurm|kubernetes)' -- "$@" || status=$?
cluster_tests() {
  local name=$1
  shift
  npx jest --maxWorkers=1 --testPathIgnorePatterns "^(?!.*/$name).*\$" --passWithNoTests -- "$@" 2>&1 | sed -u "s/^/[$name] /"
  return "${PIPESTATUS[0]}"
}
cluster_tests slurm "$@" &
slurm_pid=$!
cluster_tests kubernetes "$@" &
k8s_pid=$!
wait $slurm_pid || status=$?
wait $k8s_pid || status=$?
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  const sum = (k) => lines.reduce((n, c) => n + c[k], 0);
  const { countsLine } = require("./test/helpers/count-reporter.js");
  process.stdout.write("\n" + countsLine({ passed: sum("passed"), failed: sum("failed"), skipped: sum("skipped") }) + "\n");
' "$counts"
rm -f "$counts"
exit $status

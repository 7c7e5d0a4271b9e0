#!/usr/bin/env bash
# The whole test suite (`npm test`): set-up, then three Jest runs and one closing "N passed, N failed" line.
#   1. everything but the cluster tests on two workers: most tests wait on real servers and timers, not the CPU;
#   2. the SLURM tests one at a time: they share one test cluster, and some drain nodes or fill the queue;
#   3. alongside both, the Kubernetes tests one at a time, for the same reason on their own cluster.
# Extra arguments go to every run (e.g. a path filter).
set -uo pipefail
cd "$(dirname "$0")/.."
BENCH_SETUP_EXTRAS=test bash scripts/setup.sh || exit 1
counts=$(mktemp)
export BENCH_TEST_COUNTS=$counts
status=0
# The Kubernetes tests wait on pods, not on this machine's CPU: they run beside the others, their
# output kept apart and printed after.
k8s_log=$(mktemp)
npx jest --maxWorkers=1 --testPathIgnorePatterns '^(?!.*/kubernetes).*$' --passWithNoTests -- "$@" >"$k8s_log" 2>&1 &
k8s=$!
npx jest --maxWorkers=2 --testPathIgnorePatterns '/(slurm|kubernetes)' -- "$@" || status=$?
npx jest --maxWorkers=1 --testPathIgnorePatterns '^(?!.*/slurm).*$' --passWithNoTests -- "$@" || status=$?
wait "$k8s" || status=$?
echo "--- the Kubernetes tests (run alongside) ---"
cat "$k8s_log"
rm -f "$k8s_log"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  const sum = (k) => lines.reduce((n, c) => n + c[k], 0);
  const { countsLine } = require("./test/helpers/count-reporter.js");
  process.stdout.write("\n" + countsLine({ passed: sum("passed"), failed: sum("failed"), skipped: sum("skipped") }) + "\n");
' "$counts"
rm -f "$counts"
exit $status

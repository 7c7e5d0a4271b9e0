#!/usr/bin/env bash
# Stops the local SLURM test cluster started by up.sh: cancels every job first (slurmctld
# shutting down would leave running jobs alive), then slurmd, slurmctld, sshd and munged
# (munged only if up.sh started it). Idempotent; keeps the state folder.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/slurm/lib.sh
source "$REPO/scripts/slurm/lib.sh"

no_jobs_left() { [ -z "$(timeout 5 squeue -h -t PENDING,RUNNING,COMPLETING,CONFIGURING,SUSPENDED -o %A)" ]; }

cancel_all_jobs() {
  [ -f "$SLURM_CONF" ] && pid_alive "$STATE/run/slurmctld.pid" && ctld_ok || return 0
  local jobs
  jobs=$(timeout 5 squeue -h -o %A | paste -sd' ' -) || true
  [ -n "$jobs" ] || return 0
  say "cancelling jobs $jobs"
  # shellcheck disable=SC2086
  timeout 10 scancel $jobs || true
  wait_for "jobs to end after scancel" 30 no_jobs_left
}

main() {
  cancel_all_jobs
  # munged last: slurm daemons talk to it while shutting down.
  kill_pidfiles "$STATE/run/slurmd-n1.pid" "$STATE/run/slurmd-n2.pid" "$STATE/run/slurmctld.pid" "$STATE/run/sshd.pid"
  if [ -f "$STATE/run/munged.ours" ]; then
    kill_pidfiles /run/munge/munged.pid
    rm -f "$STATE/run/munged.ours"
  fi
  say "cluster stopped (state kept in $STATE)"
}

main "$@"

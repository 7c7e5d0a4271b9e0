#!/usr/bin/env bash
# Runs a command (a slurmd, and so every job it starts) in its own mount namespace that looks like a
# compute node of a real cluster: the worker's checkout, /tmp (where experiment folders of tests
# live) and any BENCH_SLURM_HIDE paths (colon-separated) are covered by empty tmpfs, and only the
# cluster's state folder (slurm.conf, spool, logs, the shared folder) is bound back at its own path.
# A job that reaches a worker-local path therefore fails here as it would on a real node.
#   bash scripts/slurm/node-namespace.sh STATE_DIR REPO_DIR -- slurmd -N n1
set -euo pipefail
[ "${3:-}" = -- ] || { echo "usage: $0 STATE_DIR REPO_DIR -- COMMAND..." >&2; exit 2; }
state=$(realpath "$1") repo=$(realpath "$2")
shift 3

if [ "${BENCH_SLURM_NODE_NS:-}" != inside ]; then
  BENCH_SLURM_NODE_NS=inside exec unshare --mount --propagation private -- "$0" "$state" "$repo" -- "$@"
fi

# Mounts made here stay in this namespace; the holder only keeps the state folder reachable while
# the paths above it are covered.
holder=$(mktemp -d /run/bench-slurm-node.XXXXXX)
mount --bind "$state" "$holder"
hidden=()
covered() {
  local h
  for h in "${hidden[@]}"; do case "$1/" in "$h"/*) return 0 ;; esac; done
  return 1
}
IFS=: read -r -a extra <<<"${BENCH_SLURM_HIDE:-}"
for p in /tmp "$repo" "${extra[@]}"; do
  [ -n "$p" ] && [ -d "$p" ] || continue
  p=$(realpath "$p")
  covered "$p" && continue
  mount -t tmpfs -o mode=1777 bench-node-local "$p"
  hidden+=("$p")
done
mkdir -p "$state"
mount --move "$holder" "$state"
rmdir "$holder"
unset BENCH_SLURM_NODE_NS
exec "$@"

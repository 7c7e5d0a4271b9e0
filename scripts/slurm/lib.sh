# Shared by up.sh and down.sh: settings of the local test cluster and small helpers.
# shellcheck shell=bash
STATE="${BENCH_SLURM_STATE:-$REPO/.bench/slurm}"
SSH_HOST=127.0.0.1
SSH_PORT="${BENCH_SLURM_SSH_PORT:-2222}"
CTLD_PORT="${BENCH_SLURM_CTLD_PORT:-6817}"
NODE_PORT_BASE="${BENCH_SLURM_NODE_PORT_BASE:-17000}"
PARTITION=debug
export SLURM_CONF="$STATE/slurm.conf"
# Keep a token meant for slurmrestd away from the CLI commands.
unset SLURM_JWT

say() { printf '\033[2m[slurm]\033[0m %s\n' "$*" >&2; }
die() { printf '[slurm] error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# A zombie still answers kill -0 until PID 1 reaps it, so check the process state too.
proc_alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
pid_alive() { [ -f "$1" ] && proc_alive "$(cat "$1")"; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Before starting a daemon: its port must be free, or another cluster (another state folder) owns it.
require_free_port() {
  port_busy "$1" && die "port $1 (for $2) is already in use, probably by a cluster with another state folder; stop it or set $3"
  return 0
}

# Polls "$@" every 0.1 s until it succeeds or $2 seconds pass.
wait_for() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${timeout}s waiting for: $what (logs in $STATE/log/)"
    sleep 0.1
  done
}

# Sends SIGTERM to the processes of all given pid files at once, then waits (SIGKILL after 15 s).
kill_pidfiles() {
  local f pids=()
  for f in "$@"; do
    if pid_alive "$f"; then pids+=("$(cat "$f")"); kill "${pids[-1]}" 2>/dev/null || true; fi
  done
  local deadline=$((SECONDS + 15)) pid
  for pid in "${pids[@]}"; do
    while proc_alive "$pid"; do
      if [ $SECONDS -ge $deadline ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
      sleep 0.1
    done
  done
  rm -f "$@"
}

# Whether a process runs in another mount namespace than this shell (a node started by node-namespace.sh).
node_isolated() { [ "$(readlink "/proc/$1/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]; }

# Without munged every SLURM command retries for minutes, so check it first and bound the rest.
munge_ok() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }
ctld_ok() { munge_ok && timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'; }
nodes_ready() {
  local states
  states=$(timeout 5 sinfo -h -N -n n1,n2 -o '%N %t' | sort -u) || return 1
  [ "$(echo "$states" | grep -cE '^n[12] (idle|mix|alloc|comp)$')" = 2 ]
}
ssh_ok() {
  ssh -o BatchMode=yes -o ConnectTimeout=2 -o UserKnownHostsFile="$STATE/ssh/known_hosts" \
    -o StrictHostKeyChecking=yes -i "$STATE/ssh/id_ed25519" -p "$SSH_PORT" "root@$SSH_HOST" \
    'sinfo -h >/dev/null'
}

stop_slurm_daemons() {
  kill_pidfiles "$STATE/run/slurmd-n1.pid" "$STATE/run/slurmd-n2.pid" "$STATE/run/slurmctld.pid"
}

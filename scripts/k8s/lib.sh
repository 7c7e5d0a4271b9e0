# Shared by the scripts/k8s/ scripts: the pinned version, where it is cached and where the
# running cluster keeps its state.
# shellcheck shell=bash
K8S_VERSION=1.30.14
K8S_STAGING=0.30.14
K8S_COMMANDS="kube-apiserver kube-controller-manager kube-scheduler kubelet"
BENCH_CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bench}"
K8S_CACHE="$BENCH_CACHE/k8s"
K8S_BIN="$K8S_CACHE/v$K8S_VERSION/bin"
K8S_STATE="${BENCH_K8S_STATE:-$REPO/.bench/k8s}"
K8S_PKI="$K8S_STATE/pki"
K8S_API_PORT="${BENCH_K8S_API_PORT:-6443}"
K8S_NODE=bench-node
CONTAINERD_SOCK="$K8S_STATE/run/containerd/containerd.sock"
mkdir -p "$K8S_CACHE"

say() { printf '\033[2m[k8s]\033[0m %s\n' "$*" >&2; }
die() { printf '[k8s] error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
with_lock() {
  local name=$1; shift
  exec {fd}>"$K8S_CACHE/.$name.lock"
  flock "$fd"
  "$@"
  local rc=$?
  flock -u "$fd"
  return $rc
}
proc_alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
pid_alive() { [ -f "$1" ] && proc_alive "$(cat "$1")"; }
# Polls "$@" every 0.2 s until it succeeds or $2 seconds pass.
wait_for() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${timeout}s waiting for: $what (logs in $K8S_STATE/log/)"
    sleep 0.2
  done
}

# --- added for up.sh / down.sh / images.sh -------------------------------------------------------
K8S_LOG="$K8S_STATE/log"
K8S_RUN="$K8S_STATE/run"
K8S_CONF="$K8S_STATE/conf"
K8S_KUBECONFIG="$K8S_STATE/kubeconfig"
K8S_IMAGE_CACHE="$K8S_CACHE/images"
K8S_IMPORTED="$K8S_STATE/images.imported"
K8S_PAUSE_IMAGE=k8s.local/pause:1
K8S_SERVICE_CIDR=127.0.100.0/24
ETCD_PORT="${BENCH_K8S_ETCD_PORT:-2379}"
ETCD_PEER_PORT=$((ETCD_PORT + 1))
KCM_PORT=10257
SCHED_PORT=10259
KUBELET_PORT=10250
KUBELET_HEALTHZ_PORT=10248

kctr() { ctr -a "$CONTAINERD_SOCK" -n k8s.io "$@"; }
containerd_ok() { [ -S "$CONTAINERD_SOCK" ] && timeout 5 ctr -a "$CONTAINERD_SOCK" version >/dev/null 2>&1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Who listens on a TCP port, as "name (pid N)", for error messages.
port_owner() {
  local o
  o=$(ss -ltnpH "( sport = :$1 )" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 | sed 's/users:(("\([^"]*\)",pid=\([0-9]*\)/\1 (pid \2)/')
  echo "${o:-an unknown process}"
}
# Stops the process of a pid file: SIGTERM, then SIGKILL after $3 seconds (default 15).
stop_pidfile() {
  local pidf=$1 name=$2 grace=${3:-15} pid
  [ -f "$pidf" ] || return 0
  pid=$(cat "$pidf")
  if proc_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while proc_alive "$pid"; do
      if [ $SECONDS -ge $deadline ]; then
        say "$name (pid $pid) ignored SIGTERM for ${grace}s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
        break
      fi
      sleep 0.1
    done
    # The thread-group leader shows as a zombie while its other threads still exit (and hold its
    # sockets): wait until it is the last one left.
    local tries=50
    while [ -d "/proc/$pid/task" ] && [ "$(ls "/proc/$pid/task" 2>/dev/null | wc -l)" -gt 1 ] && [ $tries -gt 0 ]; do
      sleep 0.1
      tries=$((tries - 1))
    done
    say "stopped $name (pid $pid)"
  fi
  rm -f "$pidf"
}
# Installs whichever of the Debian packages "$@" are missing. apt must not start their services
# (etcd, containerd, redis, prometheus): the cluster runs its own copies, so a policy-rc.d that
# refuses every start is in place during the install (and removed again if it was not there).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages ${missing[*]}; install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
  local policy=/usr/sbin/policy-rc.d log="$K8S_CACHE/apt.log" rc=0
  say "apt-get install ${missing[*]} (log: $log)"
  (
    if [ ! -e "$policy" ]; then
      trap 'rm -f "$policy"' EXIT
      printf '#!/bin/sh\n# bench scripts/k8s: no service starts during apt-get install\nexit 101\n' >"$policy"
      chmod 755 "$policy"
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  ) >"$log" 2>&1 || rc=$?
  [ $rc -eq 0 ] || { tail -n 20 "$log" >&2; die "apt-get install ${missing[*]} failed (log: $log)"; }
}
# Milliseconds since the epoch, and seconds (one decimal) since such a time.
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
secs_since() { local d=$(($(now_ms) - $1)); printf '%d.%d' $((d / 1000)) $((d % 1000 / 100)); }

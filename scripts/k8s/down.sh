#!/usr/bin/env bash
# Stops the local test Kubernetes cluster that up.sh started, in reverse order, by pid file:
# kubelet, the pods' processes (through containerd), containerd, scheduler, controller manager,
# API server, etcd. Then unmounts what is left under the state folder (container root
# filesystems, shm, token volumes, the kubelet folder) and the pods' network namespaces.
#   bash scripts/k8s/down.sh           # or: npm run k8s:down; up.sh starts again from the same state
#   bash scripts/k8s/down.sh --wipe    # also delete the cluster's state (etcd data, containerd,
#                                      # kubelet, logs); keeps pki/ and the image cache
# Safe to run when nothing runs, and more than once.
set -uo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/k8s/lib.sh
source "$REPO/scripts/k8s/lib.sh"

WIPE=0
case "${1:-}" in
  "") ;;
  --wipe) WIPE=1 ;;
  -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (usage: down.sh [--wipe])" ;;
esac
T0=$(now_ms)
[ -d "$K8S_STATE" ] || { say "nothing to stop: no state folder $K8S_STATE"; exit 0; }
STATE_REAL=$(realpath "$K8S_STATE")

# The network namespaces containerd mounted for the pods (/var/run/netns/cni-...), read from the
# sandboxes' runtime specs before the containers are removed.
NETNS=()
collect_netns() {
  local ns id path
  for ns in $(ctr -a "$CONTAINERD_SOCK" namespaces ls -q 2>/dev/null); do
    for id in $(ctr -a "$CONTAINERD_SOCK" -n "$ns" containers ls -q 2>/dev/null); do
      for path in $(ctr -a "$CONTAINERD_SOCK" -n "$ns" containers info "$id" 2>/dev/null | grep -o '"/[a-z/]*run/netns/[^"]*"' | tr -d '"'); do
        [[ " ${NETNS[*]} " == *" $path "* ]] || NETNS+=("$path")
      done
    done
  done
}

# Ends every task (pod container and sandbox) through containerd: SIGTERM, SIGKILL after 3 s, then
# removes tasks and containers, so that no containerd-shim outlives containerd. The kubelet makes
# the pods again on the next up.sh.
stop_tasks() {
  local ns ids id deadline
  for ns in $(ctr -a "$CONTAINERD_SOCK" namespaces ls -q 2>/dev/null); do
    ids=$(ctr -a "$CONTAINERD_SOCK" -n "$ns" tasks ls 2>/dev/null | awk 'NR > 1 && $3 == "RUNNING" { print $1 }')
    for id in $ids; do ctr -a "$CONTAINERD_SOCK" -n "$ns" tasks kill -s SIGTERM "$id" >/dev/null 2>&1; done
    deadline=$((SECONDS + 3))
    while [ -n "$ids" ] && [ $SECONDS -lt $deadline ] &&
      ctr -a "$CONTAINERD_SOCK" -n "$ns" tasks ls 2>/dev/null | awk 'NR > 1 { print $3 }' | grep -q RUNNING; do
      sleep 0.2
    done
    for id in $(ctr -a "$CONTAINERD_SOCK" -n "$ns" tasks ls -q 2>/dev/null); do
      ctr -a "$CONTAINERD_SOCK" -n "$ns" tasks delete -f "$id" >/dev/null 2>&1
    done
    for id in $(ctr -a "$CONTAINERD_SOCK" -n "$ns" containers ls -q 2>/dev/null); do
      ctr -a "$CONTAINERD_SOCK" -n "$ns" containers delete "$id" >/dev/null 2>&1
    done
    [ -z "$ids" ] || say "stopped $(wc -w <<<"$ids") pod container(s) and sandbox(es) in containerd namespace $ns"
  done
}

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

# A shim of this cluster's containerd that is still there (containerd was killed, say) is found
# by its -address argument; it and its processes (the pod's) are killed by pid.
kill_leftover_shims() {
  local cmdline pid p args
  for cmdline in /proc/[0-9]*/cmdline; do
    pid=${cmdline#/proc/}
    pid=${pid%/cmdline}
    args=$({ tr '\0' '\n' <"$cmdline"; } 2>/dev/null) || continue
    grep -qxF -- "$CONTAINERD_SOCK" <<<"$args" || continue
    head -n 1 <<<"$args" | grep -q 'containerd-shim' || continue
    for p in $(descendants "$pid") "$pid"; do kill -KILL "$p" 2>/dev/null; done
    say "killed a leftover $(head -n 1 <<<"$args" | xargs basename) (pid $pid, $(sed -n '/^-id$/{n;p;}' <<<"$args" | cut -c1-12)) and its processes"
  done
}

unmount_under() { # PREFIX: every mount at or below it, deepest first
  local m n=0
  for m in $(awk -v p="$1" '$2 == p || index($2, p "/") == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || say "could not unmount $m"
    n=$((n + 1))
  done
  [ $n -eq 0 ] || say "unmounted $n leftover mount(s) under $1"
}

stop_pidfile "$K8S_RUN/kubelet.pid" kubelet
# cni-fakeip's leases name the network namespaces too (what is left if containerd is gone).
for lease in "$K8S_STATE/cni/fakeip"/ip-*; do
  [ -f "$lease" ] || continue
  path=$(cut -d' ' -f2 "$lease")
  [ -z "$path" ] || [[ " ${NETNS[*]} " == *" $path "* ]] || NETNS+=("$path")
done
if pid_alive "$K8S_RUN/containerd.pid" && containerd_ok; then
  collect_netns
  stop_tasks
fi
stop_pidfile "$K8S_RUN/containerd.pid" containerd
kill_leftover_shims
removed=0
for ns in "${NETNS[@]}"; do
  [ -e "$ns" ] || continue
  if mountpoint -q "$ns"; then umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null; fi
  rm -f "$ns" && removed=$((removed + 1))
done
[ $removed -eq 0 ] || say "removed $removed pod network namespace(s)"
# All pods are gone, so are their fake addresses.
rm -f "$K8S_STATE/cni/fakeip"/ip-*
stop_pidfile "$K8S_RUN/kube-scheduler.pid" kube-scheduler
stop_pidfile "$K8S_RUN/kube-controller-manager.pid" kube-controller-manager
stop_pidfile "$K8S_RUN/kube-apiserver.pid" kube-apiserver
stop_pidfile "$K8S_RUN/etcd.pid" etcd
rm -f "$K8S_RUN"/*.sig
unmount_under "$STATE_REAL"
# The kubelet links each container's log into /var/log/containers; drop the links into our state.
for link in /var/log/containers/*.log; do
  [ -L "$link" ] || continue
  case "$(readlink "$link")" in "$STATE_REAL"/* | "$K8S_STATE"/*) rm -f "$link" ;; esac
done

if [ $WIPE = 1 ]; then
  (cd "$K8S_STATE" && rm -rf etcd containerd containerd-opt kubelet pod-logs run log cni conf images.imported kubeconfig)
  say "wiped the cluster state in $K8S_STATE (kept pki/ and the image cache $K8S_IMAGE_CACHE)"
fi
say "cluster down in $(secs_since "$T0") s"

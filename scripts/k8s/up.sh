#!/usr/bin/env bash
# Starts the local test Kubernetes cluster: one node (bench-node), Kubernetes v1.30.14, every
# port on 127.0.0.1, state in .bench/k8s/ (logs in .bench/k8s/log/). Installs the Debian packages
# it lacks, builds the Kubernetes binaries once per machine (build.sh) and the images from host
# programs (images.sh).
#   bash scripts/k8s/up.sh          # or: npm run k8s:up
#   export KUBECONFIG=$PWD/.bench/k8s/kubeconfig
# Idempotent: a daemon that already runs with the same command line and configuration is left
# alone (a changed one is restarted), and only changed images are imported again.
# Network: nothing leaves 127.0.0.0/8. The service range is 127.0.100.0/24 and a pod that is not
# hostNetwork gets a 127.0.200.N address and no interface but lo (cni-fakeip); there is no
# kube-proxy, so Services route nowhere: test pods use hostNetwork and listen on 127.0.0.1.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$REPO/scripts/k8s"
# shellcheck source=scripts/k8s/lib.sh
source "$REPO/scripts/k8s/lib.sh"
umask 022
T0=$(now_ms)
STARTED=()

step() { say "[$(secs_since "$T0") s] $*"; }
admin() { kubectl --kubeconfig "$K8S_KUBECONFIG" --request-timeout=10s "$@"; }

# --- certificates and kubeconfigs ------------------------------------------------------------------
# issue NAME SUBJECT server|client [SAN]: a certificate signed by the cluster CA, kept once made.
issue() {
  local name=$1 subject=$2 kind=$3 san=${4:-}
  [ -f "$K8S_PKI/$name.crt" ] && [ -f "$K8S_PKI/$name.key" ] && return 0
  local usage=clientAuth
  [ "$kind" = server ] && usage=serverAuth
  openssl req -new -newkey rsa:2048 -nodes -keyout "$K8S_PKI/$name.key" -subj "$subject" \
    -out "$K8S_PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$K8S_PKI/$name.csr" -CA "$K8S_PKI/ca.crt" -CAkey "$K8S_PKI/ca.key" -CAcreateserial \
    -days 3650 -out "$K8S_PKI/$name.crt" -extfile <(
      echo "basicConstraints=critical,CA:FALSE"
      echo "keyUsage=critical,digitalSignature,keyEncipherment"
      echo "extendedKeyUsage=$usage"
      [ -z "$san" ] || echo "subjectAltName=$san"
    ) 2>/dev/null
  rm -f "$K8S_PKI/$name.csr"
  chmod 600 "$K8S_PKI/$name.key"
}

make_pki() {
  mkdir -p "$K8S_PKI"
  chmod 700 "$K8S_PKI"
  if [ ! -f "$K8S_PKI/ca.crt" ]; then
    step "making the cluster CA and certificates in $K8S_PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=bench-k8s-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -keyout "$K8S_PKI/ca.key" -out "$K8S_PKI/ca.crt" 2>/dev/null
    chmod 600 "$K8S_PKI/ca.key"
  fi
  # 127.0.100.1 is the kubernetes Service's address (first of the service range).
  issue apiserver "/CN=kube-apiserver" server \
    "IP:127.0.0.1,IP:127.0.100.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  issue apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" client
  issue admin "/O=system:masters/CN=bench-admin" client
  issue controller-manager "/CN=system:kube-controller-manager" client
  issue scheduler "/CN=system:kube-scheduler" client
  issue kubelet "/O=system:nodes/CN=system:node:$K8S_NODE" client
  if [ ! -f "$K8S_PKI/sa.key" ]; then
    openssl genrsa -out "$K8S_PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$K8S_PKI/sa.key" -pubout -out "$K8S_PKI/sa.pub" 2>/dev/null
    chmod 600 "$K8S_PKI/sa.key"
  fi
}

# write_file PATH [MODE]: content from stdin; the file is replaced only when the content differs.
write_file() {
  local tmp="$1.new.$$"
  cat >"$tmp"
  chmod "${2:-644}" "$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

# kubeconfig FILE USER CERT: a kubeconfig for the API server that authenticates with pki/CERT.*
kubeconfig() {
  write_file "$1" 600 <<EOF
apiVersion: v1
kind: Config
clusters:
- name: bench-k8s
  cluster:
    server: https://127.0.0.1:$K8S_API_PORT
    certificate-authority-data: $(base64 -w0 <"$K8S_PKI/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 <"$K8S_PKI/$3.crt")
    client-key-data: $(base64 -w0 <"$K8S_PKI/$3.key")
contexts:
- name: bench-k8s
  context: {cluster: bench-k8s, user: $2}
current-context: bench-k8s
EOF
}

make_kubeconfigs() {
  kubeconfig "$K8S_KUBECONFIG" bench-admin admin
  kubeconfig "$K8S_CONF/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
  kubeconfig "$K8S_CONF/scheduler.kubeconfig" system:kube-scheduler scheduler
  kubeconfig "$K8S_CONF/kubelet.kubeconfig" "system:node:$K8S_NODE" kubelet
}

# --- daemons -------------------------------------------------------------------------------------
# launch NAME "PORT..." "CONFIG_FILE..." CMD...: starts CMD in its own session, output appended to
# log/NAME.log, pid in run/NAME.pid, unless it already runs with the same command line and config.
launch() {
  local name=$1 ports=$2 confs=$3
  shift 3
  local pidf="$K8S_RUN/$name.pid" sigf="$K8S_RUN/$name.sig" log="$K8S_LOG/$name.log" sig p f
  sig=$( {
    printf '%q ' "$@"
    echo
    for f in $confs; do cat "$f"; done
  } | sha256sum | cut -c1-16)
  if pid_alive "$pidf"; then
    [ "$(cat "$sigf" 2>/dev/null)" = "$sig" ] && return 0
    step "$name: command line or configuration changed: restarting it"
    stop_pidfile "$pidf" "$name"
  fi
  for p in $ports; do
    local tries=15
    while port_busy "$p" && [ $tries -gt 0 ]; do sleep 0.2; tries=$((tries - 1)); done
    port_busy "$p" && die "port 127.0.0.1:$p, which $name needs, is already taken by $(port_owner "$p") (a cluster with another state folder, or another service?). Stop it and run up.sh again; $name's log: $log"
  done
  printf '\n===== %s up.sh starts %s\n' "$(date -Is)" "$name" >>"$log"
  setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidf"
  echo "$sig" >"$sigf"
  STARTED+=("$name")
  step "started $name (pid $!, log $log)"
}

# await NAME TIMEOUT CMD...: polls CMD until it succeeds; stops early with NAME's log if NAME died.
await() {
  local name=$1 timeout=$2
  shift 2
  local log="$K8S_LOG/$name.log" deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! pid_alive "$K8S_RUN/$name.pid"; then
      tail -n 20 "$log" >&2
      die "$name is not running (it exited during start-up?); see its log: $log"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$log" >&2
      die "timed out after ${timeout}s waiting for $name to become healthy; see its log: $log"
    fi
    sleep 0.2
  done
}

https_ok() { curl -fsS -o /dev/null --max-time 3 --cacert "$K8S_PKI/ca.crt" --cert "$K8S_PKI/admin.crt" --key "$K8S_PKI/admin.key" "$1"; }
insecure_ok() { curl -fsSk -o /dev/null --max-time 3 "$1"; }
http_ok() { curl -fsS -o /dev/null --max-time 3 "$1"; }

start_etcd() {
  launch etcd "$ETCD_PORT $ETCD_PEER_PORT" "" /usr/bin/etcd \
    --name bench --data-dir "$K8S_STATE/etcd" --logger zap --log-outputs stderr \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "bench=http://127.0.0.1:$ETCD_PEER_PORT" --auto-compaction-retention 1
  await etcd 30 http_ok "http://127.0.0.1:$ETCD_PORT/health"
}

start_apiserver() {
  # endpoint-reconciler none: it would otherwise complain every 10 s that 127.0.0.1 is loopback.
  launch kube-apiserver "$K8S_API_PORT" "" "$K8S_BIN/kube-apiserver" \
    --bind-address=127.0.0.1 --secure-port="$K8S_API_PORT" --advertise-address=127.0.0.1 \
    --endpoint-reconciler-type=none --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --service-cluster-ip-range="$K8S_SERVICE_CIDR" \
    --client-ca-file="$K8S_PKI/ca.crt" --tls-cert-file="$K8S_PKI/apiserver.crt" --tls-private-key-file="$K8S_PKI/apiserver.key" \
    --kubelet-client-certificate="$K8S_PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$K8S_PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --service-account-key-file="$K8S_PKI/sa.pub" --service-account-signing-key-file="$K8S_PKI/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --allow-privileged=true --profiling=false
}

start_controllers() {
  launch kube-controller-manager "$KCM_PORT" "$K8S_CONF/controller-manager.kubeconfig" "$K8S_BIN/kube-controller-manager" \
    --kubeconfig="$K8S_CONF/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$K8S_CONF/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$K8S_CONF/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file="$K8S_PKI/sa.key" --root-ca-file="$K8S_PKI/ca.crt" \
    --cluster-signing-cert-file="$K8S_PKI/ca.crt" --cluster-signing-key-file="$K8S_PKI/ca.key" \
    --service-cluster-ip-range="$K8S_SERVICE_CIDR" --cluster-name=bench --profiling=false
  launch kube-scheduler "$SCHED_PORT" "$K8S_CONF/scheduler.kubeconfig" "$K8S_BIN/kube-scheduler" \
    --kubeconfig="$K8S_CONF/scheduler.kubeconfig" \
    --authentication-kubeconfig="$K8S_CONF/scheduler.kubeconfig" \
    --authorization-kubeconfig="$K8S_CONF/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false --profiling=false
}

start_containerd() {
  local cni="$K8S_STATE/cni" runc
  runc=$(command -v runc || echo /usr/sbin/runc)
  mkdir -p "$cni/bin" "$cni/net.d" "$cni/fakeip" "$(dirname "$CONTAINERD_SOCK")"
  ln -sfn /usr/lib/cni/loopback "$cni/bin/loopback"
  write_file "$cni/bin/fakeip" 755 <"$HERE/cni-fakeip"
  write_file "$cni/net.d/10-bench-fakeip.conflist" <<EOF
{"cniVersion": "0.4.0", "name": "bench-fakeip", "plugins": [{"type": "fakeip", "dataDir": "$cni/fakeip"}]}
EOF
  # restrict_oom_score_adj: without CAP_SYS_RESOURCE runc cannot give the pause process a lower
  # oom_score_adj than containerd's, and every sandbox fails ("can't get final child's PID from pipe").
  write_file "$K8S_CONF/containerd.toml" <<EOF
# Written by scripts/k8s/up.sh on every run.
version = 2
root = "$K8S_STATE/containerd"
state = "$K8S_RUN/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "$CONTAINERD_SOCK"

[plugins."io.containerd.internal.v1.opt"]
  path = "$K8S_STATE/containerd-opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$K8S_PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_unprivileged_ports = true
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$cni/bin"
    conf_dir = "$cni/net.d"
    max_conf_num = 1
EOF
  if ! pid_alive "$K8S_RUN/containerd.pid" && containerd_ok; then
    die "a containerd that up.sh did not start answers on $CONTAINERD_SOCK; stop it first (log: $K8S_LOG/containerd.log)"
  fi
  launch containerd "" "$K8S_CONF/containerd.toml" /usr/bin/containerd --config "$K8S_CONF/containerd.toml"
  await containerd 30 containerd_ok
}

start_kubelet() {
  mkdir -p "$K8S_STATE/kubelet" "$K8S_STATE/pod-logs"
  # Pods must not get the host's resolver (it is not on loopback).
  echo "nameserver 127.0.0.1" | write_file "$K8S_CONF/resolv.conf"
  write_file "$K8S_CONF/kubelet.yaml" <<EOF
# Written by scripts/k8s/up.sh on every run.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $K8S_PKI/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
failSwapOn: false
resolvConf: $K8S_CONF/resolv.conf
clusterDomain: cluster.local
podLogsDir: $K8S_STATE/pod-logs
rotateCertificates: false
# A restarted kubelet reports NotReady until its next status update: make that come sooner.
nodeStatusUpdateFrequency: 2s
nodeStatusReportFrequency: 1m
serializeImagePulls: false
makeIPTablesUtilChains: false
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
EOF
  local before
  before=$(ready_heartbeat 2>/dev/null || true)
  # The kubelet refuses a loopback --node-ip (it logs so every 10 s) but then leaves the node's
  # addresses alone, which up.sh sets to 127.0.0.1 below; without the flag it would publish eth0's.
  launch kubelet "$KUBELET_PORT $KUBELET_HEALTHZ_PORT" "$K8S_CONF/kubelet.yaml $K8S_CONF/kubelet.kubeconfig" "$K8S_BIN/kubelet" \
    --config="$K8S_CONF/kubelet.yaml" --kubeconfig="$K8S_CONF/kubelet.kubeconfig" \
    --root-dir="$K8S_STATE/kubelet" --hostname-override="$K8S_NODE" --node-ip=127.0.0.1 \
    --pod-infra-container-image="$K8S_PAUSE_IMAGE"
  case " ${STARTED[*]} " in *" kubelet "*) STALE_HEARTBEAT=$before ;; esac
}

node_addresses_ok() {
  [ "$(admin get node "$K8S_NODE" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')" = 127.0.0.1 ]
}
ready_heartbeat() {
  admin get node "$K8S_NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}'
}
# Ready, as reported by the kubelet that runs now: after a restart the node still shows the old
# kubelet's status until the new one's first update (which always comes, and may say NotReady).
STALE_HEARTBEAT=
node_ready() {
  local now
  now=$(ready_heartbeat) || return 1
  [ "${now%% *}" = True ] && [ "$now" != "$STALE_HEARTBEAT" ]
}

# --- main ----------------------------------------------------------------------------------------
have kubectl || die "kubectl is missing (any version from 1.29 on works)"
apt_install etcd-server containerd runc containernetworking-plugins openssl curl
bash "$HERE/build.sh" >/dev/null
for b in $K8S_COMMANDS; do [ -x "$K8S_BIN/$b" ] || die "$K8S_BIN/$b is missing: run bash scripts/k8s/build.sh"; done
mkdir -p "$K8S_LOG" "$K8S_RUN" "$K8S_CONF"
make_pki
make_kubeconfigs

start_etcd
start_apiserver
# containerd and the images need no API server: they come up while it starts (the images are
# built in the background until the node is Ready).
start_containerd
bash "$HERE/images.sh" &
IMAGES_PID=$!
# Should up.sh fail meanwhile, it still waits for the images job rather than leave it behind.
trap '[ -z "$IMAGES_PID" ] || wait "$IMAGES_PID" 2>/dev/null || true' EXIT
await kube-apiserver 120 https_ok "https://127.0.0.1:$K8S_API_PORT/readyz"
start_controllers
start_kubelet
await kube-controller-manager 60 insecure_ok "https://127.0.0.1:$KCM_PORT/healthz"
await kube-scheduler 60 insecure_ok "https://127.0.0.1:$SCHED_PORT/healthz"
await kubelet 60 http_ok "http://127.0.0.1:$KUBELET_HEALTHZ_PORT/healthz"
await kubelet 60 admin get node "$K8S_NODE"
if ! node_addresses_ok; then
  admin patch node "$K8S_NODE" --subresource=status --type=merge -p \
    "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"},{\"type\":\"Hostname\",\"address\":\"$K8S_NODE\"}]}}" >/dev/null
  step "node $K8S_NODE: addresses set to 127.0.0.1"
fi
await kubelet 120 node_ready
step "node $K8S_NODE Ready"
images_rc=0
wait "$IMAGES_PID" || images_rc=$?
IMAGES_PID=
[ $images_rc -eq 0 ] || die "building or importing the images failed (images.sh, output above)"
# The API server makes these namespaces, the controller manager the default ServiceAccount
# (pods are refused until it exists).
await kube-apiserver 30 admin get namespace default kube-system
await kube-controller-manager 30 admin get serviceaccount default -n default

if [ ${#STARTED[@]} -eq 0 ]; then
  say "cluster already up (checked in $(secs_since "$T0") s)"
else
  say "cluster up in $(secs_since "$T0") s (started: ${STARTED[*]})"
fi
say "export KUBECONFIG=$K8S_KUBECONFIG"

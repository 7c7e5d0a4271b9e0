#!/usr/bin/env bash
# Writes a kubeconfig that acts as the ServiceAccount `bench` of one namespace, with only the
# rights of a namespaced Role named `bench` (e.g. deploy/kubernetes/role.yaml): what a user
# without cluster rights would hand to bench. Works on the local test cluster (admin kubeconfig
# .bench/k8s/kubeconfig, or $BENCH_K8S_ADMIN_KUBECONFIG for another cluster).
#   bash scripts/k8s/restricted-kubeconfig.sh NAMESPACE ROLE_YAML OUT
# Creates NAMESPACE if missing, the ServiceAccount, the Role (from ROLE_YAML, applied in NAMESPACE)
# and a RoleBinding bench -> bench; the token comes from `kubectl create token` and lasts 24 h
# (run the script again for a new one).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/k8s/lib.sh
source "$REPO/scripts/k8s/lib.sh"

[ $# -eq 3 ] || die "usage: restricted-kubeconfig.sh NAMESPACE ROLE_YAML OUT"
NS=$1 ROLE=$2 OUT=$3
ADMIN="${BENCH_K8S_ADMIN_KUBECONFIG:-$K8S_KUBECONFIG}"
[ -f "$ADMIN" ] || die "no admin kubeconfig at $ADMIN: start the cluster with bash scripts/k8s/up.sh"
[ -f "$ROLE" ] || die "no Role manifest at $ROLE"
k() { kubectl --kubeconfig "$ADMIN" --request-timeout=20s "$@"; }

k get namespace "$NS" >/dev/null 2>&1 || k create namespace "$NS" >/dev/null
k -n "$NS" create serviceaccount bench --dry-run=client -o yaml | k apply -f - >/dev/null
# (kubectl itself refuses a manifest whose namespace is not NAMESPACE.)
objects=$(k -n "$NS" apply -f "$ROLE" --dry-run=client -o name)
grep -qx 'role.rbac.authorization.k8s.io/bench' <<<"$objects" \
  || die "$ROLE must define a namespaced Role named bench (it defines: $(echo $objects))"
k -n "$NS" apply -f "$ROLE" >/dev/null
k -n "$NS" create rolebinding bench --role=bench --serviceaccount="$NS:bench" --dry-run=client -o yaml | k apply -f - >/dev/null

token=$(k -n "$NS" create token bench --duration=24h)
server=$(k config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')
ca=$(k config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
mkdir -p "$(dirname "$OUT")"
umask 077
cat >"$OUT.new" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: cluster
  cluster:
    server: $server
    certificate-authority-data: $ca
users:
- name: bench@$NS
  user:
    token: $token
contexts:
- name: bench@$NS
  context: {cluster: cluster, user: bench@$NS, namespace: $NS}
current-context: bench@$NS
EOF
mv "$OUT.new" "$OUT"
say "wrote $OUT: ServiceAccount $NS/bench with Role $NS/bench (token valid 24 h)"

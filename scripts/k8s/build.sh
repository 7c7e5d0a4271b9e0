#!/usr/bin/env bash
# Builds the Kubernetes control plane and kubelet, pinned to one version, from the Go module proxy
# (no other download source is reachable here). The binaries are cached per machine outside the
# clone, so a fresh clone reuses them; a second run with the same pin is a no-op.
#   bash scripts/k8s/build.sh            # prints the bin folder on stdout
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/k8s/lib.sh
source "$REPO/scripts/k8s/lib.sh"

build() {
  [ -f "$K8S_BIN/.ok" ] && return 0
  have go || [ -x /usr/local/go/bin/go ] || die "Go is needed to build Kubernetes $K8S_VERSION (apt-get install golang, or Go from go.dev)"
  export PATH=/usr/local/go/bin:$PATH
  local work="$K8S_CACHE/src-$K8S_VERSION" started=$SECONDS gomod cmd
  mkdir -p "$work" "$K8S_BIN"
  cd "$work"
  say "building Kubernetes $K8S_VERSION from the Go module proxy (cold: about 15 min on 2 cores; log in $work/build.log)"
  [ -f go.mod ] || go mod init bench-k8s-build >/dev/null 2>&1
  # k8s.io/kubernetes requires its staging modules at v0.0.0: pin each to the matching v0 tag.
  gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$gomod" ] || die "could not download k8s.io/kubernetes@v$K8S_VERSION from the module proxy"
  for m in $(sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) v0.0.0$#\1#p' "$gomod"); do
    go mod edit "-replace=$m=$m@v$K8S_STAGING"
  done
  go get "k8s.io/kubernetes@v$K8S_VERSION" >>build.log 2>&1
  # Getting the module alone leaves go.sum without the commands' own dependencies.
  for cmd in $K8S_COMMANDS; do go get "k8s.io/kubernetes/cmd/$cmd@v$K8S_VERSION" >>build.log 2>&1; done
  for cmd in $K8S_COMMANDS; do
    [ -x "$K8S_BIN/$cmd" ] && continue
    say "go build $cmd"
    CGO_ENABLED=0 go build -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${K8S_VERSION#1.}" \
      -o "$K8S_BIN/$cmd.partial" "k8s.io/kubernetes/cmd/$cmd" >>build.log 2>&1 \
      || { tail -30 build.log >&2; die "go build $cmd failed (log: $work/build.log)"; }
    mv "$K8S_BIN/$cmd.partial" "$K8S_BIN/$cmd"
  done
  touch "$K8S_BIN/.ok"
  say "built Kubernetes $K8S_VERSION in $((SECONDS - started)) s into $K8S_BIN"
}

with_lock k8s-build build
echo "$K8S_BIN"

#!/usr/bin/env bash
# Versity S3 Gateway (Apache-2.0), built once per machine from the Go module proxy. Prints the binary's path.
# Cold: 4-12 min on 2 cores; warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=s3
. "$here/lib.sh"
VERSION=v1.8.0
out="$BENCH_CACHE/versitygw/$VERSION"
build() {
  [ -x "$out/versitygw" ] && return 0
  have go || { echo "bench setup s3: Go is needed to build versitygw (https://go.dev/doc/install)" >&2; return 1; }
  say "building versitygw $VERSION (4-12 min on 2 cores; cached in $out)"
  local started=$SECONDS
  mkdir -p "$out"
  GOBIN="$out" GOFLAGS=-mod=mod CGO_ENABLED=0 nice -n 5 go install -ldflags "-s -w" "github.com/versity/versitygw/cmd/versitygw@$VERSION" \
    >"$BENCH_CACHE/versitygw/build.log" 2>&1 || { tail -30 "$BENCH_CACHE/versitygw/build.log" >&2; rm -rf "$out"; return 1; }
  say "versitygw built in $((SECONDS - started)) s"
}
with_lock versitygw build
echo "$out/versitygw"

#!/usr/bin/env bash
# Milvus Lite (Apache-2.0) from the PyPI wheel milvus-lite, whose `milvus-lite server` is a standalone
# Milvus gRPC server (a Python engine on faiss). Its server imports the gRPC stubs of pymilvus, which
# milvus-lite does not declare, so both are pinned. Installed into a venv once per machine (about
# 450 MiB) and linked into $BENCH_CACHE/bin/milvus-lite. Prints that path. Cold: under a minute; warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=milvus
. "$here/lib.sh"
VERSION=3.2.2
PYMILVUS=3.0.2
venv="$BENCH_CACHE/venv-milvus"
install() {
  if [ ! -x "$venv/bin/milvus-lite" ] || [ ! -d "$venv/.ok-$VERSION-$PYMILVUS" ]; then
    have python3 || apt_install python3 python3-venv
    say "installing milvus-lite==$VERSION (with pymilvus==$PYMILVUS) into $venv"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
    # Wheels only: an sdist among its dependencies (faiss, grpcio) would start a long native build.
    "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "milvus-lite==$VERSION" "pymilvus==$PYMILVUS" >"$BENCH_CACHE/pip-milvus.log" 2>&1 \
      || { tail -20 "$BENCH_CACHE/pip-milvus.log" >&2; return 1; }
    [ -x "$venv/bin/milvus-lite" ] || { echo "bench setup milvus: milvus-lite installed but $venv/bin/milvus-lite is missing" >&2; return 1; }
    mkdir -p "$venv/.ok-$VERSION-$PYMILVUS"
  fi
  mkdir -p "$BENCH_CACHE/bin"
  [ "$(readlink "$BENCH_CACHE/bin/milvus-lite" 2>/dev/null)" = "$venv/bin/milvus-lite" ] || ln -sfn "$venv/bin/milvus-lite" "$BENCH_CACHE/bin/milvus-lite"
}
with_lock milvus install
echo "$BENCH_CACHE/bin/milvus-lite"

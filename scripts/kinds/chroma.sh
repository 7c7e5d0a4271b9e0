#!/usr/bin/env bash
# Chroma (Apache-2.0) from the PyPI wheel chromadb, whose `chroma run` is its Rust server. Installed into
# a venv once per machine (about 515 MiB) and linked into $BENCH_CACHE/bin/chroma. Prints that path.
# Cold: 1-4 min; warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=chroma
. "$here/lib.sh"
VERSION=1.5.9
venv="$BENCH_CACHE/venv-chroma"
install() {
  if [ ! -x "$venv/bin/chroma" ] || [ ! -d "$venv/.ok-$VERSION" ]; then
    have python3 || apt_install python3 python3-venv
    say "installing chromadb==$VERSION into $venv (about 515 MiB, 1-4 min)"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
    # Wheels only: an sdist among its many dependencies would start a long native build.
    "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "chromadb==$VERSION" >"$BENCH_CACHE/pip-chroma.log" 2>&1 \
      || { tail -20 "$BENCH_CACHE/pip-chroma.log" >&2; return 1; }
    [ -x "$venv/bin/chroma" ] || { echo "bench setup chroma: chromadb installed but $venv/bin/chroma is missing" >&2; return 1; }
    mkdir -p "$venv/.ok-$VERSION"
  fi
  mkdir -p "$BENCH_CACHE/bin"
  [ "$(readlink "$BENCH_CACHE/bin/chroma" 2>/dev/null)" = "$venv/bin/chroma" ] || ln -sfn "$venv/bin/chroma" "$BENCH_CACHE/bin/chroma"
}
with_lock chroma install
echo "$BENCH_CACHE/bin/chroma"

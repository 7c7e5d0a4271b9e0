# Shared by the kind set-up scripts: where pinned builds are cached (outside the clone, so a fresh
# clone on the same machine reuses them) and a quiet logger.
BENCH_CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bench}"
mkdir -p "$BENCH_CACHE"
say() { printf '\033[2m[setup %s]\033[0m %s\n' "${KIND:-kinds}" "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
# apt-get install of the named packages, once, as root (or the hint for a non-root user).
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "bench setup ${KIND:-}: missing $*; install with: sudo apt-get install $*" >&2
    return 1
  fi
  say "apt-get install $*"
  [ -n "${BENCH_APT_UPDATED:-}" ] || { apt-get update -qq; export BENCH_APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# Builds run under a lock so two set-ups (a test run and a quickstart) never build the same thing twice.
with_lock() {
  local name=$1; shift
  exec {fd}>"$BENCH_CACHE/.$name.lock"
  flock "$fd"
  "$@"
  local rc=$?
  flock -u "$fd"
  return $rc
}
# venv_tool NAME EXECUTABLE PACKAGE==VERSION...: a venv at $BENCH_CACHE/venv-NAME with those pinned
# wheels (wheels only: an sdist among the dependencies would start a long native build), its
# EXECUTABLE linked into $BENCH_CACHE/bin. A no-op when that set of pins is installed.
venv_tool() {
  local name=$1 exe=$2; shift 2
  local venv="$BENCH_CACHE/venv-$name" marker
  marker="$venv/.ok-$(printf '%s\n' "$@" | sha256sum | cut -c1-12)"
  if [ ! -x "$venv/bin/$exe" ] || [ ! -d "$marker" ]; then
    have python3 || apt_install python3 python3-venv
    say "installing $* into $venv"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$@" >"$BENCH_CACHE/pip-$name.log" 2>&1 \
      || { tail -20 "$BENCH_CACHE/pip-$name.log" >&2; return 1; }
    [ -x "$venv/bin/$exe" ] || { echo "bench setup $name: $* installed but $venv/bin/$exe is missing" >&2; return 1; }
    mkdir -p "$marker"
  fi
  mkdir -p "$BENCH_CACHE/bin"
  [ "$(readlink "$BENCH_CACHE/bin/$exe" 2>/dev/null)" = "$venv/bin/$exe" ] || ln -sfn "$venv/bin/$exe" "$BENCH_CACHE/bin/$exe"
}

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

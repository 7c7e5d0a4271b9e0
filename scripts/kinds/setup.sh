#!/usr/bin/env bash
# What each service kind needs on this machine, installed on demand (`bench setup KIND...`).
# Debian packages through apt; pinned builds and venvs cached per machine under ~/.cache/bench
# (BENCH_CACHE), so a fresh clone reuses them and a warm run is a no-op.
#   bash scripts/kinds/setup.sh llama-cpp s3      # some kinds
#   bash scripts/kinds/setup.sh --all             # every kind (what CI does)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

ALL=(redis postgresql nginx filesystem llama-cpp ollama openai s3 pgvector chroma milvus)
link() { mkdir -p "$BENCH_CACHE/bin"; ln -sf "$1" "$BENCH_CACHE/bin/$(basename "$1")"; }
apt_missing() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

setup_kind() {
  case "$1" in
    redis) apt_missing redis-server redis-tools prometheus-redis-exporter ;;
    postgresql) apt_missing postgresql prometheus-postgres-exporter ;;
    nginx) apt_missing nginx-light prometheus-nginx-exporter wrk ;;
    filesystem) apt_missing fio ;;
    llama-cpp) link "$(bash "$here/llama-cpp.sh")"; bash "$here/tiny-model.sh" >/dev/null ;;
    ollama) link "$(bash "$here/ollama.sh")"; bash "$here/tiny-model.sh" >/dev/null ;;
    openai) bash "$here/tiny-model.sh" >/dev/null ;;
    s3) link "$(bash "$here/versitygw.sh")" ;;
    pgvector) bash "$here/pgvector.sh" >/dev/null ;;
    chroma) bash "$here/chroma.sh" >/dev/null ;;
    milvus) bash "$here/milvus.sh" >/dev/null ;;
    *) echo "bench setup: unknown kind \"$1\"; kinds: ${ALL[*]}" >&2; return 2 ;;
  esac
}

kinds=("$@")
[ "${1:-}" = --all ] && kinds=("${ALL[@]}")
[ ${#kinds[@]} -gt 0 ] || { echo "usage: setup.sh KIND... | --all   (kinds: ${ALL[*]})" >&2; exit 2; }
for kind in "${kinds[@]}"; do
  started=$SECONDS
  KIND=$kind setup_kind "$kind"
  [ $((SECONDS - started)) -lt 2 ] || KIND=$kind say "ready in $((SECONDS - started)) s"
done

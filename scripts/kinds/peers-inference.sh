#!/usr/bin/env bash
# Peer clients for the inference benchmark (benchmarks/services/openai-vs-peers.ts): GuideLLM and AIPerf,
# each pinned in a venv of its own, and the local Hugging Face tokenizer directory both need offline,
# built from the tiny GGUF's own vocabulary. Prints the tokenizer directory.
# Cold: 5-15 min (GuideLLM pulls CUDA torch, about 5.9 GiB; AIPerf about 1.2 GiB); warm: a no-op.
#   bash scripts/kinds/peers-inference.sh [aiperf|tokenizer|guidellm]...   (default: all three, in that order)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KIND=peers-inference
. "$here/lib.sh"
GUIDELLM_VERSION=0.8.1
AIPERF_VERSION=0.13.0
GGUF_VERSION=0.19.0  # as tiny-model.sh
model="$BENCH_CACHE/models/tiny-llama-v1.gguf"
tokenizer="$BENCH_CACHE/models/tiny-llama-tokenizer"

# pip_venv NAME PACKAGE VERSION CHECK_BIN: a venv at $BENCH_CACHE/venv-NAME holding PACKAGE==VERSION.
pip_venv() {
  local name=$1 pkg=$2 version=$3 bin=$4 venv="$BENCH_CACHE/venv-$1"
  [ -x "$venv/bin/$bin" ] && [ -d "$venv/.ok-$version" ] && return 0
  have python3 || apt_install python3 python3-venv
  say "installing $pkg==$version into $venv"
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; }
  # Wheels only: an sdist among the many dependencies would start a long native build.
  "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$pkg==$version" >"$BENCH_CACHE/pip-$name.log" 2>&1 \
    || { tail -20 "$BENCH_CACHE/pip-$name.log" >&2; return 1; }
  [ -x "$venv/bin/$bin" ] || { echo "bench setup $KIND: $pkg installed but $venv/bin/$bin is missing" >&2; return 1; }
  mkdir -p "$venv/.ok-$version"
  say "$pkg==$version ready ($(du -sh "$venv" | cut -f1))"
}

make_tokenizer() {
  [ -s "$tokenizer/tokenizer.json" ] && [ -e "$tokenizer/.ok" ] && return 0
  [ -s "$model" ] || bash "$here/tiny-model.sh" >/dev/null
  local gguf_venv="$BENCH_CACHE/venv-gguf"
  if ! "$gguf_venv/bin/python" -c "import gguf, numpy" 2>/dev/null; then
    say "installing gguf and numpy into $gguf_venv"
    python3 -m venv "$gguf_venv"
    "$gguf_venv/bin/pip" install -q --disable-pip-version-check "gguf==$GGUF_VERSION" numpy
  fi
  # Any venv with transformers + tokenizers builds it (AIPerf's is the smaller); the GGUF is read by the
  # tiny-model set-up's own venv (gguf + numpy), so neither peer venv gets an extra package.
  local py=""
  for v in aiperf guidellm; do
    if "$BENCH_CACHE/venv-$v/bin/python" -c "import tokenizers, transformers" 2>/dev/null; then py="$BENCH_CACHE/venv-$v/bin/python"; break; fi
  done
  [ -n "$py" ] || { echo "bench setup $KIND: no venv with transformers yet (install aiperf first)" >&2; return 1; }
  local verify=()
  [ -x "$BENCH_CACHE/bin/llama-server" ] && verify=(--verify-server "$BENCH_CACHE/bin/llama-server")
  rm -rf "$tokenizer.tmp"
  "$py" "$root/benchmarks/services/make-tokenizer.py" "$tokenizer.tmp" --gguf "$model" \
    --gguf-python "$gguf_venv/bin/python" "${verify[@]}"
  touch "$tokenizer.tmp/.ok"
  rm -rf "$tokenizer" && mv "$tokenizer.tmp" "$tokenizer"
  say "wrote $tokenizer"
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(aiperf tokenizer guidellm)
for part in "${parts[@]}"; do
  case "$part" in
    guidellm) with_lock venv-guidellm pip_venv guidellm guidellm "$GUIDELLM_VERSION" guidellm ;;
    aiperf) with_lock venv-aiperf pip_venv aiperf aiperf "$AIPERF_VERSION" aiperf ;;
    tokenizer) with_lock tiny-llama-tokenizer make_tokenizer ;;
    *) echo "usage: peers-inference.sh [aiperf|tokenizer|guidellm]..." >&2; exit 2 ;;
  esac
done
echo "$tokenizer"

